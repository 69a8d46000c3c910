import { BlockError } from '../../graph/errors';
import { seq } from '../../graph/shapes';
import { defineBlock, paramList, needSequence, numeric } from '../define';
import type { MemoryTerm, ParamsOf } from '../types';
import { checkKeyTokens, scoresTerm } from '../attention/shared';

/** The divisors of d_model closest to the requested head count, for the E_HEADS_DIVIDE fix. */
export function nearestHeadCounts(dModel: number, heads: number, count = 3): number[] {
  const divisors: number[] = [];
  for (let k = 2; k <= Math.min(dModel, 64); k++) if (dModel % k === 0) divisors.push(k);
  return divisors
    .sort((a, b) => Math.abs(a - heads) - Math.abs(b - heads) || a - b)
    .slice(0, count)
    .sort((a, b) => a - b);
}

function listWithOr(xs: number[]): string {
  return xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

const PARAMS = paramList([
  { name: 'heads', label: 'Heads', type: 'int', default: 4, min: 1, max: 64, doc: 'Number of attention heads h; d_model must be divisible by h.' },
  { name: 'causal', label: 'Causal mask', type: 'bool', default: false, doc: 'Each position sees only itself and earlier positions. On for a language model or a decoder, off for an encoder.' },
  { name: 'dropout', label: 'Attention dropout', type: 'float', default: 0, min: 0, max: 0.9, step: 0.05, doc: 'Drops attention weights at random while training.' },
  { name: 'useBias', label: 'Bias', type: 'bool', default: true, doc: 'Add biases to the query, key, value and output projections.' },
]);

export type MultiHeadAttentionParams = ParamsOf<typeof PARAMS>;

export const multiHeadAttentionSpec = defineBlock({
  kind: 'multiHeadAttention',
  category: 'attention',
  label: 'Multi-Head Attention',
  summary: 'h attention heads in parallel, each in its own learned subspace; self- or cross-attention.',
  explanation: {
    what: 'Projects the input into queries, keys and values, splits them into h heads, lets every position attend to every (allowed) position in each head, and mixes the heads back with W^O. With a memory input it is cross-attention: the decoder queries the encoder.',
    formula:
      'MultiHead(X) = concat(head_1…head_h) W^O,  head_i = softmax(Q_i K_iᵀ / √d_k + mask) V_i,  Q_i = X W^Q_i, K_i = M W^K_i, V_i = M W^V_i,  d_k = d_model / h',
    shapes: 'query: B×T_q×d_model, memory: B×T_k×d_mem (self-attention: the query itself) → out: B×T_q×d_model; weights: B×h×T_q×T_k',
    why: 'An RNN squeezes the past into one state vector; attention reads any earlier position directly, in one step, whatever the distance. Several heads let one layer follow several relations at once (the previous word, the subject of the verb, the matching bracket). The price is memory: the scores matrix has B·h·T² entries.',
  },
  inputs: [
    { name: 'query', label: 'query', kind: 'sequence', doc: 'The sequence that asks: each of its positions produces a query (and, without a memory, the keys and values too).' },
    { name: 'memory', label: 'memory', kind: 'sequence', optional: true, doc: 'Keys and values from another sequence (the encoder output) for cross-attention.' },
    { name: 'keyTokens', label: 'key ids', kind: 'tokens', optional: true, doc: 'Token ids of the key sequence: [PAD] positions are masked out.' },
  ],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, p, ctx) {
    const query = needSequence(inputs, 'query', ctx);
    const memory = inputs.memory ? needSequence(inputs, 'memory', ctx) : query;
    const dModel = numeric(query.shape[2], ctx, 'd_model');
    if (dModel % p.heads !== 0) {
      const options = nearestHeadCounts(dModel, p.heads);
      const lower = Math.floor(dModel / p.heads) * p.heads;
      const upper = lower + p.heads;
      const widths = lower > 0 ? `${lower} or ${upper}` : `${upper}`;
      const params = { block: ctx.label, dModel: String(dModel), heads: String(p.heads), widths };
      throw options.length
        ? BlockError.of('E_HEADS_DIVIDE', 'attention.headsDivide', { ...params, options: listWithOr(options) })
        : BlockError.of('E_HEADS_DIVIDE', 'attention.headsDivideNoOption', params);
    }
    checkKeyTokens(inputs, 'keyTokens', memory.shape[1], ctx);
    return { out: seq(query.shape[1], dModel) };
  },
  cost(inputs, _outputs, p) {
    const query = inputs.query;
    const memory = inputs.memory ?? query;
    if (!query || !memory) return { parameters: 0, activations: [] };
    const d = typeof query.shape[2] === 'number' ? query.shape[2] : 0;
    const dMem = typeof memory.shape[2] === 'number' ? memory.shape[2] : 0;
    const [, tq] = query.shape;
    const tk = memory.shape[1];
    const parameters = d * d + 2 * dMem * d + d * d + (p.useBias ? 4 * d : 0);
    // Self-attention without dropout runs as the fused kernels where the backend has them (engine/layers/multiHeadAttention.ts).
    const fusable = !inputs.memory && !(p.dropout > 0);
    const activations: MemoryTerm[] = [
      { label: 'Q B·T·d', dims: ['B', tq, d] },
      { label: 'K, V 2·B·T·d', dims: [2, 'B', tk, d] },
      { ...scoresTerm(p.heads, tq, tk), ...(fusable ? { noGradientWhenFused: true } : {}) },
    ];
    if (p.dropout > 0) activations.push(scoresTerm(p.heads, tq, tk, 'dropout mask'));
    activations.push({ label: 'heads B·T·d', dims: ['B', tq, d] }, { label: 'output B·T·d', dims: ['B', tq, d] });
    return { parameters, activations };
  },
});

import { BlockError } from '../../graph/errors';
import { seq } from '../../graph/shapes';
import { defineBlock, paramList, needSequence } from '../define';
import type { MemoryTerm, ParamsOf } from '../types';
import { checkKeyTokens, checkSameTime, scoresTerm } from './shared';

const width = (d: number | string | undefined): number => (typeof d === 'number' ? d : 0);

const PARAMS = paramList([
  {
    name: 'score',
    label: 'Score',
    type: 'enum',
    default: 'dot',
    options: ['dot', 'general', 'additive'],
    doc: '“dot”: qᵀk, no weights (query and key widths must match). “general”: qᵀW_a k. “additive”: Bahdanau’s small network vᵀtanh(W_1q + W_2k).',
  },
  { name: 'units', label: 'Units (additive)', type: 'int', default: 128, min: 1, max: 4096, doc: 'Hidden width of the additive score; unused by dot and general.' },
]);

export type AttentionParams = ParamsOf<typeof PARAMS>;

export const attentionSpec = defineBlock({
  kind: 'attention',
  category: 'attention',
  label: 'Attention (Luong / Bahdanau)',
  summary: 'Each decoder step reads a weighted mix of all encoder states, weighted by how well they match.',
  explanation: {
    what: 'For every query (a decoder state) it scores every key (an encoder state), turns the scores into weights with softmax, and returns the weighted sum of the values: the context vector for that step.',
    formula:
      'α = softmax(score(q, k)),  context = Σ_j α_j v_j;  dot: qᵀk,  general: qᵀ W_a k,  additive (Bahdanau): vᵀ tanh(W_1 q + W_2 k)',
    shapes: 'query: B×T_q×d_q, keys: B×T_k×d_k, values: B×T_k×d_v (default: the keys) → out: B×T_q×d_v; weights: B×T_q×T_k',
    why: 'A plain encoder–decoder squeezes the whole source into one fixed vector, and long sentences do not fit. Attention gives the decoder a fresh context at every step, looked up where it is needed — the idea that later became the Transformer.',
  },
  inputs: [
    { name: 'query', label: 'query', kind: 'sequence', doc: 'Decoder states: what each output step is looking for.' },
    { name: 'keys', label: 'keys', kind: 'sequence', doc: 'Encoder states to be matched against the query.' },
    { name: 'values', label: 'values', kind: 'sequence', optional: true, doc: 'What is averaged; the keys themselves when not connected.' },
    { name: 'keyTokens', label: 'key ids', kind: 'tokens', optional: true, doc: 'Source token ids: [PAD] positions get zero weight.' },
  ],
  outputs: [{ name: 'out', label: 'context', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, p, ctx) {
    const q = needSequence(inputs, 'query', ctx);
    const k = needSequence(inputs, 'keys', ctx);
    const v = inputs.values ? needSequence(inputs, 'values', ctx) : k;
    if (p.score === 'dot' && q.shape[2] !== k.shape[2]) {
      throw BlockError.of('E_SHAPE_MISMATCH', 'attention.dotWidths', { block: ctx.label, queryWidth: String(q.shape[2]), keyWidth: String(k.shape[2]) });
    }
    checkSameTime(k, v, ctx, 'keys and values');
    checkKeyTokens(inputs, 'keyTokens', k.shape[1], ctx);
    return { out: seq(q.shape[1], v.shape[2]) };
  },
  cost(inputs, outputs, p) {
    const q = inputs.query;
    const k = inputs.keys;
    if (!q || !k) return { parameters: 0, activations: [] };
    const dq = width(q.shape[2]);
    const dk = width(k.shape[2]);
    const parameters = p.score === 'general' ? dq * dk : p.score === 'additive' ? dq * p.units + dk * p.units + p.units : 0;
    const activations: MemoryTerm[] = [];
    if (p.score === 'additive') activations.push({ label: `tanh B·${q.shape[1]}·${k.shape[1]}·units`, dims: ['B', q.shape[1], k.shape[1], p.units] });
    activations.push(scoresTerm(1, q.shape[1], k.shape[1]), { label: 'context', dims: outputs.out?.shape ?? [] });
    return { parameters, activations };
  },
});

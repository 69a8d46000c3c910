import { BlockError } from '../../graph/errors';
import { seq } from '../../graph/shapes';
import { defineBlock, paramList, needSequence } from '../define';
import type { ParamsOf } from '../types';
import { checkKeyTokens, checkSameTime, scoresTerm } from '../attention/shared';

const PARAMS = paramList([{ name: 'causal', label: 'Causal mask', type: 'bool', default: false, doc: 'Each query sees only keys at its own or earlier positions.' }]);

export type ScaledDotProductAttentionParams = ParamsOf<typeof PARAMS>;

export const scaledDotProductAttentionSpec = defineBlock({
  kind: 'scaledDotProductAttention',
  category: 'attention',
  label: 'Scaled Dot-Product Attention',
  summary: 'softmax(QKᵀ/√d_k)V on queries, keys and values you wire yourself; no weights.',
  explanation: {
    what: 'Scores every query against every key by a dot product, scales by 1/√d_k, turns each row of scores into weights with softmax, and returns the weighted average of the values. It has no weights: wire Dense blocks in front to make Q, K and V.',
    formula: 'Attention(Q, K, V) = softmax(Q Kᵀ / √d_k + mask) V',
    shapes: 'query: B×T_q×d_k, key: B×T_k×d_k, value: B×T_k×d_v → out: B×T_q×d_v; weights: B×T_q×T_k',
    why: 'The core of every Transformer head. Without the 1/√d_k the dot products grow with d_k, softmax saturates to one-hot, and its gradients vanish.',
  },
  inputs: [
    { name: 'query', label: 'Q', kind: 'sequence' },
    { name: 'key', label: 'K', kind: 'sequence' },
    { name: 'value', label: 'V', kind: 'sequence' },
    { name: 'keyTokens', label: 'key ids', kind: 'tokens', optional: true, doc: 'Token ids of the key sequence: [PAD] positions are masked out.' },
  ],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, _p, ctx) {
    const q = needSequence(inputs, 'query', ctx);
    const k = needSequence(inputs, 'key', ctx);
    const v = needSequence(inputs, 'value', ctx);
    if (q.shape[2] !== k.shape[2]) {
      throw BlockError.of('E_SHAPE_MISMATCH', 'attention.scaledDotWidths', { block: ctx.label, queryWidth: String(q.shape[2]), keyWidth: String(k.shape[2]) });
    }
    checkSameTime(k, v, ctx, 'keys and values');
    checkKeyTokens(inputs, 'keyTokens', k.shape[1], ctx);
    return { out: seq(q.shape[1], v.shape[2]) };
  },
  cost(inputs, outputs) {
    const q = inputs.query;
    const k = inputs.key;
    if (!q || !k) return { parameters: 0, activations: [] };
    return { parameters: 0, activations: [scoresTerm(1, q.shape[1], k.shape[1]), { label: 'output', dims: outputs.out?.shape ?? [] }] };
  },
});

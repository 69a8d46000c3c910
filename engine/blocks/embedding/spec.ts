import { seq } from '../../graph/shapes';
import { defineBlock, paramList, needTokens } from '../define';
import type { MemoryTerm, ParamsOf } from '../types';

const PARAMS = paramList([
  { name: 'vocabSize', label: 'Vocabulary size', type: 'int', default: 65, min: 1, max: 1_000_000, doc: 'Number of distinct token ids (the dataset’s vocabulary, special tokens included).' },
  { name: 'dModel', label: 'Width (d_model)', type: 'int', default: 128, min: 1, max: 16384, doc: 'Length of each token vector; the width of everything downstream.' },
  {
    name: 'lookup',
    label: 'Lookup',
    type: 'enum',
    default: 'auto',
    options: ['auto', 'gather', 'onehot'],
    doc: '“gather” indexes the table; “onehot” multiplies a one-hot matrix by it (same result, more memory). “auto” picks the faster for the backend: gather, on every backend.',
  },
  { name: 'scale', label: 'Scale by √d_model', type: 'bool', default: false, doc: 'Multiply the vectors by √d_model, as in “Attention Is All You Need”.' },
]);

export type EmbeddingParams = ParamsOf<typeof PARAMS>;

export const embeddingSpec = defineBlock({
  kind: 'embedding',
  category: 'embeddings',
  label: 'Embedding',
  summary: 'Turns token ids into learned vectors: one row of a table per token.',
  explanation: {
    what: 'Looks up a learned vector of width d_model for every token id. Training moves tokens that behave alike to nearby vectors.',
    formula: 'e_t = E[x_t] (× √d_model when scaled),  E ∈ ℝ^{V×d_model}',
    shapes: 'in: B×T ids → out: B×T×d_model',
    why: 'Ids are arbitrary numbers — id 7 is not “closer” to id 8 than to id 60. A learned vector per token gives the network something it can compute with and lets similar tokens share what is learned.',
  },
  inputs: [{ name: 'in', label: 'ids', kind: 'tokens' }],
  outputs: [{ name: 'out', label: 'vectors', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, p, ctx) {
    const ids = needTokens(inputs, 'in', ctx);
    return { out: seq(ids.shape[1], p.dModel) };
  },
  cost(inputs, outputs, p) {
    const activations: MemoryTerm[] = [];
    const time = inputs.in?.shape[1];
    if (p.lookup === 'onehot' && time !== undefined) activations.push({ label: 'one-hot B·T·V', dims: ['B', time, p.vocabSize] });
    activations.push({ label: 'output', dims: outputs.out?.shape ?? [] });
    return { parameters: p.vocabSize * p.dModel, activations };
  },
});

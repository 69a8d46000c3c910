import { tokens } from '../../graph/shapes';
import { defineBlock, paramList } from '../define';
import type { ParamsOf } from '../types';

const PARAMS = paramList([
  {
    name: 'feed',
    label: 'Feed',
    type: 'enum',
    default: 'tokens',
    options: ['tokens', 'decoder_tokens', 'segments'],
    doc: 'Which array of the dataset: the (source) tokens, the decoder input for seq2seq (shifted right, starts with [BOS]), or segment ids for BERT-style pairs.',
  },
  {
    name: 'time',
    label: 'Time axis name',
    type: 'enum',
    default: 'T',
    options: ['T', 'T_src', 'T_tgt'],
    doc: 'The name of this sequence’s length on the canvas; encoder and decoder sequences get different names so they are never mixed by mistake.',
  },
  { name: 'length', label: 'Length', type: 'int', default: 64, min: 1, max: 4096, doc: 'Sequence length (context size) in tokens.' },
]);

export type TokenInputParams = ParamsOf<typeof PARAMS>;

export const tokenInputSpec = defineBlock({
  kind: 'tokenInput',
  category: 'inputs',
  label: 'Token Input',
  summary: 'Token ids from the dataset: B×T integers.',
  explanation: {
    what: 'Feeds a batch of token-id sequences from the dataset into the model.',
    formula: 'x ∈ ℕ^{B×T}, each id < vocabulary size',
    shapes: 'out: B×T ids',
    why: 'Every sequence model starts from discrete tokens; the Embedding turns them into vectors.',
  },
  inputs: [],
  outputs: [{ name: 'out', label: 'ids', kind: 'tokens' }],
  params: PARAMS,
  inferShapes: (_inputs, p) => ({ out: tokens(p.time) }),
  cost: () => ({ parameters: 0, activations: [] }),
});

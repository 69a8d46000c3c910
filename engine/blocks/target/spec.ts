import { labels, tokens } from '../../graph/shapes';
import { defineBlock, paramList } from '../define';
import type { ParamsOf } from '../types';

const PARAMS = paramList([
  {
    name: 'feed',
    label: 'Answers',
    type: 'enum',
    default: 'targets',
    options: ['targets', 'labels'],
    doc: '“targets”: one token per position (next token, output sequence, masked token). “labels”: one class per sequence.',
  },
  {
    name: 'time',
    label: 'Time axis name',
    type: 'enum',
    default: 'T',
    options: ['T', 'T_src', 'T_tgt'],
    doc: 'For per-token targets: which sequence they align with (T_tgt for a seq2seq decoder).',
  },
]);

export type TargetParams = ParamsOf<typeof PARAMS>;

export const targetSpec = defineBlock({
  kind: 'target',
  category: 'inputs',
  label: 'Target / Labels',
  summary: 'What the model should predict: next tokens, output tokens or class labels.',
  explanation: {
    what: 'Feeds the answers from the dataset to a loss head. It is not an input of the model itself.',
    formula: 'y ∈ ℕ^{B×T} (per token) or y ∈ ℕ^{B} (per sequence); id 0 = [PAD] is ignored by the loss',
    shapes: 'out: B×T ids (targets) or B ids (labels)',
    why: 'Supervised learning compares predictions with answers; keeping answers out of the model means the same model can generate without them.',
  },
  inputs: [],
  outputs: [{ name: 'out', label: 'answers', kind: 'tokens' }],
  params: PARAMS,
  inferShapes: (_inputs, p) => ({ out: p.feed === 'labels' ? labels() : tokens(p.time) }),
  cost: () => ({ parameters: 0, activations: [] }),
});

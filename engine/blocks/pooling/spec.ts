import { BlockError } from '../../graph/errors';
import { formatType, vec } from '../../graph/shapes';
import { defineBlock, paramList, needSequence, needTokens } from '../define';
import type { ParamsOf } from '../types';

const PARAMS = paramList([
  {
    name: 'mode',
    label: 'Mode',
    type: 'enum',
    default: 'first',
    options: ['first', 'mean', 'max', 'last'],
    doc: '“first” takes position 0 — the [CLS] token of a classification dataset. “last” suits a left-to-right RNN.',
  },
]);

export type PoolingParams = ParamsOf<typeof PARAMS>;

export const poolingSpec = defineBlock({
  kind: 'pooling',
  category: 'layers',
  label: 'Pooling',
  summary: 'Summarises a sequence as one vector: the [CLS] position, the last, the mean or the max.',
  explanation: {
    what: 'Turns a whole sequence of vectors into one vector per example, for a classifier.',
    formula: 'first: h_0 ([CLS]);  last: h_{T−1};  mean: (1/T) Σ_t h_t;  max: max_t h_t (per feature); with token ids, t runs over the non-[PAD] positions only',
    shapes: 'in: B×T×d, tokens: B×T ids (optional) → out: B×d',
    why: 'A sentence label needs one vector per sentence. BERT trains the [CLS] position to gather what the classifier needs; an RNN’s last state has read everything; mean and max pool every position equally (connect the token ids so that [PAD] positions are left out).',
  },
  inputs: [
    { name: 'in', label: 'in', kind: 'sequence' },
    { name: 'tokens', label: 'token ids', kind: 'tokens', optional: true, doc: 'The token ids of the sequence: [PAD] positions are left out of mean, max and last.' },
  ],
  outputs: [{ name: 'out', label: 'out', kind: 'vector' }],
  params: PARAMS,
  inferShapes(inputs, _p, ctx) {
    const x = needSequence(inputs, 'in', ctx);
    if (inputs.tokens) {
      const ids = needTokens(inputs, 'tokens', ctx);
      if (ids.shape[1] !== x.shape[1]) {
        throw new BlockError(
          'E_SHAPE_MISMATCH',
          `${ctx.label}: the token ids ${formatType(ids)} do not line up with the ${x.shape[1]} positions of its input.`,
          `Connect the Token Input whose sequence reaches “in” (time axis ${x.shape[1]}) to “tokens”.`,
        );
      }
    }
    return { out: vec(x.shape[2]) };
  },
  cost(_inputs, outputs) {
    return { parameters: 0, activations: [{ label: 'output', dims: outputs.out?.shape ?? [] }] };
  },
});

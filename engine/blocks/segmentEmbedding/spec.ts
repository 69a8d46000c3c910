import { BlockError } from '../../graph/errors';
import { defineBlock, paramList, needSequence, needTokens } from '../define';
import type { ParamsOf } from '../types';

const PARAMS = paramList([{ name: 'numSegments', label: 'Segments', type: 'int', default: 2, min: 1, max: 64, doc: 'Number of distinct segment ids (2 for sentence A / B).' }]);

export type SegmentEmbeddingParams = ParamsOf<typeof PARAMS>;

export const segmentEmbeddingSpec = defineBlock({
  kind: 'segmentEmbedding',
  category: 'embeddings',
  label: 'Segment Embedding',
  summary: 'Adds a learned vector saying which sentence (A or B) each token belongs to.',
  explanation: {
    what: 'Adds to each token vector the learned vector of its segment id, so two sentences packed into one input stay distinguishable.',
    formula: 'out_t = x_t + S[s_t],  S ∈ ℝ^{numSegments×d}',
    shapes: 'in: B×T×d, segments: B×T ids → out: B×T×d',
    why: 'BERT reads sentence pairs (question + passage, premise + hypothesis) as one sequence; [SEP] alone marks the border, segment vectors tell every token which side it is on.',
  },
  inputs: [
    { name: 'in', label: 'in', kind: 'sequence' },
    { name: 'segments', label: 'segment ids', kind: 'tokens', doc: 'One segment id per token (a Token Input with feed “segments”).' },
  ],
  outputs: [{ name: 'out', label: 'out', kind: 'sequence' }],
  params: PARAMS,
  inferShapes(inputs, _p, ctx) {
    const x = needSequence(inputs, 'in', ctx);
    const segments = needTokens(inputs, 'segments', ctx);
    if (segments.shape[1] !== x.shape[1]) {
      throw BlockError.of('E_SHAPE_MISMATCH', 'segment.length', { block: ctx.label, tokens: String(x.shape[1]), segments: String(segments.shape[1]) });
    }
    return { out: x };
  },
  cost(inputs, outputs, p) {
    const width = inputs.in?.shape[2];
    return { parameters: typeof width === 'number' ? p.numSegments * width : 0, activations: [{ label: 'output', dims: outputs.out?.shape ?? [] }] };
  },
});

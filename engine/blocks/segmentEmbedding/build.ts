import type * as tf from '@tensorflow/tfjs';
import { resolveLookup } from '../../layers/lookup';
import { SegmentEmbedding } from '../../layers/segmentEmbedding';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { SegmentEmbeddingParams } from './spec';

export const buildSegmentEmbedding: BlockBuilder = (params, inputs, ctx) => {
  const p = params as SegmentEmbeddingParams;
  const layer = new SegmentEmbedding({
    name: ctx.name('segments'),
    numSegments: p.numSegments,
    lookup: resolveLookup('auto', ctx.backend, p.numSegments),
    seed: ctx.seed('segments'),
  });
  const x = symbolic(inputs.in, 'in', ctx);
  return { out: layer.apply([x, symbolic(inputs.segments, 'segments', ctx)]) as tf.SymbolicTensor };
};

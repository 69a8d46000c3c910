import type * as tf from '@tensorflow/tfjs';
import { resolveLookup } from '../../layers/lookup';
import { TokenEmbedding } from '../../layers/tokenEmbedding';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { EmbeddingParams } from './spec';

export const buildEmbedding: BlockBuilder = (params, inputs, ctx) => {
  const p = params as EmbeddingParams;
  // 'auto' is resolved now, for the backend the model is built for, and written into the layer config.
  const lookup = resolveLookup(p.lookup, ctx.backend, p.vocabSize);
  const layer = new TokenEmbedding({
    name: ctx.name('embedding'),
    vocabSize: p.vocabSize,
    dModel: p.dModel,
    lookup,
    scale: p.scale,
    seed: ctx.seed('embeddings'),
  });
  return { out: layer.apply(symbolic(inputs.in, 'in', ctx)) as tf.SymbolicTensor };
};

import type * as tf from '@tensorflow/tfjs';
import { FeedForward } from '../../layers/feedForward';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { FeedForwardParams } from './spec';

export const buildFeedForward: BlockBuilder = (params, inputs, ctx) => {
  const p = params as FeedForwardParams;
  const layer = new FeedForward({ name: ctx.name('ffn'), hidden: p.hidden, activation: p.activation, dropout: p.dropout, seed: ctx.seed('ffn') });
  return { out: layer.apply(symbolic(inputs.in, 'in', ctx)) as tf.SymbolicTensor };
};

import type * as tf from '@tensorflow/tfjs';
import { PositionalEncoding } from '../../layers/positionalEncoding';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { PositionalEncodingParams } from './spec';

export const buildPositionalEncoding: BlockBuilder = (params, inputs, ctx) => {
  const p = params as PositionalEncodingParams;
  const layer = new PositionalEncoding({
    name: ctx.name('positions'),
    encoding: p.encoding,
    maxLength: p.maxLength,
    dropout: p.dropout,
    seed: ctx.seed('positions'),
  });
  return { out: layer.apply(symbolic(inputs.in, 'in', ctx)) as tf.SymbolicTensor };
};

import type * as tf from '@tensorflow/tfjs';
import { Pooling } from '../../layers/pooling';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { PoolingParams } from './spec';

export const buildPooling: BlockBuilder = (params, inputs, ctx) => {
  const p = params as PoolingParams;
  const layer = new Pooling({ name: ctx.name('pooling'), mode: p.mode });
  return { out: layer.apply(symbolic(inputs.in, 'in', ctx)) as tf.SymbolicTensor };
};

import * as tf from '@tensorflow/tfjs';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { DropoutParams } from './spec';

export const buildDropout: BlockBuilder = (params, inputs, ctx) => {
  const p = params as DropoutParams;
  // No seed: tfjs' Dropout reuses a seeded mask on every call, which would drop the same units each step.
  const layer = tf.layers.dropout({ name: ctx.name('dropout'), rate: p.rate });
  return { out: layer.apply(symbolic(inputs.in, 'in', ctx)) as tf.SymbolicTensor };
};

import * as tf from '@tensorflow/tfjs';
import { symbolic, type BlockBuilder } from '../buildTypes';

export const buildConcat: BlockBuilder = (_params, inputs, ctx) => {
  const layer = tf.layers.concatenate({ name: ctx.name('concat'), axis: -1 });
  return { out: layer.apply([symbolic(inputs.a, 'a', ctx), symbolic(inputs.b, 'b', ctx)]) as tf.SymbolicTensor };
};

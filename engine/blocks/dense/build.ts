import * as tf from '@tensorflow/tfjs';
import { RowsDense } from '../../layers/dense';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { DenseParams } from './spec';

export const buildDense: BlockBuilder = (params, inputs, ctx) => {
  const p = params as DenseParams;
  const layer = new RowsDense({
    name: ctx.name('dense'),
    units: p.units,
    activation: p.activation,
    useBias: p.useBias,
    kernelInitializer: tf.initializers.glorotUniform({ seed: ctx.seed('kernel') }),
  });
  return { out: layer.apply(symbolic(inputs.in, 'in', ctx)) as tf.SymbolicTensor };
};

import type * as tf from '@tensorflow/tfjs';
import { AddNorm } from '../../layers/addNorm';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { AddNormParams } from './spec';

export const buildAddNorm: BlockBuilder = (params, inputs, ctx) => {
  const p = params as AddNormParams;
  const layer = new AddNorm({ name: ctx.name('addnorm'), norm: p.norm, epsilon: p.epsilon });
  const x = symbolic(inputs.residual, 'residual', ctx);
  const y = symbolic(inputs.sublayer, 'sublayer', ctx);
  return { out: layer.apply([x, y]) as tf.SymbolicTensor };
};

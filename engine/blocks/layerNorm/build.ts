import type * as tf from '@tensorflow/tfjs';
import { LayerNorm } from '../../layers/layerNorm';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { LayerNormParams } from './spec';

export const buildLayerNorm: BlockBuilder = (params, inputs, ctx) => {
  const p = params as LayerNormParams;
  const layer = new LayerNorm({ name: ctx.name('layernorm'), epsilon: p.epsilon });
  return { out: layer.apply(symbolic(inputs.in, 'in', ctx)) as tf.SymbolicTensor };
};

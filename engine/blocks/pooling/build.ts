import type * as tf from '@tensorflow/tfjs';
import { Pooling } from '../../layers/pooling';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { PoolingParams } from './spec';

export const buildPooling: BlockBuilder = (params, inputs, ctx) => {
  const p = params as PoolingParams;
  const x = symbolic(inputs.in, 'in', ctx);
  const tokens = inputs.tokens ? symbolic(inputs.tokens, 'tokens', ctx) : null;
  const layer = new Pooling({ name: ctx.name('pooling'), mode: p.mode, maskPadding: tokens !== null });
  return { out: layer.apply(tokens ? [x, tokens] : x) as tf.SymbolicTensor };
};

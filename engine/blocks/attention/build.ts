import * as tf from '@tensorflow/tfjs';
import { Attention } from '../../layers/attention';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { AttentionParams } from './spec';

export const buildAttention: BlockBuilder = (params, inputs, ctx) => {
  const p = params as AttentionParams;
  const query = symbolic(inputs.query, 'query', ctx);
  const keys = symbolic(inputs.keys, 'keys', ctx);
  const values = inputs.values ? symbolic(inputs.values, 'values', ctx) : null;
  const keyTokens = inputs.keyTokens ? symbolic(inputs.keyTokens, 'keyTokens', ctx) : null;
  const layer = new Attention({
    name: ctx.name('attention'),
    score: p.score,
    units: p.units,
    separateValues: values !== null,
    keyPadding: keyTokens !== null,
    returnAttentionWeights: true,
    seed: ctx.seed('attention'),
  });
  const layerInputs = [query, keys, ...(values ? [values] : []), ...(keyTokens ? [keyTokens] : [])];
  const [out, weights] = layer.apply(layerInputs) as tf.SymbolicTensor[];
  ctx.inspect({ kind: 'attention', tensor: weights, part: 'attention', queryFeed: ctx.feedOf(query), keyFeed: ctx.feedOf(keys) });
  return { out };
};

import * as tf from '@tensorflow/tfjs';
import { ScaledDotProductAttention } from '../../layers/scaledDotProductAttention';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { ScaledDotProductAttentionParams } from './spec';

export const buildScaledDotProductAttention: BlockBuilder = (params, inputs, ctx) => {
  const p = params as ScaledDotProductAttentionParams;
  const query = symbolic(inputs.query, 'query', ctx);
  const key = symbolic(inputs.key, 'key', ctx);
  const value = symbolic(inputs.value, 'value', ctx);
  const keyTokens = inputs.keyTokens ? symbolic(inputs.keyTokens, 'keyTokens', ctx) : null;
  const layer = new ScaledDotProductAttention({ name: ctx.name('sdpa'), causal: p.causal, keyPadding: keyTokens !== null, returnAttentionWeights: true });
  const [out, weights] = layer.apply([query, key, value, ...(keyTokens ? [keyTokens] : [])]) as tf.SymbolicTensor[];
  ctx.inspect({ kind: 'attention', tensor: weights, part: 'attention', queryFeed: ctx.feedOf(query), keyFeed: ctx.feedOf(key) });
  return { out };
};

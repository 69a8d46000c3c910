import * as tf from '@tensorflow/tfjs';
import { MultiHeadAttention } from '../../layers/multiHeadAttention';
import { symbolic, type BlockBuilder } from '../buildTypes';
import type { MultiHeadAttentionParams } from './spec';

export const buildMultiHeadAttention: BlockBuilder = (params, inputs, ctx) => {
  const p = params as MultiHeadAttentionParams;
  const query = symbolic(inputs.query, 'query', ctx);
  const memory = inputs.memory ? symbolic(inputs.memory, 'memory', ctx) : null;
  const keyTokens = inputs.keyTokens ? symbolic(inputs.keyTokens, 'keyTokens', ctx) : null;
  const layer = new MultiHeadAttention({
    name: ctx.name('mha'),
    heads: p.heads,
    causal: p.causal,
    dropout: p.dropout,
    useBias: p.useBias,
    crossAttention: memory !== null,
    keyPadding: keyTokens !== null,
    returnAttentionWeights: true,
    // The weights go to the inspection model only (no block output carries them).
    weightsForReadingOnly: true,
    seed: ctx.seed('mha'),
  });
  const layerInputs = [query, ...(memory ? [memory] : []), ...(keyTokens ? [keyTokens] : [])];
  const [out, weights] = layer.apply(layerInputs) as tf.SymbolicTensor[];
  ctx.inspect({ kind: 'attention', tensor: weights, part: 'attention', queryFeed: ctx.feedOf(query), keyFeed: ctx.feedOf(memory ?? query) });
  return { out };
};

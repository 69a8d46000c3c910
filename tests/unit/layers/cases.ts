/**
 * One small functional model per custom layer and configuration, shared by the serialisation and
 * tensor-leak tests so every layer is covered by both (cases.test.ts checks that every registered class has one).
 */
import * as tf from '@tensorflow/tfjs';
import { AddNorm, Attention, FeedForward, LayerNorm, MultiHeadAttention, Pooling, PositionalEncoding, Recurrent, ScaledDotProductAttention, SegmentEmbedding, TokenEmbedding } from '../../../engine/layers';
import { randomTensor } from './reference';

export interface LayerCase {
  name: string;
  build(): { model: tf.LayersModel; data(): tf.Tensor[] };
}

const T = 4;
const D = 6;
const ids = () => tf.tensor2d([[3, 1, 0, 2], [1, 1, 2, 0]], [2, T], 'int32');
const seqIn = (t = T, d = D) => tf.input({ shape: [t, d] });
const idsIn = () => tf.input({ shape: [T], dtype: 'int32' });

function single(layer: tf.layers.Layer, input = seqIn()): { model: tf.LayersModel; data(): tf.Tensor[] } {
  return { model: tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor }), data: () => [randomTensor([2, ...(input.shape.slice(1) as number[])], 1)] };
}

export const LAYER_CASES: LayerCase[] = [
  {
    name: 'TokenEmbedding (auto: gather on cpu, one-hot on wasm; scaled)',
    build() {
      const input = idsIn();
      const out = new TokenEmbedding({ vocabSize: 5, dModel: D, lookup: 'auto', scale: true, seed: 1 }).apply(input) as tf.SymbolicTensor;
      return { model: tf.model({ inputs: input, outputs: out }), data: () => [ids()] };
    },
  },
  {
    name: 'TokenEmbedding (one-hot)',
    build() {
      const input = idsIn();
      const out = new TokenEmbedding({ vocabSize: 5, dModel: D, lookup: 'onehot', seed: 1 }).apply(input) as tf.SymbolicTensor;
      return { model: tf.model({ inputs: input, outputs: out }), data: () => [ids()] };
    },
  },
  { name: 'PositionalEncoding (sinusoidal)', build: () => single(new PositionalEncoding({ encoding: 'sinusoidal', maxLength: 8 })) },
  { name: 'PositionalEncoding (learned, dropout)', build: () => single(new PositionalEncoding({ encoding: 'learned', maxLength: 8, dropout: 0.2, seed: 2 })) },
  {
    name: 'SegmentEmbedding',
    build() {
      const x = seqIn();
      const segments = idsIn();
      const out = new SegmentEmbedding({ numSegments: 4, seed: 3 }).apply([x, segments]) as tf.SymbolicTensor;
      return { model: tf.model({ inputs: [x, segments], outputs: out }), data: () => [randomTensor([2, T, D], 4), ids()] };
    },
  },
  { name: 'MultiHeadAttention (self, causal)', build: () => single(new MultiHeadAttention({ heads: 2, causal: true, seed: 4 })) },
  {
    name: 'MultiHeadAttention (cross, padding, dropout, weights out, no bias)',
    build() {
      const q = seqIn(3);
      const memory = seqIn(T, 5);
      const keyIds = idsIn();
      const layer = new MultiHeadAttention({ heads: 3, crossAttention: true, keyPadding: true, dropout: 0.1, useBias: false, returnAttentionWeights: true, seed: 5 });
      const outs = layer.apply([q, memory, keyIds]) as tf.SymbolicTensor[];
      return { model: tf.model({ inputs: [q, memory, keyIds], outputs: outs }), data: () => [randomTensor([2, 3, D], 6), randomTensor([2, T, 5], 7), ids()] };
    },
  },
  {
    name: 'ScaledDotProductAttention (causal, padding)',
    build() {
      const [q, k, v] = [seqIn(), seqIn(), seqIn(T, 3)];
      const keyIds = idsIn();
      const outs = new ScaledDotProductAttention({ causal: true, keyPadding: true, returnAttentionWeights: true }).apply([q, k, v, keyIds]) as tf.SymbolicTensor[];
      return { model: tf.model({ inputs: [q, k, v, keyIds], outputs: outs }), data: () => [randomTensor([2, T, D], 8), randomTensor([2, T, D], 9), randomTensor([2, T, 3], 10), ids()] };
    },
  },
  ...(['dot', 'general', 'additive'] as const).map((score) => ({
    name: `Attention (${score})`,
    build() {
      const q = seqIn(3);
      const keys = seqIn();
      const outs = new Attention({ score, units: 5, returnAttentionWeights: true, seed: 11 }).apply([q, keys]) as tf.SymbolicTensor[];
      return { model: tf.model({ inputs: [q, keys], outputs: outs }), data: () => [randomTensor([2, 3, D], 12), randomTensor([2, T, D], 13)] };
    },
  })),
  { name: 'LayerNorm', build: () => single(new LayerNorm({ epsilon: 1e-3 })) },
  ...(['post', 'pre'] as const).map((norm) => ({
    name: `AddNorm (${norm})`,
    build() {
      const [x, y] = [seqIn(), seqIn()];
      const out = new AddNorm({ norm }).apply([x, y]) as tf.SymbolicTensor;
      return { model: tf.model({ inputs: [x, y], outputs: out }), data: () => [randomTensor([2, T, D], 14), randomTensor([2, T, D], 15)] };
    },
  })),
  { name: 'FeedForward (gelu, dropout)', build: () => single(new FeedForward({ hidden: 10, activation: 'gelu', dropout: 0.1, seed: 16 })) },
  ...(['first', 'mean', 'max', 'last'] as const).map((mode) => ({ name: `Pooling (${mode})`, build: () => single(new Pooling({ mode })) })),
  ...(['mean', 'max', 'last'] as const).map((mode) => ({
    name: `Pooling (${mode}, [PAD] left out)`,
    build() {
      const [x, tokenIds] = [seqIn(), idsIn()];
      const out = new Pooling({ mode, maskPadding: true }).apply([x, tokenIds]) as tf.SymbolicTensor;
      return { model: tf.model({ inputs: [x, tokenIds], outputs: out }), data: () => [randomTensor([2, T, D], 19), ids()] };
    },
  })),
  {
    name: 'Recurrent (simple)',
    build() {
      const x = seqIn();
      const [out] = new Recurrent({ cell: 'simple', units: 5, seed: 17 }).apply(x) as tf.SymbolicTensor[];
      return { model: tf.model({ inputs: x, outputs: out }), data: () => [randomTensor([2, T, D], 18)] };
    },
  },
  {
    name: 'Recurrent (LSTM, bidirectional, token mask, final states)',
    build() {
      const [x, tokenIds] = [seqIn(), idsIn()];
      const outs = new Recurrent({ cell: 'lstm', units: 3, bidirectional: true, returnSequences: false, hasTokenMask: true, seed: 19 }).apply([x, tokenIds]) as tf.SymbolicTensor[];
      return { model: tf.model({ inputs: [x, tokenIds], outputs: outs }), data: () => [randomTensor([2, T, D], 20), ids()] };
    },
  },
  {
    name: 'Recurrent (GRU, initial state, dropout)',
    build() {
      const [x, h0] = [seqIn(), tf.input({ shape: [4] })];
      const outs = new Recurrent({ cell: 'gru', units: 4, hasInitialState: true, dropout: 0.2, seed: 21 }).apply([x, h0]) as tf.SymbolicTensor[];
      return { model: tf.model({ inputs: [x, h0], outputs: outs }), data: () => [randomTensor([2, T, D], 22), randomTensor([2, 4], 23)] };
    },
  },
];

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MultiHeadAttention } from '../../../engine/layers/multiHeadAttention';
import { randomTensor, randomWeights, referenceMha, relativeError, setWeightsByName, type Matrix } from './reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function causalMask(t: number): boolean[][] {
  return Array.from({ length: t }, (_, i) => Array.from({ length: t }, (_, j) => j > i));
}

describe('MultiHeadAttention', () => {
  it('matches a float64 per-head computation of softmax(QKᵀ/√d_k)V with W^O, self-attention', () => {
    const [b, t, d, heads] = [2, 5, 12, 3];
    const layer = new MultiHeadAttention({ heads, returnAttentionWeights: true, seed: 1 });
    const x = randomTensor([b, t, d], 11);
    layer.apply(x); // builds the weights
    const w = randomWeights(d, d, 100);
    setWeightsByName(layer, w as unknown as Record<string, Matrix>);
    const [out, weights] = layer.apply(x) as tf.Tensor[];
    const xs = x.arraySync() as number[][][];
    const outs = out.arraySync() as number[][][];
    const ws = weights.arraySync() as number[][][][];
    expect(weights.shape).toEqual([b, heads, t, t]);
    for (let i = 0; i < b; i++) {
      const ref = referenceMha(xs[i], xs[i], w, heads);
      expect(relativeError(outs[i], ref.out)).toBeLessThan(1e-4);
      expect(relativeError(ws[i], ref.weights)).toBeLessThan(1e-4);
    }
    tf.dispose([x, out, weights]);
    layer.dispose();
  });

  it('matches the reference for cross-attention with a causal mask and a memory of another width', () => {
    const [b, tq, tk, d, dMem, heads] = [2, 4, 4, 8, 6, 2];
    const layer = new MultiHeadAttention({ heads, causal: true, crossAttention: true, seed: 2 });
    const x = randomTensor([b, tq, d], 21);
    const memory = randomTensor([b, tk, dMem], 22);
    layer.apply([x, memory]);
    const w = randomWeights(d, dMem, 200);
    setWeightsByName(layer, w as unknown as Record<string, Matrix>);
    const out = layer.apply([x, memory]) as tf.Tensor;
    const xs = x.arraySync() as number[][][];
    const ms = memory.arraySync() as number[][][];
    const outs = out.arraySync() as number[][][];
    for (let i = 0; i < b; i++) {
      expect(relativeError(outs[i], referenceMha(xs[i], ms[i], w, heads, causalMask(tq)).out)).toBeLessThan(1e-4);
    }
    tf.dispose([x, memory, out]);
    layer.dispose();
  });

  it('with a causal mask, the output at t has zero gradient with respect to inputs after t', () => {
    const [t, d] = [6, 8];
    const layer = new MultiHeadAttention({ heads: 2, causal: true, seed: 3 });
    const x = randomTensor([1, t, d], 31);
    layer.apply(x);
    for (const at of [0, 2, 5]) {
      const grad = tf.grad((input: tf.Tensor) => {
        const out = layer.apply(input) as tf.Tensor; // (1, T, d)
        return tf.sum(tf.slice(out, [0, at, 0], [1, 1, d]));
      })(x);
      const perPosition = tf.sum(tf.abs(grad), [0, 2]).arraySync() as number[];
      perPosition.forEach((g, pos) => {
        if (pos > at) expect(g, `gradient of output ${at} w.r.t. input ${pos}`).toBe(0);
        else expect(g, `gradient of output ${at} w.r.t. input ${pos}`).toBeGreaterThan(0);
      });
      grad.dispose();
    }
    x.dispose();
    layer.dispose();
  });

  it('without the mask, the output at t does depend on later inputs', () => {
    const [t, d] = [4, 8];
    const layer = new MultiHeadAttention({ heads: 2, seed: 3 });
    const x = randomTensor([1, t, d], 32);
    layer.apply(x);
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.slice(layer.apply(input) as tf.Tensor, [0, 0, 0], [1, 1, d])))(x);
    const perPosition = tf.sum(tf.abs(grad), [0, 2]).arraySync() as number[];
    expect(perPosition[t - 1]).toBeGreaterThan(0);
    tf.dispose([x, grad]);
    layer.dispose();
  });

  it('gives [PAD] keys zero weight: the output equals attention over the unpadded keys only', () => {
    const [tq, d, heads] = [3, 8, 2];
    const ids = [[5, 9, 7, 0, 0]];
    const layer = new MultiHeadAttention({ heads, crossAttention: true, keyPadding: true, returnAttentionWeights: true, seed: 4 });
    const x = randomTensor([1, tq, d], 41);
    const memory = randomTensor([1, 5, d], 42);
    const keyIds = tf.tensor2d(ids, [1, 5], 'int32');
    layer.apply([x, memory, keyIds]);
    const w = randomWeights(d, d, 400);
    setWeightsByName(layer, w as unknown as Record<string, Matrix>);
    const [out, weights] = layer.apply([x, memory, keyIds]) as tf.Tensor[];
    const unpadded = (memory.arraySync() as number[][][])[0].slice(0, 3);
    const ref = referenceMha((x.arraySync() as number[][][])[0], unpadded, w, heads);
    expect(relativeError((out.arraySync() as number[][][])[0], ref.out)).toBeLessThan(1e-4);
    const ws = weights.arraySync() as number[][][][];
    for (const head of ws[0]) for (const row of head) expect(row.slice(3)).toEqual([0, 0]);
    tf.dispose([x, memory, keyIds, out, weights]);
    layer.dispose();
  });

  it('drops attention weights only while training', () => {
    const layer = new MultiHeadAttention({ heads: 2, dropout: 0.5, seed: 5 });
    const x = randomTensor([2, 4, 8], 51);
    const a = layer.apply(x) as tf.Tensor;
    const b = layer.apply(x) as tf.Tensor;
    const trained = layer.apply(x, { training: true }) as tf.Tensor;
    expect(relativeError(b.arraySync(), a.arraySync())).toBe(0);
    expect(relativeError(trained.arraySync(), a.arraySync())).toBeGreaterThan(1e-3);
    tf.dispose([x, a, b, trained]);
    layer.dispose();
  });

  it('inside a model, follows the training flag the trainer passes to model.apply', () => {
    const input = tf.input({ shape: [4, 8] });
    const model = tf.model({ inputs: input, outputs: new MultiHeadAttention({ heads: 2, dropout: 0.5, seed: 6 }).apply(input) as tf.SymbolicTensor });
    const x = randomTensor([2, 4, 8], 61);
    const inference = model.apply(x, { training: false }) as tf.Tensor;
    const predicted = model.predict(x) as tf.Tensor;
    const training = model.apply(x, { training: true }) as tf.Tensor;
    expect(relativeError(predicted.arraySync(), inference.arraySync())).toBe(0);
    expect(relativeError(training.arraySync(), inference.arraySync())).toBeGreaterThan(1e-3);
    tf.dispose([x, inference, predicted, training]);
    model.dispose();
  });

  it('refuses a width that the heads do not divide, naming both numbers', () => {
    const layer = new MultiHeadAttention({ heads: 4 });
    const x = tf.zeros([1, 2, 10]);
    expect(() => layer.apply(x)).toThrow(/d_model 10 is not divisible by 4 heads/);
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AddNorm } from '../../../engine/layers/addNorm';
import { FeedForward } from '../../../engine/layers/feedForward';
import { linearRelu } from '../../../engine/layers/ops';
import { LayerNorm } from '../../../engine/layers/layerNorm';
import { Pooling, type PoolingMode } from '../../../engine/layers/pooling';
import { addRow, layerNormRows, matmul, randomMatrix, randomTensor, relativeError, setWeightsByName, type Matrix } from './reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LayerNorm', () => {
  it('equals γ(x − μ)/√(σ² + ε) + β per vector, for sequences and vectors', () => {
    for (const shape of [[2, 3, 6], [4, 6]]) {
      const layer = new LayerNorm({ epsilon: 1e-3 });
      const x = tf.add(tf.mul(randomTensor(shape, 1), 3), 0.5);
      layer.apply(x);
      const gamma = randomMatrix(1, 6, 2)[0];
      const beta = randomMatrix(1, 6, 3)[0];
      setWeightsByName(layer, { gamma, beta });
      const out = layer.apply(x) as tf.Tensor;
      const rows = (x.reshape([-1, 6]).arraySync() as Matrix);
      expect(relativeError(out.reshape([-1, 6]).arraySync(), layerNormRows(rows, gamma, beta, 1e-3))).toBeLessThan(1e-5);
      tf.dispose([x, out]);
    }
  });
});

describe('AddNorm', () => {
  it('post: LayerNorm(x + y); pre: x + y with no weights', () => {
    const x = randomTensor([2, 3, 4], 4);
    const y = randomTensor([2, 3, 4], 5);
    const post = new AddNorm({ norm: 'post', epsilon: 1e-5 });
    const pre = new AddNorm({ norm: 'pre' });
    const outPost = post.apply([x, y]) as tf.Tensor;
    const outPre = pre.apply([x, y]) as tf.Tensor;
    const sum = (tf.add(x, y).reshape([-1, 4]).arraySync() as Matrix);
    expect(relativeError(outPost.reshape([-1, 4]).arraySync(), layerNormRows(sum, [1, 1, 1, 1], [0, 0, 0, 0], 1e-5))).toBeLessThan(1e-5);
    expect(relativeError(outPre.reshape([-1, 4]).arraySync(), sum)).toBeLessThan(1e-7);
    expect(post.countParams()).toBe(8);
    expect(pre.countParams()).toBe(0);
    tf.dispose([x, y, outPost, outPre]);
  });

  it('refuses inputs of different shapes', () => {
    const x = tf.zeros([1, 3, 4]);
    const y = tf.zeros([1, 3, 5]);
    expect(() => new AddNorm().apply([x, y])).toThrow(/differ/);
    tf.dispose([x, y]);
  });
});

describe('FeedForward', () => {
  const geluTanh = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));

  for (const activation of ['relu', 'gelu'] as const) {
    it(`${activation}: act(x W1 + b1) W2 + b2 per position`, () => {
      const layer = new FeedForward({ hidden: 5, activation });
      const x = randomTensor([2, 3, 4], 6);
      layer.apply(x);
      const w = { kernel_1: randomMatrix(4, 5, 7), bias_1: randomMatrix(1, 5, 8)[0], kernel_2: randomMatrix(5, 4, 9), bias_2: randomMatrix(1, 4, 10)[0] };
      setWeightsByName(layer, w);
      const out = layer.apply(x) as tf.Tensor;
      const act = activation === 'relu' ? (v: number) => Math.max(0, v) : geluTanh;
      const rows = x.reshape([-1, 4]).arraySync() as Matrix;
      const hidden = addRow(matmul(rows, w.kernel_1), w.bias_1).map((r) => r.map(act));
      expect(relativeError(out.reshape([-1, 4]).arraySync(), addRow(matmul(hidden, w.kernel_2), w.bias_2))).toBeLessThan(1e-5);
      tf.dispose([x, out]);
    });
  }

  it('relu: gradients of the fused product equal autodiff through the composed ops', () => {
    const x = randomTensor([3, 4, 5], 21);
    const w1 = tf.tensor2d(randomMatrix(5, 7, 22));
    const b1 = tf.tensor1d(randomMatrix(1, 7, 23)[0]);
    const w2 = tf.tensor2d(randomMatrix(7, 5, 24));
    const r = randomTensor([12, 5], 26);
    const objective = (hidden: tf.Tensor) => tf.sum(tf.mul(tf.matMul(hidden.reshape([12, 7]) as tf.Tensor2D, w2), r)) as tf.Scalar;
    const expected = tf.grads((xs: tf.Tensor, k: tf.Tensor, c: tf.Tensor) =>
      objective(tf.relu(tf.add(tf.matMul(xs.reshape([12, 5]) as tf.Tensor2D, k as tf.Tensor2D), c))))([x, w1, b1]);
    const fused = tf.grads((xs: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => objective(linearRelu(xs, k, c)))([x, w1, b1]);
    fused.forEach((g, i) => {
      expect(g.shape).toEqual(expected[i].shape);
      expect(relativeError(g.arraySync(), expected[i].arraySync()), `gradient ${i}`).toBeLessThan(1e-5);
    });
    tf.dispose([x, w1, b1, w2, r, ...expected, ...fused]);
  });
});

describe('Pooling', () => {
  it('takes the first, last, mean or max vector of each sequence', () => {
    const x = randomTensor([2, 4, 3], 11);
    const xs = x.arraySync() as number[][][];
    const expected: Record<PoolingMode, Matrix> = {
      first: xs.map((s) => s[0]),
      last: xs.map((s) => s[3]),
      mean: xs.map((s) => s[0].map((_, k) => s.reduce((a, r) => a + r[k], 0) / 4)),
      max: xs.map((s) => s[0].map((_, k) => Math.max(...s.map((r) => r[k])))),
    };
    for (const mode of Object.keys(expected) as PoolingMode[]) {
      const out = new Pooling({ mode }).apply(x) as tf.Tensor;
      expect(out.shape).toEqual([2, 3]);
      expect(relativeError(out.arraySync(), expected[mode]), mode).toBeLessThan(1e-6);
      out.dispose();
    }
    x.dispose();
  });
});

/**
 * The hand-written gradients in engine/layers/ops.ts (GELU, bias and gain sums by matMul) against
 * float64 derivatives and against tfjs' own autodiff of the plain expressions.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addToEveryExample, gelu, linear, scaleShift } from '../../../engine/layers/ops';
import { randomTensor, relativeError } from './reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;
const geluRef = (x: number) => 0.5 * x * (1 + Math.tanh(C * (x + A * x * x * x)));
const geluSlopeRef = (x: number) => {
  const t = Math.tanh(C * (x + A * x * x * x));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * C * (1 + 3 * A * x * x);
};

/** Gradients of Σ(f(args) ⊙ r) with respect to every argument. */
function gradsOf(f: (...args: tf.Tensor[]) => tf.Tensor, args: tf.Tensor[], seed: number): number[][] {
  return tf.tidy(() => {
    const out = f(...args);
    const r = randomTensor(out.shape, seed);
    return tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), r)))(args).map((g) => Array.from(g.dataSync()));
  });
}

describe('custom-gradient ops', () => {
  it('GELU: values and slopes equal the tanh formula and its float64 derivative', () => {
    const xs = [-6, -3, -1.5, -0.5, -1e-3, 0, 1e-3, 0.3, 1, 2.5, 6];
    const x = tf.tensor1d(xs);
    const y = Array.from(gelu(x).dataSync());
    const slope = Array.from(tf.grad((t: tf.Tensor) => tf.sum(gelu(t)))(x).dataSync());
    expect(relativeError(y, xs.map(geluRef))).toBeLessThan(1e-6);
    expect(relativeError(slope, xs.map(geluSlopeRef))).toBeLessThan(1e-6);
    x.dispose();
  });

  it('linear: gradients for x, W and b equal autodiff of x·W + b', () => {
    const args = [randomTensor([2, 3, 4], 1), randomTensor([4, 5], 2), randomTensor([5], 3)];
    const plain = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.add(tf.matMul(x.reshape([6, 4]), w as tf.Tensor2D), b).reshape([2, 3, 5]);
    const ours = gradsOf((x, w, b) => linear(x, w, b), args, 9);
    const reference = gradsOf(plain, args, 9);
    ours.forEach((g, i) => expect(relativeError(g, reference[i]), `argument ${i}`).toBeLessThan(1e-6));
    tf.dispose(args);
  });

  it('scaleShift: gradients for x, γ and β equal autodiff of x ⊙ γ + β', () => {
    const args = [randomTensor([2, 3, 4], 4), randomTensor([4], 5), randomTensor([4], 6)];
    const ours = gradsOf((x, g, b) => scaleShift(x, g, b), args, 10);
    const reference = gradsOf((x, g, b) => tf.add(tf.mul(x, g), b), args, 10);
    ours.forEach((g, i) => expect(relativeError(g, reference[i]), `argument ${i}`).toBeLessThan(1e-6));
    tf.dispose(args);
  });

  it('addToEveryExample: gradients equal autodiff of a broadcast add', () => {
    const args = [randomTensor([3, 4, 2], 7), randomTensor([4, 2], 8)];
    const ours = gradsOf((x, p) => addToEveryExample(x, p), args, 11);
    const reference = gradsOf((x, p) => tf.add(x, p), args, 11);
    ours.forEach((g, i) => expect(relativeError(g, reference[i]), `argument ${i}`).toBeLessThan(1e-6));
    tf.dispose(args);
  });
});

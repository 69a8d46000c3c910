/**
 * On the wasm backend: embeddings in 'auto' mode train (wasm cannot differentiate gather), and the
 * attention layers give the cpu backend's outputs and gradients.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attention } from '../../../engine/layers/attention';
import { MultiHeadAttention } from '../../../engine/layers/multiHeadAttention';
import { SegmentEmbedding } from '../../../engine/layers/segmentEmbedding';
import { TokenEmbedding } from '../../../engine/layers/tokenEmbedding';
import { FeedForward } from '../../../engine/layers/feedForward';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { randomArray, relativeError } from './reference';

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Output and weight gradients of Σ(out ⊙ r) for a freshly built layer with fixed weights, on the active backend. */
function outputAndGrads(make: () => tf.layers.Layer, inputs: () => tf.Tensor[], weightSeed: number): { out: number[]; grads: number[][] } {
  return tf.tidy(() => {
    const layer = make();
    const xs = inputs();
    layer.apply(xs.length === 1 ? xs[0] : xs);
    layer.setWeights(layer.weights.map((w, i) => tf.tensor(randomArray(w.shape as number[], weightSeed + i), w.shape as number[])));
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const f = () => {
      const out = layer.apply(xs.length === 1 ? xs[0] : xs) as tf.Tensor;
      return tf.sum(tf.mul(out, tf.tensor(randomArray(out.shape, 99), out.shape))) as tf.Scalar;
    };
    const { grads } = tf.variableGrads(f, vars);
    const out = Array.from((layer.apply(xs.length === 1 ? xs[0] : xs) as tf.Tensor).dataSync());
    const result = { out, grads: vars.map((v) => Array.from(grads[v.name].dataSync())) };
    layer.dispose();
    return result;
  });
}

/** Largest elementwise difference, against a scale of 1 so gradients that are ≈ 0 in exact math (the key bias) compare sensibly. */
function maxDifference(a: number[], b: number[]): number {
  const scale = Math.max(1, ...b.map(Math.abs));
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / scale;
}

async function onBoth<T>(run: () => T): Promise<{ cpu: T; wasm: T }> {
  await tf.setBackend('cpu');
  const cpu = run();
  await tf.setBackend('wasm');
  return { cpu, wasm: run() };
}

describe('custom layers on wasm', () => {
  it("TokenEmbedding 'auto' trains on wasm and matches cpu's gather", async () => {
    const ids = () => [tf.tensor2d([[1, 3, 3, 0]], [1, 4], 'int32')];
    const { cpu, wasm } = await onBoth(() => outputAndGrads(() => new TokenEmbedding({ vocabSize: 5, dModel: 4, lookup: 'auto' }), ids, 1));
    expect(relativeError(wasm.out, cpu.out)).toBeLessThan(1e-6);
    expect(relativeError(wasm.grads[0], cpu.grads[0])).toBeLessThan(1e-6);
  });

  it("SegmentEmbedding 'auto' trains on wasm", async () => {
    const inputs = () => [tf.tensor3d(randomArray([1, 3, 4], 5), [1, 3, 4]), tf.tensor2d([[0, 1, 1]], [1, 3], 'int32')];
    const { cpu, wasm } = await onBoth(() => outputAndGrads(() => new SegmentEmbedding({ numSegments: 2 }), inputs, 2));
    expect(relativeError(wasm.grads[0], cpu.grads[0])).toBeLessThan(1e-6);
  });

  it('MultiHeadAttention (causal, padded) gives the same outputs and gradients as on cpu', async () => {
    const inputs = () => [tf.tensor3d(randomArray([2, 5, 8], 3), [2, 5, 8]), tf.tensor2d([[4, 4, 4, 0, 0], [4, 4, 4, 4, 4]], [2, 5], 'int32')];
    const { cpu, wasm } = await onBoth(() => outputAndGrads(() => new MultiHeadAttention({ heads: 2, causal: true, keyPadding: true }), inputs, 10));
    expect(relativeError(wasm.out, cpu.out)).toBeLessThan(1e-5);
    cpu.grads.forEach((g, i) => expect(maxDifference(wasm.grads[i], g), `gradient ${i}`).toBeLessThan(1e-4));
  });

  it('FeedForward (relu, fused into the product on the project kernels) gives the same outputs and gradients as on cpu', async () => {
    registerWasmKernels('simd', { spawnHelper: null });
    const inputs = () => [tf.tensor3d(randomArray([2, 3, 6], 5), [2, 3, 6])];
    const { cpu, wasm } = await onBoth(() => outputAndGrads(() => new FeedForward({ hidden: 12, activation: 'relu' }), inputs, 30));
    expect(relativeError(wasm.out, cpu.out)).toBeLessThan(1e-5);
    cpu.grads.forEach((g, i) => expect(maxDifference(wasm.grads[i], g), `gradient ${i}`).toBeLessThan(1e-4));
  });

  it('Attention (general score, keys read transposed by the project kernel, padded) gives the same outputs and gradients as on cpu', async () => {
    registerWasmKernels('simd', { spawnHelper: null });
    const inputs = () => [
      tf.tensor3d(randomArray([2, 3, 6], 6), [2, 3, 6]),
      tf.tensor3d(randomArray([2, 5, 4], 7), [2, 5, 4]),
      tf.tensor2d([[3, 3, 3, 0, 0], [3, 3, 3, 3, 3]], [2, 5], 'int32'),
    ];
    const { cpu, wasm } = await onBoth(() => outputAndGrads(() => new Attention({ score: 'general', keyPadding: true }), inputs, 40));
    expect(relativeError(wasm.out, cpu.out)).toBeLessThan(1e-5);
    cpu.grads.forEach((g, i) => expect(maxDifference(wasm.grads[i], g), `gradient ${i}`).toBeLessThan(1e-4));
  });

  it('FeedForward (gelu) gives the same outputs and gradients as on cpu', async () => {
    const inputs = () => [tf.tensor3d(randomArray([2, 3, 6], 4), [2, 3, 6])];
    const { cpu, wasm } = await onBoth(() => outputAndGrads(() => new FeedForward({ hidden: 12, activation: 'gelu' }), inputs, 20));
    expect(relativeError(wasm.out, cpu.out)).toBeLessThan(1e-5);
    cpu.grads.forEach((g, i) => expect(maxDifference(wasm.grads[i], g), `gradient ${i}`).toBeLessThan(1e-4));
  });
});

/**
 * The fused layer-normalisation kernels on wasm against the composed ops (mean, sub, mul, rsqrt) on the cpu
 * backend: outputs and all three gradients, odd widths (SIMD tails), one-wide rows, and the JavaScript
 * fallback against the SIMD module on the same heap.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementwiseKernelsFor } from '../../../engine/backend/wasm/elementwiseModule';
import { layerNormOnHeap } from '../../../engine/backend/wasm/layerNormKernels';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { normalizeLastAxis } from '../../../engine/layers/layerNorm';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from '../../../engine/backend/kernelNames';
import { randomValues } from '../../fixtures/randomValues';
import { relativeDifference } from '../../fixtures/relativeDifference';

/** Floats in [offset - 2, offset + 2). */
function values(n: number, seed: number, offset = 0): Float32Array {
  return randomValues(n, seed, 2).map((v) => v + offset);
}

interface Result {
  y: Float32Array;
  dx: Float32Array;
  dgamma: Float32Array;
  dbeta: Float32Array;
}

/** y = LN(x) and the gradients of Σ y ⊙ r, on the active backend. */
function run(shape: number[], epsilon: number): Result {
  return tf.tidy(() => {
    const d = shape[shape.length - 1];
    const size = shape.reduce((a, n) => a * n, 1);
    // An offset mean per row checks that the kernel centres before squaring.
    const x = tf.tensor(values(size, 1, 3), shape);
    const gamma = tf.tensor(values(d, 2), [d]);
    const beta = tf.tensor(values(d, 3), [d]);
    const r = tf.tensor(values(size, 4), shape);
    const f = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(normalizeLastAxis(a, g, b, epsilon), r));
    const [dx, dgamma, dbeta] = tf.grads(f)([x, gamma, beta]);
    const y = normalizeLastAxis(x, gamma, beta, epsilon);
    return { y: y.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array, dgamma: dgamma.dataSync() as Float32Array, dbeta: dbeta.dataSync() as Float32Array };
  });
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  registerWasmKernels('simd', { spawnHelper: null });
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('fused layer normalisation on wasm', () => {
  const shapes = [[3, 5, 7], [2, 130], [4, 128], [6, 1], [1, 4]];
  for (const shape of shapes) {
    it(`${JSON.stringify(shape)}: output and gradients equal the composed ops on cpu`, async () => {
      await tf.setBackend('cpu');
      const composed = run(shape, 1e-5);
      await tf.setBackend('wasm');
      const before = tf.memory().numTensors;
      const fused = run(shape, 1e-5);
      expect(tf.memory().numTensors).toBe(before);
      expect(relativeDifference(fused.y, composed.y)).toBeLessThan(1e-5);
      expect(relativeDifference(fused.dx, composed.dx)).toBeLessThan(1e-4);
      expect(relativeDifference(fused.dgamma, composed.dgamma)).toBeLessThan(1e-5);
      expect(relativeDifference(fused.dbeta, composed.dbeta)).toBeLessThan(1e-5);
    });
  }

  it('runs as the two fused kernels, not the composed ops', async () => {
    const x = tf.tensor(values(64, 5), [8, 8]);
    const gamma = tf.ones([8]);
    const beta = tf.zeros([8]);
    const info = await tf.profile(() => {
      tf.dispose(tf.grads((a: tf.Tensor) => tf.sum(normalizeLastAxis(a, gamma, beta, 1e-5)))([x]));
    });
    const names = info.kernels.map((k) => k.name);
    expect(names).toContain(LAYER_NORM_KERNEL);
    expect(names).toContain(LAYER_NORM_GRAD_KERNEL);
    expect(names).not.toContain('Rsqrt');
    tf.dispose([x, gamma, beta]);
  });

  it('the JavaScript fallback computes what the SIMD module computes', () => {
    const rows = 5;
    const d = 11;
    const backend = tf.backend() as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
    const simd = elementwiseKernelsFor(tf.backend())?.layerNorm;
    expect(simd).toBeDefined();
    const t = (v: Float32Array | number, shape: number[]) => (typeof v === 'number' ? tf.zeros(shape) : tf.tensor(v, shape));
    const x = t(values(rows * d, 7, -1), [rows, d]);
    const dy = t(values(rows * d, 8), [rows, d]);
    const gamma = t(values(d, 9), [d]);
    const beta = t(values(d, 10), [d]);
    const outs = [0, 1].map(() => ({ y: t(0, [rows, d]), mean: t(0, [rows]), rstd: t(0, [rows]), dx: t(0, [rows, d]), dgamma: t(0, [d]), dbeta: t(0, [d]) }));
    const at = (tensor: tf.Tensor) => backend.typedArrayFromHeap(tensor).byteOffset;
    const runners = [simd!, layerNormOnHeap(backend.typedArrayFromHeap(x).buffer as ArrayBuffer)];
    runners.forEach((runner, i) => {
      const o = outs[i];
      runner.forward({ x: at(x), gamma: at(gamma), beta: at(beta), y: at(o.y), mean: at(o.mean), rstd: at(o.rstd), rows, d, epsilon: 1e-5 });
      runner.backward({ x: at(x), dy: at(dy), gamma: at(gamma), mean: at(o.mean), rstd: at(o.rstd), dx: at(o.dx), dgamma: at(o.dgamma), dbeta: at(o.dbeta), rows, d });
    });
    for (const key of ['y', 'mean', 'rstd', 'dx', 'dgamma', 'dbeta'] as const) {
      expect(relativeDifference(outs[0][key].dataSync() as Float32Array, outs[1][key].dataSync() as Float32Array), key).toBeLessThan(1e-5);
    }
    tf.dispose([x, dy, gamma, beta, ...outs.flatMap((o) => Object.values(o))]);
  });
});

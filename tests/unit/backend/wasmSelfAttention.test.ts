/**
 * The fused self-attention kernels on wasm: the SIMD path (project matmul with two-level batch strides, fused
 * softmax) against the same kernels' JavaScript fallback, forward outputs and gradient, with and without a mask and
 * with a gradient from the weights; causal with left padding (queries that see only [PAD] keys get zero weights,
 * context and gradient) against a float64 reference; and errors that name the kernel. The layer-level comparison against separate
 * projections is in tests/unit/layers/multiHeadAttentionFused.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { makeWasmSelfAttention, makeWasmSelfAttentionGrad } from '../../../engine/backend/wasm/selfAttentionKernels';
import { causalBias, paddingBias, sumBiases } from '../../../engine/layers/ops';
import { SELF_ATTENTION_GRAD_KERNEL, SELF_ATTENTION_KERNEL } from '../../../engine/backend/kernelNames';
import { randomValues } from '../../fixtures/randomValues';
import { relativeDifference } from '../../fixtures/relativeDifference';
import { maskedSoftmaxRows, matmul, softmaxRowsGrad, transpose, type Matrix } from '../layers/reference';

beforeAll(async () => {
  await tf.setBackend('wasm');
  registerWasmKernels('simd', { spawnHelper: null });
});
afterAll(async () => {
  await tf.setBackend('cpu');
});


/** Runs a kernel function directly on the wasm backend and reads its outputs back (then frees them). */
function direct(kernel: tf.KernelFunc, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap): Float32Array[] {
  const backend = tf.backend();
  const out = kernel({ inputs, backend, attrs });
  const infos = Array.isArray(out) ? out : [out];
  const values = infos.map((info) => Float32Array.from(backend.readSync(info.dataId) as Float32Array));
  for (const info of infos) backend.disposeData(info.dataId);
  return values;
}

describe('fused self-attention kernels on wasm', () => {
  const fallbackForward = makeWasmSelfAttention(() => null);
  const fallbackGrad = makeWasmSelfAttentionGrad(() => null);

  for (const [b, t, heads, dk, masked] of [[2, 9, 3, 4, true], [3, 16, 2, 5, false], [1, 64, 4, 32, true]] as const) {
    it(`B ${b}, T ${t}, ${heads} heads of ${dk}${masked ? ', causal' : ''}: the SIMD path equals the JavaScript fallback`, () => {
      const d = heads * dk;
      const qkv = tf.tensor3d(randomValues(b * t * 3 * d, 61, 1), [b, t, 3 * d]);
      const bias = masked ? tf.tidy(() => causalBias(t, t)) : tf.zeros([1, 1, 1, t]);
      const dContext = tf.tensor3d(randomValues(b * t * d, 62, 1), [b, t, d]);
      const dWeights = tf.tensor4d(randomValues(b * heads * t * t, 63, 1), [b, heads, t, t]);
      // Causal: the SIMD path skips the work above the diagonal; the fallback computes it all and masks it.
      const attrs = { heads, causal: masked };
      const [context, weights] = tf.engine().runKernel(SELF_ATTENTION_KERNEL, { qkv, bias }, attrs) as unknown as tf.Tensor[];
      const [jsContext, jsWeights] = direct(fallbackForward, { qkv, bias }, attrs);
      expect(relativeDifference(context.dataSync() as Float32Array, jsContext)).toBeLessThan(1e-5);
      expect(relativeDifference(weights.dataSync() as Float32Array, jsWeights)).toBeLessThan(1e-5);
      for (const withWeights of [false, true]) {
        const gradInputs = { qkv, weights, dContext, ...(withWeights ? { dWeights } : {}) };
        const dqkv = tf.engine().runKernel(SELF_ATTENTION_GRAD_KERNEL, gradInputs, attrs) as tf.Tensor;
        const [jsDqkv] = direct(fallbackGrad, gradInputs, attrs);
        expect(relativeDifference(dqkv.dataSync() as Float32Array, jsDqkv)).toBeLessThan(1e-5);
        dqkv.dispose();
      }
      tf.dispose([qkv, bias, dContext, dWeights, context, weights]);
    });
  }

  it('causal with left padding: both paths give the float64 reference, zeros where a query sees only [PAD] keys', () => {
    const [b, t, heads, dk] = [3, 7, 2, 5];
    const d = heads * dk;
    // Example 0 is left-padded by three, example 1 not at all, example 2 is all [PAD].
    const keyIds = [[0, 0, 0, 4, 5, 6, 7], [4, 5, 6, 7, 8, 9, 10], [0, 0, 0, 0, 0, 0, 0]];
    const hidden = (e: number, i: number, j: number) => j > i || keyIds[e][j] === 0;
    const qkvValues = randomValues(b * t * 3 * d, 71, 2);
    const dContextValues = randomValues(b * t * d, 72, 1);
    const dWeightsValues = randomValues(b * heads * t * t, 73, 1);
    const qkv = tf.tensor3d(qkvValues, [b, t, 3 * d]);
    const bias = tf.tidy(() => sumBiases(causalBias(t, t), paddingBias(tf.tensor2d(keyIds, [b, t], 'int32')))!);
    const dContext = tf.tensor3d(dContextValues, [b, t, d]);
    const dWeights = tf.tensor4d(dWeightsValues, [b, heads, t, t]);
    const attrs = { heads, causal: true };

    // Float64: per example and head, P = masked softmax(Q Kᵀ), C = P V; dP = dC Vᵀ + dW, dS = P ⊙ (dP − Σ dP ⊙ P),
    // dQ = dS K, dK = dSᵀ Q, dV = Pᵀ dC.
    const expected = { context: new Float32Array(b * t * d), weights: new Float32Array(b * heads * t * t), dqkv: new Float32Array(b * t * 3 * d) };
    const block = (flat: Float32Array, e: number, width: number, from: number, cols: number): Matrix =>
      Array.from({ length: t }, (_, i) => Array.from(flat.subarray((e * t + i) * width + from, (e * t + i) * width + from + cols)));
    const put = (flat: Float32Array, m: Matrix, e: number, width: number, from: number) =>
      m.forEach((row, i) => flat.set(row, (e * t + i) * width + from));
    let blindRows = 0;
    for (let e = 0; e < b; e++) {
      const mask = Array.from({ length: t }, (_, i) => Array.from({ length: t }, (_, j) => hidden(e, i, j)));
      blindRows += mask.filter((row) => row.every(Boolean)).length;
      for (let h = 0; h < heads; h++) {
        const [q, k, v] = [0, 1, 2].map((part) => block(qkvValues, e, 3 * d, part * d + h * dk, dk));
        const dc = block(dContextValues, e, d, h * dk, dk);
        const square = (e * heads + h) * t * t;
        const p = maskedSoftmaxRows(matmul(q, transpose(k)), mask);
        const dp = matmul(dc, transpose(v)).map((row, i) => row.map((x, j) => x + dWeightsValues[square + i * t + j]));
        const ds = softmaxRowsGrad(p, dp);
        expected.weights.set(p.flat(), square);
        put(expected.context, matmul(p, v), e, d, h * dk);
        put(expected.dqkv, matmul(ds, k), e, 3 * d, h * dk);
        put(expected.dqkv, matmul(transpose(ds), q), e, 3 * d, d + h * dk);
        put(expected.dqkv, matmul(transpose(p), dc), e, 3 * d, 2 * d + h * dk);
      }
    }
    expect(blindRows).toBe(3 + t);

    const [context, weights] = tf.engine().runKernel(SELF_ATTENTION_KERNEL, { qkv, bias }, attrs) as unknown as tf.Tensor[];
    const dqkv = tf.engine().runKernel(SELF_ATTENTION_GRAD_KERNEL, { qkv, weights, dContext, dWeights }, attrs) as tf.Tensor;
    const simd = { context: context.dataSync() as Float32Array, weights: weights.dataSync() as Float32Array, dqkv: dqkv.dataSync() as Float32Array };
    const [jsContext, jsWeights] = direct(fallbackForward, { qkv, bias }, attrs);
    const [jsDqkv] = direct(fallbackGrad, { qkv, weights, dContext, dWeights }, attrs);
    const fallback = { context: jsContext, weights: jsWeights, dqkv: jsDqkv };
    for (const [path, actual] of [['SIMD', simd], ['JavaScript', fallback]] as const) {
      for (const key of ['context', 'weights', 'dqkv'] as const) {
        expect(relativeDifference(actual[key], expected[key]), `${path} ${key}`).toBeLessThan(1e-5);
      }
      // The blind queries: zero weights, zero context, and no gradient into their Q rows.
      for (let e = 0; e < b; e++) {
        for (let i = 0; i < t; i++) {
          if (!keyIds[e].every((_, j) => hidden(e, i, j))) continue;
          const row = e * t + i;
          expect(actual.context.subarray(row * d, (row + 1) * d).every((x) => x === 0), `${path} context ${e}, ${i}`).toBe(true);
          expect(actual.dqkv.subarray(row * 3 * d, row * 3 * d + d).every((x) => x === 0), `${path} dQ ${e}, ${i}`).toBe(true);
          for (let h = 0; h < heads; h++) {
            const at = ((e * heads + h) * t + i) * t;
            expect(actual.weights.subarray(at, at + t).every((x) => x === 0), `${path} weights ${e}, ${h}, ${i}`).toBe(true);
          }
        }
      }
    }
    tf.dispose([qkv, bias, dContext, dWeights, context, weights, dqkv]);
  });

  it('errors name the kernel and what it takes', () => {
    const qkv = tf.zeros([2, 4, 10]);
    expect(() => tf.engine().runKernel(SELF_ATTENTION_KERNEL, { qkv }, { heads: 2 })).toThrow(/TensorloomSelfAttention takes float32 qkv of shape \(B, T, 3·d\)/);
    const good = tf.zeros([2, 4, 12]);
    expect(() => tf.engine().runKernel(SELF_ATTENTION_KERNEL, { qkv: good, bias: tf.zeros([3, 4]) }, { heads: 2 })).toThrow(/cannot add a mask of shape \[3,4\]/);
    expect(() => tf.engine().runKernel(SELF_ATTENTION_GRAD_KERNEL, { qkv: good, weights: tf.zeros([2, 2, 4, 3]), dContext: tf.zeros([2, 4, 4]) }, { heads: 2 })).toThrow(
      /do not match qkv/,
    );
    tf.dispose([qkv, good]);
  });
});

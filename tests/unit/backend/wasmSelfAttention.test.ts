/**
 * The fused self-attention kernels on wasm: the SIMD path (project matmul with two-level batch strides, fused
 * softmax) against the same kernels' JavaScript fallback, forward outputs and gradient, with and without a mask and
 * with a gradient from the weights; and errors that name the kernel. The layer-level comparison against separate
 * projections is in tests/unit/layers/multiHeadAttentionFused.test.ts.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { makeWasmSelfAttention, makeWasmSelfAttentionGrad } from '../../../engine/backend/wasm/selfAttentionKernels';
import { causalBias } from '../../../engine/layers/ops';
import { SELF_ATTENTION_GRAD_KERNEL, SELF_ATTENTION_KERNEL } from '../../../engine/layers/selfAttentionKernelNames';
import { randomValues } from '../../fixtures/randomValues';
import { relativeDifference } from '../../fixtures/relativeDifference';

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

import * as tf from '@tensorflow/tfjs';
import { SELF_ATTENTION_GRAD_KERNEL, SELF_ATTENTION_KERNEL } from '../backend/kernelNames';
import { planBiasRows } from './biasRows';

/**
 * Whether the active backend runs self-attention's core as the fused kernels for a (B, T, ·) float32 input, model
 * width d, `heads` heads and this mask: both kernels registered (wasm with the project's SIMD kernels) and a mask
 * shape they take.
 */
export function fusedSelfAttentionApplies(input: tf.Tensor, d: number, bias: tf.Tensor | null, heads: number): boolean {
  const backend = tf.getBackend();
  if (!tf.getKernel(SELF_ATTENTION_KERNEL, backend) || !tf.getKernel(SELF_ATTENTION_GRAD_KERNEL, backend)) return false;
  if (input.dtype !== 'float32' || input.rank !== 3 || d % heads !== 0) return false;
  const [b, t] = input.shape as number[];
  return bias === null || (bias.dtype === 'float32' && planBiasRows([b, heads, t, t], bias.shape) !== null);
}

// The forward kernel has two outputs, which tf.customGrad cannot give: its gradient is registered for the kernel
// (one registration serves every backend; only a backend with the forward kernel ever records it on a tape).
tf.registerGradient({
  kernelName: SELF_ATTENTION_KERNEL,
  inputsToSave: ['qkv', 'bias'],
  outputsToSave: [false, true],
  gradFunc: (dys, saved, attrs) => {
    const [dContext, dWeights] = dys as tf.Tensor[];
    const [qkv, bias, weights] = saved;
    return {
      qkv: () => tf.engine().runKernel(SELF_ATTENTION_GRAD_KERNEL, { qkv, weights, dContext, dWeights }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor,
      // The mask is a constant (causal tables, token ids): it gets a zero gradient.
      bias: () => tf.zerosLike(bias),
    };
  },
});

/**
 * Multi-head self-attention's core on the fused kernels: from qkv (B, T, 3·d) = [Q | K | V] (Q already scaled by
 * 1/√d_k) and an additive mask, the heads' contexts side by side (B, T, d) and the weights (B, heads, T, T). The
 * kernels read each head straight out of the projection and write each context into its columns, so no transpose,
 * split or concat runs either way. With `causal` (query t sees keys 0..t; `bias` must mask the rest) the products
 * skip the work above the diagonal, whose weights are exactly 0. The gradient flows to qkv from the context and the
 * weights; the mask gets none. Check fusedSelfAttentionApplies first.
 */
export function fusedSelfAttention(qkv: tf.Tensor3D, bias: tf.Tensor | null, heads: number, causal: boolean): { context: tf.Tensor3D; weights: tf.Tensor4D } {
  return tf.tidy(() => {
    // No mask is a zero one: the registered gradient saves every input it names, so the kernel always has one.
    const mask = bias ?? tf.zeros([1, 1, 1, qkv.shape[1]]);
    const [context, weights] = tf.engine().runKernel(SELF_ATTENTION_KERNEL, { qkv, bias: mask }, { heads, causal }) as unknown as [tf.Tensor3D, tf.Tensor4D];
    return { context, weights };
  });
}

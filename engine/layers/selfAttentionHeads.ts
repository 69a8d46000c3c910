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

// The forward kernel has two outputs, which tf.customGrad cannot give: where the weights are differentiated, its
// gradient is registered for the kernel (one registration serves every backend; only a backend with the forward
// kernel ever records it on a tape).
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
 * skip the work above the diagonal, whose weights are exactly 0. The gradient flows to qkv from the context, and
 * from the weights with `weightsGradient`; the mask gets none. Check fusedSelfAttentionApplies first.
 *
 * Without `weightsGradient` the weights are for reading only (the heat-maps) and the tape records the call as an op
 * whose one output is the context. tfjs gives every output of a recorded op a gradient, and one that nothing
 * downstream differentiates gets a B·h·T² array of zeros built in JavaScript and copied into the backend, every
 * step, which the gradient kernel then adds in: the single-output op does without both.
 */
export function fusedSelfAttention(
  qkv: tf.Tensor3D, bias: tf.Tensor | null, heads: number, causal: boolean, weightsGradient: boolean,
): { context: tf.Tensor3D; weights: tf.Tensor4D } {
  return tf.tidy(() => {
    // No mask is a zero one: the registered gradient saves every input it names, so the kernel always has one.
    const mask = bias ?? tf.zeros([1, 1, 1, qkv.shape[1]]);
    const attrs = { heads, causal };
    if (weightsGradient) {
      const [context, weights] = tf.engine().runKernel(SELF_ATTENTION_KERNEL, { qkv, bias: mask }, attrs) as unknown as [tf.Tensor3D, tf.Tensor4D];
      return { context, weights };
    }
    let keptWeights: tf.Tensor4D | null = null;
    const attend = tf.customGrad(((x: tf.Tensor3D, save: (tensors: tf.Tensor[]) => void) => {
      const [context, weights] = tf.engine().runKernel(SELF_ATTENTION_KERNEL, { qkv: x, bias: mask }, attrs) as unknown as [tf.Tensor3D, tf.Tensor4D];
      save([x, weights]);
      // Kept past the forward function's own scope, then handed to this call's scope below.
      keptWeights = tf.keep(weights);
      return {
        value: context,
        gradFunc: (dContext: tf.Tensor, [savedQkv, savedWeights]: tf.Tensor[]) =>
          tf.engine().runKernel(SELF_ATTENTION_GRAD_KERNEL, { qkv: savedQkv, weights: savedWeights, dContext }, attrs) as tf.Tensor,
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]);
    const context = attend(qkv) as tf.Tensor3D;
    // A view of the same buffer that this scope owns (and disposes unless returned), in place of the kept tensor.
    const weights = tf.clone(keptWeights!) as tf.Tensor4D;
    keptWeights!.dispose();
    return { context, weights };
  });
}

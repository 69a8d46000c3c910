import * as tf from '@tensorflow/tfjs';
import { SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL, SOFTMAX_CROSS_ENTROPY_KERNEL } from '../backend/kernelNames';

type SaveFn = (tensors: tf.Tensor[]) => void;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/** Whether the active backend registered both fused kernels. */
function fusedAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(SOFTMAX_CROSS_ENTROPY_KERNEL, backend) !== undefined && tf.getKernel(SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL, backend) !== undefined;
}

/**
 * −Σ_v q_v log softmax(logits)_v per row, q = (1 − ε)·one_hot(id) + ε/V (ε = `smoothing`): logits (N, V) float32,
 * ids (N) int32, result (N). Differentiable in the logits. Where the backend registered the fused kernels (wasm),
 * one kernel computes the losses and one their gradient, dy·(Σq·softmax − q); elsewhere logSoftmax (max-subtracted,
 * so large logits cannot overflow) and a one-hot product compose them. The ids enter only as a constant, never
 * through gather, so the gradient exists on every backend.
 */
export function softmaxCrossEntropyRows(logits: tf.Tensor2D, ids: tf.Tensor1D, smoothing: number): tf.Tensor1D {
  if (logits.dtype === 'float32' && fusedAvailable()) {
    const op = tf.customGrad(((x: tf.Tensor2D, save: SaveFn) => {
      save([x]);
      return {
        value: tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY_KERNEL, { logits: x, ids }, { smoothing }) as tf.Tensor1D,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
          tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL, { logits: saved[0], ids, dy }, { smoothing }) as tf.Tensor,
      };
    }) as unknown as CustomGradientFunc) as unknown as (x: tf.Tensor2D) => tf.Tensor1D;
    return op(logits);
  }
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const logProbs = tf.logSoftmax(logits); // (N, V)
    // (N, V), a constant. Built as int32 then cast: the wasm OneHot kernel ignores a float32 dtype and
    // writes int32 bits into a float buffer (tfjs 4.22), which reads back as denormal garbage.
    const oneHot = tf.cast(tf.oneHot(ids, classes), 'float32');
    const targetLogProb = tf.sum(tf.mul(oneHot, logProbs), -1); // (N,)
    if (smoothing === 0) return tf.neg(targetLogProb);
    // −Σ_v q_v log p_v with q = (1 − ε)·one_hot + ε/V.
    const meanLogProb = tf.mean(logProbs, -1);
    return tf.neg(tf.add(tf.mul(targetLogProb, 1 - smoothing), tf.mul(meanLogProb, smoothing)));
  }) as tf.Tensor1D;
}

import * as tf from '@tensorflow/tfjs';
import { MASKED_SOFTMAX_GRAD_KERNEL, MASKED_SOFTMAX_KERNEL } from '../backend/kernelNames';
import { MASKED_KEY_LIMIT } from './attentionMask';
import { planBiasRows } from './biasRows';

type SaveFn = (tensors: tf.Tensor[]) => void;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/** Whether the active backend registered both fused kernels and they take these operands. */
function fusedApplies(scores: tf.Tensor, bias: tf.Tensor | null): boolean {
  const backend = tf.getBackend();
  if (!tf.getKernel(MASKED_SOFTMAX_KERNEL, backend) || !tf.getKernel(MASKED_SOFTMAX_GRAD_KERNEL, backend)) return false;
  if (scores.dtype !== 'float32' || scores.rank < 1) return false;
  return bias === null || (bias.dtype === 'float32' && planBiasRows(scores.shape, bias.shape) !== null);
}

/**
 * 1 for the rows of `bias` (…, T_q, 1) that leave at least one key visible, 0 for those that mask every key. Read
 * from the mask alone, which is smaller than the scores (no heads axis).
 */
function rowsSeeingAKey(bias: tf.Tensor): tf.Tensor {
  return tf.cast(tf.greater(tf.max(bias, -1, true), MASKED_KEY_LIMIT), 'float32');
}

/**
 * softmax(scores + bias) over the last axis: attention's weights, with `bias` the additive mask (causal, key
 * padding or their sum, broadcast to scores) or null. A row whose every key is masked gets zero weights and passes
 * no gradient (see attentionMask.ts). Where the backend registered the fused kernels (wasm,
 * engine/backend/wasm/softmaxKernels.ts) and takes this bias shape, one kernel runs forward and one backward,
 * dscores = w ⊙ (dw − Σ_row dw ⊙ w), instead of Add, Softmax and the four-kernel gradient chain; elsewhere the
 * plain ops run, with the fully masked rows multiplied by 0.
 *
 * The mask is a constant: the fused path passes no gradient to `bias` (the project's masks are built from a
 * fixed table and token ids, which have none), only to `scores`.
 */
export function maskedSoftmax(scores: tf.Tensor, bias: tf.Tensor | null): tf.Tensor {
  if (!fusedApplies(scores, bias)) return bias ? tf.mul(tf.softmax(tf.add(scores, bias)), rowsSeeingAKey(bias)) : tf.softmax(scores);
  const op = tf.customGrad(((x: tf.Tensor, save: SaveFn) => {
    const y = tf.engine().runKernel(MASKED_SOFTMAX_KERNEL, bias ? { x, bias } : { x }, {}) as tf.Tensor;
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(MASKED_SOFTMAX_GRAD_KERNEL, { y: saved[0], dy }, {}) as tf.Tensor,
    };
  }) as unknown as CustomGradientFunc) as unknown as (x: tf.Tensor) => tf.Tensor;
  return op(scores);
}

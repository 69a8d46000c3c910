import * as tf from '@tensorflow/tfjs';
import { PAD } from '../data/types';
import { coded, EngineError } from '../graph/errors';
import { softmaxCrossEntropyRows } from './softmaxCrossEntropy';

export interface CrossEntropyOptions {
  /**
   * ε in [0, 1): the target distribution becomes (1 − ε)·one_hot + ε/V, which keeps the model from
   * becoming over-confident. 0 gives plain cross-entropy.
   */
  labelSmoothing?: number;
}

/** A type alias, not an interface, so that it is a tf.TensorContainer and can be returned from tf.tidy. */
export type CrossEntropyResult = {
  /** Mean cross-entropy over the counted positions (0 when none are counted). Differentiable. */
  loss: tf.Scalar;
  /** How many counted positions have argmax(logits) equal to the target. */
  correct: tf.Scalar;
  /** How many positions were counted: non-[PAD] targets, or every example for classification. */
  count: tf.Scalar;
};

/**
 * Softmax cross-entropy for the loss heads.
 *
 * - Per-token heads: logits (B, T, V), targets (B, T); positions whose target is [PAD] count for nothing.
 * - Classification: logits (B, C), targets (B); every example counts (class labels are never padding).
 *
 * Each position's loss is softmaxCrossEntropyRows' (one fused kernel each way on wasm, logSoftmax and a one-hot
 * product elsewhere; no `gather` on the path to the loss, so the gradient exists on every backend).
 */
export function maskedSoftmaxCrossEntropy(
  logits: tf.Tensor,
  targets: tf.Tensor,
  options: CrossEntropyOptions = {},
): CrossEntropyResult {
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing < 1)) {
    throw new EngineError([coded('E_BAD_PARAM', 'loss.smoothing', { value: String(smoothing) })]);
  }
  const perToken = logits.rank === 3;
  if (!perToken && logits.rank !== 2) {
    throw new EngineError([coded('E_RANK_MISMATCH', 'loss.logitsRank', { rank: logits.rank, shape: logits.shape.join('×') })]);
  }
  if (targets.rank !== logits.rank - 1 || targets.shape.some((d, i) => d !== logits.shape[i])) {
    const shapes = { targets: targets.shape.join('×'), logits: logits.shape.join('×'), expected: logits.shape.slice(0, -1).join('×') };
    throw new EngineError([coded('E_SHAPE_MISMATCH', 'loss.targetsShape', shapes)]);
  }
  const classes = logits.shape[logits.rank - 1];

  return tf.tidy(() => {
    const ids = targets.dtype === 'int32' ? targets : tf.cast(targets, 'int32');
    // (N,) after flattening every leading axis; N = B·T or B.
    const flatIds = tf.reshape(ids, [-1]) as tf.Tensor1D;
    const flatLogits = tf.reshape(logits, [-1, classes]) as tf.Tensor2D; // (N, V)
    const perPosition = softmaxCrossEntropyRows(flatLogits, flatIds, smoothing); // (N,)
    const mask = perToken ? tf.cast(tf.notEqual(flatIds, PAD), 'float32') : tf.onesLike(perPosition); // (N,)
    const count = tf.sum(mask);
    const loss = tf.div(tf.sum(tf.mul(perPosition, mask)), tf.maximum(count, 1)) as tf.Scalar;
    const hits = tf.cast(tf.equal(tf.argMax(flatLogits, -1), flatIds), 'float32');
    const correct = tf.sum(tf.mul(hits, mask)) as tf.Scalar;
    return { loss, correct, count: count as tf.Scalar };
  });
}

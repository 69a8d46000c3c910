import * as tf from '@tensorflow/tfjs';

/** √(Σ‖g‖²) over every gradient: one number for the whole model, as in torch.nn.utils.clip_grad_norm_. */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy((): tf.Scalar => {
    const squares = Object.values(grads).map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(squares.length ? tf.addN(squares) : tf.scalar(0)) as tf.Scalar;
  });
}

/**
 * Scales every gradient by min(1, maxNorm / norm), so the update keeps its direction but never exceeds
 * maxNorm in total. maxNorm 0 turns clipping off. Call inside a tidy.
 */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, norm: tf.Scalar, maxNorm: number): tf.NamedTensorMap {
  if (!(maxNorm > 0)) return grads;
  const scale = tf.minimum(tf.scalar(1), tf.div(tf.scalar(maxNorm), tf.maximum(norm, tf.scalar(1e-12))));
  const clipped: tf.NamedTensorMap = {};
  for (const [name, g] of Object.entries(grads)) clipped[name] = tf.mul(g, scale);
  return clipped;
}

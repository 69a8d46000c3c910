import * as tf from '@tensorflow/tfjs';
import { GLOBAL_NORM_KERNEL } from '../backend/kernelNames';

/**
 * √(Σ‖g‖²) over every gradient: one number for the whole model, as in torch.nn.utils.clip_grad_norm_. One kernel
 * where the backend registered GLOBAL_NORM_KERNEL (wasm) and every gradient is float32; plain ops elsewhere.
 */
export function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  const all = Object.values(grads);
  if (all.length && all.every((g) => g.dtype === 'float32') && tf.getKernel(GLOBAL_NORM_KERNEL, tf.getBackend())) {
    const inputs = Object.fromEntries(all.map((g, i) => [`g${i}`, g]));
    return tf.engine().runKernel(GLOBAL_NORM_KERNEL, inputs) as tf.Scalar;
  }
  return tf.tidy((): tf.Scalar => {
    const squares = all.map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(squares.length ? tf.addN(squares) : tf.scalar(0)) as tf.Scalar;
  });
}

/**
 * min(1, maxNorm / max(norm, 1e-12)) in float32, the factor clipByGlobalNorm multiplies by, from a norm already
 * read back: the fused Adam applies it inside its update (no Multiply per gradient). 1 when maxNorm is 0 (off).
 */
export function clipScale(norm: number, maxNorm: number): number {
  if (!(maxNorm > 0)) return 1;
  const f = Math.fround;
  return Math.min(1, f(f(maxNorm) / Math.max(f(norm), f(1e-12))));
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

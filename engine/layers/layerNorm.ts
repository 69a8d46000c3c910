import * as tf from '@tensorflow/tfjs';
import { layerCheck, scaleShift, type Kwargs, withDefaultName } from './ops';

export interface LayerNormArgs {
  /** Added to the variance before the square root, so constant vectors do not divide by zero. */
  epsilon?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * γ · (x − mean) / √(var + ε) + β over the last axis, with mean and variance from plain ops (mean, sub,
 * mul, rsqrt) that every backend differentiates quickly — no `tf.pow`, no `tf.moments` — and γ, β
 * gradients summed by matMul (see `scaleShift`).
 */
export function normalizeLastAxis(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const axis = x.rank - 1;
  const centred = tf.sub(x, tf.mean(x, axis, true)); // (…, d)
  const variance = tf.mean(tf.mul(centred, centred), axis, true); // (…, 1)
  const normalised = tf.mul(centred, tf.rsqrt(tf.add(variance, epsilon))); // (…, d)
  return scaleShift(normalised, gamma, beta);
}

/**
 * Layer normalisation (Ba et al. 2016): each vector rescaled to zero mean and unit variance, then by a
 * learned γ and β. Keeps activations in range however deep the stack, which is what lets Transformers train.
 */
export class LayerNorm extends tf.layers.Layer {
  static className = 'Tensorloom>LayerNorm';
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerNormArgs = {}) {
    super(withDefaultName(args, 'layer_norm'));
    this.epsilon = args.epsilon ?? 1e-5;
    layerCheck(this.epsilon > 0, 'LayerNorm', `epsilon must be positive, got ${this.epsilon}`);
  }

  override build(inputShape: tf.Shape): void {
    const width = inputShape[inputShape.length - 1];
    layerCheck(width !== null, 'LayerNorm', 'the vector width must be known');
    this.gamma = this.addWeight('gamma', [width!], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [width!], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      return normalizeLastAxis(x, this.gamma!.read(), this.beta!.read(), this.epsilon);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(LayerNorm);

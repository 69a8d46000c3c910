import * as tf from '@tensorflow/tfjs';
import { normalizeLastAxis } from './layerNorm';
import { layerCheck, type Kwargs, withDefaultName } from './ops';

export type NormPlacement = 'post' | 'pre';

export interface AddNormArgs {
  /** 'post': LayerNorm(x + sublayer(x)), the original Transformer. 'pre': x + sublayer(x) only; the norm sits before the sublayer (GPT-2). */
  norm?: NormPlacement;
  epsilon?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * [residual x, sublayer output y] (same shape) → LayerNorm(x + y) or x + y. The residual path gives the
 * gradient a short way back to early layers; the norm keeps the sum's scale steady.
 */
export class AddNorm extends tf.layers.Layer {
  static className = 'Tensorloom>AddNorm';
  readonly norm: NormPlacement;
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: AddNormArgs = {}) {
    super(withDefaultName(args, 'add_norm'));
    this.norm = args.norm ?? 'post';
    layerCheck(this.norm === 'post' || this.norm === 'pre', 'AddNorm', `norm must be post or pre, got ${this.norm}`);
    this.epsilon = args.epsilon ?? 1e-5;
    layerCheck(this.epsilon > 0, 'AddNorm', `epsilon must be positive, got ${this.epsilon}`);
  }

  override build(inputShape: tf.Shape[]): void {
    layerCheck(Array.isArray(inputShape[0]) && inputShape.length === 2, 'AddNorm', 'expects two inputs: the residual and the sublayer output');
    const [x, y] = inputShape;
    layerCheck(x.length === y.length && x.every((d, i) => d === null || y[i] === null || d === y[i]), 'AddNorm', `shapes [${x}] and [${y}] differ`);
    const width = x[x.length - 1];
    layerCheck(width !== null, 'AddNorm', 'the vector width must be known');
    if (this.norm === 'post') {
      this.gamma = this.addWeight('gamma', [width!], 'float32', tf.initializers.ones());
      this.beta = this.addWeight('beta', [width!], 'float32', tf.initializers.zeros());
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape[]): tf.Shape {
    return inputShape[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [x, y] = inputs as tf.Tensor[];
      const sum = tf.add(x, y);
      return this.norm === 'post' ? normalizeLastAxis(sum, this.gamma!.read(), this.beta!.read(), this.epsilon) : sum;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), norm: this.norm, epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(AddNorm);

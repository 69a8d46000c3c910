import * as tf from '@tensorflow/tfjs';
import { layerCheck, type Kwargs, withDefaultName } from './ops';

export type PoolingMode = 'first' | 'mean' | 'max' | 'last';

export interface PoolingArgs {
  /** 'first': the vector at position 0 ([CLS] in BERT-style classifiers); 'last': the final position; 'mean'/'max' over time. */
  mode?: PoolingMode;
  name?: string;
  trainable?: boolean;
}

/** A sequence (B, T, d) → one vector per example (B, d), for classification heads. */
export class Pooling extends tf.layers.Layer {
  static className = 'Tensorloom>Pooling';
  readonly mode: PoolingMode;

  constructor(args: PoolingArgs = {}) {
    super(withDefaultName(args, 'pooling'));
    this.mode = args.mode ?? 'first';
    layerCheck(['first', 'mean', 'max', 'last'].includes(this.mode), 'Pooling', `mode must be first, mean, max or last, got ${this.mode}`);
  }

  override build(inputShape: tf.Shape): void {
    layerCheck(inputShape.length === 3, 'Pooling', `expects a sequence (B, T, d), got rank ${inputShape.length}`);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return [inputShape[0], inputShape[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs; // (B, T, d)
      const [b, t, d] = x.shape as number[];
      switch (this.mode) {
        case 'first':
          return tf.slice(x, [0, 0, 0], [b, 1, d]).reshape([b, d]); // (B, d)
        case 'last':
          return tf.slice(x, [0, t - 1, 0], [b, 1, d]).reshape([b, d]); // (B, d)
        case 'mean':
          return tf.mean(x, 1); // (B, d)
        case 'max':
          return tf.max(x, 1); // (B, d)
      }
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}
tf.serialization.registerClass(Pooling);

import * as tf from '@tensorflow/tfjs';
import { layerCheck, type Kwargs, withDefaultName } from './ops';

export type PoolingMode = 'first' | 'mean' | 'max' | 'last';

export interface PoolingArgs {
  /** 'first': the vector at position 0 ([CLS] in BERT-style classifiers); 'last': the final position; 'mean'/'max' over time. */
  mode?: PoolingMode;
  /**
   * The layer takes the sequence's token ids (B, T) as a second input and leaves out the positions whose id is
   * [PAD] (0): 'mean' and 'max' pool the real tokens only, 'last' takes the last real token, and a row of [PAD] only
   * gives zeros. 'first' is unchanged.
   */
  maskPadding?: boolean;
  name?: string;
  trainable?: boolean;
}

/** A sequence (B, T, d) → one vector per example (B, d), for classification heads. */
export class Pooling extends tf.layers.Layer {
  static className = 'Tensorloom>Pooling';
  readonly mode: PoolingMode;
  readonly maskPadding: boolean;

  constructor(args: PoolingArgs = {}) {
    super(withDefaultName(args, 'pooling'));
    this.mode = args.mode ?? 'first';
    this.maskPadding = args.maskPadding ?? false;
    layerCheck(['first', 'mean', 'max', 'last'].includes(this.mode), 'Pooling', `mode must be first, mean, max or last, got ${this.mode}`);
  }

  private sequenceShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
    const expected = this.maskPadding ? 2 : 1;
    layerCheck(shapes.length === expected, 'Pooling', `expects ${expected === 2 ? 'a sequence and its token ids' : 'one sequence'}, got ${shapes.length} inputs`);
    if (this.maskPadding) layerCheck(shapes[1].length === 2, 'Pooling', `expects token ids (B, T), got rank ${shapes[1].length}`);
    return shapes[0];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const x = this.sequenceShape(inputShape);
    layerCheck(x.length === 3, 'Pooling', `expects a sequence (B, T, d), got rank ${x.length}`);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const x = this.sequenceShape(inputShape);
    return [x[0], x[2]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const x = list[0]; // (B, T, d)
      const [b, t, d] = x.shape as number[];
      if (this.mode === 'first') return tf.slice(x, [0, 0, 0], [b, 1, d]).reshape([b, d]); // (B, d)
      if (!this.maskPadding) {
        if (this.mode === 'last') return tf.slice(x, [0, t - 1, 0], [b, 1, d]).reshape([b, d]); // (B, d)
        return this.mode === 'mean' ? tf.mean(x, 1) : tf.max(x, 1); // (B, d)
      }
      const real = tf.cast(tf.notEqual(list[1], 0), 'float32'); // (B, T): 1 on a token, 0 on [PAD]
      const realColumn = tf.expandDims(real, 2); // (B, T, 1)
      switch (this.mode) {
        case 'mean': {
          // A row of padding only has no tokens to average: its vector is zero.
          const count = tf.maximum(tf.sum(real, 1, true), 1); // (B, 1)
          return tf.div(tf.sum(tf.mul(x, realColumn), 1), count); // (B, d)
        }
        case 'max': {
          const hasToken = tf.greater(tf.max(real, 1, true), 0); // (B, 1)
          const pooled = tf.max(tf.where(tf.greater(realColumn, 0), x, tf.fill(x.shape, -3.4e38)), 1); // (B, d)
          return tf.where(tf.broadcastTo(hasToken, [b, d]), pooled, tf.zerosLike(pooled));
        }
        case 'last': {
          // The highest position holding a token; padding may sit anywhere. A row of padding only picks nothing.
          const positions = tf.range(0, t, 1, 'float32').reshape([1, t]);
          const lastIndex = tf.cast(tf.max(tf.mul(real, positions), 1), 'int32'); // (B,)
          const hasToken = tf.max(real, 1, true); // (B, 1)
          const pick = tf.expandDims(tf.mul(tf.oneHot(lastIndex, t), hasToken), 2); // (B, T, 1)
          return tf.sum(tf.mul(x, pick), 1); // (B, d)
        }
      }
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode, ...(this.maskPadding ? { maskPadding: true } : {}) };
  }
}
tf.serialization.registerClass(Pooling);

import * as tf from '@tensorflow/tfjs';
import { addToEveryExample, dropoutWhenTraining, layerCheck, sinusoidalTable, type Kwargs, withDefaultName } from './ops';

export type PositionEncodingKind = 'sinusoidal' | 'learned';

export interface PositionalEncodingArgs {
  /** 'sinusoidal': the fixed sin/cos table of “Attention Is All You Need”; 'learned': one trained vector per position (GPT, BERT). */
  encoding?: PositionEncodingKind;
  /** Longest sequence the layer accepts; the learned table has this many rows. */
  maxLength: number;
  /** Dropout on the sum, while training. */
  dropout?: number;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * x (B, T, d) → x + PE[0:T] (B, T, d). Attention treats its inputs as a set; adding a position-dependent
 * vector is what lets it tell “dog bites man” from “man bites dog”.
 */
export class PositionalEncoding extends tf.layers.Layer {
  static className = 'Tensorloom>PositionalEncoding';
  readonly encoding: PositionEncodingKind;
  readonly maxLength: number;
  readonly dropout: number;
  readonly seed: number | undefined;
  private table: tf.LayerVariable | null = null;
  /** The sinusoidal table is a constant; it is kept as plain numbers so no tensor outlives a call. */
  private constantTable: Float32Array | null = null;
  private width = 0;

  constructor(args: PositionalEncodingArgs) {
    super(withDefaultName(args, 'positional_encoding'));
    this.encoding = args.encoding ?? 'sinusoidal';
    layerCheck(this.encoding === 'sinusoidal' || this.encoding === 'learned', 'PositionalEncoding', `encoding must be sinusoidal or learned, got ${this.encoding}`);
    layerCheck(Number.isInteger(args.maxLength) && args.maxLength >= 1, 'PositionalEncoding', `maxLength must be a positive integer, got ${args.maxLength}`);
    this.maxLength = args.maxLength;
    this.dropout = args.dropout ?? 0;
    layerCheck(this.dropout >= 0 && this.dropout < 1, 'PositionalEncoding', `dropout must be in [0, 1), got ${this.dropout}`);
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape): void {
    layerCheck(inputShape.length === 3, 'PositionalEncoding', `expects (B, T, d), got rank ${inputShape.length}`);
    const [, time, width] = inputShape;
    layerCheck(width !== null, 'PositionalEncoding', 'the vector width must be known');
    layerCheck(time === null || time <= this.maxLength, 'PositionalEncoding', `sequence length ${time} exceeds maxLength ${this.maxLength}`);
    this.width = width!;
    if (this.encoding === 'learned') {
      this.table = this.addWeight(
        'positions',
        [this.maxLength, this.width],
        'float32',
        tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed }),
      );
    } else {
      this.constantTable = sinusoidalTable(this.maxLength, this.width);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape;
  }

  /**
   * The encoding of positions offset … offset + n − 1 added to x (B, n, d): what a call on a whole sequence adds
   * at those positions, for generation one step at a time. Inference only (no dropout).
   */
  decodeAt(x: tf.Tensor, offset: number): tf.Tensor {
    return tf.tidy(() => {
      const time = x.shape[1] as number;
      layerCheck(offset + time <= this.maxLength, 'PositionalEncoding', `position ${offset + time - 1} exceeds maxLength ${this.maxLength}`);
      return this.encoding === 'learned'
        ? tf.add(x, tf.slice(this.table!.read(), [offset, 0], [time, this.width]))
        : tf.add(x, tf.tensor2d(this.constantTable!.subarray(offset * this.width, (offset + time) * this.width), [time, this.width]));
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs; // (B, T, d)
      const time = x.shape[1] as number;
      layerCheck(time <= this.maxLength, 'PositionalEncoding', `sequence length ${time} exceeds maxLength ${this.maxLength}`);
      const sum =
        this.encoding === 'learned'
          ? addToEveryExample(x, tf.slice(this.table!.read(), [0, 0], [time, this.width])) // (B, T, d) + (T, d)
          : tf.add(x, tf.tensor2d(this.constantTable!.subarray(0, time * this.width), [time, this.width])); // constant: no gradient
      return dropoutWhenTraining(sum, this.dropout, kwargs); // (B, T, d)
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { encoding: this.encoding, maxLength: this.maxLength, dropout: this.dropout };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(PositionalEncoding);

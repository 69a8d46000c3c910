import * as tf from '@tensorflow/tfjs';
import { dropoutWhenTraining, gelu, layerCheck, linear, linearRelu, type Kwargs, withDefaultName } from './ops';

export type FeedForwardActivation = 'relu' | 'gelu';

export interface FeedForwardArgs {
  /** Width of the hidden layer (4 × d_model in most Transformers). */
  hidden: number;
  activation?: FeedForwardActivation;
  /** Dropout on the block's output, while training (as on every Transformer sublayer output). */
  dropout?: number;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * FFN(x) = act(x W_1 + b_1) W_2 + b_2, applied to every position separately: (…, d) → (…, hidden) → (…, d).
 * One layer instead of two Dense layers so GELU is the x·x·x form (no `tf.pow`) and the graph has one node.
 */
export class FeedForward extends tf.layers.Layer {
  static className = 'Tensorloom>FeedForward';
  readonly hidden: number;
  readonly activation: FeedForwardActivation;
  readonly dropout: number;
  readonly seed: number | undefined;
  private w1: tf.LayerVariable | null = null;
  private b1: tf.LayerVariable | null = null;
  private w2: tf.LayerVariable | null = null;
  private b2: tf.LayerVariable | null = null;

  constructor(args: FeedForwardArgs) {
    super(withDefaultName(args, 'feed_forward'));
    layerCheck(Number.isInteger(args.hidden) && args.hidden >= 1, 'FeedForward', `hidden must be a positive integer, got ${args.hidden}`);
    this.hidden = args.hidden;
    this.activation = args.activation ?? 'relu';
    layerCheck(this.activation === 'relu' || this.activation === 'gelu', 'FeedForward', `activation must be relu or gelu, got ${this.activation}`);
    this.dropout = args.dropout ?? 0;
    layerCheck(this.dropout >= 0 && this.dropout < 1, 'FeedForward', `dropout must be in [0, 1), got ${this.dropout}`);
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape): void {
    const width = inputShape[inputShape.length - 1];
    layerCheck(width !== null, 'FeedForward', 'the vector width must be known');
    const init = (k: number) => tf.initializers.glorotUniform({ seed: this.seed === undefined ? undefined : this.seed + k });
    this.w1 = this.addWeight('kernel_1', [width!, this.hidden], 'float32', init(1));
    this.b1 = this.addWeight('bias_1', [this.hidden], 'float32', tf.initializers.zeros());
    this.w2 = this.addWeight('kernel_2', [this.hidden, width!], 'float32', init(2));
    this.b2 = this.addWeight('bias_2', [width!], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs; // (…, d)
      const act = this.activation === 'gelu'
        ? gelu(linear(x, this.w1!.read(), this.b1!.read()))
        : linearRelu(x, this.w1!.read(), this.b1!.read()); // (…, hidden)
      const out = linear(act, this.w2!.read(), this.b2!.read()); // (…, d)
      return dropoutWhenTraining(out, this.dropout, kwargs);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { hidden: this.hidden, activation: this.activation, dropout: this.dropout };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(FeedForward);

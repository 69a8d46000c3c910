import * as tf from '@tensorflow/tfjs';
import { layerCheck, lookupRows, useOneHotLookup, type Kwargs, type LookupMode, withDefaultName } from './ops';

export interface SegmentEmbeddingArgs {
  /** Number of segments (2 for BERT's sentence A / sentence B). Segment ids lie in [0, numSegments). */
  numSegments: number;
  /** Lookup strategy, as for TokenEmbedding (engine/layers/lookup.ts). */
  lookup?: LookupMode;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * [x (B, T, d), segment ids (B, T)] → x + S[segment] (B, T, d): tells a model which of two packed
 * sentences each token belongs to (BERT's sentence-pair input).
 */
export class SegmentEmbedding extends tf.layers.Layer {
  static className = 'Tensorloom>SegmentEmbedding';
  readonly numSegments: number;
  readonly lookup: LookupMode;
  readonly seed: number | undefined;
  private table: tf.LayerVariable | null = null;

  constructor(args: SegmentEmbeddingArgs) {
    super(withDefaultName(args, 'segment_embedding'));
    layerCheck(Number.isInteger(args.numSegments) && args.numSegments >= 1, 'SegmentEmbedding', `numSegments must be a positive integer, got ${args.numSegments}`);
    this.numSegments = args.numSegments;
    this.lookup = args.lookup ?? 'auto';
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape[]): void {
    layerCheck(Array.isArray(inputShape[0]) && inputShape.length === 2, 'SegmentEmbedding', 'expects two inputs: the sequence and its segment ids');
    const width = inputShape[0][2];
    layerCheck(width !== null && width !== undefined, 'SegmentEmbedding', 'the vector width must be known');
    this.table = this.addWeight(
      'segments',
      [this.numSegments, width!],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape[]): tf.Shape {
    return inputShape[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const [x, segments] = inputs as tf.Tensor[]; // (B, T, d), (B, T)
      return tf.add(x, lookupRows(segments, this.table!.read(), useOneHotLookup(this.lookup, this.numSegments))); // (B, T, d)
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { numSegments: this.numSegments, lookup: this.lookup };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(SegmentEmbedding);

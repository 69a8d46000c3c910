import * as tf from '@tensorflow/tfjs';
import { layerCheck, lookupRows, useOneHotLookup, type Kwargs, type LookupMode, withDefaultName } from './ops';

export interface TokenEmbeddingArgs {
  /** Number of distinct token ids; ids must lie in [0, vocabSize). */
  vocabSize: number;
  /** Width of each token vector (d_model). */
  dModel: number;
  /** 'gather' indexes the table; 'onehot' multiplies a one-hot matrix by it; 'auto' = the faster on the backend, gather everywhere today (lookup.ts). */
  lookup?: LookupMode;
  /** Multiply the vectors by √d_model (as in “Attention Is All You Need”, when the table is shared with the output). */
  scale?: boolean;
  /** Seed of the table's initialiser. */
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * Token ids (B, T) → vectors (B, T, d_model), one learned row per vocabulary entry.
 *
 * tfjs' own Embedding layer always gathers; this layer can also look rows up as a one-hot product, and with
 * 'auto' resolves the choice at call time (engine/layers/lookup.ts).
 */
export class TokenEmbedding extends tf.layers.Layer {
  static className = 'Tensorloom>TokenEmbedding';
  readonly vocabSize: number;
  readonly dModel: number;
  readonly lookup: LookupMode;
  readonly scale: boolean;
  readonly seed: number | undefined;
  private table: tf.LayerVariable | null = null;

  constructor(args: TokenEmbeddingArgs) {
    super(withDefaultName(args, 'token_embedding'));
    layerCheck(Number.isInteger(args.vocabSize) && args.vocabSize >= 1, 'TokenEmbedding', `vocabSize must be a positive integer, got ${args.vocabSize}`);
    layerCheck(Number.isInteger(args.dModel) && args.dModel >= 1, 'TokenEmbedding', `dModel must be a positive integer, got ${args.dModel}`);
    const lookup = args.lookup ?? 'auto';
    layerCheck(['auto', 'gather', 'onehot'].includes(lookup), 'TokenEmbedding', `lookup must be auto, gather or onehot, got ${lookup}`);
    this.vocabSize = args.vocabSize;
    this.dModel = args.dModel;
    this.lookup = lookup;
    this.scale = args.scale ?? false;
    this.seed = args.seed;
  }

  override build(): void {
    // N(0, 0.02) as in GPT-2/BERT: small enough that the positional signal is not drowned out.
    this.table = this.addWeight(
      'embeddings',
      [this.vocabSize, this.dModel],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return [...inputShape, this.dModel];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const ids = Array.isArray(inputs) ? inputs[0] : inputs; // (B, T)
      const vectors = lookupRows(ids, this.table!.read(), useOneHotLookup(this.lookup, this.vocabSize)); // (B, T, d)
      return this.scale ? tf.mul(vectors, Math.sqrt(this.dModel)) : vectors;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { vocabSize: this.vocabSize, dModel: this.dModel, lookup: this.lookup, scale: this.scale };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(TokenEmbedding);

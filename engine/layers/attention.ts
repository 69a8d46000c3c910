import * as tf from '@tensorflow/tfjs';
import { attendWithScores, layerCheck, linear, paddingBias, type Kwargs, withDefaultName } from './ops';

/** How a query is compared with each key: Luong's dot and general scores, or Bahdanau's additive score. */
export type AttentionScore = 'dot' | 'general' | 'additive';

export interface AttentionArgs {
  /**
   * 'dot': score = q·k (widths must agree). 'general': score = q W_a kᵀ. 'additive' (Bahdanau):
   * score = vᵀ tanh(W_1 q + W_2 k).
   */
  score?: AttentionScore;
  /** Width of the additive score's hidden layer (additive only). */
  units?: number;
  /** The layer takes values as a separate third input; otherwise the keys are the values. */
  separateValues?: boolean;
  /** The layer takes key token ids as its last input; [PAD] keys (id 0) get zero weight. */
  keyPadding?: boolean;
  /** Also return the weights as (B, 1, T_q, T_k) for the inspection model. */
  returnAttentionWeights?: boolean;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * Encoder–decoder attention of the RNN era (Bahdanau et al. 2015; Luong et al. 2015): each decoder step
 * (query) takes a weighted average of the encoder states (values), weighted by softmax(score(q, k)).
 * Inputs: query (B, T_q, d_q), keys (B, T_k, d_k)[, values (B, T_k, d_v)][, key ids (B, T_k)] →
 * context (B, T_q, d_v).
 */
export class Attention extends tf.layers.Layer {
  static className = 'Tensorloom>Attention';
  readonly score: AttentionScore;
  readonly units: number;
  readonly separateValues: boolean;
  readonly keyPadding: boolean;
  readonly returnAttentionWeights: boolean;
  readonly seed: number | undefined;
  private wA: tf.LayerVariable | null = null;
  private w1: tf.LayerVariable | null = null;
  private w2: tf.LayerVariable | null = null;
  private v: tf.LayerVariable | null = null;

  constructor(args: AttentionArgs = {}) {
    super(withDefaultName(args, 'attention'));
    this.score = args.score ?? 'dot';
    layerCheck(['dot', 'general', 'additive'].includes(this.score), 'Attention', `score must be dot, general or additive, got ${this.score}`);
    this.units = args.units ?? 128;
    layerCheck(Number.isInteger(this.units) && this.units >= 1, 'Attention', `units must be a positive integer, got ${this.units}`);
    this.separateValues = args.separateValues ?? false;
    this.keyPadding = args.keyPadding ?? false;
    this.returnAttentionWeights = args.returnAttentionWeights ?? false;
    this.seed = args.seed;
  }

  private shapesOf(inputShape: tf.Shape[]): { query: tf.Shape; keys: tf.Shape; values: tf.Shape } {
    const expected = 2 + (this.separateValues ? 1 : 0) + (this.keyPadding ? 1 : 0);
    layerCheck(Array.isArray(inputShape[0]) && inputShape.length === expected, 'Attention', `expects ${expected} inputs`);
    const [query, keys] = inputShape;
    return { query, keys, values: this.separateValues ? inputShape[2] : keys };
  }

  override build(inputShape: tf.Shape[]): void {
    const { query, keys } = this.shapesOf(inputShape);
    const dq = query[2]!;
    const dk = keys[2]!;
    const init = (k: number) => tf.initializers.glorotUniform({ seed: this.seed === undefined ? undefined : this.seed + k });
    if (this.score === 'dot') {
      layerCheck(dq === dk, 'Attention', `dot score needs equal query and key widths, got ${dq} and ${dk}`);
    } else if (this.score === 'general') {
      this.wA = this.addWeight('score_kernel', [dq, dk], 'float32', init(1)); // W_a
    } else {
      this.w1 = this.addWeight('query_kernel', [dq, this.units], 'float32', init(1)); // W_1
      this.w2 = this.addWeight('key_kernel', [dk, this.units], 'float32', init(2)); // W_2
      this.v = this.addWeight('score_vector', [this.units, 1], 'float32', init(3)); // v
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape[]): tf.Shape | tf.Shape[] {
    const { query, keys, values } = this.shapesOf(inputShape);
    const out: tf.Shape = [query[0], query[1], values[2]];
    return this.returnAttentionWeights ? [out, [query[0], 1, query[1], keys[1]]] : out;
  }

  /**
   * Raw scores (B, T_q, T_k). Keys enter as the transposed operand of the product rather than as an explicit
   * transposed copy: the project's wasm BatchMatMul reads them by strides, which saves a Transpose kernel each way.
   */
  private scores(query: tf.Tensor, keys: tf.Tensor): tf.Tensor {
    if (this.score === 'dot') return tf.matMul(query, keys, false, true); // (B, T_q, T_k)
    if (this.score === 'general') return tf.matMul(linear(query, this.wA!.read()), keys, false, true); // (B, T_q, T_k)
    const [b, tq] = query.shape as number[];
    const tk = keys.shape[1] as number;
    const u = this.units;
    const q1 = linear(query, this.w1!.read()).reshape([b, tq, 1, u]); // (B, T_q, 1, u)
    const k2 = linear(keys, this.w2!.read()).reshape([b, 1, tk, u]); // (B, 1, T_k, u)
    const hidden = tf.tanh(tf.add(q1, k2)); // (B, T_q, T_k, u)
    return linear(hidden, this.v!.read()).reshape([b, tq, tk]); // (B, T_q, T_k)
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = inputs as tf.Tensor[];
      const [query, keys] = list; // (B, T_q, d_q), (B, T_k, d_k)
      const values = this.separateValues ? list[2] : keys; // (B, T_k, d_v)
      const [b, tq] = query.shape as number[];
      const tk = keys.shape[1] as number;
      const padding = this.keyPadding ? paddingBias(list[list.length - 1]).reshape([b, 1, tk]) : null; // (B, 1, T_k)
      const { context, weights } = attendWithScores(this.scores(query, keys), values, padding, 0, kwargs); // (B, T_q, d_v)
      return this.returnAttentionWeights ? [context, weights.reshape([b, 1, tq, tk])] : context;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      score: this.score,
      units: this.units,
      separateValues: this.separateValues,
      keyPadding: this.keyPadding,
      returnAttentionWeights: this.returnAttentionWeights,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(Attention);

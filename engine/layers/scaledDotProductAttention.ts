import * as tf from '@tensorflow/tfjs';
import { attendWithScores, causalBias, layerCheck, paddingBias, sumBiases, type Kwargs, withDefaultName } from './ops';

export interface ScaledDotProductAttentionArgs {
  /** Mask future keys: query t attends to keys 0…t only. */
  causal?: boolean;
  /** The layer takes key token ids as a fourth input; [PAD] keys (id 0) get zero weight. */
  keyPadding?: boolean;
  /** Also return the weights as (B, 1, T_q, T_k) — one head — for the inspection model. */
  returnAttentionWeights?: boolean;
  name?: string;
  trainable?: boolean;
}

/**
 * Attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V, with no weights of its own: the core of every Transformer
 * head, exposed so a learner can wire their own projections around it.
 * Inputs: query (B, T_q, d_k), key (B, T_k, d_k), value (B, T_k, d_v)[, key ids (B, T_k)] → (B, T_q, d_v).
 */
export class ScaledDotProductAttention extends tf.layers.Layer {
  static className = 'Tensorloom>ScaledDotProductAttention';
  readonly causal: boolean;
  readonly keyPadding: boolean;
  readonly returnAttentionWeights: boolean;

  constructor(args: ScaledDotProductAttentionArgs = {}) {
    super(withDefaultName(args, 'scaled_dot_product_attention'));
    this.causal = args.causal ?? false;
    this.keyPadding = args.keyPadding ?? false;
    this.returnAttentionWeights = args.returnAttentionWeights ?? false;
  }

  override build(inputShape: tf.Shape[]): void {
    const expected = this.keyPadding ? 4 : 3;
    layerCheck(Array.isArray(inputShape[0]) && inputShape.length === expected, 'ScaledDotProductAttention', `expects ${expected} inputs`);
    const [q, k, v] = inputShape;
    layerCheck(q[2] === k[2], 'ScaledDotProductAttention', `query width ${q[2]} and key width ${k[2]} differ`);
    layerCheck(k[1] === null || v[1] === null || k[1] === v[1], 'ScaledDotProductAttention', `keys (${k[1]}) and values (${v[1]}) differ in length`);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape[]): tf.Shape | tf.Shape[] {
    const [q, k, v] = inputShape;
    const out: tf.Shape = [q[0], q[1], v[2]];
    return this.returnAttentionWeights ? [out, [q[0], 1, q[1], k[1]]] : out;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const [query, key, value, keyTokens] = inputs as tf.Tensor[]; // (B, T_q, d_k), (B, T_k, d_k), (B, T_k, d_v)
      const [b, tq, dk] = query.shape as number[];
      const tk = key.shape[1] as number;
      const scores = tf.matMul(tf.mul(query, 1 / Math.sqrt(dk)), key, false, true); // (B, T_q, T_k); keys by strides, as in Attention
      const padding = this.keyPadding ? paddingBias(keyTokens).reshape([b, 1, tk]) : null; // (B, 1, T_k)
      const causal = this.causal ? causalBias(tq, tk).reshape([1, tq, tk]) : null; // (1, T_q, T_k)
      const { context, weights } = attendWithScores(scores, value, sumBiases(causal, padding), 0, kwargs);
      return this.returnAttentionWeights ? [context, weights.reshape([b, 1, tq, tk])] : context;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), causal: this.causal, keyPadding: this.keyPadding, returnAttentionWeights: this.returnAttentionWeights };
  }
}
tf.serialization.registerClass(ScaledDotProductAttention);

import * as tf from '@tensorflow/tfjs';
import { attendWithScores, causalBias, isTraining, layerCheck, linear, paddingBias, sumBiases, type Kwargs, withDefaultName } from './ops';
import { fusedSelfAttention, fusedSelfAttentionApplies } from './selfAttentionHeads';

/** Keys and values (B, h, t, d_k) of a sequence's positions so far, kept between generation steps. */
export interface AttentionCache {
  keys: tf.Tensor;
  values: tf.Tensor;
}

function readOptional(v: tf.LayerVariable | null): tf.Tensor | null {
  return v ? v.read() : null;
}

export interface MultiHeadAttentionArgs {
  /** Number of heads h; the query width d_model must be divisible by it (each head gets d_k = d_model / h). */
  heads: number;
  /** Mask future keys: query t attends to keys 0…t only (decoder self-attention, language models). */
  causal?: boolean;
  /** The layer takes a second input, the memory (keys and values), for cross-attention. */
  crossAttention?: boolean;
  /** The layer takes key token ids as its last input; keys whose id is [PAD] (0) get zero weight. */
  keyPadding?: boolean;
  /** Dropout on the attention weights, while training. */
  dropout?: number;
  /** Biases on the four projections. */
  useBias?: boolean;
  /** Also return the attention weights (B, h, T_q, T_k) as a second output, for the inspection model. */
  returnAttentionWeights?: boolean;
  /**
   * The returned weights are only read (the studio's heat-maps), never trained through: they carry no gradient, which
   * spares the backward pass a B·h·T² zero gradient for them. A choice of the program building the model, not
   * saved in its config (a loaded layer's weights stay differentiable).
   */
  weightsForReadingOnly?: boolean;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * MultiHead(Q, K, V) = concat(head_1 … head_h) W^O, head_i = softmax(Q W^Q_i (K W^K_i)ᵀ / √d_k) V W^V_i.
 *
 * Inputs, in order: query (B, T_q, d_model); memory (B, T_k, d_mem) when `crossAttention` (otherwise
 * the query attends to itself); key token ids (B, T_k) when `keyPadding`. All heads run as one batched
 * matMul: the projections are reshaped to (B, h, T, d_k) rather than split and concatenated per head.
 */
export class MultiHeadAttention extends tf.layers.Layer {
  static className = 'Tensorloom>MultiHeadAttention';
  readonly heads: number;
  readonly causal: boolean;
  readonly crossAttention: boolean;
  readonly keyPadding: boolean;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly returnAttentionWeights: boolean;
  readonly weightsForReadingOnly: boolean;
  readonly seed: number | undefined;
  private dModel = 0;
  private wQ: tf.LayerVariable | null = null;
  private wK: tf.LayerVariable | null = null;
  private wV: tf.LayerVariable | null = null;
  private wO: tf.LayerVariable | null = null;
  private bQ: tf.LayerVariable | null = null;
  private bK: tf.LayerVariable | null = null;
  private bV: tf.LayerVariable | null = null;
  private bO: tf.LayerVariable | null = null;

  constructor(args: MultiHeadAttentionArgs) {
    super(withDefaultName(args, 'multi_head_attention'));
    layerCheck(Number.isInteger(args.heads) && args.heads >= 1, 'MultiHeadAttention', `heads must be a positive integer, got ${args.heads}`);
    this.heads = args.heads;
    this.causal = args.causal ?? false;
    this.crossAttention = args.crossAttention ?? false;
    this.keyPadding = args.keyPadding ?? false;
    this.dropout = args.dropout ?? 0;
    layerCheck(this.dropout >= 0 && this.dropout < 1, 'MultiHeadAttention', `dropout must be in [0, 1), got ${this.dropout}`);
    this.useBias = args.useBias ?? true;
    this.returnAttentionWeights = args.returnAttentionWeights ?? false;
    this.weightsForReadingOnly = args.weightsForReadingOnly ?? false;
    this.seed = args.seed;
  }

  private get inputCount(): number {
    return 1 + (this.crossAttention ? 1 : 0) + (this.keyPadding ? 1 : 0);
  }

  private shapesOf(inputShape: tf.Shape | tf.Shape[]): { query: tf.Shape; memory: tf.Shape; keyTokens?: tf.Shape } {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
    layerCheck(shapes.length === this.inputCount, 'MultiHeadAttention', `expects ${this.inputCount} inputs, got ${shapes.length}`);
    const query = shapes[0];
    const memory = this.crossAttention ? shapes[1] : query;
    return { query, memory, keyTokens: this.keyPadding ? shapes[shapes.length - 1] : undefined };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const { query, memory } = this.shapesOf(inputShape);
    layerCheck(query.length === 3 && memory.length === 3, 'MultiHeadAttention', 'query and memory must be sequences (B, T, d)');
    const dModel = query[2];
    const dMemory = memory[2];
    layerCheck(dModel !== null && dMemory !== null, 'MultiHeadAttention', 'the vector widths must be known');
    layerCheck(dModel! % this.heads === 0, 'MultiHeadAttention', `d_model ${dModel} is not divisible by ${this.heads} heads`);
    this.dModel = dModel!;
    const d = this.dModel;
    const seed = this.seed ?? 0;
    const glorot = (k: number) => tf.initializers.glorotUniform({ seed: this.seed === undefined ? undefined : seed + k });
    this.wQ = this.addWeight('query_kernel', [d, d], 'float32', glorot(1));
    this.wK = this.addWeight('key_kernel', [dMemory!, d], 'float32', glorot(2));
    this.wV = this.addWeight('value_kernel', [dMemory!, d], 'float32', glorot(3));
    this.wO = this.addWeight('output_kernel', [d, d], 'float32', glorot(4));
    if (this.useBias) {
      this.bQ = this.addWeight('query_bias', [d], 'float32', tf.initializers.zeros());
      this.bK = this.addWeight('key_bias', [d], 'float32', tf.initializers.zeros());
      this.bV = this.addWeight('value_bias', [d], 'float32', tf.initializers.zeros());
      this.bO = this.addWeight('output_bias', [d], 'float32', tf.initializers.zeros());
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const { query, memory } = this.shapesOf(inputShape);
    const out: tf.Shape = [query[0], query[1], query[2]];
    if (!this.returnAttentionWeights) return out;
    return [out, [query[0], this.heads, query[1], memory[1]]];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const query = list[0]; // (B, T_q, d_q)
      const memory = this.crossAttention ? list[1] : query; // (B, T_k, d_mem)
      const keyTokens = this.keyPadding ? list[list.length - 1] : null; // (B, T_k)
      const tq = query.shape[1] as number;
      const tk = memory.shape[1] as number;
      const h = this.heads;
      // The projections that read the same input run as ONE matMul against the kernels concatenated along
      // the output axis ([W^Q·s | W^K | W^V] for self-attention, [W^K | W^V] on the memory): the input is
      // packed once and one wide-output GEMM runs instead of three (or two) narrow ones, in the forward pass
      // and for both gradients, with one bias add and one Transpose each way instead of one per projection.
      // The weights stay separate variables (names, shapes, initialisers and saved models unchanged); the
      // concat's gradient splits dW. Outputs and weight gradients are bit-identical to separate projections.
      const bias = sumBiases(this.causal ? causalBias(tq, tk) : null, keyTokens ? paddingBias(keyTokens) : null);
      // Where the backend has the fused kernels (wasm), the heads are read straight out of the projection and
      // their contexts written side by side: no transpose, split or concat either way (not with dropout on the
      // weights, which the kernels do not apply).
      if (!this.crossAttention && !(this.dropout > 0 && isTraining(kwargs)) && fusedSelfAttentionApplies(query, this.dModel, bias, h)) {
        const { context, weights } = fusedSelfAttention(this.selfProjection(query) as tf.Tensor3D, bias, h, this.causal, this.returnAttentionWeights && !this.weightsForReadingOnly);
        const out = linear(context, this.wO!.read(), readOptional(this.bO)); // (B, T_q, d)
        return this.returnAttentionWeights ? [out, weights] : out;
      }
      let q: tf.Tensor; // (B, h, T_q, d_k)
      let k: tf.Tensor; // (B, h, T_k, d_k)
      let v: tf.Tensor; // (B, h, T_k, d_k)
      if (this.crossAttention) {
        const scaled = this.scaledQuery();
        q = this.heads4d(linear(query, scaled.kernel, scaled.bias), 1)[0];
        [k, v] = this.heads4d(this.fusedProjection(memory, [this.wK!.read(), this.wV!.read()], [readOptional(this.bK), readOptional(this.bV)]), 2);
      } else {
        [q, k, v] = this.heads4d(this.selfProjection(query), 3);
      }
      const { out, weights } = this.attendHeads(q, k, v, bias, kwargs);
      return this.returnAttentionWeights ? [out, weights] : out;
    });
  }

  /** Whether `decodeStep` gives this layer's outputs: causal self-attention, the keys being the queries' own tokens. */
  get decodesIncrementally(): boolean {
    return this.causal && !this.crossAttention && !this.keyPadding;
  }

  /**
   * Generation one step at a time: the outputs (B, n, d) for n new positions of a sequence whose earlier positions'
   * keys and values are `cache` ((B, h, t0, d_k) each; null at the start), and the cache grown by the new ones.
   * Where `decodesIncrementally`, these are the outputs a call on the whole sequence gives at those positions, since
   * a query sees only keys up to its own. Inference only: no dropout, not differentiated.
   */
  decodeStep(x: tf.Tensor, cache: AttentionCache | null): { out: tf.Tensor; cache: AttentionCache } {
    layerCheck(this.decodesIncrementally, 'MultiHeadAttention', 'only causal self-attention without key padding decodes one step at a time');
    return tf.tidy(() => {
      const n = x.shape[1] as number;
      const [q, k, v] = this.heads4d(this.selfProjection(x), 3); // (B, h, n, d_k) each
      const keys = cache ? tf.concat([cache.keys, k], 2) : k; // (B, h, t0 + n, d_k)
      const values = cache ? tf.concat([cache.values, v], 2) : v;
      // New query i is position t0 + i and sees keys 0 … t0 + i.
      const { out } = this.attendHeads(q, keys, values, causalBias(n, keys.shape[2] as number), undefined);
      return { out, cache: { keys, values } };
    });
  }

  /** W^Q and b^Q scaled by 1/√d_k: d² + d values, rather than Q (B·T_q·d) or the scores (B·h·T_q·T_k). */
  private scaledQuery(): { kernel: tf.Tensor; bias: tf.Tensor | null } {
    const scale = 1 / Math.sqrt(this.dModel / this.heads);
    const bias = readOptional(this.bQ);
    return { kernel: tf.mul(this.wQ!.read(), scale), bias: bias ? tf.mul(bias, scale) : null };
  }

  /** Self-attention's [Q | K | V] of x as one linear (…, 3·d), the query part scaled. */
  private selfProjection(x: tf.Tensor): tf.Tensor {
    const scaled = this.scaledQuery();
    return this.fusedProjection(x, [scaled.kernel, this.wK!.read(), this.wV!.read()], [scaled.bias, readOptional(this.bK), readOptional(this.bV)]);
  }

  /**
   * Heads q (B, h, T_q, d_k) attending over k, v (B, h, T_k, d_k) with an additive mask: the output (B, T_q, d)
   * through W^O, and the weights (B, h, T_q, T_k). Keys are the transposed operand of the score product, not an
   * explicit (B, h, d_k, T_k) copy: the project's wasm BatchMatMul reads transposed operands by strides, which
   * saves a Transpose kernel forward and backward (the backward products take transpose flags either way).
   */
  private attendHeads(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, bias: tf.Tensor | null, kwargs: Kwargs | undefined): { out: tf.Tensor; weights: tf.Tensor } {
    const [b, , tq] = q.shape as number[];
    const scores = tf.matMul(q, k, false, true); // (B, h, T_q, T_k)
    const { context, weights } = attendWithScores(scores, v, bias, this.dropout, kwargs); // (B, h, T_q, d_k), (B, h, T_q, T_k)
    const merged = context.transpose([0, 2, 1, 3]).reshape([b, tq, this.dModel]); // (B, T_q, d)
    return { out: linear(merged, this.wO!.read(), readOptional(this.bO)), weights };
  }

  /** x (…, d_in) · [W_1 | … | W_n] (+ [b_1 | … | b_n]) as one linear: (…, n·d). */
  private fusedProjection(x: tf.Tensor, kernels: tf.Tensor[], biases: (tf.Tensor | null)[]): tf.Tensor {
    const kernel = tf.concat(kernels, 1); // (d_in, n·d)
    const bias = this.useBias ? tf.concat(biases as tf.Tensor[]) : null; // (n·d)
    return linear(x, kernel, bias);
  }

  /**
   * (B, T, n·d) → n tensors (B, h, T, d_k) with one Transpose: (B, T, n, h, d_k) → (B, n, h, T, d_k), whose
   * axes n and h stay adjacent, so the project's wasm block transpose (at most three outer axes) takes it like
   * the unfused (B, h, T, d_k) one; (n, B, h, T, d_k) would fall back to tfjs' generic kernel. The parts are
   * contiguous rows of a (B, n, h·T·d_k) view, split along axis 1 (its gradient is one concat; slicing each
   * part out would pad full-size zeros in the backward pass). Note that tfjs-wasm's Slice, which SplitV runs
   * per part, first copies its whole input out of the heap (readSync).
   */
  private heads4d(projected: tf.Tensor, parts: number): tf.Tensor[] {
    const [b, t] = projected.shape as number[];
    const h = this.heads;
    const dk = this.dModel / h;
    if (parts === 1) return [projected.reshape([b, t, h, dk]).transpose([0, 2, 1, 3])];
    const grouped = projected
      .reshape([b, t, parts, h, dk])
      .transpose([0, 2, 3, 1, 4]) // (B, n, h, T, d_k)
      .reshape([b, parts, h * t * dk]);
    return tf.split(grouped, parts, 1).map((part) => part.reshape([b, h, t, dk]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      heads: this.heads,
      causal: this.causal,
      crossAttention: this.crossAttention,
      keyPadding: this.keyPadding,
      dropout: this.dropout,
      useBias: this.useBias,
      returnAttentionWeights: this.returnAttentionWeights,
    };
    if (this.seed !== undefined) config.seed = this.seed;
    return { ...super.getConfig(), ...config };
  }
}
tf.serialization.registerClass(MultiHeadAttention);

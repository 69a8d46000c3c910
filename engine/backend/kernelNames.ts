/**
 * The project's own tfjs kernels: every name in one list, with what each computes. A backend may register any of
 * them (the wasm backend registers all: engine/backend/wasm/registerWasmKernels.ts, which the type checker holds to
 * this list). The op that uses a kernel checks tf.getKernel(name, backend) and composes plain tfjs ops where it is
 * missing, so every model runs on every backend.
 */

/**
 * One Adam step for one variable (engine/train/fusedAdam.ts): inputs `variable`, `gradient`, `firstMoment`,
 * `secondMoment` (float32, one shape); outputs the new variable, first and second moment as fresh tensors;
 * attributes AdamUpdateAttrs (engine/backend/wasm/adamUpdate.ts).
 */
export const ADAM_UPDATE_KERNEL = 'TensorloomAdamUpdate';

/**
 * The global gradient norm √(Σ‖g‖²) of any number of float32 inputs in one call, for clipping by global norm
 * (engine/train/clip.ts; elsewhere it composes Square, Sum, AddN and Sqrt): inputs the gradients; output a scalar.
 */
export const GLOBAL_NORM_KERNEL = 'TensorloomGlobalNorm';

/**
 * Softmax cross-entropy per row in one kernel forward and one backward instead of logSoftmax, the one-hot product and
 * their dozen gradient kernels over the logits (engine/train/softmaxCrossEntropy.ts).
 * Forward: inputs `logits` (rows, n) float32 and `ids` (rows) int32; attribute `smoothing` (label smoothing ε);
 * output the rows' losses −Σ_v q_v log softmax(logits)_v with q = (1 − ε)·one_hot(id) + ε/n.
 * Backward: inputs `logits`, `ids` and `dy` (rows); same attribute; output dlogits = dy·(Σq·softmax(logits) − q).
 * An id outside [0, n) has no one-hot part (tf.oneHot gives it none).
 */
export const SOFTMAX_CROSS_ENTROPY_KERNEL = 'TensorloomSoftmaxCrossEntropy';
export const SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL = 'TensorloomSoftmaxCrossEntropyGrad';

/**
 * The gradient through relu from its output, dy ⊙ step(y), in one pass instead of a Step and a Multiply over a
 * layer's whole hidden activation (engine/layers/ops.ts): inputs `dy` and `y` (float32, one size); output dy's shape.
 */
export const RELU_GRAD_KERNEL = 'TensorloomReluGrad';

/**
 * Layer normalisation in one kernel each way instead of about 25 small ones (engine/layers/layerNorm.ts).
 * Forward: inputs `x` (…, d), `gamma` and `beta` (d); attributes LayerNormAttrs; outputs y (x's shape), and the mean
 * and 1/σ of each row for the backward kernel. Backward: inputs `x`, `dy`, `gamma`, `mean`, `rstd`; outputs dx,
 * dgamma, dbeta.
 */
export const LAYER_NORM_KERNEL = 'TensorloomLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'TensorloomLayerNormGrad';

export interface LayerNormAttrs {
  epsilon: number;
}

/**
 * Attention's softmax(scores + bias) over the last axis as one kernel forward and one backward instead of Add,
 * Softmax and the Multiply/Sum/Multiply/Sub gradient chain (engine/layers/maskedSoftmax.ts).
 * Forward: inputs `x` (…, T_k) and optionally `bias` (a shape engine/layers/biasRows.ts plans); output
 * softmax(x + bias) over the last axis, and all zeros for a row whose every bias is masked (at or below
 * MASKED_KEY_LIMIT, engine/layers/attentionMask.ts). Backward: inputs `y` (the forward output) and `dy`; output
 * dx = y ⊙ (dy − Σ_row dy ⊙ y).
 */
export const MASKED_SOFTMAX_KERNEL = 'TensorloomMaskedSoftmax';
export const MASKED_SOFTMAX_GRAD_KERNEL = 'TensorloomMaskedSoftmaxGrad';

/**
 * Multi-head self-attention's core — scores, masked softmax and the weighted sum of values for every head — straight
 * from the fused Q/K/V projection, the heads' contexts written side by side, with no head transposes, split or concat
 * either way (engine/layers/selfAttentionHeads.ts).
 * Forward: inputs `qkv` (B, T, 3·d) — [Q | K | V], each d = heads·d_k wide, head-major within — and optionally
 * `bias` (an additive mask biasRows.ts plans against (B, heads, T, T)); attributes `heads` and `causal` (query t
 * sees keys 0..t only: the bias must mask the rest, and the kernels skip it). Outputs the context (B, T, d), heads
 * side by side, and the weights softmax(Q_h K_hᵀ + bias) (B, heads, T, T); a query whose every visible key is masked
 * (attentionMask.ts) gets zero weights and a zero context.
 * Backward: inputs `qkv`, `weights`, `dContext` (B, T, d) and optionally `dWeights` (B, heads, T, T); the same
 * attributes. Output dqkv (B, T, 3·d). The mask gets no gradient (it is a constant: causal tables and token ids).
 */
export const SELF_ATTENTION_KERNEL = 'TensorloomSelfAttention';
export const SELF_ATTENTION_GRAD_KERNEL = 'TensorloomSelfAttentionGrad';

/**
 * A recurrent layer's whole loop over time (simple RNN, LSTM or GRU; one or both directions) as one kernel forward
 * and one backward, instead of a dozen small kernels per time step (engine/layers/recurrentFused.ts; the wasm kernels
 * are engine/backend/wasm/recurrentKernels.ts, which gives every operand's layout).
 * Forward: inputs `projection` (B, T, dirs·k·u) the input projections x W + b, `recurrentKernel` (dirs, u, k·u),
 * optionally `recurrentBias` (dirs, k·u) (the GRU's b′), `h0` and `c0` (B, dirs·u) and `keep` (B, T) (1 for a real
 * step, 0 for [PAD], which carries the state); attributes RecurrentKernelAttrs. Outputs the states (B, T, S) — per
 * row the hidden states of every direction, then for the LSTM its cell states — and what the backward kernel needs.
 * Backward: inputs `recurrentKernel`, the optional `h0`, `c0`, `keep`, the forward's `states` and `saved`, and
 * `dStates`; outputs d projection, the gradient of each step's recurrent product (dirs, T·B, k·u), each step's
 * previous hidden state (dirs, T·B, u) — dU = previousᵀ · dProduct is then one batched product — and dh0 (B, dirs·u),
 * plus dc0 for the LSTM.
 */
export const RECURRENT_KERNEL = 'TensorloomRecurrent';
export const RECURRENT_GRAD_KERNEL = 'TensorloomRecurrentGrad';

export interface RecurrentKernelAttrs {
  cell: 'simple' | 'lstm' | 'gru';
  units: number;
  directions: number;
}

/** Every custom kernel above. */
export const CUSTOM_KERNELS = [
  ADAM_UPDATE_KERNEL,
  GLOBAL_NORM_KERNEL,
  RELU_GRAD_KERNEL,
  LAYER_NORM_KERNEL,
  LAYER_NORM_GRAD_KERNEL,
  MASKED_SOFTMAX_KERNEL,
  MASKED_SOFTMAX_GRAD_KERNEL,
  SOFTMAX_CROSS_ENTROPY_KERNEL,
  SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL,
  SELF_ATTENTION_KERNEL,
  SELF_ATTENTION_GRAD_KERNEL,
  RECURRENT_KERNEL,
  RECURRENT_GRAD_KERNEL,
] as const;

export type CustomKernelName = (typeof CUSTOM_KERNELS)[number];

/**
 * tfjs kernels that tfjs-backend-wasm does not have, supplied by the project on wasm in every mode (tfjs' own
 * included), so the ops that need them run there: UnsortedSegmentSum is gather's gradient, without which an
 * embedding's gather lookup cannot train (engine/backend/wasm/unsortedSegmentSumKernel.ts).
 */
export const SUPPLIED_TFJS_KERNELS = ['UnsortedSegmentSum'] as const;

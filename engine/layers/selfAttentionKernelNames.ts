/**
 * Names of the fused self-attention kernels a backend may register (the wasm backend does, in
 * engine/backend/wasm/selfAttentionKernels.ts). Where they are registered, engine/layers/selfAttentionHeads.ts runs
 * multi-head self-attention's core — scores, masked softmax and the weighted sum of values for every head — straight
 * from the fused Q/K/V projection, writing the heads' contexts side by side, instead of transposing the projection
 * into heads, splitting it, and transposing the context back (and the reverse, concat included, for the gradient).
 *
 * Forward: inputs `qkv` (B, T, 3·d) — [Q | K | V], each d = heads·d_k wide, head-major within — and optionally
 * `bias` (an additive mask of a shape planBiasRows takes against (B, heads, T, T)); attributes `heads` and `causal`
 * (query t sees keys 0..t only: the bias must mask the rest, and the kernels skip it). Outputs the context (B, T, d),
 * heads side by side, and the weights softmax(Q_h K_hᵀ + bias) (B, heads, T, T); a query whose every visible key is
 * masked (engine/layers/attentionMask.ts) gets zero weights and a zero context.
 * Backward: inputs `qkv`, `weights`, `dContext` (B, T, d) and optionally `dWeights` (B, heads, T, T); the same
 * attributes. Output dqkv (B, T, 3·d). The mask gets no gradient (it is a constant: causal tables and token ids).
 */
export const SELF_ATTENTION_KERNEL = 'TensorloomSelfAttention';
export const SELF_ATTENTION_GRAD_KERNEL = 'TensorloomSelfAttentionGrad';

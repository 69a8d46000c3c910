/**
 * How attention's additive masks mark what a query may not see, shared by the composed ops (engine/layers/ops.ts,
 * maskedSoftmax.ts) and the backends' fused kernels (engine/backend/wasm, engine/backend/wasm/elementwise.as).
 *
 * A masked key gets MASKED_SCORE added to its score; causal and padding masks summed give it twice that. A key is
 * masked when its bias is at or below MASKED_KEY_LIMIT, halfway: far below any real score, far above a single mask.
 *
 * A query whose every key is masked (left padding under a causal mask: the first queries see only [PAD] keys) gets
 * all-zero weights and so a zero context, and passes no gradient to its scores, on every backend, as
 * flash-attention does. Softmax alone would spread such a row evenly over whichever keys happen to tie, future
 * ones included, and which keys tie differs between the composed ops and kernels that skip the causal triangle.
 */
export const MASKED_SCORE = -1e9;

/** A key whose additive bias is at or below this is masked (engine/backend/wasm/elementwise.as repeats it). */
export const MASKED_KEY_LIMIT = MASKED_SCORE / 2;

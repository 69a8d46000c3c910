/*
 * How an additive attention mask lines up with the scores it is added to, for kernels that read it row by row
 * (MASKED_SOFTMAX_KERNEL and SELF_ATTENTION_KERNEL, engine/backend/kernelNames.ts) instead of broadcasting it.
 */

/**
 * Where each row's bias starts: the rows of x (every axis but the last) as up to three axes `dims`, row-major,
 * and for each the step in bias rows (of T_k values) from one index to the next — 0 where the bias is
 * broadcast along it. Row (i0, i1, i2) adds bias row i0·strides[0] + i1·strides[1] + i2·strides[2].
 */
export interface BiasRowPlan {
  dims: [number, number, number];
  strides: [number, number, number];
}

/**
 * The plan for a bias of shape `bias` against scores of shape `x`, or null where the kernels do not take it:
 * the bias must have x's last axis itself (T_k values per row, no broadcast along keys), and every other axis
 * either x's or 1, e.g. causal (1, 1, T_q, T_k), padding (B, 1, 1, T_k) and their sum (B, 1, T_q, T_k)
 * against (B, h, T_q, T_k). Adjacent axes that step alike are merged; more than three groups left is null.
 */
export function planBiasRows(x: readonly number[], bias: readonly number[]): BiasRowPlan | null {
  const rank = x.length;
  if (rank < 1 || bias.length > rank) return null;
  const padded = [...new Array<number>(rank - bias.length).fill(1), ...bias];
  if (padded[rank - 1] !== x[rank - 1]) return null;
  // Per row axis: its size and its step in bias rows (0 when broadcast).
  const axes: Array<{ size: number; stride: number }> = [];
  let step = 1;
  for (let i = rank - 2; i >= 0; i--) {
    if (padded[i] === x[i]) {
      axes.unshift({ size: x[i], stride: x[i] === 1 ? 0 : step });
      step *= x[i];
    } else if (padded[i] === 1) {
      axes.unshift({ size: x[i], stride: 0 });
    } else {
      return null;
    }
  }
  // Merge neighbours: both broadcast, or the outer stepping over exactly the inner's extent. Size-1 axes vanish.
  const merged: Array<{ size: number; stride: number }> = [];
  for (const axis of axes) {
    if (axis.size === 1) continue;
    const last = merged[merged.length - 1];
    if (last && last.stride === axis.stride * axis.size) {
      last.size *= axis.size;
      last.stride = axis.stride;
    } else {
      merged.push({ ...axis });
    }
  }
  if (merged.length > 3) return null;
  while (merged.length < 3) merged.unshift({ size: 1, stride: 0 });
  return { dims: [merged[0].size, merged[1].size, merged[2].size], strides: [merged[0].stride, merged[1].stride, merged[2].stride] };
}

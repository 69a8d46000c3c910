/** Shape checks and cost terms shared by the three attention blocks (Attention, Scaled Dot-Product, Multi-Head). */
import { BlockError } from '../../graph/errors';
import { formatType, type Dim, type TensorType } from '../../graph/shapes';
import { needTokens } from '../define';
import type { InferContext, InputTypes, MemoryTerm } from '../types';

/** The optional key-token port must give one id per key position, or the padding mask would be misaligned. */
export function checkKeyTokens(inputs: InputTypes, port: string, keyTime: Dim, ctx: InferContext): void {
  if (!inputs[port]) return;
  const ids = needTokens(inputs, port, ctx);
  if (ids.shape[1] !== keyTime) {
    throw BlockError.of('E_SHAPE_MISMATCH', 'attention.keyIds', { block: ctx.label, type: formatType(ids), keyTime: String(keyTime), port });
  }
}

/** Keys and values are read position by position, so they must share a time axis. */
export function checkSameTime(keys: TensorType, values: TensorType, ctx: InferContext, what: string): void {
  if (keys.shape[1] !== values.shape[1]) {
    throw BlockError.of('E_SHAPE_MISMATCH', 'attention.keysValuesLength', { block: ctx.label, what, keys: String(keys.shape[1]), values: String(values.shape[1]) });
  }
}

function timeLabel(tq: Dim, tk: Dim): string {
  return tq === tk ? `${tq}²` : `${tq}·${tk}`;
}

/**
 * The attention matrix, one score per (query, key) pair and head: the term that makes self-attention's
 * memory grow with the square of the sequence length.
 */
export function scoresTerm(heads: number, tq: Dim, tk: Dim, what = 'scores'): MemoryTerm {
  const h = heads === 1 ? '' : 'h·';
  return { label: `${what} B·${h}${timeLabel(tq, tk)}`, dims: ['B', heads, tq, tk] };
}

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
    throw new BlockError(
      'E_SHAPE_MISMATCH',
      `${ctx.label}: the key token ids ${formatType(ids)} do not line up with the ${keyTime} key positions.`,
      `Connect the Token Input whose sequence the keys were computed from (time axis ${keyTime}) to “${port}”.`,
    );
  }
}

/** Keys and values are read position by position, so they must share a time axis. */
export function checkSameTime(keys: TensorType, values: TensorType, ctx: InferContext, what: string): void {
  if (keys.shape[1] !== values.shape[1]) {
    throw new BlockError(
      'E_SHAPE_MISMATCH',
      `${ctx.label}: ${what} have different lengths (${keys.shape[1]} vs ${values.shape[1]}).`,
      'Take keys and values from the same sequence (usually the encoder output).',
    );
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

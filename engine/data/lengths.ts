import { coded, EngineError } from '../graph/errors';
import type { DatasetTask, FeedArray, FeedLengths } from './types';

/** Longest sequence a bundled dataset will lay out; far beyond anything this machine trains. */
export const MAX_SEQUENCE_LENGTH = 4096;

/** The concrete lengths of every feed a dataset fills, after defaults. */
export interface ResolvedLengths {
  tokens: number;
  /** Decoder input and targets length for seq2seq; equals `tokens` for the other tasks. */
  decoder: number;
  /** Length of the `targets` feed: the decoder length for seq2seq, the token length otherwise. */
  targets: number;
}

export function checkLength(feed: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_SEQUENCE_LENGTH) {
    throw new EngineError([coded('E_DATA', 'data.lengthInvalid', { feed, value: String(value), max: String(MAX_SEQUENCE_LENGTH) })]);
  }
  return value;
}

/**
 * Lengths come from the graph's Token Inputs; a feed the graph does not mention falls back to the
 * dataset's natural length (the longest example it generates), so previews and probes still work.
 */
export function resolveLengths(task: DatasetTask, lengths: FeedLengths, natural: { tokens: number; decoder?: number }): ResolvedLengths {
  const tokens = checkLength('tokens', lengths.tokens ?? natural.tokens);
  const decoder = checkLength('decoder_tokens', lengths.decoder_tokens ?? natural.decoder ?? tokens);
  return { tokens, decoder: task === 'seq2seq' ? decoder : tokens, targets: task === 'seq2seq' ? decoder : tokens };
}

export function feedMatrix(rows: number, length: number): FeedArray {
  return { data: new Int32Array(rows * length), shape: [rows, length] };
}

/** Copies ids into row `row`, truncating to the row length; the rest of the row stays [PAD] (0). */
export function writeRow(feed: FeedArray, row: number, ids: ArrayLike<number>, start = 0): void {
  const width = feed.shape[1];
  const n = Math.min(width - start, ids.length);
  const offset = row * width + start;
  for (let i = 0; i < n; i++) feed.data[offset + i] = ids[i];
}

/** Throws E_DATA for any length that is not a usable whole number. */
export function checkLengths(lengths: FeedLengths): void {
  for (const [feed, value] of Object.entries(lengths)) if (value !== undefined) checkLength(feed, value);
}

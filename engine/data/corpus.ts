import { feedMatrix, resolveLengths } from './lengths';
import { encodeProbeFor } from './probeEncoding';
import { coded, EngineError } from '../graph/errors';
import type { Rng } from './rng';
import type { Batch, Dataset, DatasetInfo, Example, FeedLengths, Vocabulary } from './types';
import { buildCharVocabulary } from './vocabulary';

/**
 * A character-level language-model corpus: random windows of T+1 characters, where the model reads the
 * first T and predicts the last T (each position's target is the next character). Validation windows
 * come from the last tenth of the text, which training never sees; validation reads them side by side (window k
 * starts at k·T), so each held-out character is predicted once.
 */

export const DEFAULT_LM_LENGTH = 64;
const VALIDATION_FRACTION = 0.1;

interface Encoded {
  text: string;
  vocab: Vocabulary;
  ids: Int32Array;
}

// Datasets are re-created often (every graph edit re-checks the fit); the corpus and its encoding do not change.
let lastEncoded: Encoded | undefined;

function encodeCorpus(text: string): Encoded {
  if (lastEncoded?.text === text) return lastEncoded;
  const vocab = buildCharVocabulary(text);
  const index = new Map(vocab.tokens.map((t, i) => [t, i]));
  const ids = new Int32Array(text.length);
  let n = 0;
  for (const ch of text) ids[n++] = index.get(ch) ?? 1;
  lastEncoded = { text, vocab, ids: ids.subarray(0, n) };
  return lastEncoded;
}

export function createCorpusDataset(info: DatasetInfo, text: string, lengths: FeedLengths): Dataset {
  const { vocab, ids } = encodeCorpus(text);
  const len = resolveLengths('lm', lengths, { tokens: DEFAULT_LM_LENGTH });
  const T = len.tokens;
  // Split at a line break near the 90% mark, so no validation window starts mid-word of a training one.
  let cut = Math.floor(ids.length * (1 - VALIDATION_FRACTION));
  const newline = text.indexOf('\n', cut);
  if (newline > 0 && newline < ids.length - (T + 1) && text.length === ids.length) cut = newline + 1;
  const splits = { train: ids.subarray(0, cut), validation: ids.subarray(cut) };
  if (splits.validation.length < T + 1 || splits.train.length < T + 1) {
    throw new EngineError([coded('E_DATA', 'data.textTooShortForLength', { id: info.id, chars: ids.length, window: String(T + 1) })]);
  }
  const windowCount = (part: Int32Array) => part.length - T;

  const windowAt = (part: Int32Array, start: number) => ({
    tokens: part.subarray(start, start + T),
    targets: part.subarray(start + 1, start + T + 1),
  });

  return {
    info,
    vocab,
    targetVocab: vocab,
    feeds: ['tokens', 'targets'],
    sizes: { train: windowCount(splits.train), validation: windowCount(splits.validation) },
    batch(batchSize: number, split: 'train' | 'validation', rng: Rng): Batch {
      const part = splits[split];
      const tokens = feedMatrix(batchSize, T);
      const targets = feedMatrix(batchSize, T);
      for (let b = 0; b < batchSize; b++) {
        const w = windowAt(part, rng.int(windowCount(part)));
        tokens.data.set(w.tokens, b * T);
        targets.data.set(w.targets, b * T);
      }
      return { tokens, targets };
    },
    heldOut: {
      count: Math.floor((splits.validation.length - 1) / T),
      batch(indices: readonly number[]): Batch {
        const count = Math.floor((splits.validation.length - 1) / T);
        const tokens = feedMatrix(indices.length, T);
        const targets = feedMatrix(indices.length, T);
        indices.forEach((k, b) => {
          if (!Number.isInteger(k) || k < 0 || k >= count) throw new RangeError(`Held-out window ${k} is not in 0..${count - 1}.`);
          const w = windowAt(splits.validation, k * T);
          tokens.data.set(w.tokens, b * T);
          targets.data.set(w.targets, b * T);
        });
        return { tokens, targets };
      },
    },
    preview(n: number): Example[] {
      const count = windowCount(splits.validation);
      return Array.from({ length: Math.min(n, count) }, (_, i) => {
        const w = windowAt(splits.validation, Math.floor((i * count) / Math.max(1, n)));
        return { input: vocab.decode(w.tokens), target: vocab.decode(w.targets) };
      });
    },
    encodeProbe: (probe) => encodeProbeFor('lm', { vocab, tokens: T, decoder: T, segments: T, format: info.probe }, probe),
  };
}

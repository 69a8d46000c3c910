import { feedMatrix, resolveLengths, writeRow } from './lengths';
import { encodeProbeFor, fitPair, layOutPair, type SentencePair } from './probeEncoding';
import { dataError } from './readSource';
import { createRng, type Rng } from './rng';
import { MASK, PAD, SPECIAL_TOKENS, UNK, type Batch, type Dataset, type DatasetInfo, type Example, type FeedLengths, type Vocabulary } from './types';
import { splitWords, wordVocabularyFromSplit } from './vocabulary';

/**
 * BERT-style masked language modelling over pairs of consecutive sentences:
 *   tokens   [CLS] a… [SEP] b… [SEP] [PAD]…, with 15% of the words chosen for prediction; of those,
 *            80% become [MASK], 10% a random word and 10% stay as they are (so the model cannot
 *            assume that an unmasked word is always correct);
 *   segments 0 for [CLS] a [SEP], 1 for b [SEP] (and 0 on padding);
 *   targets  the original id at each chosen position, [PAD] (ignored by the loss) everywhere else.
 * Masks are drawn afresh in every batch from the caller's rng (dynamic masking).
 */

export const MASK_RATE = 0.15;
export const DEFAULT_MLM_LENGTH = 48;
const VALIDATION_FRACTION = 0.1;
/** Words seen fewer times than this become [UNK]; it keeps the vocabulary (and softmax) a few thousand wide. */
const MIN_WORD_COUNT = 3;

interface Prepared {
  text: string;
  vocab: Vocabulary;
  train: SentencePair[];
  validation: SentencePair[];
}

let lastPrepared: Prepared | undefined;

/** Sentences end at . ! ? (the novel's ; and -- stay inside one). */
export function splitSentences(paragraph: string): string[] {
  return paragraph
    .split(/(?<=[.!?])\s+(?=["']?[A-Z])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function prepare(text: string): Prepared {
  if (lastPrepared?.text === text) return lastPrepared;
  // Each sentence is split into words once; the vocabulary and the encoding both reuse the split.
  const sentences = text
    .split('\n')
    .flatMap(splitSentences)
    .map((s) => splitWords(s, true))
    .filter((words) => words.length >= 2);
  const vocab = wordVocabularyFromSplit(sentences, { lowercase: true, minCount: MIN_WORD_COUNT });
  const index = new Map(vocab.tokens.map((t, i) => [t, i]));
  const encoded = sentences.map((words) => words.map((w) => index.get(w) ?? UNK));
  // Pairs never straddle the train/validation cut, so no validation sentence is ever trained on.
  const cut = Math.floor(encoded.length * (1 - VALIDATION_FRACTION));
  const pairsOf = (part: number[][]) => {
    const pairs: SentencePair[] = [];
    for (let i = 0; i + 1 < part.length; i++) pairs.push({ a: part[i], b: part[i + 1] });
    return pairs;
  };
  lastPrepared = { text, vocab, train: pairsOf(encoded.slice(0, cut)), validation: pairsOf(encoded.slice(cut)) };
  return lastPrepared;
}

/**
 * Chooses `rate` (BERT's 15% unless given; at least one) of the word positions and corrupts them; returns
 * the targets row. Specials and [UNK] are never chosen: guessing “unknown” teaches nothing.
 */
export function maskRow(ids: number[], vocabSize: number, rng: Rng, rate = MASK_RATE): { masked: number[]; targets: number[] } {
  const candidates: number[] = [];
  for (let i = 0; i < ids.length; i++) if (ids[i] >= SPECIAL_TOKENS.length) candidates.push(i);
  const count = candidates.length === 0 ? 0 : Math.max(1, Math.round(candidates.length * rate));
  const masked = ids.slice();
  const targets = new Array<number>(ids.length).fill(PAD);
  for (let k = 0; k < count; k++) {
    const j = k + rng.int(candidates.length - k);
    [candidates[k], candidates[j]] = [candidates[j], candidates[k]];
    const pos = candidates[k];
    targets[pos] = ids[pos];
    const roll = rng.next();
    if (roll < 0.8) masked[pos] = MASK;
    else if (roll < 0.9) masked[pos] = SPECIAL_TOKENS.length + rng.int(vocabSize - SPECIAL_TOKENS.length);
  }
  return { masked, targets };
}

export function createMaskedPairsDataset(info: DatasetInfo, text: string, lengths: FeedLengths, seed: number): Dataset {
  const prepared = prepare(text);
  const { vocab } = prepared;
  if (prepared.train.length === 0 || prepared.validation.length === 0 || vocab.size <= SPECIAL_TOKENS.length) {
    throw dataError(`The text of “${info.id}” has too few sentence pairs to train on.`, 'Run `npm run build:data` again, or use a longer text.');
  }
  const T = resolveLengths('masked-lm', lengths, { tokens: DEFAULT_MLM_LENGTH }).tokens;
  // Segments normally share the tokens' length; a graph that declares its own gets rows of that width.
  const segmentLength = lengths.segments ?? T;

  const fill = (pairs: readonly SentencePair[], batchSize: number, rng: Rng, pick: (b: number) => number): Batch => {
    const tokens = feedMatrix(batchSize, T);
    const segments = feedMatrix(batchSize, segmentLength);
    const targets = feedMatrix(batchSize, T);
    for (let b = 0; b < batchSize; b++) {
      const { ids, segments: seg } = layOutPair(fitPair(pairs[pick(b)], T));
      const { masked, targets: tgt } = maskRow(ids, vocab.size, rng);
      writeRow(tokens, b, masked);
      writeRow(segments, b, seg);
      writeRow(targets, b, tgt);
    }
    return { tokens, segments, targets };
  };

  return {
    info,
    vocab,
    targetVocab: vocab,
    feeds: ['tokens', 'segments', 'targets'],
    sizes: { train: prepared.train.length, validation: prepared.validation.length },
    batch: (batchSize, split, rng) => {
      const pairs = prepared[split];
      return fill(pairs, batchSize, rng, () => rng.int(pairs.length));
    },
    preview(n: number): Example[] {
      const count = Math.min(n, prepared.validation.length);
      const batch = fill(prepared.validation, count, createRng(seed), (b) => b);
      return Array.from({ length: count }, (_, b) => {
        const row = batch.tokens!.data.subarray(b * T, (b + 1) * T);
        return { input: vocab.decode(row, { keepSpecials: true }), target: vocab.decode(layOutPair(fitPair(prepared.validation[b], T)).ids, { keepSpecials: true }) };
      });
    },
    encodeProbe: (probe) => encodeProbeFor('masked-lm', { vocab, tokens: T, decoder: T, segments: segmentLength, format: info.probe }, probe),
  };
}

import { feedMatrix, resolveLengths, writeRow } from './lengths';
import { encodeProbeFor, fitPair, layOutPair, type SentencePair } from './probeEncoding';
import { dataError } from './readSource';
import { createRng, type Rng } from './rng';
import { MASK, PAD, SPECIAL_TOKENS, UNK, type Batch, type Dataset, type DatasetInfo, type Example, type FeedLengths, type Vocabulary } from './types';
import { splitWords, wordVocabularyFromSplit } from './vocabulary';

/**
 * BERT's two pre-training tasks over pairs of sentences:
 *   tokens   [CLS] a… [SEP] b… [SEP] [PAD]…, with 15% of the words chosen for prediction; of those,
 *            80% become [MASK], 10% a random word and 10% stay as they are (so the model cannot
 *            assume that an unmasked word is always correct);
 *   segments 0 for [CLS] a [SEP], 1 for b [SEP] (and 0 on padding);
 *   targets  the original id at each chosen position, [PAD] (ignored by the loss) everywhere else;
 *   labels   next-sentence prediction: 1 (“is next”) when b is the sentence that follows a in the text,
 *            0 (“not next”) when b is another sentence of the same split drawn at random; half and half.
 * Masks and pairings are drawn afresh in every batch from the caller's rng.
 */

export const MASK_RATE = 0.15;
export const DEFAULT_MLM_LENGTH = 48;
const VALIDATION_FRACTION = 0.1;
/** Words seen fewer times than this become [UNK]; it keeps the vocabulary (and softmax) a few thousand wide. */
const MIN_WORD_COUNT = 3;

/** The class names of the next-sentence labels, by id. */
export const NEXT_SENTENCE_CLASSES = ['not next', 'is next'] as const;
export const NOT_NEXT = 0;
export const IS_NEXT = 1;

interface Prepared {
  text: string;
  vocab: Vocabulary;
  /** Each split's sentences in the order of the text. */
  train: number[][];
  validation: number[][];
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
  lastPrepared = { text, vocab, train: encoded.slice(0, cut), validation: encoded.slice(cut) };
  return lastPrepared;
}

/**
 * The pair whose first sentence is `sentences[first]` (so `first` < length − 1): half the time, by the
 * rng, the sentence after it; otherwise any other sentence of the list but those two.
 */
export function drawNextSentencePair(sentences: readonly number[][], first: number, rng: Rng): { pair: SentencePair; label: number } {
  if (rng.next() < 0.5) return { pair: { a: sentences[first], b: sentences[first + 1] }, label: IS_NEXT };
  let other = rng.int(sentences.length - 2);
  if (other >= first) other += 2;
  return { pair: { a: sentences[first], b: sentences[other] }, label: NOT_NEXT };
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
  // A random second sentence needs a third sentence besides the pair's own two.
  if (prepared.train.length < 3 || prepared.validation.length < 3 || vocab.size <= SPECIAL_TOKENS.length) {
    throw dataError('data.tooFewPairs', { id: info.id });
  }
  const T = resolveLengths('masked-lm', lengths, { tokens: DEFAULT_MLM_LENGTH }).tokens;
  // Segments normally share the tokens' length; a graph that declares its own gets rows of that width.
  const segmentLength = lengths.segments ?? T;

  const fill = (sentences: readonly number[][], batchSize: number, rng: Rng, pick: (b: number) => number): { batch: Batch; pairs: SentencePair[] } => {
    const tokens = feedMatrix(batchSize, T);
    const segments = feedMatrix(batchSize, segmentLength);
    const targets = feedMatrix(batchSize, T);
    const labels = { data: new Int32Array(batchSize), shape: [batchSize] };
    const pairs: SentencePair[] = [];
    for (let b = 0; b < batchSize; b++) {
      const { pair, label } = drawNextSentencePair(sentences, pick(b), rng);
      const fitted = fitPair(pair, T);
      const { ids, segments: seg } = layOutPair(fitted);
      const { masked, targets: tgt } = maskRow(ids, vocab.size, rng);
      writeRow(tokens, b, masked);
      writeRow(segments, b, seg);
      writeRow(targets, b, tgt);
      labels.data[b] = label;
      pairs.push(fitted);
    }
    return { batch: { tokens, segments, targets, labels }, pairs };
  };
  // A pair starts at any sentence but the last of its split.
  const pairCount = (sentences: readonly number[][]) => sentences.length - 1;

  return {
    info,
    vocab,
    targetVocab: vocab,
    classes: NEXT_SENTENCE_CLASSES,
    feeds: ['tokens', 'segments', 'targets', 'labels'],
    sizes: { train: pairCount(prepared.train), validation: pairCount(prepared.validation) },
    batch: (batchSize, split, rng) => {
      const sentences = prepared[split];
      return fill(sentences, batchSize, rng, () => rng.int(pairCount(sentences))).batch;
    },
    preview(n: number): Example[] {
      const count = Math.min(n, pairCount(prepared.validation));
      const { batch, pairs } = fill(prepared.validation, count, createRng(seed), (b) => b);
      return Array.from({ length: count }, (_, b) => {
        const row = batch.tokens!.data.subarray(b * T, (b + 1) * T);
        const original = vocab.decode(layOutPair(pairs[b]).ids, { keepSpecials: true });
        return { input: vocab.decode(row, { keepSpecials: true }), target: `${original} (${NEXT_SENTENCE_CLASSES[batch.labels!.data[b]]})` };
      });
    },
    encodeProbe: (probe) => encodeProbeFor('masked-lm', { vocab, tokens: T, decoder: T, segments: segmentLength, format: info.probe }, probe),
  };
}

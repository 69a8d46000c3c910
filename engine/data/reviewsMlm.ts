import { SENTIMENT_FILE } from './files';
import { feedMatrix, resolveLengths, writeRow } from './lengths';
import { maskRow } from './maskedPairs';
import { encodeProbeFor, layOutSentence } from './probeEncoding';
import { dataError, readSource } from './readSource';
import { createRng, type Rng } from './rng';
import { SENTIMENT_INFO, sentimentTrainingSentences } from './sentiment';
import { SPECIAL_TOKENS, type Batch, type DataSources, type Dataset, type DatasetInfo, type DatasetOptions, type Example } from './types';

/**
 * Masked language modelling over the review sentences of the `sentiment` dataset, for pre-training an
 * encoder that the sentiment classifier can then fine-tune. Two things make the transfer work and keep
 * it honest:
 *   - the vocabulary is the `sentiment` dataset's own (same words, same ids), so a pre-trained token
 *     embedding lines up row for row with the classifier's;
 *   - only the classifier's *training* sentences are read, without their labels: no sentence the
 *     classifier is validated on is ever seen in pre-training.
 * Each row is one sentence, [CLS] words… [SEP] [PAD]…, with BERT's masking (40% of the words chosen; of
 * those 80% [MASK], 10% a random word, 10% unchanged), drawn afresh in every batch. Segments are all 0
 * (one sentence), for a graph that adds a segment embedding.
 *
 * Unlike BERT, the targets are the whole sentence, not only the chosen words (“all-tokens” masked LM, one of
 * the variants the ELECTRA paper compares). With the loss on the chosen words only, nothing trains the
 * vectors at the other positions, which are all a classifier reads once no word is hidden: measured on the
 * sentiment classifier, the encoder pre-trained that way fine-tuned worse than a fresh one, and worse the
 * longer it was pre-trained. Asking for every word keeps each position's vector about its own word in its
 * context, and the hidden words still teach the context.
 */

export const REVIEWS_MLM_LENGTH = 32;
/**
 * A review is about 14 words, so BERT's 15% leaves two words a sentence to learn from and a short
 * pre-training mostly learns how common each word is. Hiding 40% gives the encoder more than twice the
 * signal per step at the same cost (measured: the fine-tuned classifier and the frozen-encoder probe
 * both scored higher after the same pre-training steps).
 */
export const REVIEWS_MASK_RATE = 0.4;
/** Every tenth of the classifier's training sentences checks the pre-training (the validation split). */
const VALIDATION_EVERY = 10;

export const REVIEWS_MLM_INFO: DatasetInfo = {
  id: 'reviews-mlm',
  name: 'Review sentences (masked words)',
  task: 'masked-lm',
  description:
    'The training sentences of “Review sentiment”, without their labels, as [CLS] sentence [SEP] with 40% of the words hidden (BERT-style masking, at a higher rate for short sentences); the answers are the whole sentence, hidden words and visible ones. It uses the same words and ids as “Review sentiment”, so an encoder pre-trained here can be fine-tuned to classify the reviews.',
  source: SENTIMENT_INFO.source,
  licence: SENTIMENT_INFO.licence,
  citation: SENTIMENT_INFO.citation,
  size: '≈ 2,700 sentences',
  suggestedLengths: { tokens: REVIEWS_MLM_LENGTH },
  files: [SENTIMENT_FILE],
  probe: { maskedLayout: 'sentence' },
};

function buildReviewsMlmDataset(text: string, options: DatasetOptions): Dataset {
  const { vocab, sentences } = sentimentTrainingSentences(text);
  const usable = sentences.filter((s) => s.some((id) => id >= SPECIAL_TOKENS.length));
  const split = {
    train: usable.filter((_, i) => i % VALIDATION_EVERY !== VALIDATION_EVERY - 1),
    validation: usable.filter((_, i) => i % VALIDATION_EVERY === VALIDATION_EVERY - 1),
  };
  if (split.train.length === 0 || split.validation.length === 0) {
    throw dataError('data.bundledTooFewSentences', { file: SENTIMENT_FILE });
  }
  const T = resolveLengths('masked-lm', options.lengths, { tokens: REVIEWS_MLM_LENGTH }).tokens;
  const segmentLength = options.lengths.segments ?? T;

  const fill = (pool: readonly number[][], batchSize: number, rng: Rng, pick: (b: number) => number): Batch => {
    const tokens = feedMatrix(batchSize, T);
    const targets = feedMatrix(batchSize, T);
    for (let b = 0; b < batchSize; b++) {
      const sentence = layOutSentence(pool[pick(b)], T);
      writeRow(tokens, b, maskRow(sentence, vocab.size, rng, REVIEWS_MASK_RATE).masked);
      writeRow(targets, b, sentence);
    }
    return { tokens, segments: feedMatrix(batchSize, segmentLength), targets };
  };

  return {
    info: REVIEWS_MLM_INFO,
    vocab,
    targetVocab: vocab,
    feeds: ['tokens', 'segments', 'targets'],
    sizes: { train: split.train.length, validation: split.validation.length },
    batch: (batchSize, which, rng) => {
      const pool = split[which];
      return fill(pool, batchSize, rng, () => rng.int(pool.length));
    },
    preview(n: number): Example[] {
      const count = Math.min(n, split.validation.length);
      const batch = fill(split.validation, count, createRng(options.seed), (b) => b);
      return Array.from({ length: count }, (_, b) => ({
        input: vocab.decode(batch.tokens!.data.subarray(b * T, (b + 1) * T), { keepSpecials: true }),
        target: vocab.decode(layOutSentence(split.validation[b], T), { keepSpecials: true }),
      }));
    },
    encodeProbe: (probe) => encodeProbeFor('masked-lm', { vocab, tokens: T, decoder: T, segments: segmentLength, format: REVIEWS_MLM_INFO.probe }, probe),
  };
}

export async function createReviewsMlmDataset(options: DatasetOptions, sources: DataSources | undefined): Promise<Dataset> {
  return buildReviewsMlmDataset(await readSource(sources, SENTIMENT_FILE, REVIEWS_MLM_INFO.id), options);
}

import { describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { createDataset, createRng, datasetInfo, memoryDataSources } from '../../../engine/data';
import { REVIEWS_MASK_RATE } from '../../../engine/data/reviewsMlm';
import { sentimentTrainingSentences } from '../../../engine/data/sentiment';
import { CLS, MASK, PAD, SEP, type FeedArray } from '../../../engine/data/types';
import type { EngineError } from '../../../engine/graph/errors';

const sources = nodeDataSources();

function rows(feed: FeedArray): number[][] {
  const [b, t] = feed.shape;
  return Array.from({ length: b }, (_, i) => Array.from(feed.data.subarray(i * t, (i + 1) * t)));
}

describe('reviews-mlm', () => {
  it('is credited to the same source and licence as the sentiment data it is cut from', () => {
    const info = datasetInfo('reviews-mlm')!;
    const sentiment = datasetInfo('sentiment')!;
    expect(info.task).toBe('masked-lm');
    expect({ source: info.source, licence: info.licence, citation: info.citation }).toEqual({ source: sentiment.source, licence: sentiment.licence, citation: sentiment.citation });
    expect(info.licence).toContain('CC BY 4.0');
    expect(info.files).toEqual(sentiment.files);
  });

  it('numbers the words exactly as the sentiment dataset does', async () => {
    const mlm = await createDataset('reviews-mlm', { lengths: { tokens: 32 }, seed: 1 }, sources);
    const sentiment = await createDataset('sentiment', { lengths: { tokens: 32 }, seed: 1 }, sources);
    expect(mlm.vocab.tokens).toEqual(sentiment.vocab.tokens);
    expect(mlm.vocab.encode('The battery life is GREAT!')).toEqual(sentiment.vocab.encode('The battery life is GREAT!'));
  });

  it('reads only the classifier’s training sentences, never one it is validated on', async () => {
    const mlm = await createDataset('reviews-mlm', { lengths: { tokens: 256 }, seed: 1 }, sources);
    const sentiment = await createDataset('sentiment', { lengths: { tokens: 256 }, seed: 1 }, sources);
    const key = (ids: number[]) => ids.join(' ');
    const training = new Set(sentimentTrainingSentences(await sources.read('sentiment.json')).sentences.map(key));
    // A validation sentence that is word for word also a training sentence (“Great phone.”) cannot leak anything.
    const heldOut = new Set(sentiment.preview(sentiment.sizes.validation).map((e) => key(sentiment.vocab.encode(e.input))).filter((k) => !training.has(k)));
    expect(heldOut.size).toBeGreaterThan(250);
    expect(mlm.sizes.train + mlm.sizes.validation).toBeLessThanOrEqual(sentiment.sizes.train);
    expect(mlm.sizes.train + mlm.sizes.validation).toBeGreaterThan(sentiment.sizes.train * 0.99);

    const seen = new Set<string>();
    for (const split of ['train', 'validation'] as const) {
      const rng = createRng(5);
      for (let i = 0; i < 60; i++) {
        const batch = mlm.batch(64, split, rng);
        const targets = rows(batch.targets!);
        rows(batch.tokens!).forEach((row, b) => {
          // The original sentence: each chosen position back to its target, [CLS] … [SEP] stripped.
          const original = row.map((id, t) => (targets[b][t] !== PAD ? targets[b][t] : id)).filter((id) => id !== PAD);
          expect(original[0]).toBe(CLS);
          expect(original[original.length - 1]).toBe(SEP);
          seen.add(key(original.slice(1, -1)));
        });
      }
    }
    expect(seen.size).toBeGreaterThan(1800);
    for (const k of seen) {
      expect(training.has(k), k).toBe(true);
      expect(heldOut.has(k), k).toBe(false);
    }
  });

  it('keeps its own validation sentences out of its training batches', async () => {
    const mlm = await createDataset('reviews-mlm', { lengths: { tokens: 64 }, seed: 1 }, sources);
    const originals = (split: 'train' | 'validation') => {
      const out = new Set<string>();
      const rng = createRng(9);
      for (let i = 0; i < 20; i++) {
        const batch = mlm.batch(64, split, rng);
        const targets = rows(batch.targets!);
        rows(batch.tokens!).forEach((row, b) => out.add(row.map((id, t) => (targets[b][t] !== PAD ? targets[b][t] : id)).join(' ')));
      }
      return out;
    };
    const train = originals('train');
    const validationOnly = [...originals('validation')].filter((k) => !train.has(k));
    // Duplicated short sentences may sit on both sides of the cut; almost every validation sentence does not.
    expect(validationOnly.length).toBeGreaterThan(200);
    expect(mlm.sizes.validation).toBeGreaterThan(mlm.sizes.train / 12);
  });

  it('hides 40% of the words, 80% of those with [MASK], asks for every word of the sentence, with one segment of zeros', async () => {
    const mlm = await createDataset('reviews-mlm', { lengths: { tokens: 32 }, seed: 1 }, sources);
    expect([...mlm.feeds].sort()).toEqual(['segments', 'targets', 'tokens']);
    const batch = mlm.batch(256, 'train', createRng(7));
    expect(batch.tokens!.shape).toEqual([256, 32]);
    expect(batch.segments!.data.every((s) => s === 0)).toBe(true);
    const tokens = batch.tokens!.data;
    const targets = batch.targets!.data;
    let words = 0;
    let masked = 0;
    let replaced = 0;
    for (let i = 0; i < tokens.length; i++) {
      // The targets are the sentence itself: [PAD] exactly where the input is padding, [CLS] and [SEP] untouched.
      expect(targets[i] === PAD).toBe(tokens[i] === PAD);
      if (targets[i] === CLS || targets[i] === SEP) expect(tokens[i]).toBe(targets[i]);
      if (targets[i] <= MASK) {
        expect(tokens[i]).not.toBe(MASK);
        continue;
      }
      words++;
      if (tokens[i] === MASK) masked++;
      else if (tokens[i] !== targets[i]) replaced++;
    }
    // Of the 40% chosen, 80% become [MASK] and 10% a random word (which may by chance be the word itself).
    expect(REVIEWS_MASK_RATE).toBe(0.4);
    expect(masked / words).toBeGreaterThan(0.8 * REVIEWS_MASK_RATE - 0.03);
    expect(masked / words).toBeLessThan(0.8 * REVIEWS_MASK_RATE + 0.03);
    expect(replaced / words).toBeGreaterThan(0.1 * REVIEWS_MASK_RATE - 0.015);
    expect(replaced / words).toBeLessThan(0.1 * REVIEWS_MASK_RATE + 0.015);
  });

  it('repeats a batch, masks included, for the same rng state, and cuts long sentences to fit [CLS] … [SEP]', async () => {
    const mlm = await createDataset('reviews-mlm', { lengths: { tokens: 8 }, seed: 1 }, sources);
    const a = mlm.batch(16, 'train', createRng(3));
    const b = mlm.batch(16, 'train', createRng(3));
    expect(b.tokens!.data).toEqual(a.tokens!.data);
    expect(b.targets!.data).toEqual(a.targets!.data);
    const targets = rows(a.targets!);
    for (const [i, row] of rows(a.tokens!).entries()) {
      const original = row.map((id, t) => (targets[i][t] !== PAD ? targets[i][t] : id)).filter((id) => id !== PAD);
      expect(original[0]).toBe(CLS);
      expect(original[original.length - 1]).toBe(SEP);
      expect(original.length).toBeLessThanOrEqual(8);
    }
  });

  it('encodes a probe with [MASK] typed by the learner, and previews held-out sentences', async () => {
    const mlm = await createDataset('reviews-mlm', { lengths: { tokens: 10 }, seed: 1 }, sources);
    const probe = mlm.encodeProbe('The phone is [MASK] !');
    expect(mlm.vocab.decode(probe.tokens!.data, { keepSpecials: true })).toBe('[CLS] the phone is [MASK] ! [SEP]');
    expect(Array.from(probe.segments!.data)).toEqual(new Array(10).fill(0));
    const preview = mlm.preview(3);
    expect(preview).toHaveLength(3);
    for (const e of preview) {
      expect(e.target.startsWith('[CLS] ')).toBe(true);
      expect(e.input.split(' ').length).toBe(e.target.split(' ').length);
    }
    expect(mlm.preview(3)).toEqual(preview);
  });

  it('reports a missing or unusable sentiment file as E_DATA', async () => {
    const codeOf = (p: Promise<unknown>) => p.then(() => undefined, (e: EngineError) => e.code);
    expect(await codeOf(createDataset('reviews-mlm', { lengths: {}, seed: 1 }, memoryDataSources({})))).toBe('E_DATA');
    expect(await codeOf(createDataset('reviews-mlm', { lengths: {}, seed: 1 }, memoryDataSources({ 'sentiment.json': '{not json' })))).toBe('E_DATA');
  });
});

import { describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { createDataset, memoryDataSources } from '../../../engine/data/index';
import { drawNextSentencePair, IS_NEXT, NEXT_SENTENCE_CLASSES, NOT_NEXT } from '../../../engine/data/maskedPairs';
import { createRng } from '../../../engine/data/rng';
import { CLS, PAD, SEP, type Batch } from '../../../engine/data/types';

/**
 * Next-sentence prediction in `sentences-mlm`: every row is [CLS] a [SEP] b [SEP] with an is-next label; b
 * follows a in the text for label 1 and is some other sentence for label 0, half and half.
 */

/** A book whose sentence k is one word said three times (so it clears the vocabulary's count of three). */
const WORDS = Array.from({ length: 40 }, (_, k) => `w${String.fromCharCode(97 + Math.floor(k / 26))}${String.fromCharCode(97 + (k % 26))}`);
const BOOK = WORDS.map((w) => `${w[0].toUpperCase()}${w.slice(1)} ${w} ${w}.`).join(' ');

/** The row's words as the text had them: a chosen position's target, every other position's token. */
function originalRow(batch: Batch, row: number): number[] {
  const [, t] = batch.tokens!.shape;
  return Array.from({ length: t }, (_, j) => (batch.targets!.data[row * t + j] !== PAD ? batch.targets!.data[row * t + j] : batch.tokens!.data[row * t + j]));
}

describe('drawNextSentencePair', () => {
  const sentences = Array.from({ length: 12 }, (_, k) => [100 + k]);

  it('gives the following sentence for “is next” and any other sentence but the pair’s own two for “not next”', () => {
    const rng = createRng(5);
    const seenOthers = new Set<number>();
    for (let n = 0; n < 4000; n++) {
      const first = n % (sentences.length - 1);
      const { pair, label } = drawNextSentencePair(sentences, first, rng);
      expect(pair.a).toBe(sentences[first]);
      const second = sentences.indexOf(pair.b);
      if (label === IS_NEXT) {
        expect(second).toBe(first + 1);
      } else {
        expect(label).toBe(NOT_NEXT);
        expect(second).not.toBe(first);
        expect(second).not.toBe(first + 1);
        seenOthers.add(second);
      }
    }
    // Every sentence turns up as a random second sentence somewhere, the first and the last included.
    expect([...seenOthers].sort((x, y) => x - y)).toEqual(sentences.map((_, k) => k));
  });

  it('draws “is next” half the time', () => {
    const rng = createRng(11);
    let isNext = 0;
    const draws = 10_000;
    for (let n = 0; n < draws; n++) if (drawNextSentencePair(sentences, n % 11, rng).label === IS_NEXT) isNext++;
    // Binomial(10,000, ½): the standard deviation is 0.005; 0.47–0.53 is six of them.
    expect(isNext / draws).toBeGreaterThan(0.47);
    expect(isNext / draws).toBeLessThan(0.53);
  });
});

describe('sentences-mlm with next-sentence labels', () => {
  it('labels each row 1 exactly when its second sentence follows its first in the text', async () => {
    const ds = await createDataset('sentences-mlm', { lengths: { tokens: 16 }, seed: 1 }, memoryDataSources({ 'moby-dick.txt': BOOK }));
    expect(ds.feeds).toEqual(['tokens', 'segments', 'targets', 'labels']);
    expect(ds.classes).toEqual(NEXT_SENTENCE_CLASSES);
    // 40 sentences: the first 36 train, the last 4 validate; a pair starts at any but a split's last sentence.
    expect(ds.sizes).toEqual({ train: 35, validation: 3 });
    const sentenceOf = (id: number) => WORDS.indexOf(ds.vocab.tokens[id]);
    for (const split of ['train', 'validation'] as const) {
      const batch = ds.batch(200, split, createRng(2));
      expect(batch.labels!.shape).toEqual([200]);
      const labels = Array.from(batch.labels!.data);
      expect(new Set(labels)).toEqual(new Set([NOT_NEXT, IS_NEXT]));
      for (let row = 0; row < 200; row++) {
        const ids = originalRow(batch, row);
        const segments = Array.from(batch.segments!.data.subarray(row * 16, (row + 1) * 16));
        // [CLS] w w w . [SEP] v v v . [SEP] [PAD]…, segment 0 through the first [SEP] and 1 through the second.
        expect(ids[0]).toBe(CLS);
        expect(ids[5]).toBe(SEP);
        expect(ids[10]).toBe(SEP);
        expect(ids.slice(11).every((id) => id === PAD)).toBe(true);
        expect(segments).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
        const first = sentenceOf(ids[1]);
        const second = sentenceOf(ids[6]);
        expect(first, `row ${row}`).toBeGreaterThanOrEqual(split === 'train' ? 0 : 36);
        expect(second, `row ${row}`).toBeGreaterThanOrEqual(split === 'train' ? 0 : 36);
        expect(first, `row ${row}`).toBeLessThan(split === 'train' ? 36 : 40);
        expect(second, `row ${row}`).toBeLessThan(split === 'train' ? 36 : 40);
        expect(second === first + 1, `row ${row}: sentences ${first} and ${second}`).toBe(labels[row] === IS_NEXT);
        expect(second).not.toBe(first);
      }
    }
  });

  it('balances the labels of the bundled novel’s pairs and repeats them for the same rng state', async () => {
    const ds = await createDataset('sentences-mlm', { lengths: { tokens: 48 }, seed: 1 }, nodeDataSources());
    const batch = ds.batch(4000, 'train', createRng(9));
    const isNext = Array.from(batch.labels!.data).filter((l) => l === IS_NEXT).length / 4000;
    // Binomial(4,000, ½): the standard deviation is 0.008.
    expect(isNext).toBeGreaterThan(0.46);
    expect(isNext).toBeLessThan(0.54);
    const again = ds.batch(4000, 'train', createRng(9));
    expect(again.labels!.data).toEqual(batch.labels!.data);
    expect(again.tokens!.data).toEqual(batch.tokens!.data);
  });

  it('shows whether the second sentence follows in the preview', async () => {
    const ds = await createDataset('sentences-mlm', { lengths: { tokens: 16 }, seed: 1 }, memoryDataSources({ 'moby-dick.txt': BOOK }));
    const preview = ds.preview(3);
    expect(preview).toHaveLength(3);
    for (const example of preview) expect(example.target).toMatch(/^\[CLS\] w.. w.. w.. \. \[SEP\] w.. w.. w.. \. \[SEP\] \((is next|not next)\)$/);
  });
});

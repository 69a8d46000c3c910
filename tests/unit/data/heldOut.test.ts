import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { createCorpusDataset } from '../../../engine/data/corpus';
import { createExampleDataset, type TaggingExample } from '../../../engine/data/exampleDataset';
import { validationBatches, validationIndices, validationSize, VALIDATION_EXAMPLE_LIMIT } from '../../../engine/data/heldOut';
import type { Batch, Dataset, FeedArray } from '../../../engine/data/types';
import { buildCharVocabulary } from '../../../engine/data/vocabulary';
import { applyModel, disposeBatch, toDeviceBatch } from '../../../engine/train/feeds';
import { runTraining } from '../../../engine/train/runTraining';
import type { ProgressEvent } from '../../../engine/train/types';
import { tinyTaggerDoc } from '../train/tinyGraphs';

const rowsOf = (feed: FeedArray): number[][] => {
  const [n, width] = feed.shape;
  return Array.from({ length: n }, (_, r) => Array.from(feed.data.subarray(r * width, (r + 1) * width)));
};
const allRows = (batches: Batch[], feed: 'tokens' | 'targets') => batches.flatMap((b) => rowsOf(b[feed]!));
const padded = (ids: number[], width: number) => [...ids, ...new Array<number>(width - ids.length).fill(0)];

/** A tagging set over the synthetic tasks' 27 ids (7 specials + 20 symbols): reverse the sequence. */
function reverseSet(validationCount: number, trainCount = 40): { dataset: Dataset; validation: TaggingExample[] } {
  const vocab = buildCharVocabulary('0123456789abcdefghij');
  const example = (k: number): TaggingExample => {
    const length = 2 + (k % 5);
    const input = Array.from({ length }, (_, i) => 7 + ((k * 7 + i * 3) % 20));
    return { input, output: input.slice().reverse() };
  };
  const validation = Array.from({ length: validationCount }, (_, k) => example(1000 + k));
  const train = Array.from({ length: trainCount }, (_, k) => example(k));
  const dataset = createExampleDataset({
    task: 'tagging',
    info: { id: 'reverse', name: 'reverse', task: 'tagging', description: '', source: '', licence: '', size: '' },
    vocab,
    lengths: { tokens: 6 },
    train,
    validation,
  });
  return { dataset, validation };
}

describe('the validation set', () => {
  it('is exactly the held-out split, in order and each example once, when the split is small', () => {
    const { dataset, validation } = reverseSet(37);
    expect(validationSize(dataset)).toBe(37);
    const batches = validationBatches(dataset, 8);
    expect(batches.map((b) => b.tokens!.shape[0])).toEqual([8, 8, 8, 8, 5]);
    expect(allRows(batches, 'tokens')).toEqual(validation.map((e) => padded(e.input, 6)));
    expect(allRows(batches, 'targets')).toEqual(validation.map((e) => padded(e.output, 6)));
  });

  it('is a fixed subset of the limit when the split is larger, the same every time and whatever the batch size', () => {
    const a = validationIndices(5_000, 1024);
    expect(a).toHaveLength(1024);
    expect(new Set(a).size).toBe(1024);
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 5_000)).toBe(true);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(validationIndices(5_000, 1024)).toEqual(a);
    // Spread over the split, not its first rows.
    expect(a.at(-1)).toBeGreaterThan(4_000);
    expect(validationIndices(1024, 1024)).toEqual(Array.from({ length: 1024 }, (_, i) => i));

    const { dataset } = reverseSet(1_500);
    expect(validationSize(dataset)).toBe(VALIDATION_EXAMPLE_LIMIT);
    const by32 = allRows(validationBatches(dataset, 32), 'tokens');
    const by100 = allRows(validationBatches(dataset, 100), 'tokens');
    expect(by32).toHaveLength(VALIDATION_EXAMPLE_LIMIT);
    expect(by100).toEqual(by32);
    expect(allRows(validationBatches(dataset, 32), 'tokens')).toEqual(by32);
  });

  it('reads a corpus as side-by-side windows of its held-out tenth, each character predicted once', () => {
    const text = Array.from({ length: 60 }, (_, i) => `line ${i} of the text\n`).join('');
    const T = 16;
    const dataset = createCorpusDataset({ id: 'tiny', name: 'tiny', task: 'lm', description: '', source: '', licence: '', size: '' }, text, { tokens: T });
    const count = dataset.heldOut!.count;
    expect(count).toBeGreaterThan(3);
    const rows = allRows(validationBatches(dataset, 4), 'tokens');
    const targets = allRows(validationBatches(dataset, 4), 'targets');
    expect(rows).toHaveLength(count);
    // Window k+1 starts where window k ends, and its targets are its tokens one step ahead.
    for (let k = 0; k + 1 < count; k++) {
      expect(rows[k + 1][0]).toBe(targets[k][T - 1]);
      expect(rows[k].slice(1)).toEqual(targets[k].slice(0, T - 1));
    }
    const heldOutText = dataset.vocab.decode(rows.flat());
    expect(text.endsWith(heldOutText.slice(0, 40)) || text.includes(heldOutText)).toBe(true);
    expect(text.indexOf(heldOutText)).toBeGreaterThan(text.length * 0.85);
  });

  it.each(['copy', 'reverse', 'sort', 'addition', 'en-ko'])('reads all of %s’s held-out split or the documented subset', async (id) => {
    const dataset = await createDataset(id, { lengths: {}, seed: 1 });
    expect(dataset.heldOut).toBeDefined();
    expect(dataset.heldOut!.count).toBe(dataset.sizes.validation);
    const rows = allRows(validationBatches(dataset, 64), 'tokens');
    expect(rows).toHaveLength(Math.min(dataset.sizes.validation, VALIDATION_EXAMPLE_LIMIT));
  });
});

describe('runTraining validates on that set', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('reports the count, and an accuracy equal to one counted by hand example by example', async () => {
    const { dataset, validation } = reverseSet(13);
    const events: NonNullable<ProgressEvent['validation']>[] = [];
    const doc = tinyTaggerDoc({ d: 8 });
    const result = await runTraining(doc, dataset, { steps: 4, batchSize: 5, validateEvery: 2 }, { onProgress: (p) => void (p.validation && events.push(p.validation)) });
    try {
      expect(events).toHaveLength(2);
      for (const e of events) expect([e.examples, e.heldOut]).toEqual([13, 13]);
      // By hand: each example alone through the trained model; positions whose target is [PAD] do not count.
      let correct = 0;
      let counted = 0;
      for (const example of validation) {
        const batch = toDeviceBatch(result.compiled, dataset.heldOut!.batch([validation.indexOf(example)]));
        const predicted = tf.tidy(() => tf.argMax(applyModel(result.compiled, batch.inputs, false)[0], -1));
        const ids = Array.from(await predicted.data());
        predicted.dispose();
        disposeBatch(batch);
        example.output.forEach((target, i) => {
          counted++;
          if (ids[i] === target) correct++;
        });
      }
      expect(counted).toBe(validation.reduce((n, e) => n + e.input.length, 0));
      expect(result.accuracy).toBeCloseTo(correct / counted, 10);
      expect(events.at(-1)!.accuracy).toBeCloseTo(correct / counted, 10);
    } finally {
      result.compiled.dispose();
    }
  });
});

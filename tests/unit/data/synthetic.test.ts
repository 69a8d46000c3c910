import { describe, expect, it } from 'vitest';
import { createDataset, listDatasets } from '../../../engine/data/index';
import { createRng } from '../../../engine/data/rng';
import { BOS, EOS, PAD, type Batch, type Dataset, type FeedArray } from '../../../engine/data/types';
import { EngineError } from '../../../engine/graph/errors';

function rows(feed: FeedArray): number[][] {
  const [b, t] = feed.shape;
  return Array.from({ length: b }, (_, i) => Array.from(feed.data.subarray(i * t, (i + 1) * t)));
}
const unpadded = (row: number[]) => row.filter((id) => id !== PAD);

async function batchOf(id: string, lengths: Record<string, number>, seed = 1, batchSize = 16): Promise<{ ds: Dataset; batch: Batch }> {
  const ds = await createDataset(id, { lengths, seed });
  return { ds, batch: ds.batch(batchSize, 'train', createRng(7)) };
}

describe('registry', () => {
  it('lists the synthetic datasets under stable ids with their tasks', () => {
    const byId = new Map(listDatasets().map((d) => [d.id, d.task]));
    expect(byId.get('copy')).toBe('tagging');
    expect(byId.get('reverse')).toBe('tagging');
    expect(byId.get('sort')).toBe('tagging');
    expect(byId.get('addition')).toBe('seq2seq');
  });

  it('rejects an unknown id with E_UNKNOWN_DATASET', async () => {
    const err = await createDataset('no-such-set', { lengths: {}, seed: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('E_UNKNOWN_DATASET');
  });

  it('rejects an unusable length with E_DATA', async () => {
    const err = await createDataset('copy', { lengths: { tokens: 0 }, seed: 1 }).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('E_DATA');
  });
});

describe.each(['copy', 'reverse', 'sort'])('%s', (id) => {
  it('fills tokens and targets as B×T int32 arrays padded with [PAD]', async () => {
    const { ds, batch } = await batchOf(id, { tokens: 10 });
    expect(ds.feeds).toEqual(['tokens', 'targets']);
    for (const feed of [batch.tokens!, batch.targets!]) {
      expect(feed.shape).toEqual([16, 10]);
      expect(feed.data).toBeInstanceOf(Int32Array);
    }
    for (const [i, row] of rows(batch.tokens!).entries()) {
      const n = unpadded(row).length;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(row.slice(n).every((x) => x === PAD)).toBe(true);
      expect(unpadded(rows(batch.targets!)[i])).toHaveLength(n);
    }
  });

  it('gives the same batches for the same seed and different ones for another seed', async () => {
    const a = (await batchOf(id, { tokens: 8 }, 3)).batch.tokens!.data;
    const b = (await batchOf(id, { tokens: 8 }, 3)).batch.tokens!.data;
    const c = (await batchOf(id, { tokens: 8 }, 4)).batch.tokens!.data;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('keeps validation sequences out of training', async () => {
    const ds = await createDataset(id, { lengths: { tokens: 6 }, seed: 2 });
    const key = (r: number[]) => unpadded(r).join(',');
    const train = new Set(rows(ds.batch(2000, 'train', createRng(1)).tokens!).map(key));
    const validation = rows(ds.batch(500, 'validation', createRng(1)).tokens!).map(key);
    expect(validation.filter((k) => train.has(k))).toEqual([]);
  });
});

describe('sequence targets', () => {
  it('reverse targets are the tokens reversed, ignoring the padding', async () => {
    const { batch } = await batchOf('reverse', { tokens: 12 });
    const targets = rows(batch.targets!);
    for (const [i, row] of rows(batch.tokens!).entries()) expect(unpadded(targets[i])).toEqual(unpadded(row).reverse());
  });

  it('sort targets are the symbols in order and copy targets equal the tokens', async () => {
    const sorted = await batchOf('sort', { tokens: 12 });
    const sortTargets = rows(sorted.batch.targets!);
    for (const [i, row] of rows(sorted.batch.tokens!).entries()) {
      const text = sorted.ds.vocab.decode(row);
      expect(sorted.ds.vocab.decode(sortTargets[i])).toBe([...text].sort().join(''));
    }
    const copied = await batchOf('copy', { tokens: 12 });
    expect(copied.batch.targets!.data).toEqual(copied.batch.tokens!.data);
  });

  it('previews and probes read as the symbols typed', async () => {
    const ds = await createDataset('reverse', { lengths: { tokens: 6 }, seed: 1 });
    const [example] = ds.preview(1);
    expect(example.target).toBe([...example.input].reverse().join(''));
    const probe = ds.encodeProbe('3 1 a');
    expect(probe.tokens!.shape).toEqual([1, 6]);
    expect(ds.vocab.decode(probe.tokens!.data)).toBe('31a');
  });
});

describe('addition', () => {
  it('teaches correct sums: decoder reads [BOS]+y, targets are y+[EOS]', async () => {
    const { ds, batch } = await batchOf('addition', { tokens: 7, decoder_tokens: 5 }, 5, 64);
    expect(ds.feeds).toEqual(['tokens', 'decoder_tokens', 'targets']);
    expect(batch.tokens!.shape).toEqual([64, 7]);
    expect(batch.decoder_tokens!.shape).toEqual([64, 5]);
    expect(batch.targets!.shape).toEqual([64, 5]);
    const decoder = rows(batch.decoder_tokens!);
    const targets = rows(batch.targets!);
    for (const [i, row] of rows(batch.tokens!).entries()) {
      const [a, b] = ds.vocab.decode(row).split('+').map(Number);
      const answer = ds.targetVocab.decode(targets[i], { untilEos: true });
      expect(Number(answer)).toBe(a + b);
      expect(targets[i][answer.length]).toBe(EOS);
      expect(decoder[i][0]).toBe(BOS);
      expect(decoder[i].slice(1, 1 + answer.length)).toEqual(targets[i].slice(0, answer.length));
    }
  });

  it('shrinks the operands to fit short inputs', async () => {
    const { ds, batch } = await batchOf('addition', { tokens: 3, decoder_tokens: 3 });
    for (const row of rows(batch.tokens!)) expect(ds.vocab.decode(row)).toMatch(/^\d\+\d$/);
  });

  it('previews sums as text and encodes a probe with a lone [BOS] for the decoder', async () => {
    const ds = await createDataset('addition', { lengths: {}, seed: 9 });
    for (const { input, target } of ds.preview(5)) {
      const [a, b] = input.split('+').map(Number);
      expect(Number(target)).toBe(a + b);
    }
    const probe = ds.encodeProbe('12+30');
    expect(ds.vocab.decode(probe.tokens!.data)).toBe('12+30');
    expect(Array.from(probe.decoder_tokens!.data)).toEqual([BOS, 0, 0, 0, 0]);
  });
});

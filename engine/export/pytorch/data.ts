/**
 * The dataset as files data.py reads: the vocabulary, the training examples, and the app's validation set.
 *
 * The app draws the batch of global step s from mulberry32 seeded with hashSeed(seed, `batch/s`) (runTraining),
 * each row `pool[rng.int(pool.length)]` for the datasets made of fixed examples and corpus windows. Such a dataset
 * is exported as its pool ('rows': one row per example and feed; 'windows': the corpus' ids, rows being windows of
 * T + 1), and data.py draws exactly the app's batches for any step and batch size. The pool is read through the
 * Dataset interface itself, with a generator that asks for example 0, 1, 2, …; the export then checks the result
 * against the dataset's own batches for a few steps. A dataset that also draws from the generator inside a row
 * (masked-LM: which words to hide) fails that check and is exported as its batches for the run's steps instead
 * ('batches'), which data.py replays (and repeats past the last one).
 */
import type { Feed } from '../../blocks/buildTypes';
import { hashSeed } from '../../compile/compile';
import { validationBatches } from '../../data/heldOut';
import { createRng, type Rng } from '../../data/rng';
import type { Batch, Dataset, FeedArray } from '../../data/types';
import type { TrainingConfig } from '../../graph/schema';

export type DataMode = 'rows' | 'windows' | 'batches';

export interface ArrayFile {
  file: string;
  dtype: 'int16' | 'int32';
  shape: number[];
}

export interface DataMeta {
  dataset: string;
  task: string;
  mode: DataMode;
  feeds: Feed[];
  seed: number;
  /** 'rows' and 'windows': examples (windows) in the training split. */
  size?: number;
  /** 'windows': tokens per window (T). */
  window?: number;
  /** 'batches': the first global step and the batch size of the stored batches. */
  firstStep?: number;
  batchSize?: number;
  train: Partial<Record<Feed | 'ids', ArrayFile>>;
  /** The app's validation set (engine/data/heldOut.ts): its examples in order, one row each. */
  validation: Partial<Record<Feed, ArrayFile>>;
  /** Rows per validation batch (the run's batch size; the last batch may be shorter); 0 when there is no validation. */
  validationBatchSize: number;
}

export interface DataExportOptions {
  training: TrainingConfig;
  /** The step training continues from (0 for a fresh model). */
  startStep: number;
  /** Most bytes the stored batches of a 'batches' dataset may take (the rest are replayed from the start). */
  maxBatchBytes?: number;
}

/** Checked by the export: this many steps of the dataset's own batches must equal the exported pool's. */
const CHECKED_STEPS = 4;
const CHUNK = 4096;

/** Asks for example 0, 1, 2, … in turn; anything else it is asked marks the enumeration as failed. */
function enumeratingRng(limit: number): Rng & { failed: boolean } {
  let i = 0;
  const rng = {
    failed: false,
    next: () => {
      rng.failed = true;
      return 0;
    },
    int: (n: number) => {
      if (n !== limit || i >= n) rng.failed = true;
      return Math.min(i++, n - 1);
    },
    state: () => i,
  };
  return rng;
}

function feedsOf(batch: Batch): Feed[] {
  return (Object.keys(batch) as Feed[]).filter((f) => batch[f]);
}

function rowLength(a: FeedArray): number {
  return a.shape.length > 1 ? a.shape[1] : 1;
}

type Pool =
  | { kind: 'rows'; feeds: Partial<Record<Feed, { data: Int32Array; length: number }>> }
  /** A corpus: window i reads ids[i : i + T] and predicts ids[i + 1 : i + T + 1]. */
  | { kind: 'windows'; ids: Int32Array; window: number };

/**
 * The whole training pool, or null when the dataset is not one. A language-model corpus keeps only its ids: window i
 * starts at id i, so they are each window's first and the last window's rest (the windows themselves would take
 * T times the memory).
 */
function enumeratePool(dataset: Dataset): Pool | null {
  const n = dataset.sizes.train;
  if (n <= 0) return null;
  const rng = enumeratingRng(n);
  const corpus = dataset.info.task === 'lm';
  const parts: Batch[] = [];
  const firsts = new Int32Array(n);
  let last: Batch | null = null;
  for (let done = 0; done < n; done += CHUNK) {
    const part = dataset.batch(Math.min(CHUNK, n - done), 'train', rng);
    if (rng.failed) return null;
    if (!corpus) parts.push(part);
    else {
      const tokens = part.tokens;
      if (!tokens || !part.targets || feedsOf(part).length !== 2) return null;
      const T = rowLength(tokens);
      for (let r = 0; r < tokens.shape[0]; r++) firsts[done + r] = tokens.data[r * T];
      last = part;
    }
  }
  if (corpus && last) {
    const T = rowLength(last.tokens!);
    const rows = last.tokens!.shape[0];
    const ids = new Int32Array(n + T);
    ids.set(firsts, 0);
    ids.set(last.tokens!.data.subarray((rows - 1) * T + 1, rows * T), n);
    ids[n + T - 1] = last.targets!.data[rows * T - 1];
    return { kind: 'windows', ids, window: T };
  }
  const feeds: Partial<Record<Feed, { data: Int32Array; length: number }>> = {};
  for (const feed of feedsOf(parts[0])) {
    const length = rowLength(parts[0][feed]!);
    const data = new Int32Array(n * length);
    let at = 0;
    for (const p of parts) {
      data.set(p[feed]!.data, at);
      at += p[feed]!.data.length;
    }
    feeds[feed] = { data, length };
  }
  return { kind: 'rows', feeds };
}

/** What data.py computes for a step from the pool: each row's example drawn as the app draws it. */
function poolBatch(pool: Pool, n: number, batchSize: number, rng: Rng): Batch {
  const picks = Array.from({ length: batchSize }, () => rng.int(n));
  if (pool.kind === 'windows') {
    const T = pool.window;
    const window = (offset: number): FeedArray => {
      const data = new Int32Array(batchSize * T);
      picks.forEach((p, b) => data.set(pool.ids.subarray(p + offset, p + offset + T), b * T));
      return { data, shape: [batchSize, T] };
    };
    return { tokens: window(0), targets: window(1) };
  }
  const batch: Batch = {};
  for (const feed of Object.keys(pool.feeds) as Feed[]) {
    const { data, length } = pool.feeds[feed]!;
    const out = new Int32Array(batchSize * length);
    picks.forEach((p, b) => out.set(data.subarray(p * length, (p + 1) * length), b * length));
    batch[feed] = { data: out, shape: feed === 'labels' ? [batchSize] : [batchSize, length] };
  }
  return batch;
}

function sameBatch(a: Batch, b: Batch): boolean {
  const feeds = feedsOf(a);
  if (feeds.length !== feedsOf(b).length) return false;
  return feeds.every((f) => {
    const x = a[f]!;
    const y = b[f];
    return !!y && x.data.length === y.data.length && x.data.every((v, i) => v === y.data[i]);
  });
}

function arrayFile(file: string, data: Int32Array, shape: number[]): { meta: ArrayFile; bytes: Uint8Array } {
  let max = 0;
  let min = 0;
  for (const v of data) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const small = min >= -32768 && max <= 32767;
  const bytes = new Uint8Array(data.length * (small ? 2 : 4));
  const view = new DataView(bytes.buffer);
  data.forEach((v, i) => (small ? view.setInt16(2 * i, v, true) : view.setInt32(4 * i, v, true)));
  return { meta: { file, dtype: small ? 'int16' : 'int32', shape }, bytes };
}

/** One feed of batches of any sizes, row after row: (rows, …). */
function concatenated(batches: Batch[], feed: Feed): { data: Int32Array; shape: number[] } {
  const rows = batches.reduce((n, b) => n + b[feed]!.shape[0], 0);
  const data = new Int32Array(batches.reduce((n, b) => n + b[feed]!.data.length, 0));
  let offset = 0;
  for (const b of batches) {
    data.set(b[feed]!.data, offset);
    offset += b[feed]!.data.length;
  }
  return { data, shape: [rows, ...batches[0][feed]!.shape.slice(1)] };
}

/** Concatenates batches of one feed into (count, B, …). */
function stacked(batches: Batch[], feed: Feed): { data: Int32Array; shape: number[] } {
  const first = batches[0][feed]!;
  const data = new Int32Array(batches.length * first.data.length);
  batches.forEach((b, i) => data.set(b[feed]!.data, i * first.data.length));
  return { data, shape: [batches.length, ...first.shape] };
}

export function exportDataset(dataset: Dataset, opts: DataExportOptions): { meta: DataMeta; files: Map<string, Uint8Array> } {
  const { training, startStep } = opts;
  const files = new Map<string, Uint8Array>();
  const put = (name: string, data: Int32Array, shape: number[]): ArrayFile => {
    const { meta, bytes } = arrayFile(name, data, shape);
    files.set(`data/${name}`, bytes);
    return meta;
  };
  const stepRng = (step: number) => createRng(hashSeed(training.seed, `batch/${step}`));
  const n = dataset.sizes.train;

  const validation: DataMeta['validation'] = {};
  let validationBatchSize = 0;
  const heldOut = validationBatches(dataset, training.batchSize);
  if (heldOut.length) {
    // The app's validation set, as runTraining reads it: the same examples in the same order.
    for (const feed of feedsOf(heldOut[0])) {
      const { data, shape } = concatenated(heldOut, feed);
      validation[feed] = put(`validation_${feed}.bin`, data, shape);
    }
    validationBatchSize = training.batchSize;
  }

  const pool = enumeratePool(dataset);
  const checks = Array.from({ length: CHECKED_STEPS }, (_, k) => startStep + k);
  const matches = pool !== null && checks.every((step) => sameBatch(dataset.batch(training.batchSize, 'train', stepRng(step)), poolBatch(pool, n, training.batchSize, stepRng(step))));
  const base = { dataset: dataset.info.id, task: dataset.info.task, seed: training.seed, validation, validationBatchSize };

  if (matches && pool?.kind === 'windows') {
    const train = { ids: put('train_ids.bin', pool.ids, [pool.ids.length]) };
    return { meta: { ...base, mode: 'windows', feeds: ['tokens', 'targets'], size: n, window: pool.window, train }, files };
  }
  if (matches && pool?.kind === 'rows') {
    const feeds = Object.keys(pool.feeds) as Feed[];
    const train: DataMeta['train'] = {};
    for (const feed of feeds) {
      const { data, length } = pool.feeds[feed]!;
      train[feed] = put(`train_${feed}.bin`, data, feed === 'labels' ? [n] : [n, length]);
    }
    return { meta: { ...base, mode: 'rows', feeds, size: n, train }, files };
  }

  const steps = Math.max(1, training.steps - startStep);
  const sample = dataset.batch(training.batchSize, 'train', stepRng(startStep));
  const bytesPerStep = feedsOf(sample).reduce((s, f) => s + 4 * sample[f]!.data.length, 0);
  const count = Math.max(1, Math.min(steps, Math.floor((opts.maxBatchBytes ?? 64 * 2 ** 20) / bytesPerStep)));
  const batches = Array.from({ length: count }, (_, k) => (k === 0 ? sample : dataset.batch(training.batchSize, 'train', stepRng(startStep + k))));
  const train: DataMeta['train'] = {};
  for (const feed of feedsOf(sample)) {
    const { data, shape } = stacked(batches, feed);
    train[feed] = put(`train_${feed}.bin`, data, shape);
  }
  return { meta: { ...base, mode: 'batches', feeds: feedsOf(sample), firstStep: startStep, batchSize: training.batchSize, train }, files };
}

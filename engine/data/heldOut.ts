import { createRng } from './rng';
import type { Batch, Dataset } from './types';

/**
 * Which held-out examples a validation reads. Validation reads the split in its order, each example once: the
 * whole split when it has at most VALIDATION_EXAMPLE_LIMIT examples, otherwise a subset of that many drawn with a
 * seed of its own (not the run's), so every evaluation of every run of the same data reads the same examples and
 * their curves can be compared. The studio, the CLI, the lessons and the exported training code all read these.
 */

/** Most held-out examples one validation reads (rows, sentence pairs, or non-overlapping windows of a corpus). */
export const VALIDATION_EXAMPLE_LIMIT = 1024;

/** The subset of a large split does not depend on the run seed: runs with different seeds validate alike. */
const SUBSET_SEED = 0x5bd1e995;

/** Examples validation reads: the split's count up to the limit. */
export function validationSize(dataset: Pick<Dataset, 'heldOut' | 'sizes'>, limit = VALIDATION_EXAMPLE_LIMIT): number {
  return Math.min(heldOutCount(dataset), Math.max(0, Math.floor(limit)));
}

/** Held-out examples there are to read (a dataset that cannot read its split in order counts its split). */
export function heldOutCount(dataset: Pick<Dataset, 'heldOut' | 'sizes'>): number {
  return dataset.heldOut?.count ?? dataset.sizes.validation;
}

/**
 * Indices into the held-out split, ascending: 0..count−1 when count ≤ limit, else `limit` distinct indices
 * chosen by a partial Fisher–Yates shuffle from a fixed seed.
 */
export function validationIndices(count: number, limit = VALIDATION_EXAMPLE_LIMIT): number[] {
  const n = Math.min(count, Math.max(0, Math.floor(limit)));
  if (n === count) return Array.from({ length: count }, (_, i) => i);
  const rng = createRng(SUBSET_SEED);
  // A sparse swap table: the split may be far larger than the subset (a corpus' windows).
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const picked: number[] = [];
  for (let k = 0; k < n; k++) {
    const j = k + rng.int(count - k);
    const chosen = at(j);
    swapped.set(j, at(k));
    picked.push(chosen);
  }
  return picked.sort((a, b) => a - b);
}

/**
 * The validation set as batches of at most `batchSize` rows (the last may be shorter), in split order. Every
 * counted position weighs the same in the mean loss and accuracy, so how the rows are cut into batches does
 * not change the numbers.
 */
export function validationBatches(dataset: Pick<Dataset, 'heldOut' | 'sizes' | 'batch'>, batchSize: number, limit = VALIDATION_EXAMPLE_LIMIT): Batch[] {
  const size = Math.max(1, Math.floor(batchSize));
  const batches: Batch[] = [];
  const { heldOut } = dataset;
  if (heldOut) {
    const indices = validationIndices(heldOut.count, limit);
    for (let start = 0; start < indices.length; start += size) batches.push(heldOut.batch(indices.slice(start, start + size)));
    return batches;
  }
  // A dataset that cannot lay out chosen examples: as many draws from one fixed generator, the same every evaluation.
  const rng = createRng(SUBSET_SEED);
  const total = validationSize(dataset, limit);
  for (let start = 0; start < total; start += size) batches.push(dataset.batch(Math.min(size, total - start), 'validation', rng));
  return batches;
}

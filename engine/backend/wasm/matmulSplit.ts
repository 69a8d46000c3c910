/**
 * How the matmul shares a product between its two threads: whether it is worth it, the units both claim on a
 * shared heap, and the fixed split where the helper works on copies. Pure functions of the product's shape.
 */
import {
  DEPTH_BLOCK, NO_EPILOGUE, PANEL_COLS, PANEL_ROWS, UNIT_BATCHES, UNIT_COLUMNS, UNIT_ROWS,
  type BatchMatMulShape, type Epilogue, type Layout, type Share, type Units,
} from './matmulLayout';

/** A single product is split along its shared dimension when that is this many times its larger side. */
const DEPTH_SPLIT_RATIO = 4;
/** Below this many multiply-adds, handing half to a helper costs more than it saves. */
const MIN_THREADED_WORK = 1 << 18;
/**
 * The largest range two threads sharing a product on one heap claim at a time is at most this fraction of it,
 * so the first ranges are large; the last ones shrink to the smallest (see `claim` in matmul.as).
 */
const LARGEST_RANGE_FRACTION = 1 / 16;
/** Row ranges are at most the kernel's MC rows (larger ones would not stay in cache while their panels are used). */
const LARGEST_ROW_RANGE = 128;
/** Row ranges are at least this many rows: smaller ones would read all of packed b again for too little work. */
const SMALLEST_ROW_RANGE = 16;

/** A half-open range of elements, [from, to). */
export type Range = [from: number, to: number];

/**
 * How a product is shared with the helper. Ranges are in elements of a, b and the result: the helper always
 * takes a suffix (or the whole of an operand it needs entirely), and `ownC` is this thread's contiguous prefix of
 * the result, null when its columns are interleaved with the helper's. With `partialSums` each thread
 * computes the whole result over half of the shared dimension: the helper's sum is then added to this one's.
 */
export interface Split {
  /** The helper's fraction of the work, as split (whole batches, panels or half the depth). */
  helperFraction: number;
  helper: Share;
  own: Share;
  helperA: Range;
  helperB: Range;
  ownC: Range | null;
  partialSums: boolean;
}

/**
 * Whether a product has the work to go to two threads: enough multiply-adds in more than one panel (row vectors
 * are memory-bound and take the kernel's unpacked path on one thread).
 */
export function worthSharing(batch: number, l: Layout): boolean {
  const { m, k, n } = l;
  const onePanel = batch === 1 && m <= PANEL_ROWS && n <= PANEL_COLS;
  return m > 1 && batch * m * n * k >= MIN_THREADED_WORK && !onePanel;
}

/**
 * How many DEPTH_BLOCK-deep blocks both threads divide a product into on one heap, or 0 where they divide it
 * otherwise: a single small result from a long shared dimension that is whole blocks, such as the weight gradients
 * Xᵀ·dY over every token (dividing its rows or columns instead would have each thread pack all of the long operand
 * it does not divide). This thread sums blocks from the first on into the result as one thread would, the helper
 * sums each block it takes from the last on its own, and those sums are added to the result in order
 * (UNIT_DEPTH_BLOCKS and addPartialSums in matmul.as): the result is the single-threaded kernel's bit for bit.
 */
export function depthBlocksInPlace(batch: number, l: Layout): number {
  const blocks = l.k / DEPTH_BLOCK;
  // The kernel counts claimed blocks in 16 bits.
  if (batch !== 1 || !Number.isInteger(blocks) || blocks < 2 || blocks > 0x7fff || l.k < DEPTH_SPLIT_RATIO * Math.max(l.m, l.n)) return 0;
  return blocks;
}

/**
 * Units for a product both threads share on one heap: batches when there are several; else rows of the taller
 * result (each thread packs all of b, which a weight matrix keeps small), or column panels of the wider one (each
 * packs all of a).
 */
export function unitsFor(batch: number, l: Layout): Units {
  if (batch > 1) return { kind: UNIT_BATCHES, smallest: 1, largest: Math.ceil(batch * LARGEST_RANGE_FRACTION) };
  const rowPanels = Math.ceil(l.m / PANEL_ROWS);
  const colPanels = Math.ceil(l.n / PANEL_COLS);
  if (rowPanels > 1 && (l.m >= l.n || colPanels === 1)) {
    const largest = Math.min(LARGEST_ROW_RANGE, Math.ceil(rowPanels * LARGEST_RANGE_FRACTION) * PANEL_ROWS);
    const smallest = Math.min(largest, SMALLEST_ROW_RANGE);
    return { kind: UNIT_ROWS, smallest, largest: Math.ceil(largest / smallest) * smallest };
  }
  return { kind: UNIT_COLUMNS, smallest: 1, largest: Math.ceil(colPanels * LARGEST_RANGE_FRACTION) };
}

/**
 * How a product worth sharing (see worthSharing) is split with a helper that cannot share the heap: the batch,
 * else the depth of a small result from a long shared dimension, else the rows or the columns, `helperFraction`
 * of them to the helper (rounded to whole batches or panels). Each thread packs all of the operand it does not
 * split, so the larger one is split.
 */
export function splitFor(shape: BatchMatMulShape, l: Layout, helperFraction: number): Split {
  const { batchA, batchB, transposeA, transposeB } = shape;
  const { m, k, n } = l;
  const batch = Math.max(batchA, batchB);
  const rowPanels = Math.ceil(m / PANEL_ROWS);
  const colPanels = Math.ceil(n / PANEL_COLS);
  const sizeA = batchA * m * k;
  const sizeB = batchB * k * n;
  const all = { batchStart: 0, batches: 1, rowStart: 0, rows: m, colStart: 0, cols: n, depthStart: 0, depth: k };
  // Units (batches or panels) this thread keeps of `units`, leaving at least one to each thread.
  const ownUnits = (units: number) => Math.min(units - 1, Math.max(1, Math.round(units * (1 - helperFraction))));
  if (batch > 1) {
    const half = ownUnits(batch);
    return {
      helperFraction: (batch - half) / batch,
      helper: { ...all, batchStart: half, batches: batch - half },
      own: { ...all, batches: half },
      helperA: batchA === 1 ? [0, sizeA] : [half * m * k, sizeA],
      helperB: batchB === 1 ? [0, sizeB] : [half * k * n, sizeB],
      ownC: [0, half * m * n],
      partialSums: false,
    };
  }
  // A small result from a long shared dimension (weight gradients, Xᵀ·dY over every token): splitting rows or
  // columns would have both threads pack all of the long other operand, so each sums over half the depth.
  if (k >= DEPTH_SPLIT_RATIO * Math.max(m, n)) {
    const depth = Math.floor(k / 2);
    return {
      helperFraction: (k - depth) / k,
      helper: { ...all, depthStart: depth, depth: k - depth },
      own: { ...all, depth },
      // The depth is the row index of a stored transposed (k x m) and of b stored plainly (k x n).
      helperA: transposeA ? [depth * m, sizeA] : [0, sizeA],
      helperB: transposeB ? [0, sizeB] : [depth * n, sizeB],
      ownC: null,
      partialSums: true,
    };
  }
  if (rowPanels > 1 && (m >= n || colPanels === 1)) {
    const rows = ownUnits(rowPanels) * PANEL_ROWS;
    return {
      helperFraction: (m - rows) / m,
      helper: { ...all, rowStart: rows, rows: m - rows },
      own: { ...all, rows },
      // Rows of a stored transposed are strided across all of it.
      helperA: transposeA ? [0, sizeA] : [rows * k, sizeA],
      helperB: [0, sizeB],
      ownC: [0, rows * n],
      partialSums: false,
    };
  }
  const cols = ownUnits(colPanels) * PANEL_COLS;
  return {
    helperFraction: (n - cols) / n,
    helper: { ...all, colStart: cols, cols: n - cols },
    own: { ...all, cols },
    helperA: [0, sizeA],
    // Columns of b are contiguous only when it is stored transposed.
    helperB: transposeB ? [cols * k, sizeB] : [0, sizeB],
    ownC: null,
    partialSums: false,
  };
}

/** The epilogues of this thread's and the helper's shares for a product with `bias` and `relu`. */
export function epiloguesFor(split: Split | null, bias: boolean, relu: boolean): { own: Epilogue; helper: Epilogue } {
  if (split?.partialSums) return { own: { bias, relu: false }, helper: NO_EPILOGUE };
  return { own: { bias, relu }, helper: { bias, relu } };
}

/** Products of one shape share a learned split (see ShareBalance). */
export function balanceKey(shape: BatchMatMulShape): string {
  const { batchA, batchB, m, k, n, transposeA, transposeB } = shape;
  return `${batchA}/${batchB}:${m}x${k}x${n}:${transposeA ? 't' : 'n'}${transposeB ? 't' : 'n'}`;
}

/** target += addend, elementwise (two threads' partial sums of one product), then max(0, ·) when `relu`. */
export function addInto(target: Float32Array, addend: Float32Array, relu: boolean): void {
  if (relu) {
    for (let i = 0; i < target.length; i++) {
      const v = target[i] + addend[i];
      target[i] = v < 0 ? 0 : v;
    }
    return;
  }
  for (let i = 0; i < target.length; i++) target[i] += addend[i];
}

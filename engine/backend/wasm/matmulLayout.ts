/**
 * How a product is laid out for the packed matmul kernel (engine/backend/wasm/matmul.as): the shapes callers
 * describe, the strides and packing sizes the kernel reads, and its `batchMatMul` arguments, packed in one place.
 * Pure arithmetic: no memory, no threads.
 */

/** Panel sizes the kernel packs to; they must match MR and NR in engine/backend/wasm/matmul.as. */
export const PANEL_ROWS = 4;
export const PANEL_COLS = 8;
/** Depth of the blocks the kernel sums a product over, one after another; must match KC in matmul.as. */
export const DEPTH_BLOCK = 256;

/** The shape of one batched product, with operands in the layout tfjs stores them (row-major, before any transpose). */
export interface BatchMatMulShape {
  /** Batch sizes of a and b: equal, or 1 for an operand broadcast across the batch. */
  batchA: number;
  batchB: number;
  /** Result is batch x m x n with batch = max(batchA, batchB); k is the shared dimension. */
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
}

/** One batched product's operands as arrays; `run` copies them into the kernel's memory. */
export interface BatchMatMulProblem extends BatchMatMulShape {
  a: Float32Array;
  b: Float32Array;
  /** n values added to every row of the result (a layer's bias), or none. */
  bias?: Float32Array;
  /** Replace negative results (after the bias) with 0. */
  relu?: boolean;
}

/** One operand of a strided product: its byte offset and element strides (batch item i as in StridedProduct). */
export interface StridedOperand {
  at: number;
  batchStride: number;
  innerStride: number;
  rowStride: number;
  colStride: number;
}

/**
 * batch products of m x k by k x n, batch item i being (i / batchInner, i % batchInner): each operand's item starts
 * batchStride·(i / batchInner) + innerStride·(i % batchInner) elements after its offset. The result's columns are
 * contiguous.
 */
export interface StridedProduct {
  batch: number;
  batchInner: number;
  m: number;
  k: number;
  n: number;
  a: StridedOperand;
  b: StridedOperand;
  c: Omit<StridedOperand, 'colStride'>;
  /**
   * Work a triangular operand or result saves (square items, causal attention): 'lower result' leaves the tiles
   * wholly above the result's diagonal unwritten; 'lower a' / 'upper a' stop / start each row's sum at the diagonal
   * of an A that is zero above / below it.
   */
  triangle?: Triangle;
}

export type Triangle = 'lower result' | 'lower a' | 'upper a';
/** TRIANGLE_* in engine/backend/wasm/matmul.as; 0 is a full product. */
export const TRIANGLES: Record<Triangle, number> = { 'lower result': 1, 'lower a': 2, 'upper a': 3 };

/** A product whose operands and result already live in another module's memory (tfjs-backend-wasm's heap). */
export interface HeapOperands {
  memory: WebAssembly.Memory;
  /** Byte offsets of a and b (stored as in BatchMatMulShape) and of the batch x m x n result. */
  a: number;
  b: number;
  c: number;
  /** Byte offset of `heapScratchBytes(shape, memory)` bytes the kernel may overwrite (packed panels). */
  scratch: number;
  /** Byte offset of n floats added to every row of the result, if the product has a bias. */
  bias?: number;
  /** Replace negative results (after the bias) with 0. */
  relu?: boolean;
}

/**
 * Element strides of the stored operands and result and the size of one thread's packed panels. Batch item i is
 * (i / batchInner, i % batchInner), at batchStride·(i / batchInner) + innerStride·(i % batchInner) elements.
 */
export interface Layout {
  m: number;
  k: number;
  n: number;
  batchInner: number;
  batchStrideA: number;
  batchStrideB: number;
  batchStrideC: number;
  innerStrideA: number;
  innerStrideB: number;
  innerStrideC: number;
  /** Row stride of the result (its column stride is 1). */
  ldc: number;
  aStrideM: number;
  aStrideK: number;
  bStrideK: number;
  bStrideN: number;
  packedABytes: number;
  packedBBytes: number;
}

/** Rounds a byte count up to a cache line. */
export function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

export function layoutOf(shape: BatchMatMulShape): Layout {
  const { batchA, batchB, m, k, n, transposeA, transposeB } = shape;
  // a is stored batch x (transposeA ? k x m : m x k), b as batch x (transposeB ? n x k : k x n).
  return {
    m, k, n,
    batchInner: 1,
    batchStrideA: batchA === 1 ? 0 : m * k,
    batchStrideB: batchB === 1 ? 0 : k * n,
    batchStrideC: m * n,
    innerStrideA: 0,
    innerStrideB: 0,
    innerStrideC: 0,
    ldc: n,
    aStrideM: transposeA ? 1 : k,
    aStrideK: transposeA ? m : 1,
    bStrideK: transposeB ? 1 : n,
    bStrideN: transposeB ? k : 1,
    packedABytes: align(Math.ceil(m / PANEL_ROWS) * PANEL_ROWS * k * 4),
    // Packed B, then an edge tile and the bias padded to whole panels (see batchMatMul in matmul.as).
    packedBBytes: align((Math.ceil(n / PANEL_COLS) * PANEL_COLS * (k + 1) + PANEL_ROWS * PANEL_COLS) * 4),
  };
}

/** The layout of a strided product: the packed panels' sizes of an m x k by k x n product, every stride its own. */
export function stridedLayoutOf(p: StridedProduct): Layout {
  const { m, k, n } = p;
  return {
    ...layoutOf({ batchA: 1, batchB: 1, m, k, n, transposeA: false, transposeB: false }),
    batchInner: p.batchInner,
    batchStrideA: p.a.batchStride,
    batchStrideB: p.b.batchStride,
    batchStrideC: p.c.batchStride,
    innerStrideA: p.a.innerStride,
    innerStrideB: p.b.innerStride,
    innerStrideC: p.c.innerStride,
    ldc: p.c.rowStride,
    aStrideM: p.a.rowStride,
    aStrideK: p.a.colStride,
    bStrideK: p.b.rowStride,
    bStrideN: p.b.colStride,
  };
}

/** Bytes of one thread's packing scratch: its packed panels of a, then of b. */
export function packingBytes(l: Layout): number {
  return l.packedABytes + l.packedBBytes;
}

/** Byte offsets of a product's operands, result and bias (0: none) in one memory. */
export interface Operands {
  a: number;
  b: number;
  c: number;
  bias: number;
}

/** One thread's share of a product: a range of batches, rows and columns, and of the shared dimension. */
export interface Share {
  batchStart: number;
  batches: number;
  rowStart: number;
  rows: number;
  colStart: number;
  cols: number;
  /** A range of the shared dimension: the share computes a partial sum of the whole result. */
  depthStart: number;
  depth: number;
}

/** The whole of a product as one share. */
export function wholeShare(shape: BatchMatMulShape): Share {
  return { batchStart: 0, batches: Math.max(shape.batchA, shape.batchB), rowStart: 0, rows: shape.m, colStart: 0, cols: shape.n, depthStart: 0, depth: shape.k };
}

/** What the kernel does to a share's result after the product. */
export interface Epilogue {
  bias: boolean;
  relu: boolean;
}
export const NO_EPILOGUE: Epilogue = { bias: false, relu: false };

/** How batchMatMul divides a product into ranges (UNIT_* in engine/backend/wasm/matmul.as). */
export const UNIT_BATCHES = 0;
export const UNIT_ROWS = 1;
export const UNIT_COLUMNS = 2;
export const UNIT_DEPTH_BLOCKS = 3;

/** How both threads divide a product they compute on one heap: the kind of unit, and the range sizes they claim. */
export interface Units {
  kind: typeof UNIT_BATCHES | typeof UNIT_ROWS | typeof UNIT_COLUMNS | typeof UNIT_DEPTH_BLOCKS;
  smallest: number;
  largest: number;
}

/** A product computed whole by one thread, batch by batch. */
export const ONE_THREAD: Units = { kind: UNIT_BATCHES, smallest: 1, largest: 1 };

/**
 * The parameters of `batchMatMul` in engine/backend/wasm/matmul.as, in its order: the only place that order is
 * written. The helper thread receives them as this many words (matmulHelper.ts).
 */
export const BATCH_MATMUL_PARAMETERS = [
  'a', 'b', 'c', 'batch', 'batchInner', 'batchStrideA', 'batchStrideB', 'batchStrideC', 'innerStrideA', 'innerStrideB', 'innerStrideC',
  'm', 'k', 'n', 'ldc', 'aStrideM', 'aStrideK', 'bStrideK', 'bStrideN',
  'packedA', 'packedB', 'bias', 'relu', 'counter', 'unitKind', 'smallest', 'largest', 'triangle',
] as const;

/** One call of `batchMatMul`, by parameter name. */
export type BatchMatMulCall = Record<(typeof BATCH_MATMUL_PARAMETERS)[number], number>;

/** The call's arguments in the kernel's order. */
export function packArguments(call: BatchMatMulCall): number[] {
  return BATCH_MATMUL_PARAMETERS.map((name) => call[name]);
}

/**
 * The call computing one share of a product with operands at byte offsets `base` and packing scratch at `scratchAt`.
 * Shares summing over part of the depth add the bias in one of them and leave relu until the sums are added.
 */
export function shareCall(l: Layout, base: Operands, s: Share, scratchAt: number, epilogue: Epilogue): BatchMatMulCall {
  const { m, n } = l;
  return {
    a: base.a + 4 * (s.batchStart * l.batchStrideA + s.rowStart * l.aStrideM + s.depthStart * l.aStrideK),
    b: base.b + 4 * (s.batchStart * l.batchStrideB + s.colStart * l.bStrideN + s.depthStart * l.bStrideK),
    c: base.c + 4 * (s.batchStart * m * n + s.rowStart * n + s.colStart),
    batch: s.batches,
    batchInner: 1,
    batchStrideA: l.batchStrideA,
    batchStrideB: l.batchStrideB,
    batchStrideC: m * n,
    innerStrideA: 0,
    innerStrideB: 0,
    innerStrideC: 0,
    m: s.rows,
    k: s.depth,
    n: s.cols,
    ldc: n,
    aStrideM: l.aStrideM,
    aStrideK: l.aStrideK,
    bStrideK: l.bStrideK,
    bStrideN: l.bStrideN,
    packedA: scratchAt,
    packedB: scratchAt + l.packedABytes,
    bias: base.bias && epilogue.bias ? base.bias + 4 * s.colStart : 0,
    relu: epilogue.relu ? 1 : 0,
    // No counter: the calling thread computes the whole share, batch by batch.
    counter: 0,
    unitKind: ONE_THREAD.kind,
    smallest: ONE_THREAD.smallest,
    largest: ONE_THREAD.largest,
    triangle: 0,
  };
}

/**
 * The call computing a whole product divided into `units`, claimed through the i32 at `counter` (0: none, one
 * thread computes it all), with packing scratch at `scratchAt`.
 */
export function unitsCall(
  l: Layout, base: Operands, batch: number, relu: boolean, scratchAt: number, counter: number, units: Units, triangle = 0,
): BatchMatMulCall {
  return {
    a: base.a,
    b: base.b,
    c: base.c,
    batch,
    batchInner: l.batchInner,
    batchStrideA: l.batchStrideA,
    batchStrideB: l.batchStrideB,
    batchStrideC: l.batchStrideC,
    innerStrideA: l.innerStrideA,
    innerStrideB: l.innerStrideB,
    innerStrideC: l.innerStrideC,
    m: l.m,
    k: l.k,
    n: l.n,
    ldc: l.ldc,
    aStrideM: l.aStrideM,
    aStrideK: l.aStrideK,
    bStrideK: l.bStrideK,
    bStrideN: l.bStrideN,
    packedA: scratchAt,
    packedB: scratchAt + l.packedABytes,
    bias: base.bias,
    relu: relu ? 1 : 0,
    counter,
    unitKind: units.kind,
    smallest: units.smallest,
    largest: units.largest,
    triangle,
  };
}

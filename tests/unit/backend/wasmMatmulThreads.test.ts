import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerSpawner } from '../../../engine/backend/wasm/matmulHelper';
import { layoutOf } from '../../../engine/backend/wasm/matmulLayout';
import { PANEL_COLS, PANEL_ROWS, WasmMatmul, type BatchMatMulProblem, type StridedOperand, type Triangle } from '../../../engine/backend/wasm/matmulModule';
import { depthBlocksInPlace } from '../../../engine/backend/wasm/matmulSplit';

const spawnNodeWorker: WorkerSpawner = (source) => {
  const worker = new Worker(source, { eval: true });
  worker.unref();
  return worker;
};

let seed = 7;
function random(length: number): Float32Array {
  // Small deterministic generator: the test needs varied values, not statistical quality.
  return Float32Array.from({ length }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 1073741824 - 1;
  });
}

function problem(batch: number, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, broadcastB = false, withBias = false, relu = false): BatchMatMulProblem {
  return {
    a: random(batch * m * k), b: random((broadcastB ? 1 : batch) * k * n), batchA: batch, batchB: broadcastB ? 1 : batch, m, k, n, transposeA, transposeB,
    bias: withBias ? random(n) : undefined, relu,
  };
}

/** Float64 reference on the same stored layouts. */
function reference(p: BatchMatMulProblem): Float64Array {
  const batch = Math.max(p.batchA, p.batchB);
  const out = new Float64Array(batch * p.m * p.n);
  for (let s = 0; s < batch; s++) {
    const a0 = p.batchA === 1 ? 0 : s * p.m * p.k;
    const b0 = p.batchB === 1 ? 0 : s * p.k * p.n;
    for (let i = 0; i < p.m; i++) {
      for (let j = 0; j < p.n; j++) {
        let sum = 0;
        for (let q = 0; q < p.k; q++) {
          const av = p.a[a0 + (p.transposeA ? q * p.m + i : i * p.k + q)];
          const bv = p.b[b0 + (p.transposeB ? j * p.k + q : q * p.n + j)];
          sum += av * bv;
        }
        const value = sum + (p.bias ? p.bias[j] : 0);
        out[s * p.m * p.n + i * p.n + j] = p.relu ? Math.max(0, value) : value;
      }
    }
  }
  return out;
}

/** Largest absolute difference from the reference, relative to the reference's largest magnitude. */
function relativeError(actual: Float32Array, expected: Float64Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}

/** The first byte offset outside the given [from, to) ranges where `after` differs from `before`, or -1. */
function firstChangedOutside(before: Uint8Array, after: Uint8Array, ...allowed: Array<[number, number]>): number {
  for (let i = 0; i < after.length; i++) {
    if (after[i] !== before[i] && !allowed.some(([from, to]) => i >= from && i < to)) return i;
  }
  return -1;
}

/** Byte offsets of a product's operands, result and scratch in a foreign memory, with gaps between them. */
function layOut(p: BatchMatMulProblem, scratchBytes: number) {
  const size = Math.max(p.batchA, p.batchB) * p.m * p.n;
  const at = { a: 4096, b: 4096 + p.a.length * 4 + 64, bias: 4096 + (p.a.length + p.b.length) * 4 + 128 };
  const c = at.bias + p.n * 4 + 128;
  const scratch = c + size * 4 + 256;
  return { at, c, scratch, end: scratch + scratchBytes };
}

/** Fills `memory` with a marker byte, writes the operands at `at`; returns the bytes as they then are. */
function placeOperands(memory: WebAssembly.Memory, p: BatchMatMulProblem, at: { a: number; b: number; bias: number }): Uint8Array {
  new Uint8Array(memory.buffer).fill(0xa5);
  new Float32Array(memory.buffer, at.a, p.a.length).set(p.a);
  new Float32Array(memory.buffer, at.b, p.b.length).set(p.b);
  if (p.bias) new Float32Array(memory.buffer, at.bias, p.n).set(p.bias);
  return new Uint8Array(memory.buffer).slice();
}

const threaded = WasmMatmul.create({ spawnHelper: spawnNodeWorker });
const single = WasmMatmul.create();
/** A stand-in for tfjs' heap made shared (engine/backend/wasm/sharedHeap.ts), with a helper bound to it. */
const sharedHeap = new WebAssembly.Memory({ initial: 256, maximum: 256, shared: true });
const inPlace = WasmMatmul.create({ spawnHelper: spawnNodeWorker, heapMemory: sharedHeap });

afterAll(() => {
  threaded?.dispose();
  inPlace?.dispose();
});

async function helperStarted(kernel: WasmMatmul): Promise<void> {
  for (let i = 0; i < 200 && kernel.threads < 2; i++) await new Promise((r) => setTimeout(r, 25));
}

describe('WasmMatmul with a helper thread', () => {
  const cases: [string, BatchMatMulProblem][] = [
    // One matrix: the larger of m and n is split (its operand is the one each thread packs only half of).
    ['columns split (n > m)', problem(1, 70, 90, 75, false, false)],
    ['columns split, right operand stored transposed', problem(1, 41, 130, 66, false, true)],
    ['columns split, one row panel', problem(1, 3, 440, 200, false, false)],
    ['rows split (m >= n), both transposed', problem(1, 66, 130, 41, true, true)],
    ['rows split, rows not a multiple of the panel', problem(1, 203, 64, 37, false, false)],
    ['rows split, one column panel', problem(1, 300, 200, 5, false, true)],
    // Enough rows that threads sharing a heap claim ranges that shrink towards the end (64 rows down to 16).
    ['rows split, many rows', problem(1, 1000, 40, 24, false, false)],
    ['columns split, many panels', problem(1, 30, 50, 1000, true, false)],
    ['batch split', problem(5, 33, 60, 29, false, true)],
    ['batch split with broadcast right operand', problem(4, 40, 50, 36, true, false, true)],
    ['batch split, odd batch', problem(7, 24, 48, 40, true, true)],
    // A long shared dimension (k >= 4 max(m, n)): each thread sums over half of it.
    ['depth split, weight-gradient layout (aᵀ·b)', problem(1, 128, 2048, 128, true, false)],
    ['depth split, operands strided in depth', problem(1, 40, 1001, 30, false, true)],
    ['depth split, odd depth', problem(1, 64, 613, 100, true, true)],
    // Whole 256-deep blocks: on a shared heap the helper sums each of the later blocks on its own.
    ['depth split, whole blocks, result edges in both dimensions', problem(1, 37, 1024, 45, true, false)],
    ['depth split, three blocks', problem(1, 61, 768, 70, false, true)],
    ['depth split, two blocks, both transposed', problem(1, 100, 512, 120, true, true)],
    // More rows and depth than one cache block: one thread packs and multiplies a block at a time.
    ['rows split, several cache blocks deep', problem(1, 263, 517, 29, false, false)],
    // A layer's bias, added to every row of the result (_FusedMatMul): each split adds it once.
    ['rows split with a bias', problem(1, 203, 64, 37, false, false, false, true)],
    ['columns split with a bias, columns not a multiple of the panel', problem(1, 41, 130, 67, false, true, false, true)],
    ['batch split with a bias', problem(5, 33, 60, 29, false, true, false, true)],
    ['depth split with a bias', problem(1, 128, 2048, 128, true, false, false, true)],
    // relu after the bias (a feed-forward layer's hidden activation), after the partial sums are added.
    ['rows split with a bias and relu', problem(1, 203, 64, 37, false, false, false, true, true)],
    ['columns split with relu', problem(1, 41, 130, 67, false, true, false, false, true)],
    ['depth split with a bias and relu', problem(1, 64, 613, 100, true, true, false, true, true)],
    ['depth split, whole blocks, with a bias and relu', problem(1, 37, 1024, 45, true, false, false, true, true)],
  ];
  it('every case is large enough to be shared with the helper', () => {
    // Below MIN_THREADED_WORK (2^18 multiply-adds) the kernel stays on one thread and the split is untested.
    for (const [, p] of cases) expect(Math.max(p.batchA, p.batchB) * p.m * p.k * p.n).toBeGreaterThanOrEqual(1 << 18);
  });
  for (const [name, p] of cases) {
    it(`${name}: equals the single-threaded kernel and a float64 reference`, async () => {
      expect(threaded).not.toBeNull();
      await helperStarted(threaded!);
      expect(threaded!.threads).toBe(2);
      const size = Math.max(p.batchA, p.batchB) * p.m * p.n;
      const twoThreads = new Float32Array(size);
      const oneThread = new Float32Array(size);
      threaded!.run(p, twoThreads);
      single!.run(p, oneThread);
      // Split depths sum in another order; every other split computes each element exactly as one thread does.
      if (!name.startsWith('depth')) expect(Array.from(twoThreads)).toEqual(Array.from(oneThread));
      expect(relativeError(twoThreads, reference(p))).toBeLessThan(1e-5);
    });
  }

  // The wasm backend's path: operands in another module's memory (tfjs' heap), multiplied in place there (the
  // same arithmetic as the same kernel's copying path), with the helper's share copied out and back. Every
  // byte outside the result and the scratch must stay as it was.
  for (const [name, p] of cases) {
    it(`${name}, in place on a foreign memory: equals the copying path and writes only the result and scratch`, async () => {
      await helperStarted(threaded!);
      const batch = Math.max(p.batchA, p.batchB);
      const size = batch * p.m * p.n;
      const { at, c, scratch, end } = layOut(p, single!.heapScratchBytes(p, new WebAssembly.Memory({ initial: 1 })));
      const memory = new WebAssembly.Memory({ initial: Math.ceil((end + 4096) / 65536) });
      const before = placeOperands(memory, p, at);

      for (const kernel of [threaded!, single!]) {
        kernel.runOnHeap(p, { memory, a: at.a, b: at.b, c, scratch, bias: p.bias ? at.bias : undefined, relu: p.relu });
        const expected = new Float32Array(size);
        kernel.run(p, expected);
        expect(Array.from(new Float32Array(memory.buffer, c, size))).toEqual(Array.from(expected));
        expect(firstChangedOutside(before, new Uint8Array(memory.buffer), [c, c + size * 4], [scratch, end])).toBe(-1);
      }
    });
  }

  // tfjs' heap made shared: both threads claim units of the product there as they go, so nothing is copied and
  // each element is computed whole by one thread. Results must equal the single-threaded kernel's bit for bit
  // (depth splits included: on a shared heap nothing is summed in halves) and every byte outside the result and
  // the scratch must stay as it was.
  for (const [name, p] of cases) {
    it(`${name}, both threads in place on a shared heap: equals the copying path and writes only the result and scratch`, async () => {
      expect(inPlace!.sharesHeap(sharedHeap)).toBe(true);
      await helperStarted(inPlace!);
      const batch = Math.max(p.batchA, p.batchB);
      const size = batch * p.m * p.n;
      const { at, c, scratch, end } = layOut(p, inPlace!.heapScratchBytes(p, sharedHeap));
      expect(end).toBeLessThan(sharedHeap.buffer.byteLength);
      const before = placeOperands(sharedHeap, p, at);
      inPlace!.runOnHeap(p, { memory: sharedHeap, a: at.a, b: at.b, c, scratch, bias: p.bias ? at.bias : undefined, relu: p.relu });
      const result = new Float32Array(sharedHeap.buffer, c, size);
      const copying = new Float32Array(size);
      single!.run(p, copying);
      expect(Array.from(result)).toEqual(Array.from(copying));
      expect(relativeError(result, reference(p))).toBeLessThan(1e-5);
      expect(firstChangedOutside(before, new Uint8Array(sharedHeap.buffer), [c, c + size * 4], [scratch, end])).toBe(-1);
    });
  }

  // Attention's heads read out of a (B, T, 3·d) projection and written side by side into (B, T, d): batch items
  // (example, head) with an outer stride per example and an inner one per head, rows strided by the full width.
  it('strided products with two-level batches equal a float64 reference, on one thread and both threads in place', async () => {
    await helperStarted(inPlace!);
    const [examples, heads, t, dk] = [3, 4, 37, 24];
    const d = heads * dk;
    const qkv = random(examples * t * 3 * d);
    const batch = examples * heads;
    // scores_h = Q_h K_hᵀ (t x t per head, contiguous) and context_h = P_h V_h into (B, T, d).
    const part = (at: number, p: number, transposed: boolean) => ({
      at: at + 4 * p * d, batchStride: t * 3 * d, innerStride: dk, ...(transposed ? { rowStride: 1, colStride: 3 * d } : { rowStride: 3 * d, colStride: 1 }),
    });
    const qkvAt = 4096;
    const scoresAt = qkvAt + qkv.length * 4 + 256;
    const contextAt = scoresAt + batch * t * t * 4 + 256;
    const scratch = contextAt + examples * t * d * 4 + 256;
    for (const [kernel, memory] of [[inPlace!, sharedHeap], [single!, new WebAssembly.Memory({ initial: 256 })]] as const) {
      new Float32Array(memory.buffer, qkvAt, qkv.length).set(qkv);
      const perHead = { at: scoresAt, batchStride: heads * t * t, innerStride: t * t, rowStride: t, colStride: 1 };
      kernel.runStridedOnHeap({ batch, batchInner: heads, m: t, k: dk, n: t, a: part(qkvAt, 0, false), b: part(qkvAt, 1, true), c: perHead }, memory, scratch);
      const sideBySide = { at: contextAt, batchStride: t * d, innerStride: dk, rowStride: d };
      kernel.runStridedOnHeap({ batch, batchInner: heads, m: t, k: t, n: dk, a: perHead, b: part(qkvAt, 2, false), c: sideBySide }, memory, scratch);
      const scores = new Float32Array(memory.buffer, scoresAt, batch * t * t);
      const context = new Float32Array(memory.buffer, contextAt, examples * t * d);
      const at = (e: number, time: number, p: number, h: number, i: number) => qkv[e * t * 3 * d + time * 3 * d + p * d + h * dk + i];
      const expectedScores = new Float64Array(scores.length);
      const expectedContext = new Float64Array(context.length);
      for (let e = 0; e < examples; e++) {
        for (let h = 0; h < heads; h++) {
          for (let i = 0; i < t; i++) {
            for (let j = 0; j < t; j++) {
              let sum = 0;
              for (let c = 0; c < dk; c++) sum += at(e, i, 0, h, c) * at(e, j, 1, h, c);
              expectedScores[((e * heads + h) * t + i) * t + j] = sum;
            }
            for (let c = 0; c < dk; c++) {
              let sum = 0;
              for (let j = 0; j < t; j++) sum += scores[((e * heads + h) * t + i) * t + j] * at(e, j, 2, h, c);
              expectedContext[(e * t + i) * d + h * dk + c] = sum;
            }
          }
        }
      }
      expect(relativeError(scores, expectedScores)).toBeLessThan(1e-5);
      expect(relativeError(context, expectedContext)).toBeLessThan(1e-5);
    }
  });

  // Causal attention's triangles: a lower-triangular result computes at least every element on or below the
  // diagonal; an A that is zero above (below) its diagonal gives the full product while skipping those terms.
  it('triangular strided products equal the full product where it matters and leave the tiles above a lower result\'s diagonal unwritten, on one thread and both threads in place', async () => {
    await helperStarted(inPlace!);
    const [batch, t, width] = [24, 45, 40];
    const square = (transposed: boolean, at: number) => ({ at, batchStride: t * t, innerStride: 0, ...(transposed ? { rowStride: 1, colStride: t } : { rowStride: t, colStride: 1 }) });
    const tall = (at: number) => ({ at, batchStride: t * width, innerStride: 0, rowStride: width, colStride: 1 });
    const lowerA = random(batch * t * t).map((v, i) => ((i % t) > Math.floor(i / t) % t ? 0 : v)); // zero above each diagonal
    const other = random(batch * t * width);
    const aAt = 4096;
    const bAt = aAt + lowerA.length * 4 + 256;
    const cAt = bAt + other.length * 4 + 256;
    const scratch = cAt + batch * t * Math.max(t, width) * 4 + 256;
    for (const [kernel, memory] of [[inPlace!, sharedHeap], [single!, new WebAssembly.Memory({ initial: 256 })]] as const) {
      const f = new Float32Array(memory.buffer);
      f.set(lowerA, aAt / 4);
      f.set(other, bAt / 4);
      const run = (a: StridedOperand, b: StridedOperand, n: number, k: number, triangle?: Triangle) => {
        f.fill(NaN, cAt / 4, cAt / 4 + batch * t * n);
        kernel.runStridedOnHeap({ batch, batchInner: 1, m: t, k, n, a, b, c: { at: cAt, batchStride: t * n, innerStride: 0, rowStride: n }, ...(triangle ? { triangle } : {}) }, memory, scratch);
        return Float32Array.from(f.subarray(cAt / 4, cAt / 4 + batch * t * n));
      };
      // Lower A (zero above) times B, and its transpose (zero below) times B: the sums skip the zero terms.
      for (const [transposed, triangle] of [[false, 'lower a'], [true, 'upper a']] as const) {
        const full = run(square(transposed, aAt), tall(bAt), width, t);
        const skipped = run(square(transposed, aAt), tall(bAt), width, t, triangle);
        expect(relativeError(skipped, Float64Array.from(full))).toBeLessThan(1e-6);
      }
      // B Bᵀ (t x t per item), only its lower triangle wanted: every element on or below the diagonal is computed,
      // and so is the rest of each PANEL_ROWS x PANEL_COLS tile the diagonal crosses; a tile wholly above it is never
      // written (the NaN the result was filled with stays).
      const bT = { ...tall(bAt), rowStride: 1, colStride: width };
      const full = run(tall(bAt), bT, t, width);
      const lower = run(tall(bAt), bT, t, width, 'lower result');
      let untouched = 0;
      for (let i = 0; i < lower.length; i++) {
        const [row, col] = [Math.floor(i / t) % t, i % t];
        const tileLastRow = Math.min(t, (Math.floor(row / PANEL_ROWS) + 1) * PANEL_ROWS) - 1;
        const tileFirstCol = Math.floor(col / PANEL_COLS) * PANEL_COLS;
        if (tileFirstCol > tileLastRow) {
          expect(lower[i], `item ${Math.floor(i / (t * t))}, row ${row}, column ${col} is written`).toBeNaN();
          untouched++;
        } else {
          expect(lower[i], `item ${Math.floor(i / (t * t))}, row ${row}, column ${col}`).toBe(full[i]);
        }
      }
      expect(untouched).toBeGreaterThan(batch * (t * (t - 1)) / 4);
    }
  });

  it('an idle helper goes to sleep, and the next shared product wakes it and still equals one thread', async () => {
    await helperStarted(threaded!);
    const p = problem(1, 203, 64, 37, false, false);
    const size = p.m * p.n;
    const warm = new Float32Array(size);
    threaded!.run(p, warm);
    for (let i = 0; i < 200 && !threaded!.helperAsleep; i++) await new Promise((r) => setTimeout(r, 10));
    expect(threaded!.helperAsleep).toBe(true);
    const afterSleep = new Float32Array(size);
    const oneThread = new Float32Array(size);
    threaded!.run(p, afterSleep);
    single!.run(p, oneThread);
    expect(Array.from(afterSleep)).toEqual(Array.from(oneThread));
    // Back to back, the helper is still watching: no wake-up is needed and the results stay the same.
    for (let i = 0; i < 20; i++) threaded!.run(p, afterSleep);
    expect(Array.from(afterSleep)).toEqual(Array.from(oneThread));
  });

  it('runs in place on unshared and shared memories; the helper shares only the heap it was given', () => {
    expect(single!.canRunOn(new WebAssembly.Memory({ initial: 1 }))).toBe(true);
    expect(single!.canRunOn(new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true }))).toBe(true);
    expect(threaded!.sharesHeap(sharedHeap)).toBe(false);
    expect(inPlace!.sharesHeap(new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true }))).toBe(false);
  });
});

describe('depthBlocksInPlace', () => {
  const shape = (m: number, k: number, n: number, batch = 1) => layoutOf({ batchA: batch, batchB: batch, m, k, n, transposeA: true, transposeB: false });

  it('divides a small result from a long shared dimension into whole depth blocks', () => {
    expect(depthBlocksInPlace(1, shape(128, 2048, 512))).toBe(8);
    expect(depthBlocksInPlace(1, shape(61, 768, 70))).toBe(3);
    expect(depthBlocksInPlace(1, shape(100, 512, 120))).toBe(2);
  });

  it('leaves batches, depths that are not whole blocks, single blocks and results as large as the depth to units', () => {
    expect(depthBlocksInPlace(2, shape(128, 2048, 128, 2))).toBe(0);
    expect(depthBlocksInPlace(1, shape(40, 1001, 30))).toBe(0);
    expect(depthBlocksInPlace(1, shape(20, 256, 30))).toBe(0);
    expect(depthBlocksInPlace(1, shape(2048, 2048, 128))).toBe(0);
  });

  it('sizes the shared heap scratch for a sum of every depth block', () => {
    const p = { batchA: 1, batchB: 1, m: 128, k: 2048, n: 512, transposeA: true, transposeB: false };
    const packing = single!.heapScratchBytes(p, new WebAssembly.Memory({ initial: 1 }));
    expect(inPlace!.heapScratchBytes(p, sharedHeap)).toBeGreaterThanOrEqual(2 * packing + 8 * 128 * 512 * 4);
  });
});

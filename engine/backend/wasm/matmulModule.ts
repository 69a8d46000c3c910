import {
  matmulRelaxedSimdSharedWasmBase64,
  matmulRelaxedSimdWasmBase64,
  matmulSimdSharedWasmBase64,
  matmulSimdWasmBase64,
} from './generated/matmulWasm';
import { HELPER_SOURCE, type HelperWorker, type WorkerSpawner } from './matmulHelper';

/** Panel sizes the kernel packs to; they must match MR and NR in scripts/build-kernels/matmul.as. */
const PANEL_ROWS = 4;
const PANEL_COLS = 8;
const PAGE_BYTES = 65536;
/** Operands start one page in, clear of anything the module keeps at low addresses. */
const OPERANDS_OFFSET = PAGE_BYTES;
/** Pages of the shared-memory builds (see scripts/build-kernels.ts). */
const SHARED_INITIAL_PAGES = 16;
const SHARED_MAXIMUM_PAGES = 16384;
/** Below this many multiply-adds, handing half to a helper costs more than it saves. */
const MIN_THREADED_WORK = 1 << 18;

/** A half-open range of elements, [from, to). */
type Range = [from: number, to: number];

type BatchMatMulArgs = [
  a: number, b: number, c: number, batch: number, batchStrideA: number, batchStrideB: number, batchStrideC: number,
  m: number, k: number, n: number, ldc: number, aStrideM: number, aStrideK: number, bStrideK: number, bStrideN: number,
  packedA: number, packedB: number,
];

interface MatmulExports {
  batchMatMul(...args: BatchMatMulArgs): void;
}

/** Operands of one batched product, in the layout tfjs stores them (row-major, before any transpose). */
export interface BatchMatMulProblem {
  a: Float32Array;
  b: Float32Array;
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

export type MatmulVariant = 'relaxed-simd' | 'simd';

export interface WasmMatmulOptions {
  /** Starts a helper thread that shares the work; without one the kernel runs on the calling thread only. */
  spawnHelper?: WorkerSpawner;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** One helper thread running the same module on the same shared memory, driven through a control word. */
class Helper {
  /** [0] command (0 idle, 1 run, 2 stop), [1] done/ready flag, [2..] batchMatMul arguments. */
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * 20));
  private readonly worker: HelperWorker;

  constructor(spawn: WorkerSpawner, bytes: Uint8Array, memory: WebAssembly.Memory) {
    this.worker = spawn(HELPER_SOURCE);
    this.worker.postMessage({ bytes, memory, control: this.control.buffer });
  }

  get ready(): boolean {
    return Atomics.load(this.control, 1) === 1 && Atomics.load(this.control, 0) === 0;
  }

  start(args: BatchMatMulArgs): void {
    this.control.set(args, 2);
    Atomics.store(this.control, 1, 0);
    Atomics.store(this.control, 0, 1);
    Atomics.notify(this.control, 0);
  }

  wait(): void {
    while (Atomics.load(this.control, 1) === 0) Atomics.wait(this.control, 1, 0);
  }

  stop(): void {
    Atomics.store(this.control, 0, 2);
    Atomics.notify(this.control, 0);
    this.worker.terminate();
  }
}

/**
 * A blocked, packed SIMD matrix multiply compiled to its own WebAssembly module. Operands are copied into the
 * module's memory, multiplied there and the result copied out: copies are O(n²) against O(n³) arithmetic.
 * With a helper thread (shared memory), large products are split in two: halves of the batch, or of the
 * columns for a single matrix.
 */
export class WasmMatmul {
  private constructor(
    private readonly exports: MatmulExports,
    private readonly memory: WebAssembly.Memory,
    readonly variant: MatmulVariant,
    private readonly helper: Helper | null,
  ) {}

  /** The fastest variant this engine validates, or null where WebAssembly SIMD is unavailable. */
  static create(options: WasmMatmulOptions = {}): WasmMatmul | null {
    if (typeof WebAssembly !== 'object') return null;
    const threaded = options.spawnHelper !== undefined && typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
    const variants = [
      ['relaxed-simd', matmulRelaxedSimdWasmBase64, matmulRelaxedSimdSharedWasmBase64],
      ['simd', matmulSimdWasmBase64, matmulSimdSharedWasmBase64],
    ] as const;
    for (const [variant, plain, shared] of variants) {
      const plainBytes = decodeBase64(plain);
      if (!WebAssembly.validate(plainBytes)) continue;
      if (threaded) {
        const sharedBytes = decodeBase64(shared);
        try {
          if (WebAssembly.validate(sharedBytes)) {
            const memory = new WebAssembly.Memory({ initial: SHARED_INITIAL_PAGES, maximum: SHARED_MAXIMUM_PAGES, shared: true });
            const instance = new WebAssembly.Instance(new WebAssembly.Module(sharedBytes), { env: { memory } });
            const helper = new Helper(options.spawnHelper!, sharedBytes, memory);
            return new WasmMatmul(instance.exports as unknown as MatmulExports, memory, variant, helper);
          }
        } catch {
          // No shared memory or no worker here: the single-threaded module below still works.
        }
      }
      const instance = new WebAssembly.Instance(new WebAssembly.Module(plainBytes), {});
      const exports = instance.exports as unknown as MatmulExports & { memory: WebAssembly.Memory };
      return new WasmMatmul(exports, exports.memory, variant, null);
    }
    return null;
  }

  /** Threads sharing the work: 2 once the helper has started, else 1. */
  get threads(): number {
    return this.helper?.ready ? 2 : 1;
  }

  /** Computes the product into `out` (batch x m x n, row-major). */
  run(problem: BatchMatMulProblem, out: Float32Array): void {
    const { a, b, batchA, batchB, m, k, n, transposeA, transposeB } = problem;
    const batch = Math.max(batchA, batchB);
    const packedABytes = align(Math.ceil(m / PANEL_ROWS) * PANEL_ROWS * k * 4);
    const packedBBytes = align((Math.ceil(n / PANEL_COLS) * PANEL_COLS * k + PANEL_ROWS * PANEL_COLS) * 4);
    const aOffset = OPERANDS_OFFSET;
    const bOffset = aOffset + align(a.length * 4);
    const cOffset = bOffset + align(b.length * 4);
    const scratch = [0, 1].map((part) => cOffset + align(batch * m * n * 4) + part * (packedABytes + packedBBytes));
    const end = scratch[1] + packedABytes + packedBBytes;
    this.ensureCapacity(end);
    const heapA = new Float32Array(this.memory.buffer, aOffset, a.length);
    const heapB = new Float32Array(this.memory.buffer, bOffset, b.length);
    const heapC = new Float32Array(this.memory.buffer, cOffset, batch * m * n);

    // Strides in elements: a is stored batch x (transposeA ? k x m : m x k), b as batch x (transposeB ? n x k : k x n).
    const batchStrideA = batchA === 1 ? 0 : m * k;
    const batchStrideB = batchB === 1 ? 0 : k * n;
    const aStrideM = transposeA ? 1 : k;
    const aStrideK = transposeA ? m : 1;
    const bStrideK = transposeB ? 1 : n;
    const bStrideN = transposeB ? k : 1;
    // One thread's share: a range of batches, of rows or of columns (the other two ranges whole).
    const part = (
      batchStart: number, batches: number, rowStart: number, rows: number, colStart: number, cols: number, scratchAt: number,
    ): BatchMatMulArgs => [
      aOffset + 4 * (batchStart * batchStrideA + rowStart * aStrideM),
      bOffset + 4 * (batchStart * batchStrideB + colStart * bStrideN),
      cOffset + 4 * (batchStart * m * n + rowStart * n + colStart),
      batches, batchStrideA, batchStrideB, m * n,
      rows, k, cols, n, aStrideM, aStrideK, bStrideK, bStrideN,
      scratchAt, scratchAt + packedABytes,
    ];

    const helper = this.helper;
    const rowPanels = Math.ceil(m / PANEL_ROWS);
    const colPanels = Math.ceil(n / PANEL_COLS);
    // Row vectors stay on one thread: they are memory-bound and take the kernel's unpacked path.
    if (!(helper?.ready && m > 1 && batch * m * n * k >= MIN_THREADED_WORK && (batch > 1 || rowPanels > 1 || colPanels > 1))) {
      heapA.set(a);
      heapB.set(b);
      this.exports.batchMatMul(...part(0, batch, 0, m, 0, n, scratch[0]));
      out.set(heapC);
      return;
    }
    const split = this.split(problem, batch, rowPanels, colPanels, part, scratch);
    // The helper's operands are copied first so it starts while this thread copies the rest of its own; this
    // thread's result is copied out while the helper may still be computing.
    const copyIn = (heap: Float32Array, source: Float32Array, [from, to]: Range): void => heap.set(source.subarray(from, to), from);
    copyIn(heapA, a, split.helperA);
    copyIn(heapB, b, split.helperB);
    helper.start(split.helperArgs);
    copyIn(heapA, a, [0, split.helperA[0]]);
    copyIn(heapA, a, [split.helperA[1], a.length]);
    copyIn(heapB, b, [0, split.helperB[0]]);
    copyIn(heapB, b, [split.helperB[1], b.length]);
    this.exports.batchMatMul(...split.ownArgs);
    if (split.ownC) out.set(heapC.subarray(...split.ownC), split.ownC[0]);
    helper.wait();
    const rest: Range = split.ownC ? [split.ownC[1], heapC.length] : [0, heapC.length];
    out.set(heapC.subarray(...rest), rest[0]);
  }

  /**
   * How a product is shared with the helper: halves of the batch, else of the rows or the columns. Each thread
   * packs all of the operand it does not split, so the larger one is split. Ranges are in elements of a, b and
   * the result; the helper always takes a suffix (or the whole of an operand it needs entirely), and `ownC` is
   * this thread's contiguous prefix of the result, null when its columns are interleaved with the helper's.
   */
  private split(
    problem: BatchMatMulProblem, batch: number, rowPanels: number, colPanels: number,
    part: (batchStart: number, batches: number, rowStart: number, rows: number, colStart: number, cols: number, scratchAt: number) => BatchMatMulArgs,
    scratch: number[],
  ): { helperArgs: BatchMatMulArgs; ownArgs: BatchMatMulArgs; helperA: Range; helperB: Range; ownC: Range | null } {
    const { a, b, batchA, batchB, m, k, n, transposeA, transposeB } = problem;
    if (batch > 1) {
      const half = Math.floor(batch / 2);
      return {
        helperArgs: part(half, batch - half, 0, m, 0, n, scratch[1]),
        ownArgs: part(0, half, 0, m, 0, n, scratch[0]),
        helperA: batchA === 1 ? [0, a.length] : [half * m * k, a.length],
        helperB: batchB === 1 ? [0, b.length] : [half * k * n, b.length],
        ownC: [0, half * m * n],
      };
    }
    if (rowPanels > 1 && (m >= n || colPanels === 1)) {
      const rows = Math.floor(rowPanels / 2) * PANEL_ROWS;
      return {
        helperArgs: part(0, 1, rows, m - rows, 0, n, scratch[1]),
        ownArgs: part(0, 1, 0, rows, 0, n, scratch[0]),
        // Rows of a stored transposed are strided across all of it.
        helperA: transposeA ? [0, a.length] : [rows * k, a.length],
        helperB: [0, b.length],
        ownC: [0, rows * n],
      };
    }
    const cols = Math.floor(colPanels / 2) * PANEL_COLS;
    return {
      helperArgs: part(0, 1, 0, m, cols, n - cols, scratch[1]),
      ownArgs: part(0, 1, 0, m, 0, cols, scratch[0]),
      helperA: [0, a.length],
      helperB: transposeB ? [cols * k, b.length] : [0, b.length],
      ownC: null,
    };
  }

  /** Stops the helper thread; the kernel keeps working on the calling thread. */
  dispose(): void {
    this.helper?.stop();
  }

  private ensureCapacity(bytes: number): void {
    const missing = bytes - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE_BYTES));
  }
}

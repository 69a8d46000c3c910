import {
  matmulRelaxedSimdHeapWasmBase64,
  matmulRelaxedSimdSharedHeapWasmBase64,
  matmulRelaxedSimdSharedWasmBase64,
  matmulRelaxedSimdWasmBase64,
  matmulSimdHeapWasmBase64,
  matmulSimdSharedHeapWasmBase64,
  matmulSimdSharedWasmBase64,
  matmulSimdWasmBase64,
} from './generated/matmulWasm';
import {
  ARGUMENTS_WORD, CONTROL_BYTES, CONTROL_WORDS, HELPER_SOURCE, TARGET_WORD, type HelperSetup, type HelperWorker, type WorkerSpawner,
} from './matmulHelper';
import { ShareBalance, wallClock, type Interval } from './shareBalance';

/** Panel sizes the kernel packs to; they must match MR and NR in scripts/build-kernels/matmul.as. */
export const PANEL_ROWS = 4;
export const PANEL_COLS = 8;
const PAGE_BYTES = 65536;
/** Operands start one page in, clear of anything the module keeps at low addresses. */
const OPERANDS_OFFSET = PAGE_BYTES;
/** Pages of the shared-memory builds (see scripts/build-kernels.ts). */
const SHARED_INITIAL_PAGES = 16;
const SHARED_MAXIMUM_PAGES = 16384;
/** A single product is split along its shared dimension when that is this many times its larger side. */
const DEPTH_SPLIT_RATIO = 4;
/** Below this many multiply-adds, handing half to a helper costs more than it saves. */
const MIN_THREADED_WORK = 1 << 18;

/** A half-open range of elements, [from, to). */
type Range = [from: number, to: number];

type BatchMatMulArgs = [
  a: number, b: number, c: number, batch: number, batchInner: number, batchStrideA: number, batchStrideB: number, batchStrideC: number,
  innerStrideA: number, innerStrideB: number, innerStrideC: number, m: number, k: number, n: number, ldc: number, aStrideM: number, aStrideK: number, bStrideK: number, bStrideN: number,
  packedA: number, packedB: number, bias: number, relu: number, counter: number, unitKind: number, smallest: number, largest: number,
  triangle: number,
];

/** How batchMatMul divides a product into ranges (UNIT_* in scripts/build-kernels/matmul.as). */
const UNIT_BATCHES = 0;
const UNIT_ROWS = 1;
const UNIT_COLUMNS = 2;
/**
 * The largest range two threads sharing a product on one heap claim at a time is at most this fraction of it,
 * so the first ranges are large; the last ones shrink to the smallest (see `claim` in matmul.as).
 */
const LARGEST_RANGE_FRACTION = 1 / 16;
/** Row ranges are at most the kernel's MC rows (larger ones would not stay in cache while their panels are used). */
const LARGEST_ROW_RANGE = 128;
/** Row ranges are at least this many rows: smaller ones would read all of packed b again for too little work. */
const SMALLEST_ROW_RANGE = 16;

interface MatmulExports {
  batchMatMul(...args: BatchMatMulArgs): void;
}

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
/** TRIANGLE_* in scripts/build-kernels/matmul.as; 0 is a full product. */
const TRIANGLES: Record<Triangle, number> = { 'lower result': 1, 'lower a': 2, 'upper a': 3 };

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

/** One thread's share of a product: a range of batches, rows and columns. */
interface Share {
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

/**
 * How a product is shared with the helper. Ranges are in elements of a, b and the result: the helper always
 * takes a suffix (or the whole of an operand it needs entirely), and `ownC` is this thread's contiguous prefix of
 * the result, null when its columns are interleaved with the helper's. With `partialSums` each thread
 * computes the whole result over half of the shared dimension: the helper's sum is then added to this one's.
 */
interface Split {
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
 * Element strides of the stored operands and result and the size of one thread's packed panels. Batch item i is
 * (i / batchInner, i % batchInner), at batchStride·(i / batchInner) + innerStride·(i % batchInner) elements.
 */
interface Layout {
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

function layoutOf(shape: BatchMatMulShape): Layout {
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

/** target += addend, elementwise (two threads' partial sums of one product), then max(0, ·) when `relu`. */
function addInto(target: Float32Array, addend: Float32Array, relu: boolean): void {
  if (relu) {
    for (let i = 0; i < target.length; i++) {
      const v = target[i] + addend[i];
      target[i] = v < 0 ? 0 : v;
    }
    return;
  }
  for (let i = 0; i < target.length; i++) target[i] += addend[i];
}

/** The epilogues of this thread's and the helper's shares for a product with `bias` and `relu`. */
function epiloguesFor(split: Split | null, bias: boolean, relu: boolean): { own: Epilogue; helper: Epilogue } {
  if (split?.partialSums) return { own: { bias, relu: false }, helper: NO_EPILOGUE };
  return { own: { bias, relu }, helper: { bias, relu } };
}

/** Byte offsets of a product's operands, result and bias (0: none) in one memory. */
interface Operands {
  a: number;
  b: number;
  c: number;
  bias: number;
}

/** What the kernel does to a share's result after the product. */
interface Epilogue {
  bias: boolean;
  relu: boolean;
}
const NO_EPILOGUE: Epilogue = { bias: false, relu: false };

/**
 * The kernel's arguments for one share, with operands at byte offsets `base` and packing scratch at `scratchAt`.
 * Shares summing over part of the depth add the bias in one of them and leave relu until the sums are added.
 */
function argsFor(l: Layout, base: Operands, s: Share, scratchAt: number, epilogue: Epilogue): BatchMatMulArgs {
  const { m, n } = l;
  return [
    base.a + 4 * (s.batchStart * l.batchStrideA + s.rowStart * l.aStrideM + s.depthStart * l.aStrideK),
    base.b + 4 * (s.batchStart * l.batchStrideB + s.colStart * l.bStrideN + s.depthStart * l.bStrideK),
    base.c + 4 * (s.batchStart * m * n + s.rowStart * n + s.colStart),
    s.batches, 1, l.batchStrideA, l.batchStrideB, m * n, 0, 0, 0,
    s.rows, s.depth, s.cols, n, l.aStrideM, l.aStrideK, l.bStrideK, l.bStrideN,
    scratchAt, scratchAt + l.packedABytes, base.bias && epilogue.bias ? base.bias + 4 * s.colStart : 0, epilogue.relu ? 1 : 0,
    // No counter: the calling thread computes the whole share, batch by batch; a full product.
    0, UNIT_BATCHES, 1, 1, 0,
  ];
}

/** How both threads divide a product they compute on one heap: the kind of unit, and the range sizes they claim. */
interface Units {
  kind: typeof UNIT_BATCHES | typeof UNIT_ROWS | typeof UNIT_COLUMNS;
  smallest: number;
  largest: number;
}

/**
 * Units for a product both threads share: batches when there are several; else rows of the taller result
 * (each thread packs all of b, which a weight matrix keeps small), or column panels of the wider one (each packs
 * all of a).
 */
function unitsFor(batch: number, l: Layout): Units {
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

/** Both threads' arguments for a whole product divided into `units`, claimed through the i32 at `counter`. */
function unitArgsFor(
  l: Layout, base: Operands, batch: number, relu: boolean, scratchAt: number, counter: number, units: Units, triangle = 0,
): BatchMatMulArgs {
  const { m, k, n } = l;
  return [
    base.a, base.b, base.c, batch, l.batchInner, l.batchStrideA, l.batchStrideB, l.batchStrideC, l.innerStrideA, l.innerStrideB, l.innerStrideC,
    m, k, n, l.ldc, l.aStrideM, l.aStrideK, l.bStrideK, l.bStrideN,
    scratchAt, scratchAt + l.packedABytes, base.bias, relu ? 1 : 0, counter, units.kind, units.smallest, units.largest, triangle,
  ];
}

export type MatmulVariant = 'relaxed-simd' | 'simd';

export interface WasmMatmulOptions {
  /** Starts a helper thread that shares the work; without one the kernel runs on the calling thread only. */
  spawnHelper?: WorkerSpawner;
  /**
   * tfjs' heap, when it was made shared (see sharedHeap.ts): the helper then computes its share of products there
   * in place instead of on copies.
   */
  heapMemory?: WebAssembly.Memory | null;
}

/** Which memory a helper's share addresses. */
const OWN_MEMORY = 0;
const SHARED_HEAP = 1;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Products of one shape share a learned split (see ShareBalance). */
function balanceKey(shape: BatchMatMulShape): string {
  const { batchA, batchB, m, k, n, transposeA, transposeB } = shape;
  return `${batchA}/${batchB}:${m}x${k}x${n}:${transposeA ? 't' : 'n'}${transposeB ? 't' : 'n'}`;
}

function canInstantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): boolean {
  try {
    new WebAssembly.Instance(module, { env: { memory } });
    return true;
  } catch {
    return false;
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** One helper thread running the same module on the same shared memory, driven through a control word. */
class Helper {
  private readonly buffer = new SharedArrayBuffer(CONTROL_BYTES);
  /** [0] command (0 idle, 1 run, 2 stop), [1] done/ready flag, [2..] batchMatMul arguments. */
  private readonly control = new Int32Array(this.buffer, 0, CONTROL_WORDS);
  /** When the helper started and finished its last share (see matmulHelper). */
  private readonly times = new Float64Array(this.buffer, 4 * CONTROL_WORDS, 2);
  private readonly worker: HelperWorker;

  constructor(spawn: WorkerSpawner, setup: Omit<HelperSetup, 'control'>) {
    this.worker = spawn(HELPER_SOURCE);
    this.worker.postMessage({ ...setup, control: this.buffer } satisfies HelperSetup);
  }

  /** When the helper computed its last share; read after `wait`. */
  get lastShare(): Interval {
    return { start: this.times[0], end: this.times[1] };
  }

  get ready(): boolean {
    return Atomics.load(this.control, 1) === 1 && Atomics.load(this.control, 0) === 0;
  }

  start(args: BatchMatMulArgs, target: typeof OWN_MEMORY | typeof SHARED_HEAP = OWN_MEMORY): void {
    this.control[TARGET_WORD] = target;
    this.control.set(args, ARGUMENTS_WORD);
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
 * A blocked, packed SIMD matrix multiply compiled to its own WebAssembly module. It runs either where the
 * operands already are (`runOnHeap`: tfjs-backend-wasm's heap, no copies on this thread) or on copies in its own
 * memory (`run`). With a helper thread (shared memory), large products are shared: where the helper runs on the
 * same heap, both threads claim units of the product as they go (runInPlace); elsewhere the product is split in
 * two (halves of the batch, of the rows or columns, or of the depth, balanced per shape by ShareBalance) and the
 * helper's share is copied to the memory it shares with this thread.
 */
export class WasmMatmul {
  private constructor(
    private readonly exports: MatmulExports,
    private readonly memory: WebAssembly.Memory,
    readonly variant: MatmulVariant,
    private readonly helper: Helper | null,
    /** This variant built for another module's memory (see runOnHeap), unshared and shared. */
    private readonly heapModule: WebAssembly.Module,
    private readonly sharedHeapModule: WebAssembly.Module | null,
    /** The shared heap the helper also runs on, if any: shares of products there need no copies. */
    private readonly helperHeap: WebAssembly.Memory | null,
  ) {}

  /** Instances of the heap build, one per memory they run on. */
  private readonly onHeaps = new WeakMap<WebAssembly.Memory, MatmulExports | null>();
  private readonly balance = new ShareBalance();

  /** The fastest variant this engine validates, or null where WebAssembly SIMD is unavailable. */
  static create(options: WasmMatmulOptions = {}): WasmMatmul | null {
    if (typeof WebAssembly !== 'object') return null;
    const threaded = options.spawnHelper !== undefined && typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
    const variants = [
      ['relaxed-simd', matmulRelaxedSimdWasmBase64, matmulRelaxedSimdSharedWasmBase64, matmulRelaxedSimdHeapWasmBase64, matmulRelaxedSimdSharedHeapWasmBase64],
      ['simd', matmulSimdWasmBase64, matmulSimdSharedWasmBase64, matmulSimdHeapWasmBase64, matmulSimdSharedHeapWasmBase64],
    ] as const;
    for (const [variant, plain, shared, onHeap, onSharedHeap] of variants) {
      const plainBytes = decodeBase64(plain);
      if (!WebAssembly.validate(plainBytes)) continue;
      const heapModule = new WebAssembly.Module(decodeBase64(onHeap));
      const sharedHeapBytes = decodeBase64(onSharedHeap);
      let sharedHeapModule: WebAssembly.Module | null = null;
      try {
        if (WebAssembly.validate(sharedHeapBytes)) sharedHeapModule = new WebAssembly.Module(sharedHeapBytes);
      } catch {
        // No threads in this engine: tfjs' heap is never shared here either.
      }
      if (threaded) {
        const sharedBytes = decodeBase64(shared);
        try {
          if (WebAssembly.validate(sharedBytes)) {
            const memory = new WebAssembly.Memory({ initial: SHARED_INITIAL_PAGES, maximum: SHARED_MAXIMUM_PAGES, shared: true });
            const instance = new WebAssembly.Instance(new WebAssembly.Module(sharedBytes), { env: { memory } });
            // The helper runs on tfjs' heap only where this thread can: both then compute there in place.
            const heapMemory = options.heapMemory && sharedHeapModule && canInstantiate(sharedHeapModule, options.heapMemory) ? options.heapMemory : null;
            const helper = new Helper(options.spawnHelper!, { bytes: sharedBytes, memory, ...(heapMemory ? { heapBytes: sharedHeapBytes, heapMemory } : {}) });
            return new WasmMatmul(instance.exports as unknown as MatmulExports, memory, variant, helper, heapModule, sharedHeapModule, heapMemory);
          }
        } catch {
          // No shared memory or no worker here: the single-threaded module below still works.
        }
      }
      const instance = new WebAssembly.Instance(new WebAssembly.Module(plainBytes), {});
      const exports = instance.exports as unknown as MatmulExports & { memory: WebAssembly.Memory };
      return new WasmMatmul(exports, exports.memory, variant, null, heapModule, sharedHeapModule, null);
    }
    return null;
  }

  /** Threads sharing the work: 2 once the helper has started, else 1. */
  get threads(): number {
    return this.helper?.ready ? 2 : 1;
  }

  /** Whether the helper computes on a shared heap in place (see sharesHeap). */
  get sharesAnyHeap(): boolean {
    return this.helperHeap !== null && this.helper !== null;
  }

  /** Whether the helper computes its shares of products on `memory` in place (tfjs' heap made shared). */
  sharesHeap(memory: WebAssembly.Memory): boolean {
    return this.helperHeap === memory && this.helper !== null;
  }

  /**
   * Bytes of scratch `runOnHeap` needs on `memory` for a product of this shape: this thread's packed panels, and
   * where the helper works in place there, its panels and the counter both threads claim units with.
   */
  heapScratchBytes(shape: BatchMatMulShape, memory: WebAssembly.Memory): number {
    const l = layoutOf(shape);
    const packing = l.packedABytes + l.packedBBytes;
    if (!this.sharesHeap(memory)) return packing;
    return 2 * packing + align(4);
  }

  /** Computes the product into `out` (batch x m x n, row-major), copying operands into the kernel's memory. */
  run(problem: BatchMatMulProblem, out: Float32Array): void {
    const { a, b } = problem;
    const l = layoutOf(problem);
    const { own, helperScratch, base, partial } = this.reserve(problem, l, true, problem.bias !== undefined);
    const heapA = new Float32Array(this.memory.buffer, base.a, a.length);
    const heapB = new Float32Array(this.memory.buffer, base.b, b.length);
    const heapC = new Float32Array(this.memory.buffer, base.c, out.length);
    if (problem.bias) new Float32Array(this.memory.buffer, base.bias, l.n).set(problem.bias);
    const key = balanceKey(problem);
    const split = this.splitFor(problem, l, this.balance.fractionFor(key));
    const relu = problem.relu === true;
    const epilogues = epiloguesFor(split, problem.bias !== undefined, relu);
    if (!split) {
      heapA.set(a);
      heapB.set(b);
      this.exports.batchMatMul(...argsFor(l, base, this.whole(problem), own, epilogues.own));
      out.set(heapC);
      return;
    }
    // The helper's operands are copied first so it starts while this thread copies the rest of its own; this
    // thread's result is copied out while the helper may still be computing.
    const copyIn = (heap: Float32Array, source: Float32Array, [from, to]: Range): void => heap.set(source.subarray(from, to), from);
    copyIn(heapA, a, split.helperA);
    copyIn(heapB, b, split.helperB);
    // A helper summing over part of the depth writes its own whole result, added to this thread's after.
    this.helper!.start(argsFor(l, split.partialSums ? { ...base, c: partial } : base, split.helper, helperScratch, epilogues.helper));
    const ownStart = wallClock();
    copyIn(heapA, a, [0, split.helperA[0]]);
    copyIn(heapA, a, [split.helperA[1], a.length]);
    copyIn(heapB, b, [0, split.helperB[0]]);
    copyIn(heapB, b, [split.helperB[1], b.length]);
    this.exports.batchMatMul(...argsFor(l, base, split.own, own, epilogues.own));
    if (split.ownC) out.set(heapC.subarray(...split.ownC), split.ownC[0]);
    const ownEnd = wallClock();
    this.helper!.wait();
    this.recordBalance(key, split, { start: ownStart, end: ownEnd });
    if (split.partialSums) addInto(heapC, new Float32Array(this.memory.buffer, partial, heapC.length), relu);
    const rest: Range = split.ownC ? [split.ownC[1], heapC.length] : [0, heapC.length];
    out.set(heapC.subarray(...rest), rest[0]);
  }

  /**
   * Computes the product where its operands already are: in `heap.memory` (tfjs-backend-wasm's heap), result
   * written at `heap.c`. This thread reads and writes that memory in place; so does the helper where that memory
   * is the heap it shares (see runInPlace), else its share of the operands is copied to the shared memory it runs
   * on and its part of the result copied back.
   */
  runOnHeap(shape: BatchMatMulShape, heap: HeapOperands): void {
    const exports = this.instanceOnHeap(heap.memory);
    if (!exports) throw new Error('The wasm matmul cannot run on this memory; check canRunOn and copy instead.');
    const l = layoutOf(shape);
    const batch = Math.max(shape.batchA, shape.batchB);
    const onHeap: Operands = { ...heap, bias: heap.bias ?? 0 };
    const withBias = heap.bias !== undefined;
    const relu = heap.relu === true;
    if (this.sharesHeap(heap.memory) && this.worthSharing(batch, l)) {
      this.runInPlace(l, batch, onHeap, relu, heap.memory, heap.scratch, exports);
      return;
    }
    const key = balanceKey(shape);
    const split = this.splitFor(shape, l, this.balance.fractionFor(key));
    const epilogues = epiloguesFor(split, withBias, relu);
    if (!split) {
      exports.batchMatMul(...argsFor(l, onHeap, this.whole(shape), heap.scratch, epilogues.own));
      return;
    }
    const { helperScratch, base } = this.reserve(shape, l, false, withBias);
    if (withBias) new Float32Array(this.memory.buffer, base.bias, l.n).set(new Float32Array(heap.memory.buffer, heap.bias, l.n));
    const { m, k, n } = l;
    const sizeA = shape.batchA * m * k;
    const sizeB = shape.batchB * k * n;
    const tfjsA = new Float32Array(heap.memory.buffer, heap.a, sizeA);
    const tfjsB = new Float32Array(heap.memory.buffer, heap.b, sizeB);
    const sharedA = new Float32Array(this.memory.buffer, base.a, sizeA);
    const sharedB = new Float32Array(this.memory.buffer, base.b, sizeB);
    sharedA.set(tfjsA.subarray(...split.helperA), split.helperA[0]);
    sharedB.set(tfjsB.subarray(...split.helperB), split.helperB[0]);
    this.helper!.start(argsFor(l, base, split.helper, helperScratch, epilogues.helper));
    const ownStart = wallClock();
    exports.batchMatMul(...argsFor(l, onHeap, split.own, heap.scratch, epilogues.own));
    const ownEnd = wallClock();
    this.helper!.wait();
    this.recordBalance(key, split, { start: ownStart, end: ownEnd });
    const tfjsC = new Float32Array(heap.memory.buffer, heap.c, batch * m * n);
    const sharedC = new Float32Array(this.memory.buffer, base.c, batch * m * n);
    if (split.partialSums) {
      addInto(tfjsC, sharedC, relu);
    } else if (split.ownC) {
      tfjsC.set(sharedC.subarray(split.ownC[1]), split.ownC[1]);
    } else {
      // A column split (one matrix): the helper's columns of every row.
      const { colStart } = split.helper;
      for (let row = 0; row < m; row++) tfjsC.set(sharedC.subarray(row * n + colStart, row * n + n), row * n + colStart);
    }
  }

  /**
   * Both threads compute on tfjs' shared heap, in place: each packs into its own scratch and they claim ranges of
   * the product (batches, rows or column panels) through a counter after both scratch areas until none is left,
   * so neither waits for a fixed share the other is slow to finish. Nothing is copied.
   */
  private runInPlace(
    l: Layout, batch: number, onHeap: Operands, relu: boolean, memory: WebAssembly.Memory, scratch: number, exports: MatmulExports, triangle = 0,
  ): void {
    // The scratch layout heapScratchBytes sized: this thread's panels, the helper's, then the counter.
    const packing = l.packedABytes + l.packedBBytes;
    const helperScratch = scratch + packing;
    const counter = helperScratch + packing;
    Atomics.store(new Int32Array(memory.buffer, counter, 1), 0, 0);
    const units = unitsFor(batch, l);
    this.helper!.start(unitArgsFor(l, onHeap, batch, relu, helperScratch, counter, units, triangle), SHARED_HEAP);
    exports.batchMatMul(...unitArgsFor(l, onHeap, batch, relu, scratch, counter, units, triangle));
    this.helper!.wait();
  }

  /**
   * Bytes of scratch `runStridedOnHeap` needs on `memory` for products of m x k by k x n (any batch and strides).
   */
  stridedScratchBytes(m: number, k: number, n: number, memory: WebAssembly.Memory): number {
    return this.heapScratchBytes({ batchA: 1, batchB: 1, m, k, n, transposeA: false, transposeB: false }, memory);
  }

  /**
   * A batched product whose operands and result are laid out by explicit strides in `memory` (tfjs' heap): e.g.
   * attention's heads read straight out of a (batch, time, 3·width) projection and written into a (batch, time,
   * width) result, with no transposes. Both threads share it where the helper runs on that heap.
   */
  runStridedOnHeap(p: StridedProduct, memory: WebAssembly.Memory, scratch: number): void {
    const exports = this.instanceOnHeap(memory);
    if (!exports) throw new Error('The wasm matmul cannot run on this memory.');
    const { m, k, n } = p;
    const l: Layout = {
      // The packed panels' sizes; every stride is the product's own.
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
    const onHeap: Operands = { a: p.a.at, b: p.b.at, c: p.c.at, bias: 0 };
    // A triangle needs a square result ('lower result') or a square A; the kernel skips work by it in batches only
    // (elsewhere it computes the full product, which is the same).
    if (p.triangle && (p.triangle === 'lower result' ? m !== n : m !== k)) throw new Error(`A ${p.triangle} product needs it square, not ${m} x ${k} by ${k} x ${n}.`);
    const triangle = p.triangle ? TRIANGLES[p.triangle] : 0;
    if (this.sharesHeap(memory) && this.worthSharing(p.batch, l)) {
      this.runInPlace(l, p.batch, onHeap, false, memory, scratch, exports, triangle);
      return;
    }
    exports.batchMatMul(...unitArgsFor(l, onHeap, p.batch, false, scratch, 0, { kind: UNIT_BATCHES, smallest: 1, largest: 1 }, triangle));
  }

  /** Moves the helper's share of this shape towards both threads finishing together (not for depth splits). */
  private recordBalance(key: string, split: Split, own: Interval): void {
    if (!split.partialSums) this.balance.record(key, split.helperFraction, own, this.helper!.lastShare);
  }

  private whole(shape: BatchMatMulShape): Share {
    return { batchStart: 0, batches: Math.max(shape.batchA, shape.batchB), rowStart: 0, rows: shape.m, colStart: 0, cols: shape.n, depthStart: 0, depth: shape.k };
  }

  /**
   * Lays out a product in the kernel's own memory: a, b, the result and the bias (when `withBias`) from one page
   * in, then two threads' packing scratch (`own` is only needed when this thread also computes there). Grows the
   * memory to fit.
   */
  private reserve(
    shape: BatchMatMulShape, l: Layout, withOwnScratch: boolean, withBias: boolean,
  ): { base: Operands; own: number; helperScratch: number; partial: number } {
    const batch = Math.max(shape.batchA, shape.batchB);
    const a = OPERANDS_OFFSET;
    const b = a + align(shape.batchA * l.m * l.k * 4);
    const c = b + align(shape.batchB * l.k * l.n * 4);
    const bias = c + align(batch * l.m * l.n * 4);
    const scratchBytes = l.packedABytes + l.packedBBytes;
    const own = bias + (withBias ? align(l.n * 4) : 0);
    const helperScratch = withOwnScratch ? own + scratchBytes : own;
    // Where a helper summing over half the depth puts its result when this thread's is already at `c`.
    const partial = helperScratch + scratchBytes;
    this.ensureCapacity(partial + (withOwnScratch ? align(batch * l.m * l.n * 4) : 0));
    return { base: { a, b, c, bias: withBias ? bias : 0 }, own, helperScratch, partial };
  }

  /**
   * Whether a product goes to both threads: a helper has started, and there is enough work in more than one panel
   * (row vectors are memory-bound and take the kernel's unpacked path on one thread).
   */
  private worthSharing(batch: number, l: Layout): boolean {
    const { m, k, n } = l;
    const onePanel = batch === 1 && m <= PANEL_ROWS && n <= PANEL_COLS;
    return this.helper?.ready === true && m > 1 && batch * m * n * k >= MIN_THREADED_WORK && !onePanel;
  }

  /**
   * How a product is split with the helper where it cannot share the heap, or null when it stays on this thread
   * (see worthSharing). The batch, else the rows or the
   * columns are split, `helperFraction` of them to the helper (rounded to whole batches or panels): each thread
   * packs all of the operand it does not split, so the larger one is split.
   */
  private splitFor(shape: BatchMatMulShape, l: Layout, helperFraction: number): Split | null {
    const { batchA, batchB, transposeA, transposeB } = shape;
    const { m, k, n } = l;
    const batch = Math.max(batchA, batchB);
    const rowPanels = Math.ceil(m / PANEL_ROWS);
    const colPanels = Math.ceil(n / PANEL_COLS);
    const sizeA = batchA * m * k;
    const sizeB = batchB * k * n;
    if (!this.worthSharing(batch, l)) return null;
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

  /** Whether `runOnHeap` can run on this memory (unshared, or shared where this engine has threads). */
  canRunOn(memory: WebAssembly.Memory): boolean {
    return this.instanceOnHeap(memory) !== null;
  }

  private instanceOnHeap(memory: WebAssembly.Memory): MatmulExports | null {
    let exports = this.onHeaps.get(memory);
    if (exports === undefined) {
      const module = memory.buffer instanceof ArrayBuffer ? this.heapModule : this.sharedHeapModule;
      try {
        exports = module ? (new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as MatmulExports) : null;
      } catch {
        exports = null;
      }
      this.onHeaps.set(memory, exports);
    }
    return exports;
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

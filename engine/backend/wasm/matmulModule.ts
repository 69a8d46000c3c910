/**
 * The packed SIMD matmul's facade: runs products on copies in the kernel's own memory (`run`) or in place on
 * tfjs-backend-wasm's heap (`runOnHeap`, `runStridedOnHeap`), sharing large ones with the helper thread. The parts:
 * matmulLoader.ts (which build, which memory, the helper's start), matmulHelper.ts (the helper thread),
 * matmulSplit.ts (how a product is shared) and matmulLayout.ts (strides, packing and the kernel's arguments).
 */
import { SHARED_HEAP, type Helper } from './matmulHelper';
import {
  align, layoutOf, packArguments, packingBytes, shareCall, stridedLayoutOf, unitsCall, wholeShare, ONE_THREAD, TRIANGLES, UNIT_DEPTH_BLOCKS,
  type BatchMatMulProblem, type BatchMatMulShape, type HeapOperands, type Layout, type Operands, type StridedProduct, type Units,
} from './matmulLayout';
import { instantiateOnMemory, loadMatmul, type LoadedMatmul, type MatmulExports, type MatmulVariant, type WasmMatmulOptions } from './matmulLoader';
import { addInto, balanceKey, epiloguesFor, depthBlocksInPlace, splitFor, unitsFor, worthSharing, type Range, type Split } from './matmulSplit';
import { ShareBalance, wallClock, type Interval } from './shareBalance';

export { PANEL_COLS, PANEL_ROWS } from './matmulLayout';
export type { BatchMatMulProblem, BatchMatMulShape, HeapOperands, StridedOperand, StridedProduct, Triangle } from './matmulLayout';
export type { MatmulVariant, WasmMatmulOptions } from './matmulLoader';

const PAGE_BYTES = 65536;
/** Operands start one page in, clear of anything the module keeps at low addresses. */
const OPERANDS_OFFSET = PAGE_BYTES;

/**
 * A blocked, packed SIMD matrix multiply compiled to its own WebAssembly module. It runs either where the
 * operands already are (`runOnHeap`: tfjs-backend-wasm's heap, no copies on this thread) or on copies in its own
 * memory (`run`). With a helper thread (shared memory), large products are shared: where the helper runs on the
 * same heap, both threads claim units of the product as they go (runInPlace); elsewhere the product is split in
 * two (halves of the batch, of the rows or columns, or of the depth, balanced per shape by ShareBalance) and the
 * helper's share is copied to the memory it shares with this thread.
 */
export class WasmMatmul {
  private readonly exports: MatmulExports;
  private readonly memory: WebAssembly.Memory;
  readonly variant: MatmulVariant;
  private readonly helper: Helper | null;
  /** This variant built for another module's memory (see runOnHeap), unshared and shared. */
  private readonly heapModule: WebAssembly.Module;
  private readonly sharedHeapModule: WebAssembly.Module | null;
  /** The shared heap the helper also runs on, if any: shares of products there need no copies. */
  private readonly helperHeap: WebAssembly.Memory | null;

  private constructor(loaded: LoadedMatmul) {
    this.exports = loaded.exports;
    this.memory = loaded.memory;
    this.variant = loaded.variant;
    this.helper = loaded.helper;
    this.heapModule = loaded.heapModule;
    this.sharedHeapModule = loaded.sharedHeapModule;
    this.helperHeap = loaded.helperHeap;
  }

  /** Instances of the heap build, one per memory they run on. */
  private readonly onHeaps = new WeakMap<WebAssembly.Memory, MatmulExports | null>();
  private readonly balance = new ShareBalance();

  /** The fastest variant this engine validates, or null where WebAssembly SIMD is unavailable. */
  static create(options: WasmMatmulOptions = {}): WasmMatmul | null {
    const loaded = loadMatmul(options);
    return loaded && new WasmMatmul(loaded);
  }

  /** Threads sharing the work: 2 once the helper has started, else 1. */
  get threads(): number {
    return this.helper?.ready ? 2 : 1;
  }

  /** Whether the helper thread is asleep: idle between runs it costs no CPU (see HELPER_WATCH_MS). */
  get helperAsleep(): boolean {
    return this.helper?.asleep === true;
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
   * where the helper works in place there, its panels and the counter both threads claim units with, or the
   * then, where they divide the depth, a slot for each depth block's sum (see depthBlocksInPlace).
   */
  heapScratchBytes(shape: BatchMatMulShape, memory: WebAssembly.Memory): number {
    const l = layoutOf(shape);
    const packing = packingBytes(l);
    if (!this.sharesHeap(memory)) return packing;
    const depthBlocks = depthBlocksInPlace(Math.max(shape.batchA, shape.batchB), l);
    return 2 * packing + align(4) + align(depthBlocks * l.m * l.n * 4);
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
      this.exports.batchMatMul(...packArguments(shareCall(l, base, wholeShare(problem), own, epilogues.own)));
      out.set(heapC);
      return;
    }
    // The helper's operands are copied first so it starts while this thread copies the rest of its own; this
    // thread's result is copied out while the helper may still be computing.
    const copyIn = (heap: Float32Array, source: Float32Array, [from, to]: Range): void => heap.set(source.subarray(from, to), from);
    copyIn(heapA, a, split.helperA);
    copyIn(heapB, b, split.helperB);
    // A helper summing over part of the depth writes its own whole result, added to this thread's after.
    this.helper!.start(packArguments(shareCall(l, split.partialSums ? { ...base, c: partial } : base, split.helper, helperScratch, epilogues.helper)));
    const ownStart = wallClock();
    copyIn(heapA, a, [0, split.helperA[0]]);
    copyIn(heapA, a, [split.helperA[1], a.length]);
    copyIn(heapB, b, [0, split.helperB[0]]);
    copyIn(heapB, b, [split.helperB[1], b.length]);
    this.exports.batchMatMul(...packArguments(shareCall(l, base, split.own, own, epilogues.own)));
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
    if (this.sharesHeap(heap.memory) && this.helperTakes(batch, l)) {
      const depthBlocks = depthBlocksInPlace(batch, l);
      if (depthBlocks) this.runDepthBlocksInPlace(l, depthBlocks, onHeap, relu, heap.memory, heap.scratch, exports);
      else this.runInPlace(l, batch, onHeap, relu, heap.memory, heap.scratch, exports);
      return;
    }
    const key = balanceKey(shape);
    const split = this.splitFor(shape, l, this.balance.fractionFor(key));
    const epilogues = epiloguesFor(split, withBias, relu);
    if (!split) {
      exports.batchMatMul(...packArguments(shareCall(l, onHeap, wholeShare(shape), heap.scratch, epilogues.own)));
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
    this.helper!.start(packArguments(shareCall(l, base, split.helper, helperScratch, epilogues.helper)));
    const ownStart = wallClock();
    exports.batchMatMul(...packArguments(shareCall(l, onHeap, split.own, heap.scratch, epilogues.own)));
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
    const packing = packingBytes(l);
    const helperScratch = scratch + packing;
    const counter = helperScratch + packing;
    Atomics.store(new Int32Array(memory.buffer, counter, 1), 0, 0);
    const units = unitsFor(batch, l);
    this.helper!.start(packArguments(unitsCall(l, onHeap, batch, relu, helperScratch, counter, units, triangle)), SHARED_HEAP);
    exports.batchMatMul(...packArguments(unitsCall(l, onHeap, batch, relu, scratch, counter, units, triangle)));
    this.helper!.wait();
  }

  /**
   * Both threads compute one product on tfjs' shared heap, in place, by depth blocks (see depthBlocksInPlace),
   * claimed from both ends through a counter after both threads' panels: this thread sums blocks from the first
   * on into the result, the helper sums each block from the last on into its own slot after the counter. Neither
   * waits for a fixed half the other is slow to finish. This thread then adds the helper's sums in order, the bias
   * and relu.
   */
  private runDepthBlocksInPlace(
    l: Layout, blocks: number, onHeap: Operands, relu: boolean, memory: WebAssembly.Memory, scratch: number, exports: MatmulExports,
  ): void {
    const packing = packingBytes(l);
    const helperScratch = scratch + packing;
    const counter = helperScratch + packing;
    const slots = counter + align(4);
    const claims = new Int32Array(memory.buffer, counter, 1);
    // Blocks [0, blocks) unclaimed: the next from the bottom in the low 16 bits, the end from the top in the high.
    Atomics.store(claims, 0, blocks << 16);
    const noEpilogue = { ...onHeap, bias: 0 };
    const fromBottom: Units = { kind: UNIT_DEPTH_BLOCKS, smallest: 0, largest: 1 };
    const fromTop: Units = { kind: UNIT_DEPTH_BLOCKS, smallest: 1, largest: 1 };
    this.helper!.start(packArguments(unitsCall(l, { ...noEpilogue, c: slots }, 1, false, helperScratch, counter, fromTop)), SHARED_HEAP);
    exports.batchMatMul(...packArguments(unitsCall(l, noEpilogue, 1, false, scratch, counter, fromBottom)));
    this.helper!.wait();
    const size = l.m * l.n;
    let added = Atomics.load(claims, 0) & 0xffff;
    // Where the helper took every block, the result starts as the first block's sum, as one thread writes it.
    if (added === 0) {
      new Float32Array(memory.buffer, onHeap.c, size).set(new Float32Array(memory.buffer, slots, size));
      added = 1;
    }
    exports.addPartialSums(onHeap.c, slots + added * size * 4, blocks - added, l.m, l.n, onHeap.bias, relu ? 1 : 0);
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
    const l = stridedLayoutOf(p);
    const onHeap: Operands = { a: p.a.at, b: p.b.at, c: p.c.at, bias: 0 };
    // A triangle needs a square result ('lower result') or a square A; the kernel skips work by it in batches only
    // (elsewhere it computes the full product, which is the same).
    if (p.triangle && (p.triangle === 'lower result' ? m !== n : m !== k)) throw new Error(`A ${p.triangle} product needs it square, not ${m} x ${k} by ${k} x ${n}.`);
    const triangle = p.triangle ? TRIANGLES[p.triangle] : 0;
    if (this.sharesHeap(memory) && this.helperTakes(p.batch, l)) {
      this.runInPlace(l, p.batch, onHeap, false, memory, scratch, exports, triangle);
      return;
    }
    exports.batchMatMul(...packArguments(unitsCall(l, onHeap, p.batch, false, scratch, 0, ONE_THREAD, triangle)));
  }

  /** Moves the helper's share of this shape towards both threads finishing together (not for depth splits). */
  private recordBalance(key: string, split: Split, own: Interval): void {
    if (!split.partialSums) this.balance.record(key, split.helperFraction, own, this.helper!.lastShare);
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
    const scratchBytes = packingBytes(l);
    const own = bias + (withBias ? align(l.n * 4) : 0);
    const helperScratch = withOwnScratch ? own + scratchBytes : own;
    // Where a helper summing over half the depth puts its result when this thread's is already at `c`.
    const partial = helperScratch + scratchBytes;
    this.ensureCapacity(partial + (withOwnScratch ? align(batch * l.m * l.n * 4) : 0));
    return { base: { a, b, c, bias: withBias ? bias : 0 }, own, helperScratch, partial };
  }

  /** Whether a product goes to both threads: the helper has started and the product is worth sharing. */
  private helperTakes(batch: number, l: Layout): boolean {
    return this.helper?.ready === true && worthSharing(batch, l);
  }

  /** How a product is split with the helper where it cannot share the heap, or null when it stays on this thread. */
  private splitFor(shape: BatchMatMulShape, l: Layout, helperFraction: number): Split | null {
    return this.helperTakes(Math.max(shape.batchA, shape.batchB), l) ? splitFor(shape, l, helperFraction) : null;
  }

  /** Whether `runOnHeap` can run on this memory (unshared, or shared where this engine has threads). */
  canRunOn(memory: WebAssembly.Memory): boolean {
    return this.instanceOnHeap(memory) !== null;
  }

  private instanceOnHeap(memory: WebAssembly.Memory): MatmulExports | null {
    let exports = this.onHeaps.get(memory);
    if (exports === undefined) {
      const module = memory.buffer instanceof ArrayBuffer ? this.heapModule : this.sharedHeapModule;
      exports = module ? instantiateOnMemory(module, memory) : null;
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

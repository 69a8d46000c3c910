/**
 * Loads the packed matmul kernel: picks the fastest build this engine validates (relaxed SIMD, else plain SIMD),
 * instantiates it on its own memory (shared, with a helper thread, where the engine has threads) and keeps the
 * builds for another module's memory (tfjs-backend-wasm's heap, unshared or shared) to instantiate on demand.
 */
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
import { Helper, type WorkerSpawner } from './matmulHelper';

/** Pages of the shared-memory builds (see scripts/build-kernels.ts). */
const SHARED_INITIAL_PAGES = 16;
const SHARED_MAXIMUM_PAGES = 16384;

export type MatmulVariant = 'relaxed-simd' | 'simd';

/** What the kernel module exports: batchMatMul, called with packArguments' arguments (matmulLayout.ts). */
export interface MatmulExports {
  batchMatMul(...args: number[]): void;
  /** c += each of `blocks` m x n partial sums at `partials` in turn, then + bias (0: none), then relu (0 or 1). */
  addPartialSums(c: number, partials: number, blocks: number, m: number, n: number, bias: number, relu: number): void;
}

export interface WasmMatmulOptions {
  /** Starts a helper thread that shares the work; without one the kernel runs on the calling thread only. */
  spawnHelper?: WorkerSpawner;
  /**
   * tfjs' heap, when it was made shared (see sharedHeap.ts): the helper then computes its share of products there
   * in place instead of on copies.
   */
  heapMemory?: WebAssembly.Memory | null;
}

/** A loaded kernel: its instance on its own memory, the helper if one started, and the builds for tfjs' heap. */
export interface LoadedMatmul {
  exports: MatmulExports;
  memory: WebAssembly.Memory;
  variant: MatmulVariant;
  helper: Helper | null;
  /** This variant built for another module's memory (see instantiateOnMemory), unshared and shared. */
  heapModule: WebAssembly.Module;
  sharedHeapModule: WebAssembly.Module | null;
  /** The shared heap the helper also runs on, if any: shares of products there need no copies. */
  helperHeap: WebAssembly.Memory | null;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The kernel instantiated on `memory` (its only import), or null where it cannot be (a shared build on an unshared
 * memory, limits that do not match, no threads). The module's exports are what matmul.as declares.
 */
export function instantiateOnMemory(module: WebAssembly.Module, memory: WebAssembly.Memory): MatmulExports | null {
  try {
    return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as MatmulExports;
  } catch {
    return null;
  }
}

/** The fastest variant this engine validates, or null where WebAssembly SIMD is unavailable. */
export function loadMatmul(options: WasmMatmulOptions = {}): LoadedMatmul | null {
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
          const exports = instantiateOnMemory(new WebAssembly.Module(sharedBytes), memory);
          if (exports) {
            // The helper runs on tfjs' heap only where this thread can: both then compute there in place.
            const heapMemory = options.heapMemory && sharedHeapModule && instantiateOnMemory(sharedHeapModule, options.heapMemory) ? options.heapMemory : null;
            const helper = new Helper(options.spawnHelper!, { bytes: sharedBytes, memory, ...(heapMemory ? { heapBytes: sharedHeapBytes, heapMemory } : {}) });
            return { exports, memory, variant, helper, heapModule, sharedHeapModule, helperHeap: heapMemory };
          }
        }
      } catch {
        // No shared memory or no worker here: the single-threaded module below still works.
      }
    }
    const instance = new WebAssembly.Instance(new WebAssembly.Module(plainBytes), {});
    const exports = instance.exports as unknown as MatmulExports & { memory: WebAssembly.Memory };
    return { exports, memory: exports.memory, variant, helper: null, heapModule, sharedHeapModule, helperHeap: null };
  }
  return null;
}

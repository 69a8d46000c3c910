/**
 * Measured training memory, to hold the pre-flight estimate (engine/train/memory.ts) against: the peak of the bytes
 * tfjs holds in tensors, and on wasm the heap's high-water mark. Pure tfjs, so the Node runner, the browser bench
 * page and the unit tests share it.
 */
import * as tf from '@tensorflow/tfjs';
import { heapMemoryOf } from '../engine/backend/wasm/simdBatchMatMul';

export interface TensorBytesPeak {
  /** The most bytes `tf.memory().numBytes` showed at any moment since the start or the last reset. */
  peakNumBytes(): number;
  /**
   * The most bytes held in distinct tensor buffers at any moment since the start or the last reset. numBytes counts
   * a buffer once for every tensor that views it (a reshape is a second tensor on the same buffer), so it runs
   * above what is allocated; this counts each buffer once.
   */
  peakBufferBytes(): number;
  /** Starts new peaks from what is held now (e.g. after the first step, whose peak includes creating the weights). */
  reset(): void;
  /** Puts tfjs' own bookkeeping back. */
  stop(): void;
}

interface EngineBookkeeping {
  numBytes: number;
  tensorInfo: { set(id: object, info: { bytes: number }): unknown; delete(id: object): boolean; get(id: object): { bytes: number } | undefined };
}

/**
 * Follows tfjs' memory at every change, not only where a caller samples it: `numBytes` by an accessor on the
 * engine's field, the distinct buffers by watching its table of data buffers (an entry is added for a new buffer and
 * removed when its last tensor goes). A transient inside a step (a kernel's output that the next kernel consumes
 * and tfjs disposes) is seen; memory a kernel takes on the side without making a tensor (scratch, a temporary
 * buffer) is not — the wasm heap's size (wasmHeapBytes) catches that.
 */
export function trackPeakTensorBytes(): TensorBytesPeak {
  const state = (tf.engine() as unknown as { state: EngineBookkeeping }).state;
  const table = state.tensorInfo;
  let numBytes = state.numBytes;
  let peakNum = numBytes;
  let buffers = 0;
  let peakBuffers = 0;
  Object.defineProperty(state, 'numBytes', {
    configurable: true,
    enumerable: true,
    get: () => numBytes,
    set: (value: number) => {
      numBytes = value;
      if (value > peakNum) peakNum = value;
    },
  });
  // Buffers that exist before tracking starts are not in `buffers`; the peak counts from them as a base.
  const base = numBytes;
  const set = table.set;
  const remove = table.delete;
  const watched = new WeakSet<object>();
  table.set = function (id, info) {
    if (!watched.has(id)) {
      watched.add(id);
      buffers += info.bytes;
      if (buffers > peakBuffers) peakBuffers = buffers;
    }
    return set.call(this, id, info);
  };
  table.delete = function (id) {
    const info = table.get(id);
    if (info && watched.has(id)) {
      watched.delete(id);
      buffers -= info.bytes;
    }
    return remove.call(this, id);
  };
  return {
    peakNumBytes: () => peakNum,
    peakBufferBytes: () => base + peakBuffers,
    reset: () => {
      peakNum = numBytes;
      peakBuffers = buffers;
    },
    stop: () => {
      delete (state as { numBytes?: number }).numBytes;
      state.numBytes = numBytes;
      delete (table as { set?: unknown }).set;
      delete (table as { delete?: unknown }).delete;
    },
  };
}

/**
 * The wasm backend's heap size in bytes (null on other backends). The heap only grows, so this is its high-water
 * mark: every tensor, kernel scratch and the allocator's fragmentation at the fullest moment so far.
 */
export function wasmHeapBytes(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  return heapMemoryOf(tf.backend())?.buffer.byteLength ?? null;
}

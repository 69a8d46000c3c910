import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { findHeapMemory } from './elementwiseModule';
import { WasmMatmul } from './matmulModule';
import type { WasmBackendInternals } from './wasmBackendInternals';

function product(dims: number[]): number {
  return dims.reduce((acc, d) => acc * d, 1);
}

/** tfjs' heap memory per backend instance: the Memory object outlives heap growth, so it is looked up once. */
const heapMemories = new WeakMap<object, WebAssembly.Memory | null>();
function heapMemoryOf(backend: object): WebAssembly.Memory | null {
  let memory = heapMemories.get(backend);
  if (memory === undefined) heapMemories.set(backend, (memory = findHeapMemory(backend)));
  return memory;
}

/**
 * BatchMatMul for the wasm backend on the project's own packed SIMD kernel. Handles float32 inputs whose batch
 * dimensions are equal or where one side has none (broadcast); anything else goes to `fallback`, as does every
 * call when the kernel module is unavailable.
 */
export function makeSimdBatchMatMul(kernel: WasmMatmul, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const { a, b } = inputs as unknown as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) {
      return fallback(args);
    }
    const rankA = a.shape.length;
    const rankB = b.shape.length;
    const m = transposeA ? a.shape[rankA - 1] : a.shape[rankA - 2];
    const k = transposeA ? a.shape[rankA - 2] : a.shape[rankA - 1];
    const kB = transposeB ? b.shape[rankB - 1] : b.shape[rankB - 2];
    const n = transposeB ? b.shape[rankB - 2] : b.shape[rankB - 1];
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = product(outerA);
    const batchB = product(outerB);
    // Flattened batches line up only when the outer shapes are equal or one side is all ones; other
    // broadcasts (e.g. [2,1] against [1,3]) are left to tfjs, as is the error for mismatched inner sizes.
    const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
    if (k !== kB || !(sameOuter || batchA === 1 || batchB === 1)) return fallback(args);
    const outerShape = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
    const backend = args.backend as unknown as WasmBackendInternals;
    // Allocate first: allocation may grow the wasm heap and detach earlier views of it.
    const out = backend.makeOutput([...outerShape, m, n], 'float32');
    if (m * n === 0) return out;
    const outValues = backend.typedArrayFromHeap(out) as Float32Array;
    if (k === 0) {
      outValues.fill(0);
      return out;
    }
    const shape = { batchA, batchB, m, k, n, transposeA, transposeB };
    const memory = heapMemoryOf(backend);
    if (!memory || !kernel.canRunOn(memory)) {
      kernel.run({ ...shape, a: backend.typedArrayFromHeap(a) as Float32Array, b: backend.typedArrayFromHeap(b) as Float32Array }, outValues);
      return out;
    }
    // In place on tfjs' heap: packing scratch is a temporary buffer there, allocated before any offset is read.
    const scratch = backend.makeOutput([Math.ceil(WasmMatmul.scratchBytes(shape) / 4)], 'float32');
    const offsetOf = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    try {
      kernel.runOnHeap(shape, { memory, a: offsetOf(a), b: offsetOf(b), c: offsetOf(out), scratch: offsetOf(scratch) });
    } finally {
      backend.disposeData(scratch.dataId);
    }
    return out;
  };
}

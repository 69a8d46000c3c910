import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { findHeapMemory } from './elementwiseModule';
import { WasmMatmul } from './matmulModule';
import { defineWasmKernel } from './defineWasmKernel';
import type { WasmBackendInternals } from './wasmBackendInternals';

function product(dims: number[]): number {
  return dims.reduce((acc, d) => acc * d, 1);
}

/** tfjs' heap memory per backend instance: the Memory object outlives heap growth, so it is looked up once. */
const heapMemories = new WeakMap<object, WebAssembly.Memory | null>();
export function heapMemoryOf(backend: object): WebAssembly.Memory | null {
  let memory = heapMemories.get(backend);
  if (memory === undefined) heapMemories.set(backend, (memory = findHeapMemory(backend)));
  return memory;
}

/** The Emscripten allocator of tfjs-backend-wasm's module. */
interface HeapAllocator {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
}

/**
 * One packing scratch buffer per backend, kept between products and grown by half again when a larger one is
 * needed: a malloc and free of up to a few MiB for every product fragments tfjs' heap over a long run. Raw
 * heap memory, not a tensor's buffer, so tfjs' memory accounting is unchanged.
 */
const scratchBuffers = new WeakMap<object, { pointer: number; bytes: number }>();
export function scratchOnHeap(backend: object, bytes: number): number {
  const allocator = (backend as { wasm: HeapAllocator }).wasm;
  let scratch = scratchBuffers.get(backend);
  if (!scratch || scratch.bytes < bytes) {
    if (scratch) allocator._free(scratch.pointer);
    const size = Math.max(bytes, Math.ceil((scratch?.bytes ?? 0) * 1.5));
    scratch = { pointer: allocator._malloc(size), bytes: size };
    if (!scratch.pointer) throw new Error(`The wasm heap has no room for ${size} bytes of matmul scratch.`);
    scratchBuffers.set(backend, scratch);
  }
  return scratch.pointer;
}

/** max(0, ·) in place. */
function reluInPlace(values: Float32Array): void {
  for (let i = 0; i < values.length; i++) if (values[i] < 0) values[i] = 0;
}

/**
 * a·b (+ bias) (then max(0, ·) with `relu`) on the project's kernel, or null where it does not apply (non-float32
 * operands or bias, batch shapes that do not line up, a bias that is not one value per output column): the
 * caller then runs tfjs' own.
 */
function simdMatMul(
  kernel: WasmMatmul, backend: WasmBackendInternals, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean,
  bias: TensorInfo | undefined, relu = false,
): TensorInfo | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const rankA = a.shape.length;
  const rankB = b.shape.length;
  const m = transposeA ? a.shape[rankA - 1] : a.shape[rankA - 2];
  const k = transposeA ? a.shape[rankA - 2] : a.shape[rankA - 1];
  const kB = transposeB ? b.shape[rankB - 1] : b.shape[rankB - 2];
  const n = transposeB ? b.shape[rankB - 2] : b.shape[rankB - 1];
  if (bias && (bias.dtype !== 'float32' || product(bias.shape) !== n || bias.shape[bias.shape.length - 1] !== n)) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = product(outerA);
  const batchB = product(outerB);
  // Flattened batches line up only when the outer shapes are equal or one side is all ones; other
  // broadcasts (e.g. [2,1] against [1,3]) are left to tfjs, as is the error for mismatched inner sizes.
  const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
  if (k !== kB || !(sameOuter || batchA === 1 || batchB === 1)) return null;
  const outerShape = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  // Allocate first: allocation may grow the wasm heap and detach earlier views of it.
  const out = backend.makeOutput([...outerShape, m, n], 'float32');
  if (m * n === 0) return out;
  const outValues = backend.typedArrayFromHeap(out) as Float32Array;
  if (k === 0) {
    outValues.fill(0);
    if (bias) {
      const biasValues = backend.typedArrayFromHeap(bias) as Float32Array;
      for (let i = 0; i < outValues.length; i += n) outValues.set(biasValues, i);
      if (relu) reluInPlace(outValues);
    }
    return out;
  }
  const shape = { batchA, batchB, m, k, n, transposeA, transposeB };
  const memory = heapMemoryOf(backend);
  if (!memory || !kernel.canRunOn(memory)) {
    const values = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    kernel.run({ ...shape, a: values(a), b: values(b), bias: bias ? values(bias) : undefined, relu }, outValues);
    return out;
  }
  // In place on tfjs' heap, with packing scratch there too; it is allocated before any offset is read
  // (allocation can grow the heap).
  const scratch = scratchOnHeap(backend, kernel.heapScratchBytes(shape, memory));
  const offsetOf = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
  kernel.runOnHeap(shape, { memory, a: offsetOf(a), b: offsetOf(b), c: offsetOf(out), scratch, bias: bias ? offsetOf(bias) : undefined, relu });
  return out;
}

/**
 * BatchMatMul for the wasm backend on the project's own packed SIMD kernel. Handles float32 inputs whose batch
 * dimensions are equal or where one side has none (broadcast); anything else goes to `fallback`, as does every
 * call when the kernel module is unavailable.
 */
export function makeSimdBatchMatMul(kernel: WasmMatmul, fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ a: TensorInfo; b: TensorInfo }, tf.BatchMatMulAttrs>(({ inputs: { a, b }, attrs: { transposeA, transposeB }, backend, args }) =>
    simdMatMul(kernel, backend, a, b, transposeA, transposeB, undefined) ?? fallback(args),
  );
}

/**
 * _FusedMatMul (tf.fused.matMul: a·b + bias, then an optional relu; e.g. a Dense layer or engine/layers/ops
 * `linear`) on the project's kernel where there is one, the bias and relu applied as each output tile is stored
 * instead of by more passes over the result. Without the kernel (no SIMD) or where it does not apply, a product
 * with a plain per-column bias runs `batchMatMul` and adds the bias here: tfjs-wasm's own fused kernel rejects a
 * bias whose buffer was created with another rank (e.g. one row unstacked from a [2, n] variable). Other
 * activations and PReLU weights go to tfjs' fused kernel (`fallback`).
 */
export function makeFusedMatMul(kernel: WasmMatmul | null, batchMatMul: KernelFunc, fallback: KernelFunc): KernelFunc {
  type FusedInputs = { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
  return defineWasmKernel<FusedInputs, tf._FusedMatMulAttrs>(({ inputs: { a, b, bias, preluActivationWeights }, attrs, backend, args }) => {
    const { transposeA, transposeB, activation } = attrs;
    const relu = activation === 'relu';
    if ((activation && activation !== 'linear' && !relu) || preluActivationWeights) return fallback(args);
    const fused = kernel ? simdMatMul(kernel, backend, a, b, transposeA, transposeB, bias, relu) : null;
    if (fused) return fused;
    if (!bias && !relu) return batchMatMul({ ...args, inputs: { a, b }, attrs: { transposeA, transposeB } });
    const n = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
    if (a.dtype !== 'float32' || (bias && (bias.dtype !== 'float32' || product(bias.shape) !== n))) return fallback(args);
    const out = batchMatMul({ ...args, inputs: { a, b }, attrs: { transposeA, transposeB } }) as TensorInfo;
    const values = backend.typedArrayFromHeap(out) as Float32Array;
    if (bias) {
      const biasValues = backend.typedArrayFromHeap(bias) as Float32Array;
      for (let row = 0; row < values.length; row += n) {
        for (let j = 0; j < n; j++) values[row + j] += biasValues[j];
      }
    }
    if (relu) reluInPlace(values);
    return out;
  });
}

import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { WasmMatmul } from './matmulModule';
import { makeSimdBatchMatMul } from './simdBatchMatMul';
import { makeTransposingBatchMatMul } from './transposingBatchMatMul';

/**
 * Which BatchMatMul the wasm backend runs:
 * - `simd`: the project's packed SIMD kernel (falls back to `transposing` where it cannot run);
 * - `transposing`: tfjs' kernel, with transpose flags replaced by explicit Transpose kernels;
 * - `tfjs`: tfjs' kernel untouched (for comparison).
 */
export type WasmMatmulMode = 'simd' | 'transposing' | 'tfjs';

/** The kernels tfjs-backend-wasm registered itself, kept so they can be wrapped and restored. */
const originals = new Map<string, KernelConfig>();
let simdKernel: WasmMatmul | null | undefined;

function original(kernelName: string): KernelConfig {
  let config = originals.get(kernelName);
  if (!config) {
    config = tf.getKernel(kernelName, 'wasm');
    if (!config) throw new Error(`tfjs-backend-wasm has no ${kernelName} kernel.`);
    originals.set(kernelName, config);
  }
  return config;
}

function replace(config: KernelConfig): void {
  if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
}

/**
 * Registers the project's kernels on the wasm backend. Idempotent; calling again with another mode swaps the
 * kernels. Returns the mode in effect (`simd` degrades to `transposing` where WebAssembly SIMD is missing).
 */
export function registerWasmKernels(mode: WasmMatmulMode = 'simd'): WasmMatmulMode {
  const batchMatMul = original(tf.BatchMatMul);
  if (mode === 'tfjs') {
    replace(batchMatMul);
    return mode;
  }
  const transposing = makeTransposingBatchMatMul(batchMatMul.kernelFunc);
  if (mode === 'simd') {
    if (simdKernel === undefined) simdKernel = WasmMatmul.create();
    if (simdKernel) {
      replace({ ...batchMatMul, kernelFunc: makeSimdBatchMatMul(simdKernel, transposing) });
      return 'simd';
    }
  }
  replace({ ...batchMatMul, kernelFunc: transposing });
  return 'transposing';
}

/** Which instruction set the SIMD matmul uses here ('relaxed-simd' adds fused multiply-add), or null. */
export function wasmMatmulVariant(): string | null {
  if (simdKernel === undefined) simdKernel = WasmMatmul.create();
  return simdKernel?.variant ?? null;
}

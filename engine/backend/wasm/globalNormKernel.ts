import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { GLOBAL_NORM_KERNEL } from '../kernelNames';
import { defineWasmKernel } from './defineWasmKernel';

/** Σ x² over `n` float32 values at a byte offset of the backend's heap, in float64 (the SIMD module's). */
export type SumOfSquaresRunner = (offset: number, n: number) => number;

/**
 * The global gradient norm √(Σ‖g‖²) over every input as one kernel on the wasm backend: one call a step instead of
 * a Square and a Sum per gradient, then AddN and Sqrt. Sums in float64 (the SIMD module, or a JavaScript loop on
 * the heap where it is missing); the result is a float32 scalar.
 */
export function makeWasmGlobalNorm(runnerFor: (backend: object) => SumOfSquaresRunner | null): KernelFunc {
  return defineWasmKernel<Record<string, TensorInfo>>(({ inputs, backend }) => {
    const runner = runnerFor(backend);
    let sum = 0;
    for (const input of Object.values(inputs)) {
      if (input.dtype !== 'float32') throw new Error(`${GLOBAL_NORM_KERNEL} takes float32 gradients, not ${input.dtype}.`);
      const values = backend.typedArrayFromHeap(input) as Float32Array;
      if (runner) {
        sum += runner(values.byteOffset, values.length);
      } else {
        for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
      }
    }
    const out = backend.makeOutput([], 'float32');
    (backend.typedArrayFromHeap(out) as Float32Array)[0] = Math.sqrt(sum);
    return out;
  });
}

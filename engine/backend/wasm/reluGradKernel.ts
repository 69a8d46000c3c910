import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { RELU_GRAD_KERNEL } from '../kernelNames';
import { defineWasmKernel } from './defineWasmKernel';

/** dy ⊙ step(y) over `n` float32 values at byte offsets of the backend's heap (the SIMD module's). */
export type ReluGradRunner = (dy: number, y: number, out: number, n: number) => void;

/**
 * The wasm backend's relu gradient (see RELU_GRAD_KERNEL): the SIMD module where there is one, else the same
 * arithmetic in JavaScript on the heap (Math.fround of an exact product is the float32 product).
 */
export function makeWasmReluGrad(runnerFor: (backend: object) => ReluGradRunner | null): KernelFunc {
  return defineWasmKernel<{ dy: TensorInfo; y: TensorInfo }>(({ inputs: { dy, y }, backend }) => {
    const size = dy.shape.reduce((a, d) => a * d, 1);
    if (dy.dtype !== 'float32' || y.dtype !== 'float32' || y.shape.reduce((a, d) => a * d, 1) !== size) {
      throw new Error(`${RELU_GRAD_KERNEL} takes float32 dy and y of one size (${dy.shape} ${dy.dtype} vs ${y.shape} ${y.dtype}).`);
    }
    const out = backend.makeOutput([...dy.shape], 'float32');
    if (size === 0) return out;
    // Views are taken after allocating: allocation can grow the heap.
    const dyValues = backend.typedArrayFromHeap(dy) as Float32Array;
    const yValues = backend.typedArrayFromHeap(y) as Float32Array;
    const outValues = backend.typedArrayFromHeap(out) as Float32Array;
    const runner = runnerFor(backend);
    if (runner) {
      runner(dyValues.byteOffset, yValues.byteOffset, outValues.byteOffset, size);
    } else {
      for (let i = 0; i < size; i++) {
        const v = yValues[i];
        outValues[i] = Math.fround(dyValues[i] * (Number.isNaN(v) ? NaN : v > 0 ? 1 : 0));
      }
    }
    return out;
  });
}

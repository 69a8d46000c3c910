import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { defineWasmKernel } from './defineWasmKernel';

/**
 * Identity that shares the input's buffer (one more reference) instead of copying it. tfjs-wasm's Identity
 * copies every element, and training calls it hundreds of times a step (clones, gradient pass-throughs).
 * Sharing is safe because wasm kernels always write fresh outputs and variables swap buffers on assign;
 * tfjs' own Reshape shares buffers the same way. Strings keep tfjs' kernel.
 */
export function makeSharedIdentity(fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo }>(({ inputs: { x }, backend, args }) => {
    if (x.dtype === 'string') return fallback(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  });
}

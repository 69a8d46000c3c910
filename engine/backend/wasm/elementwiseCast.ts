import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { defineWasmKernel } from './defineWasmKernel';

/**
 * Cast that shares the input's buffer when the dtype does not change. tfjs-wasm's Cast copies every element
 * even then, and tfjs' gradients call cast(x, 'float32') on float32 tensors all through a backward pass;
 * tfjs' cpu backend returns the same buffer in that case. Sharing is safe for the reason Identity's is
 * (sharedIdentity.ts): wasm kernels always write fresh outputs. Real conversions keep tfjs' kernel.
 */
export function makeSharedCast(fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo }, { dtype: TensorInfo['dtype'] }>(({ inputs: { x }, attrs: { dtype }, backend, args }) => {
    if (x.dtype !== dtype || dtype === 'string') return fallback(args);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype };
  });
}

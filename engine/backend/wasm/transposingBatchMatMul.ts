import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { defineWasmKernel } from './defineWasmKernel';

/** Permutation that swaps the last two axes of a rank-`rank` tensor. */
export function swapLastTwoAxes(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * Wraps tfjs-wasm's BatchMatMul so it never receives a transpose flag: an input to be transposed goes through
 * the wasm Transpose kernel first. tfjs-wasm's kernel is an order of magnitude slower with either flag set,
 * and matMul gradients set them on every backward pass; the explicit transpose gives bit-identical results.
 */
export function makeTransposingBatchMatMul(original: KernelFunc): KernelFunc {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) throw new Error('tfjs-backend-wasm has no Transpose kernel to build BatchMatMul on.');
  return defineWasmKernel<{ a: TensorInfo; b: TensorInfo }, tf.BatchMatMulAttrs>(({ inputs: { a, b }, attrs, backend: wasm, args }) => {
    const { transposeA, transposeB } = attrs;
    if (!transposeA && !transposeB) return original(args);
    const { backend } = args;
    const temporaries: TensorInfo[] = [];
    const materialise = (x: TensorInfo, flagged: boolean): TensorInfo => {
      if (!flagged) return x;
      const t = transpose.kernelFunc({
        inputs: { x },
        backend,
        attrs: { perm: swapLastTwoAxes(x.shape.length) },
      }) as TensorInfo;
      temporaries.push(t);
      return t;
    };
    try {
      return original({
        inputs: { a: materialise(a, transposeA), b: materialise(b, transposeB) },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temporaries) wasm.disposeData(t.dataId);
    }
  });
}

import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { defineWasmKernel } from './defineWasmKernel';
import type { WasmBackendInternals } from './wasmBackendInternals';

/**
 * Copies the box [begin, begin + size) of `x` into a new tensor, reading tfjs' heap in place. tfjs-wasm's own
 * Slice first copies the whole input out of the heap (readSync), so every part of a split paid for a copy of
 * all of it: splitting a [32, 3, 64·128] projection into q, k and v cost ≈ 1 ms a part instead of ≈ 0.1.
 * The box is copied as runs: the innermost axes it spans whole, together with the last axis it cuts, are
 * contiguous in both tensors.
 */
function sliceOnHeap(backend: WasmBackendInternals, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  // Allocate first: allocation may grow the wasm heap and detach earlier views of it.
  const out = backend.makeOutput(size, x.dtype as 'float32' | 'int32' | 'bool');
  const total = size.reduce((a, b) => a * b, 1);
  if (total === 0) return out;
  const source = backend.typedArrayFromHeap(x);
  const target = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = tf.util.computeStrides(x.shape);
  // The last axis the box does not span whole: everything after it, and its own extent, is one run.
  let cut = rank - 1;
  while (cut > 0 && begin[cut] === 0 && size[cut] === x.shape[cut]) cut--;
  const run = cut === rank - 1 ? size[cut] : size[cut] * strides[cut];
  const outer = size.slice(0, cut);
  const index = new Array<number>(cut).fill(0);
  let from = begin.reduce((offset, b, axis) => offset + b * (axis < rank - 1 ? strides[axis] : 1), 0);
  for (let to = 0; to < total; to += run) {
    target.set(source.subarray(from, from + run), to);
    // Next run: advance the odometer over the axes before the cut.
    for (let axis = cut - 1; axis >= 0; axis--) {
      from += strides[axis];
      if (++index[axis] < outer[axis]) break;
      from -= outer[axis] * strides[axis];
      index[axis] = 0;
    }
  }
  return out;
}

/** Slice reading tfjs' heap in place; strings and scalars keep tfjs' kernel. */
export function makeHeapSlice(fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo }, tf.SliceAttrs>(({ inputs: { x }, attrs: { begin, size }, backend, args }) => {
    if (x.dtype === 'string' || x.shape.length === 0) return fallback(args);
    const [begin_, size_] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    return sliceOnHeap(backend, x, begin_, size_);
  });
}

/** SplitV (tf.split) as one in-place slice per part; strings and scalars keep tfjs' kernel. */
export function makeHeapSplitV(fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo }, tf.SplitVAttrs>(({ inputs: { x }, attrs: { numOrSizeSplits, axis }, backend, args }) => {
    if (x.dtype === 'string' || x.shape.length === 0) return fallback(args);
    const splitAxis = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, splitAxis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((part) => {
      const size = [...x.shape];
      size[splitAxis] = part;
      const slice = sliceOnHeap(backend, x, [...begin], size);
      begin[splitAxis] += part;
      return slice;
    });
  });
}

/**
 * Unpack (tf.unstack) as one in-place slice per part. tfjs-backend-wasm's Unpack calls its own Slice, which copies
 * the whole input off the heap for every part: unstacking a recurrent layer's (T, B, 4u) projection, or the
 * gradient of stacking its T hidden states, copied the tensor T times and took most of a char-rnn step.
 */
export function makeHeapUnpack(fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ value: TensorInfo }, tf.UnpackAttrs>(({ inputs: { value }, attrs: { axis }, backend, args }) => {
    if (value.dtype === 'string' || value.shape.length === 0) return fallback(args);
    const unpackAxis = tf.util.parseAxisParam(axis, value.shape)[0];
    const outShape = value.shape.filter((_, i) => i !== unpackAxis);
    const size = [...value.shape];
    size[unpackAxis] = 1;
    return Array.from({ length: value.shape[unpackAxis] }, (_, i) => {
      const begin = new Array<number>(value.shape.length).fill(0);
      begin[unpackAxis] = i;
      const part = sliceOnHeap(backend, value, begin, size);
      return { ...part, shape: outShape };
    });
  });
}


import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { elementwiseKernelsFor, type BinaryOp } from './elementwiseModule';
import { defineWasmKernel } from './defineWasmKernel';

/**
 * How a binary op's operands line up, flattened: both full-size; or one full-size operand and one repeated
 * along it — a row of `cols` values repeated over `rows` rows ([..., C] with [C], scalars included) or one
 * value per row ([..., 1] with [..., C]). `broadcastFirst`: the repeated operand is the left one.
 */
export type BroadcastPlan =
  | { kind: 'same'; size: number }
  | { kind: 'row' | 'column'; broadcastFirst: boolean; rows: number; cols: number };

function product(dims: number[]): number {
  return dims.reduce((acc, d) => acc * d, 1);
}

/** `small` against the full `out` shape: a row repeated over leading dims, a column repeated along trailing ones, or neither. */
function repeatOf(small: number[], out: number[]): { kind: 'row' | 'column'; rows: number; cols: number } | null {
  const rank = out.length;
  const padded = [...new Array<number>(rank - small.length).fill(1), ...small];
  const size = product(out);
  // A single value: one row of the whole size, repeated once, runs the longest SIMD loop.
  if (product(small) === 1) return { kind: 'column', rows: 1, cols: size };
  // Row: ones, then out's own trailing dims.
  let j = rank;
  while (j > 0 && padded[j - 1] === out[j - 1]) j--;
  if (padded.slice(0, j).every((d) => d === 1)) {
    const cols = product(out.slice(j));
    return { kind: 'row', rows: cols === 0 ? 0 : size / cols, cols };
  }
  // Column: out's own leading dims, then ones.
  let k = rank;
  while (k > 0 && padded[k - 1] === 1) k--;
  if (padded.slice(0, k).every((d, i) => d === out[i])) {
    const cols = product(out.slice(k));
    return { kind: 'column', rows: cols === 0 ? 0 : size / cols, cols };
  }
  return null;
}

/**
 * The plan for `a op b`, or null when the project's kernels do not cover the shapes (both operands broadcast,
 * or shapes that do not broadcast at all: tfjs' own kernel then handles them, or raises its own error).
 */
export function planBroadcast(a: number[], b: number[]): { outShape: number[]; plan: BroadcastPlan } | null {
  let outShape: number[];
  try {
    outShape = tf.backend_util.assertAndGetBroadcastShape(a, b);
  } catch {
    return null;
  }
  const size = product(outShape);
  const aFull = product(a) === size && a.length <= outShape.length;
  const bFull = product(b) === size && b.length <= outShape.length;
  if (aFull && bFull) return { outShape, plan: { kind: 'same', size } };
  if (aFull) {
    const r = repeatOf(b, outShape);
    return r && { outShape, plan: { ...r, broadcastFirst: false } };
  }
  if (bFull) {
    const r = repeatOf(a, outShape);
    return r && { outShape, plan: { ...r, broadcastFirst: true } };
  }
  return null;
}

/**
 * A float32 binary kernel on the project's SIMD module, reading and writing tensors in tfjs-wasm's heap.
 * Other dtypes, shapes the plans do not cover, and backends whose heap the module cannot reach go to
 * `fallback` (tfjs' own kernel).
 */
export function makeSimdBinary(op: BinaryOp, fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ a: TensorInfo; b: TensorInfo }>(({ inputs: { a, b }, backend, args }) => {
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
    const kernels = elementwiseKernelsFor(backend);
    const planned = kernels && planBroadcast(a.shape, b.shape);
    if (!kernels || !planned) return fallback(args);
    const { outShape, plan } = planned;
    // Allocate first: allocation may grow the heap; offsets stay valid, views of the old buffer would not.
    const out = backend.makeOutput(outShape, 'float32');
    if (product(outShape) === 0) return out;
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const outAt = at(out);
    if (plan.kind === 'same') {
      kernels.sameShape(op, at(a), at(b), outAt, plan.size);
    } else {
      const [full, repeated] = plan.broadcastFirst ? [b, a] : [a, b];
      const run = plan.kind === 'row' ? kernels.rowBroadcast : kernels.columnBroadcast;
      run.call(kernels, op, plan.broadcastFirst, at(full), at(repeated), outAt, plan.rows, plan.cols);
    }
    return out;
  });
}

/**
 * Exp on the SIMD module (a polynomial within about 2 ulp of libm's expf, which tfjs-wasm calls one element
 * at a time). Non-float32 inputs and backends the module cannot reach go to `fallback`.
 */
export function makeSimdExp(fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo }>(({ inputs: { x }, backend, args }) => {
    const kernels = x.dtype === 'float32' ? elementwiseKernelsFor(backend) : null;
    if (!kernels) return fallback(args);
    const out = backend.makeOutput([...x.shape], 'float32');
    const size = product(x.shape);
    if (size > 0) kernels.exp(backend.typedArrayFromHeap(x).byteOffset, backend.typedArrayFromHeap(out).byteOffset, size);
    return out;
  });
}

/**
 * A transpose as blocks: `block` contiguous elements stay together, and the output's outer axes (at most three,
 * after dropping size-1 axes and merging axes that stay adjacent) read the input at element strides `strides`.
 */
export interface TransposePlan {
  outShape: number[];
  dims: [number, number, number];
  strides: [number, number, number];
  block: number;
}

/** Blocks shorter than this gain nothing over tfjs' own kernel. */
const MIN_TRANSPOSE_BLOCK = 4;

/** The plan for transposing `shape` by `perm`, or null where tfjs' kernel should run (no-ops, short blocks, >3 outer axes). */
export function planTranspose(shape: number[], perm: number[]): TransposePlan | null {
  const rank = shape.length;
  let k = rank;
  while (k > 0 && perm[k - 1] === k - 1) k--;
  if (k === 0) return null;
  const block = product(shape.slice(k));
  if (block < MIN_TRANSPOSE_BLOCK) return null;
  const inStride = (axis: number) => product(shape.slice(axis + 1, k)) * block;
  const axes: Array<{ size: number; stride: number; input: number }> = [];
  for (let i = 0; i < k; i++) {
    const input = perm[i];
    if (shape[input] === 1) continue;
    const last = axes[axes.length - 1];
    if (last && last.input + 1 === input) {
      // The next input axis in order: one axis of the two, strided like the inner one.
      last.size *= shape[input];
      last.stride = inStride(input);
      last.input = input;
    } else {
      axes.push({ size: shape[input], stride: inStride(input), input });
    }
  }
  if (axes.length > 3) return null;
  while (axes.length < 3) axes.unshift({ size: 1, stride: 0, input: -1 });
  return {
    outShape: perm.map((p) => shape[p]),
    dims: [axes[0].size, axes[1].size, axes[2].size],
    strides: [axes[0].stride, axes[1].stride, axes[2].stride],
    block,
  };
}

/**
 * Transpose of 4-byte elements (float32, int32) on the SIMD module where a contiguous block of at least four
 * elements stays in place; everything else goes to `fallback`.
 */
export function makeSimdTranspose(fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo }, tf.TransposeAttrs>(({ inputs: { x }, attrs: { perm }, backend, args }) => {
    if (x.dtype !== 'float32' && x.dtype !== 'int32') return fallback(args);
    const kernels = elementwiseKernelsFor(backend);
    const plan = kernels && planTranspose(x.shape, perm);
    if (!kernels || !plan) return fallback(args);
    const out = backend.makeOutput(plan.outShape, x.dtype);
    if (product(plan.outShape) === 0) return out;
    kernels.transposeBlocks(backend.typedArrayFromHeap(x).byteOffset, backend.typedArrayFromHeap(out).byteOffset, plan.dims, plan.strides, plan.block);
    return out;
  });
}

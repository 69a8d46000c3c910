import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { defineWasmKernel } from './defineWasmKernel';

/**
 * tfjs' UnsortedSegmentSum, which tfjs-backend-wasm does not have: out[s, …] = Σ x[i, …] over the i whose
 * segmentIds[i] = s, ids outside [0, numSegments) counting for nothing (as in TensorFlow). It is the gradient of
 * gather, so without it nothing that gathers — an embedding's gather lookup — can train on wasm. JavaScript on the
 * heap: one pass over x, each row added into its segment's row.
 */
export function makeWasmUnsortedSegmentSum(): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo; segmentIds: TensorInfo }, { numSegments: number }>(({ inputs: { x, segmentIds }, attrs, backend }) => {
    const numSegments = attrs.numSegments;
    const idRank = segmentIds.shape.length;
    if (!Number.isInteger(numSegments) || numSegments < 0) throw new Error(`UnsortedSegmentSum: numSegments must be a whole number ≥ 0, got ${numSegments}.`);
    if (segmentIds.dtype !== 'int32' || segmentIds.shape.some((d, i) => d !== x.shape[i])) {
      throw new Error(`UnsortedSegmentSum: segmentIds (${segmentIds.shape} ${segmentIds.dtype}) must be int32 and a leading part of x's shape (${x.shape}).`);
    }
    if (x.dtype !== 'float32' && x.dtype !== 'int32') throw new Error(`UnsortedSegmentSum: x must be float32 or int32, got ${x.dtype}.`);
    const inner = x.shape.slice(idRank);
    const rowSize = inner.reduce((a, d) => a * d, 1);
    const out = backend.makeOutput([numSegments, ...inner], x.dtype);
    if (numSegments * rowSize === 0) return out;
    // Views are taken after allocating: allocation can grow the heap.
    const ids = backend.typedArrayFromHeap(segmentIds) as Int32Array;
    if (x.dtype === 'float32') {
      addRowsInto(backend.typedArrayFromHeap(out) as Float32Array, backend.typedArrayFromHeap(x) as Float32Array, ids, numSegments, rowSize);
    } else {
      addRowsInto(backend.typedArrayFromHeap(out) as Int32Array, backend.typedArrayFromHeap(x) as Int32Array, ids, numSegments, rowSize);
    }
    return out;
  });
}

/**
 * sums[s] += values[i] for every row i with segment s = ids[i] in range. Called with one array type per call
 * site (float32 gradients, int32 rarely), so each stays monomorphic and the inner loop compiles to plain adds.
 */
function addRowsInto<A extends Float32Array | Int32Array>(sums: A, values: A, ids: Int32Array, numSegments: number, rowSize: number): void {
  sums.fill(0);
  const rows = ids.length;
  for (let i = 0; i < rows; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    let from = i * rowSize;
    const to = s * rowSize;
    const end = to + rowSize;
    for (let j = to; j < end; j++) sums[j] += values[from++];
  }
}

import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { defineWasmKernel } from './defineWasmKernel';

/**
 * GatherV2 on the leading axis (an embedding's lookup: table (V, …) and ids of any shape → (…ids, …)) as one copy
 * of each selected row on tfjs' heap. tfjs-wasm's kernel walks every element through its strides and took
 * ≈ 13 ms for 2,048 rows of 128 floats, several times a one-hot product of the same lookup; row copies take a
 * small fraction of that. Other axes, batch dimensions, strings and ids outside [0, V) keep tfjs' kernel (which
 * throws its own error for the last).
 */
export function makeHeapGather(fallback: KernelFunc): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo; indices: TensorInfo }, tf.GatherV2Attrs>(({ inputs: { x, indices }, attrs, backend, args }) => {
    if (x.shape.length === 0 || (x.dtype !== 'float32' && x.dtype !== 'int32') || indices.dtype !== 'int32') return fallback(args);
    if (tf.util.parseAxisParam(attrs.axis, x.shape)[0] !== 0 || (attrs.batchDims ?? 0) !== 0) return fallback(args);
    const rows = x.shape[0];
    const rowSize = tf.util.sizeFromShape(x.shape.slice(1));
    const ids = backend.typedArrayFromHeap(indices) as Int32Array;
    for (let i = 0; i < ids.length; i++) {
      if (!(ids[i] >= 0 && ids[i] < rows)) return fallback(args);
    }
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    if (ids.length * rowSize === 0) return out;
    // Views are taken after allocating: allocation can grow the heap and detach earlier ones.
    const idsNow = backend.typedArrayFromHeap(indices) as Int32Array;
    // Table and output lie on one heap: each row is one copyWithin there, in 4-byte elements.
    const table = backend.typedArrayFromHeap(x);
    const heap = new Int32Array(table.buffer);
    const tableStart = table.byteOffset >> 2;
    const outStart = backend.typedArrayFromHeap(out).byteOffset >> 2;
    for (let i = 0; i < idsNow.length; i++) {
      const from = tableStart + idsNow[i] * rowSize;
      heap.copyWithin(outStart + i * rowSize, from, from + rowSize);
    }
    return out;
  });
}

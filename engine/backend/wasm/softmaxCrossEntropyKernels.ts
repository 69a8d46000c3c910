import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL, SOFTMAX_CROSS_ENTROPY_KERNEL } from '../kernelNames';
import { defineWasmKernel } from './defineWasmKernel';

/** Byte offsets in the heap: `rows` rows of `n` logits, `rows` int32 ids, and the losses or gradients. */
export interface SoftmaxCrossEntropyOperands {
  logits: number;
  ids: number;
  rows: number;
  n: number;
  smoothing: number;
}

/** Runs the passes on operands already in the backend's heap; the SIMD module supplies one of these. */
export interface SoftmaxCrossEntropyRunner {
  forward(o: SoftmaxCrossEntropyOperands & { loss: number }): void;
  backward(o: SoftmaxCrossEntropyOperands & { dy: number; dlogits: number }): void;
}

/** The same maths in JavaScript (float64, rounded once) on views of the heap, where the SIMD module is missing. */
export function softmaxCrossEntropyOnHeap(heap: ArrayBuffer): SoftmaxCrossEntropyRunner {
  /** Per row: its values, max, ln Σ e^(x − max) and target id (−1 when none). */
  const eachRow = (o: SoftmaxCrossEntropyOperands, visit: (r: number, x: Float32Array, max: number, logSum: number, id: number) => void) => {
    const ids = new Int32Array(heap, o.ids, o.rows);
    for (let r = 0; r < o.rows; r++) {
      const x = new Float32Array(heap, o.logits + r * o.n * 4, o.n);
      let max = -Infinity;
      for (let j = 0; j < o.n; j++) max = Number.isNaN(x[j]) ? NaN : Math.max(max, x[j]);
      let sum = 0;
      for (let j = 0; j < o.n; j++) sum += Math.exp(x[j] - max);
      visit(r, x, max, Math.log(sum), ids[r] >= 0 && ids[r] < o.n ? ids[r] : -1);
    }
  };
  return {
    forward(o) {
      const loss = new Float32Array(heap, o.loss, o.rows);
      eachRow(o, (r, x, max, logSum, id) => {
        const target = id >= 0 ? x[id] - max - logSum : 0;
        let meanLogProb = 0;
        for (let j = 0; j < o.n; j++) meanLogProb += (x[j] - max - logSum) / o.n;
        loss[r] = -(target * (1 - o.smoothing) + meanLogProb * o.smoothing);
      });
    },
    backward(o) {
      const dy = new Float32Array(heap, o.dy, o.rows);
      eachRow(o, (r, x, max, logSum, id) => {
        const dx = new Float32Array(heap, o.dlogits + r * o.n * 4, o.n);
        const mass = id >= 0 ? 1 : o.smoothing;
        for (let j = 0; j < o.n; j++) {
          const q = (j === id ? 1 - o.smoothing : 0) + o.smoothing / o.n;
          dx[j] = dy[r] * (mass * Math.exp(x[j] - max - logSum) - q);
        }
      });
    },
  };
}

/** rows × n logits (float32, n the last axis) and one int32 id per row; throws a message naming the kernel otherwise. */
function checkOperands(kernel: string, logits: TensorInfo, ids: TensorInfo): { rows: number; n: number } {
  if (logits.dtype !== 'float32' || ids.dtype !== 'int32') {
    throw new Error(`${kernel} takes float32 logits and int32 ids, not ${logits.dtype} and ${ids.dtype}.`);
  }
  const n = logits.shape[logits.shape.length - 1] ?? 1;
  const rows = logits.shape.slice(0, -1).reduce((a, d) => a * d, 1);
  if (ids.shape.reduce((a, d) => a * d, 1) !== rows) {
    throw new Error(`${kernel} needs one id per row of logits [${logits.shape}], not ids of shape [${ids.shape}].`);
  }
  return { rows, n };
}

interface SmoothingAttrs {
  smoothing?: number;
}

function smoothingOf(attrs: SmoothingAttrs): number {
  const smoothing = attrs.smoothing ?? 0;
  if (!(smoothing >= 0 && smoothing < 1)) throw new Error(`${SOFTMAX_CROSS_ENTROPY_KERNEL}: smoothing must be in [0, 1), not ${smoothing}.`);
  return smoothing;
}

/** Inputs logits (…, n) and ids (…); output the losses, ids' shape. Outputs are allocated before offsets are read. */
export function makeWasmSoftmaxCrossEntropy(runnerFor: (backend: object) => SoftmaxCrossEntropyRunner | null): KernelFunc {
  return defineWasmKernel<{ logits: TensorInfo; ids: TensorInfo }, SmoothingAttrs>(({ inputs: { logits, ids }, attrs, backend }) => {
    const { rows, n } = checkOperands(SOFTMAX_CROSS_ENTROPY_KERNEL, logits, ids);
    const smoothing = smoothingOf(attrs);
    const loss = backend.makeOutput([...ids.shape], 'float32');
    if (rows === 0) return loss;
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const operands = { logits: at(logits), ids: at(ids), loss: at(loss), rows, n, smoothing };
    (runnerFor(backend) ?? softmaxCrossEntropyOnHeap(backend.typedArrayFromHeap(logits).buffer as ArrayBuffer)).forward(operands);
    return loss;
  });
}

/** Inputs logits (…, n), ids (…) and dy (ids' shape); output dlogits, logits' shape. */
export function makeWasmSoftmaxCrossEntropyGrad(runnerFor: (backend: object) => SoftmaxCrossEntropyRunner | null): KernelFunc {
  return defineWasmKernel<{ logits: TensorInfo; ids: TensorInfo; dy: TensorInfo }, SmoothingAttrs>(({ inputs: { logits, ids, dy }, attrs, backend }) => {
    const { rows, n } = checkOperands(SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL, logits, ids);
    if (dy.dtype !== 'float32' || dy.shape.reduce((a, d) => a * d, 1) !== rows) {
      throw new Error(`${SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL} needs a float32 dy per row, not [${dy.shape}] ${dy.dtype}.`);
    }
    const smoothing = smoothingOf(attrs);
    const dlogits = backend.makeOutput([...logits.shape], 'float32');
    if (rows * n === 0) return dlogits;
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const operands = { logits: at(logits), ids: at(ids), dy: at(dy), dlogits: at(dlogits), rows, n, smoothing };
    (runnerFor(backend) ?? softmaxCrossEntropyOnHeap(backend.typedArrayFromHeap(logits).buffer as ArrayBuffer)).backward(operands);
    return dlogits;
  });
}

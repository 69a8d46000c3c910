import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { MASKED_KEY_LIMIT } from '../../layers/attentionMask';
import { planBiasRows, type BiasRowPlan } from '../../layers/biasRows';
import { MASKED_SOFTMAX_GRAD_KERNEL, MASKED_SOFTMAX_KERNEL } from '../kernelNames';
import { defineWasmKernel } from './defineWasmKernel';

/**
 * Byte offsets in the heap of one forward pass's operands: x and y hold dims[0]·dims[1]·dims[2] rows of n values;
 * bias is null for a plain softmax, else read by the rows as `plan.strides` say (see BiasRowPlan).
 */
export interface MaskedSoftmaxForwardOperands {
  x: number;
  bias: number | null;
  y: number;
  plan: BiasRowPlan;
  n: number;
  /**
   * n x n scores per head, causal: row r takes only its first r mod n + 1 keys and gets 0 for the others, whose
   * scores are never read (a causal product leaves them unwritten).
   */
  causal?: boolean;
}

export interface MaskedSoftmaxBackwardOperands {
  y: number;
  dy: number;
  dx: number;
  rows: number;
  n: number;
  /** As forward: over each row's visible keys only, 0 for the rest (whose dy is never read). */
  causal?: boolean;
}

/** Runs the passes on operands already in the backend's heap; the SIMD module supplies one of these. */
export interface MaskedSoftmaxRunner {
  forward(o: MaskedSoftmaxForwardOperands): void;
  backward(o: MaskedSoftmaxBackwardOperands): void;
}

/** The same maths in JavaScript on views of the heap, where the SIMD module is missing. */
export function maskedSoftmaxOnHeap(heap: ArrayBuffer): MaskedSoftmaxRunner {
  const view = (offset: number, length: number) => new Float32Array(heap, offset, length);
  return {
    forward(o) {
      const { n } = o;
      const [d0, d1, d2] = o.plan.dims;
      const [s0, s1, s2] = o.plan.strides;
      const rows = d0 * d1 * d2;
      const x = view(o.x, rows * n);
      const y = view(o.y, rows * n);
      const bias = o.bias === null ? null : new Float32Array(heap, o.bias);
      let r = 0;
      for (let i0 = 0; i0 < d0; i0++) {
        for (let i1 = 0; i1 < d1; i1++) {
          for (let i2 = 0; i2 < d2; i2++, r++) {
            const at = r * n;
            const b = (i0 * s0 + i1 * s1 + i2 * s2) * n;
            const visible = o.causal ? (r % n) + 1 : n;
            y.fill(0, at + visible, at + n);
            let max = -Infinity;
            let maxBias = -Infinity;
            for (let j = 0; j < visible; j++) {
              y[at + j] = bias ? x[at + j] + bias[b + j] : x[at + j];
              max = Math.max(max, y[at + j]);
              if (bias) maxBias = Math.max(maxBias, bias[b + j]);
            }
            if (bias && maxBias <= MASKED_KEY_LIMIT) {
              y.fill(0, at, at + visible); // the row sees no key (attentionMask.ts)
              continue;
            }
            let sum = 0;
            for (let j = 0; j < visible; j++) {
              y[at + j] = Math.exp(y[at + j] - max);
              sum += y[at + j];
            }
            for (let j = 0; j < visible; j++) y[at + j] /= sum;
          }
        }
      }
    },
    backward(o) {
      const { rows, n } = o;
      const y = view(o.y, rows * n);
      const dy = view(o.dy, rows * n);
      const dx = view(o.dx, rows * n);
      for (let r = 0; r < rows; r++) {
        const at = r * n;
        const visible = o.causal ? (r % n) + 1 : n;
        let dot = 0;
        for (let j = 0; j < visible; j++) dot += dy[at + j] * y[at + j];
        for (let j = 0; j < visible; j++) dx[at + j] = y[at + j] * (dy[at + j] - dot);
        dx.fill(0, at + visible, at + n);
      }
    },
  };
}

function checkFloat32(kernel: string, tensors: TensorInfo[]): void {
  for (const t of tensors) if (t.dtype !== 'float32') throw new Error(`${kernel} takes float32 operands, not ${t.dtype}.`);
}

function lastAxis(x: TensorInfo): { rows: number; n: number } {
  const n = x.shape.length ? x.shape[x.shape.length - 1] : 1;
  return { rows: x.shape.slice(0, -1).reduce((a, d) => a * d, 1), n };
}

/**
 * The wasm backend's fused masked softmax: inputs x (…, T_k) and optionally bias (a shape planBiasRows takes);
 * output softmax(x + bias) over the last axis, all zeros for a row whose every key is masked (attentionMask.ts). The output is allocated before any offset is read (allocation
 * can grow the heap).
 */
export function makeWasmMaskedSoftmax(runnerFor: (backend: object) => MaskedSoftmaxRunner | null): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo; bias?: TensorInfo }>(({ inputs: { x, bias }, backend }) => {
    checkFloat32(MASKED_SOFTMAX_KERNEL, bias ? [x, bias] : [x]);
    const { rows, n } = lastAxis(x);
    const plan: BiasRowPlan | null = bias ? planBiasRows(x.shape, bias.shape) : { dims: [1, 1, rows], strides: [0, 0, 0] };
    if (!plan) throw new Error(`${MASKED_SOFTMAX_KERNEL} cannot add a bias of shape [${bias!.shape}] to scores of shape [${x.shape}].`);
    const y = backend.makeOutput([...x.shape], 'float32');
    if (rows * n === 0) return y;
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const operands = { x: at(x), bias: bias ? at(bias) : null, y: at(y), plan, n };
    (runnerFor(backend) ?? maskedSoftmaxOnHeap(backend.typedArrayFromHeap(x).buffer as ArrayBuffer)).forward(operands);
    return y;
  });
}

/** Inputs y (the forward output) and dy, both (…, T_k); output dx, y's shape. */
export function makeWasmMaskedSoftmaxGrad(runnerFor: (backend: object) => MaskedSoftmaxRunner | null): KernelFunc {
  return defineWasmKernel<{ y: TensorInfo; dy: TensorInfo }>(({ inputs: { y, dy }, backend }) => {
    checkFloat32(MASKED_SOFTMAX_GRAD_KERNEL, [y, dy]);
    if (y.shape.length !== dy.shape.length || y.shape.some((d, i) => d !== dy.shape[i])) {
      throw new Error(`${MASKED_SOFTMAX_GRAD_KERNEL} takes y and dy of one shape, not [${y.shape}] and [${dy.shape}].`);
    }
    const { rows, n } = lastAxis(y);
    const dx = backend.makeOutput([...y.shape], 'float32');
    if (rows * n === 0) return dx;
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const operands = { y: at(y), dy: at(dy), dx: at(dx), rows, n };
    (runnerFor(backend) ?? maskedSoftmaxOnHeap(backend.typedArrayFromHeap(y).buffer as ArrayBuffer)).backward(operands);
    return dx;
  });
}

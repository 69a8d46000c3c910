import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL, type LayerNormAttrs } from '../kernelNames';
import { defineWasmKernel } from './defineWasmKernel';

/** Byte offsets in the heap of one forward pass's operands; rows × d values, mean and rstd one per row. */
export interface LayerNormForwardOperands {
  x: number;
  gamma: number;
  beta: number;
  y: number;
  mean: number;
  rstd: number;
  rows: number;
  d: number;
  epsilon: number;
}

export interface LayerNormBackwardOperands {
  x: number;
  dy: number;
  gamma: number;
  mean: number;
  rstd: number;
  dx: number;
  dgamma: number;
  dbeta: number;
  rows: number;
  d: number;
}

/** Runs the passes on operands already in the backend's heap; the SIMD module supplies one of these. */
export interface LayerNormRunner {
  forward(o: LayerNormForwardOperands): void;
  backward(o: LayerNormBackwardOperands): void;
}

/** The same maths in JavaScript on views of the heap, where the SIMD module is missing. */
export function layerNormOnHeap(heap: ArrayBuffer): LayerNormRunner {
  const view = (offset: number, n: number) => new Float32Array(heap, offset, n);
  return {
    forward(o) {
      const { rows, d } = o;
      const x = view(o.x, rows * d);
      const y = view(o.y, rows * d);
      const gamma = view(o.gamma, d);
      const beta = view(o.beta, d);
      const mean = view(o.mean, rows);
      const rstd = view(o.rstd, rows);
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += x[r * d + j];
        const mu = sum / d;
        let squares = 0;
        for (let j = 0; j < d; j++) squares += (x[r * d + j] - mu) ** 2;
        const inv = 1 / Math.sqrt(squares / d + o.epsilon);
        for (let j = 0; j < d; j++) y[r * d + j] = (x[r * d + j] - mu) * inv * gamma[j] + beta[j];
        mean[r] = mu;
        rstd[r] = inv;
      }
    },
    backward(o) {
      const { rows, d } = o;
      const x = view(o.x, rows * d);
      const dy = view(o.dy, rows * d);
      const dx = view(o.dx, rows * d);
      const gamma = view(o.gamma, d);
      const mean = view(o.mean, rows);
      const rstd = view(o.rstd, rows);
      const dgamma = view(o.dgamma, d).fill(0);
      const dbeta = view(o.dbeta, d).fill(0);
      for (let r = 0; r < rows; r++) {
        let gMean = 0;
        let gxMean = 0;
        for (let j = 0; j < d; j++) {
          const normal = (x[r * d + j] - mean[r]) * rstd[r];
          const g = dy[r * d + j] * gamma[j];
          gMean += g;
          gxMean += g * normal;
          dgamma[j] += dy[r * d + j] * normal;
          dbeta[j] += dy[r * d + j];
        }
        gMean /= d;
        gxMean /= d;
        for (let j = 0; j < d; j++) {
          const normal = (x[r * d + j] - mean[r]) * rstd[r];
          dx[r * d + j] = rstd[r] * (dy[r * d + j] * gamma[j] - gMean - normal * gxMean);
        }
      }
    },
  };
}

function rowsAndWidth(x: TensorInfo): { rows: number; d: number } {
  const d = x.shape[x.shape.length - 1];
  return { rows: x.shape.slice(0, -1).reduce((a, n) => a * n, 1), d };
}

function checkFloat32(kernel: string, tensors: TensorInfo[]): void {
  for (const t of tensors) if (t.dtype !== 'float32') throw new Error(`${kernel} takes float32 operands, not ${t.dtype}.`);
}

/**
 * The wasm backend's fused layer normalisation: inputs x (…, d), gamma (d), beta (d); outputs y (x's shape),
 * mean and rstd (one per row, for the backward kernel). Outputs are allocated before any offset is read
 * (allocation can grow the heap).
 */
export function makeWasmLayerNorm(runnerFor: (backend: object) => LayerNormRunner | null): KernelFunc {
  return defineWasmKernel<{ x: TensorInfo; gamma: TensorInfo; beta: TensorInfo }, LayerNormAttrs>(({ inputs: { x, gamma, beta }, attrs: { epsilon }, backend }) => {
    checkFloat32(LAYER_NORM_KERNEL, [x, gamma, beta]);
    const { rows, d } = rowsAndWidth(x);
    const outputs = [backend.makeOutput([...x.shape], 'float32'), backend.makeOutput([rows], 'float32'), backend.makeOutput([rows], 'float32')];
    if (rows * d === 0) return outputs;
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const [y, mean, rstd] = outputs;
    const operands = { x: at(x), gamma: at(gamma), beta: at(beta), y: at(y), mean: at(mean), rstd: at(rstd), rows, d, epsilon };
    (runnerFor(backend) ?? layerNormOnHeap(backend.typedArrayFromHeap(x).buffer as ArrayBuffer)).forward(operands);
    return outputs;
  });
}

/** Inputs x, dy (…, d), gamma (d), mean and rstd (rows); outputs dx (x's shape), dgamma and dbeta (d). */
export function makeWasmLayerNormGrad(runnerFor: (backend: object) => LayerNormRunner | null): KernelFunc {
  return defineWasmKernel<Record<'x' | 'dy' | 'gamma' | 'mean' | 'rstd', TensorInfo>>(({ inputs: { x, dy, gamma, mean, rstd }, backend }) => {
    checkFloat32(LAYER_NORM_GRAD_KERNEL, [x, dy, gamma, mean, rstd]);
    const { rows, d } = rowsAndWidth(x);
    const outputs = [backend.makeOutput([...x.shape], 'float32'), backend.makeOutput([d], 'float32'), backend.makeOutput([d], 'float32')];
    if (rows * d === 0) {
      for (const t of outputs.slice(1)) (backend.typedArrayFromHeap(t) as Float32Array).fill(0);
      return outputs;
    }
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const [dx, dgamma, dbeta] = outputs;
    const operands = { x: at(x), dy: at(dy), gamma: at(gamma), mean: at(mean), rstd: at(rstd), dx: at(dx), dgamma: at(dgamma), dbeta: at(dbeta), rows, d };
    (runnerFor(backend) ?? layerNormOnHeap(backend.typedArrayFromHeap(x).buffer as ArrayBuffer)).backward(operands);
    return outputs;
  });
}

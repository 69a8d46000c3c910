/**
 * The fused Adam step (ADAM_UPDATE_KERNEL) on the wasm backend. Its outputs are fresh tensors: buffers are never
 * written in place, since Identity shares them between tensors.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL } from '../kernelNames';
import { defineWasmKernel } from './defineWasmKernel';

/**
 * The float32 constants of one Adam step, each already rounded to float32 the way tfjs' own Adam rounds the
 * scalars it builds, so a float32 kernel reproduces tfjs' arithmetic operation for operation:
 *   g = g·gradientScale (clipping by global norm, as a separate Multiply would)
 *   m' = m·beta1 + g·oneMinusBeta1            v' = v·beta2 + g²·oneMinusBeta2
 *   x' = ((m' / biasCorrection1) / (√(v' / biasCorrection2) + epsilon)) · negLearningRate + x
 */
export interface AdamUpdateAttrs {
  /** min(1, maxNorm / ‖g‖) when clipping by global norm, else 1 (g·1 is g exactly). */
  gradientScale: number;
  beta1: number;
  beta2: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  /** 1 − beta1^t and 1 − beta2^t. */
  biasCorrection1: number;
  biasCorrection2: number;
  epsilon: number;
  negLearningRate: number;
}

export interface AdamUpdateInputs {
  variable: TensorInfo;
  gradient: TensorInfo;
  firstMoment: TensorInfo;
  secondMoment: TensorInfo;
}

/** Where the four operands and three results lie in wasm memory (byte offsets) and how many elements. */
export interface AdamUpdateOperands {
  variable: number;
  gradient: number;
  firstMoment: number;
  secondMoment: number;
  newVariable: number;
  newFirstMoment: number;
  newSecondMoment: number;
  size: number;
}

/** Runs the update on operands already in the backend's heap; the SIMD module supplies one of these. */
export type AdamUpdateRunner = (operands: AdamUpdateOperands, attrs: AdamUpdateAttrs) => void;

function sizeOf(shape: number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/**
 * The update in plain JavaScript on views of the heap: every operation rounded to float32 with
 * Math.fround, which gives exactly the float32 results (one rounding of an exact double result).
 * Used where the SIMD module is missing.
 */
export function adamUpdateOnHeap(heap: ArrayBuffer, o: AdamUpdateOperands, a: AdamUpdateAttrs): void {
  const f = Math.fround;
  const x = new Float32Array(heap, o.variable, o.size);
  const g = new Float32Array(heap, o.gradient, o.size);
  const m = new Float32Array(heap, o.firstMoment, o.size);
  const v = new Float32Array(heap, o.secondMoment, o.size);
  const outX = new Float32Array(heap, o.newVariable, o.size);
  const outM = new Float32Array(heap, o.newFirstMoment, o.size);
  const outV = new Float32Array(heap, o.newSecondMoment, o.size);
  const { gradientScale, beta1, beta2, oneMinusBeta1, oneMinusBeta2, biasCorrection1, biasCorrection2, epsilon, negLearningRate } = a;
  for (let i = 0; i < o.size; i++) {
    const gi = f(g[i] * gradientScale);
    const mi = f(f(m[i] * beta1) + f(gi * oneMinusBeta1));
    const vi = f(f(v[i] * beta2) + f(f(gi * gi) * oneMinusBeta2));
    const step = f(f(mi / biasCorrection1) / f(f(Math.sqrt(f(vi / biasCorrection2))) + epsilon));
    outX[i] = f(step * negLearningRate) + x[i];
    outM[i] = mi;
    outV[i] = vi;
  }
}

/**
 * The wasm backend's Adam kernel: allocates the three outputs, then runs the backend's SIMD module (from
 * `runnerFor`) or, where there is none, the JavaScript loop on the heap. Offsets are taken after allocating, since allocation can grow the heap.
 */
export function makeWasmAdamUpdate(runnerFor: (backend: object) => AdamUpdateRunner | null): KernelFunc {
  return defineWasmKernel<AdamUpdateInputs, AdamUpdateAttrs>(({ inputs, attrs, backend }) => {
    const { variable, gradient, firstMoment, secondMoment } = inputs;
    const size = sizeOf(variable.shape);
    for (const t of [variable, gradient, firstMoment, secondMoment]) {
      if (t.dtype !== 'float32' || sizeOf(t.shape) !== size) {
        throw new Error(`${ADAM_UPDATE_KERNEL} takes float32 operands of one size (${variable.shape} vs ${t.shape} ${t.dtype}).`);
      }
    }
    const shape = [...variable.shape];
    const outputs = [backend.makeOutput(shape, 'float32'), backend.makeOutput(shape, 'float32'), backend.makeOutput(shape, 'float32')];
    if (size === 0) return outputs;
    const offset = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const operands: AdamUpdateOperands = {
      variable: offset(variable),
      gradient: offset(gradient),
      firstMoment: offset(firstMoment),
      secondMoment: offset(secondMoment),
      newVariable: offset(outputs[0]),
      newFirstMoment: offset(outputs[1]),
      newSecondMoment: offset(outputs[2]),
      size,
    };
    const runner = runnerFor(backend);
    if (runner) runner(operands, attrs);
    else adamUpdateOnHeap(backend.typedArrayFromHeap(variable).buffer as ArrayBuffer, operands, attrs);
    return outputs;
  });
}

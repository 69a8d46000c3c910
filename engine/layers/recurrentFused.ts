import * as tf from '@tensorflow/tfjs';
import { RECURRENT_GRAD_KERNEL, RECURRENT_KERNEL, type RecurrentKernelAttrs } from '../backend/kernelNames';
import type { RecurrentCellKind } from './recurrentCells';

/**
 * A recurrent layer's loop over time as one backend kernel forward and one backward (see RECURRENT_KERNEL in
 * engine/backend/kernelNames.ts), where the backend registered them (wasm with SIMD): per time step the recurrent
 * product, the gate nonlinearities and the state update run inside the kernel, and the states of every step land in
 * one (B, T, ·) tensor. The op-by-op loop in recurrent.ts computes the same function on every other backend.
 *
 * The gradient of the recurrent kernel, Σ_t h_{t−1}ᵀ · d(h_{t−1} U), is one batched product over all steps after the
 * backward kernel, run by the backend's fast matMul, rather than a small product per step.
 */

export interface FusedRecurrentOperands {
  cell: RecurrentCellKind;
  units: number;
  /** (B, T, dirs·k·u): x W + b of every step, the directions' gate blocks side by side. */
  projection: tf.Tensor;
  /** (dirs, u, k·u) */
  recurrentKernel: tf.Tensor;
  /** (dirs, 3u): the GRU's recurrent bias b′; null for the other cells. */
  recurrentBias: tf.Tensor | null;
  /** (B, dirs·u) initial states, or null for zeros. */
  h0: tf.Tensor | null;
  c0: tf.Tensor | null;
  /** (B, T) float32: 1 for a real step, 0 for a [PAD] step, which carries the state; null when every step is real. */
  keep: tf.Tensor | null;
}

/** Whether the current backend runs the fused loop (otherwise recurrent.ts composes tfjs ops). */
export function fusedRecurrentAvailable(): boolean {
  const backend = tf.getBackend();
  return tf.getKernel(RECURRENT_KERNEL, backend) !== undefined && tf.getKernel(RECURRENT_GRAD_KERNEL, backend) !== undefined;
}

type SaveFn = (tensors: tf.Tensor[]) => void;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/**
 * The states of every step, (B, T, S), or (B, T, 2S) for the LSTM: per row the hidden states (forward direction, then
 * backward), then the LSTM's cell states; each the state carried out of that step. Differentiable in the projection,
 * the recurrent kernel and bias and the initial states.
 */
export function fusedRecurrentStates(o: FusedRecurrentOperands): tf.Tensor3D {
  const dirs = o.recurrentKernel.shape[0] as number;
  const attrs: RecurrentKernelAttrs = { cell: o.cell, units: o.units, directions: dirs };
  const named = { projection: o.projection, recurrentKernel: o.recurrentKernel, recurrentBias: o.recurrentBias, h0: o.h0, c0: o.c0, keep: o.keep };
  const names = (Object.keys(named) as Array<keyof typeof named>).filter((k) => named[k] !== null);
  const tensors = names.map((k) => named[k] as tf.Tensor);
  const kernelAttrs = attrs as unknown as tf.NamedAttrMap;
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as SaveFn;
    const given = Object.fromEntries(names.map((k, i) => [k, args[i] as tf.Tensor])) as Partial<Record<keyof typeof named, tf.Tensor>>;
    const [states, saved] = tf.engine().runKernel(RECURRENT_KERNEL, given as tf.NamedTensorMap, kernelAttrs) as tf.Tensor[];
    const kept = { recurrentKernel: given.recurrentKernel!, h0: given.h0, c0: given.c0, keep: given.keep };
    const keptNames = (Object.keys(kept) as Array<keyof typeof kept>).filter((k) => kept[k] !== undefined);
    save([...keptNames.map((k) => kept[k]!), states, saved]);
    return {
      value: states,
      gradFunc: (dStates: tf.Tensor, savedTensors: tf.Tensor[]) => {
        const restored = Object.fromEntries(keptNames.map((k, i) => [k, savedTensors[i]]));
        const [savedStates, savedActivations] = savedTensors.slice(keptNames.length);
        const grads = tf.engine().runKernel(
          RECURRENT_GRAD_KERNEL,
          { ...restored, states: savedStates, saved: savedActivations, dStates } as tf.NamedTensorMap,
          kernelAttrs,
        ) as tf.Tensor[];
        const [dProjection, dProduct, previous, dh0, dc0] = grads;
        const byName: Record<keyof typeof named, () => tf.Tensor> = {
          projection: () => dProjection,
          recurrentKernel: () => tf.matMul(previous as tf.Tensor3D, dProduct as tf.Tensor3D, true, false),
          // Σ over every step and example as a product with a row of ones: the backend's matMul, where a Sum over
          // a middle axis transposes first.
          recurrentBias: () => {
            const [groups, rows, width] = dProduct.shape as [number, number, number];
            return tf.reshape(tf.matMul(tf.ones([groups, 1, rows]) as tf.Tensor3D, dProduct as tf.Tensor3D), [groups, width]);
          },
          h0: () => dh0,
          c0: () => dc0,
          keep: () => tf.zerosLike(restored.keep),
        };
        return names.map((k) => byName[k]());
      },
    };
  }) as unknown as CustomGradientFunc) as unknown as (...t: tf.Tensor[]) => tf.Tensor3D;
  return op(...tensors);
}

/**
 * The fused recurrent kernels (engine/backend/wasm/recurrent.as through engine/layers/recurrentFused.ts) against the
 * layer's own op-by-op loop on the same backend and against float64 references: outputs, final states and the
 * gradients of input, initial states and every weight, for every cell, one or both directions, with and without
 * sequences out, initial states and [PAD] steps. Sizes are small but cross the kernel's blocking (4 batch rows,
 * 8 gate columns, 4 units) so its vector paths and scalar tails both run.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECURRENT_GRAD_KERNEL, RECURRENT_KERNEL } from '../../../engine/backend/kernelNames';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { Recurrent, type RecurrentCell } from '../../../engine/layers/recurrent';
import { fusedRecurrentAvailable } from '../../../engine/layers/recurrentFused';
import { flat, referenceRecurrent, relativeError, type DirectionWeights, type Matrix } from './reference';

let previousBackend = '';
beforeAll(async () => {
  previousBackend = tf.getBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmKernels('simd', { spawnHelper: null });
});
afterAll(async () => {
  registerWasmKernels('simd', { spawnHelper: null });
  if (previousBackend) await tf.setBackend(previousBackend);
});

/** Runs `body` with the fused kernels unregistered (the layer then composes tfjs ops), restoring them after. */
function opByOp<T>(body: () => T): T {
  tf.unregisterKernel(RECURRENT_KERNEL, 'wasm');
  tf.unregisterKernel(RECURRENT_GRAD_KERNEL, 'wasm');
  try {
    expect(fusedRecurrentAvailable()).toBe(false);
    return body();
  } finally {
    registerWasmKernels('simd', { spawnHelper: null });
  }
}

interface Case {
  cell: RecurrentCell;
  bidirectional: boolean;
  returnSequences: boolean;
  initial: boolean;
  masked: boolean;
}

const B = 5;
const T = 4;
const D = 3;
const U = 5;
// Real steps are 1; [PAD] (0) in the middle, at the end and for a whole sequence but one step.
const IDS = [
  [2, 2, 2, 2],
  [2, 0, 2, 2],
  [2, 2, 0, 0],
  [0, 2, 0, 0],
  [2, 2, 2, 0],
];

/** Everything one forward and backward computes: flattened outputs, then gradients in input/weight order. */
interface Run {
  outputs: number[][];
  grads: number[][];
}

function runLayer(layer: Recurrent, c: Case, x: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor, ids: tf.Tensor, projections: tf.Tensor[]): Run {
  return tf.tidy(() => {
    const given = [x, ...(c.initial ? [h0] : []), ...(c.initial && c.cell === 'lstm' ? [c0] : []), ...(c.masked ? [ids] : [])];
    const differentiable = given.filter((t) => t.dtype === 'float32');
    const weights = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const objective = (...inputs: tf.Tensor[]) => {
      const withIds = c.masked ? [...inputs, ids] : inputs;
      const outs = layer.apply(withIds) as tf.Tensor[];
      return tf.addN(outs.map((o, i) => tf.sum(tf.mul(o, projections[i])))) as tf.Scalar;
    };
    const outputs = (layer.apply(given) as tf.Tensor[]).map((o) => Array.from(o.dataSync()));
    const inputGrads = tf.grads(objective)(differentiable);
    const { grads } = tf.variableGrads(() => objective(...differentiable), weights);
    return { outputs, grads: [...inputGrads.map((g) => Array.from(g.dataSync())), ...weights.map((w) => Array.from(grads[w.name].dataSync()))] };
  });
}

/** The same objective in float64: the reference recurrence, its outputs projected and summed. */
function referenceObjective(c: Case, projections: number[][], xs: number[][][], ws: DirectionWeights[], h0?: Matrix, c0?: Matrix): number {
  const r = referenceRecurrent(c.cell, xs, ws, h0, c0, c.masked ? IDS : undefined);
  const outs = [c.returnSequences ? flat(r.hs) : flat(r.h), flat(r.h), ...(c.cell === 'lstm' ? [flat(r.c)] : [])];
  let sum = 0;
  outs.forEach((o, i) => o.forEach((v, j) => (sum += v * projections[i][j])));
  return sum;
}

function weightsOf(layer: Recurrent): DirectionWeights[] {
  const ws = layer.getWeights().map((w) => w.arraySync());
  const out: DirectionWeights[] = [];
  for (let i = 0; i < ws.length; i += 3) out.push({ kernel: ws[i] as Matrix, recurrentKernel: ws[i + 1] as Matrix, bias: ws[i + 2] as number[] });
  return out;
}

/** Central differences of a float64 function of a flat parameter vector. */
function numericGradient(values: number[], f: (v: number[]) => number): number[] {
  const eps = 1e-6;
  return values.map((_, i) => {
    const plus = [...values];
    const minus = [...values];
    plus[i] += eps;
    minus[i] -= eps;
    return (f(plus) - f(minus)) / (2 * eps);
  });
}

/** Rebuilds a nested array of `like`'s shape from flat values. */
function reshapeLike<T>(like: T, values: number[]): T {
  let at = 0;
  const build = (v: unknown): unknown => (Array.isArray(v) ? v.map(build) : values[at++]);
  return build(like) as T;
}

const CASES: Case[] = [];
for (const cell of ['simple', 'lstm', 'gru'] as const) {
  CASES.push({ cell, bidirectional: false, returnSequences: true, initial: false, masked: false });
  CASES.push({ cell, bidirectional: true, returnSequences: true, initial: true, masked: true });
  CASES.push({ cell, bidirectional: false, returnSequences: false, initial: true, masked: false });
  CASES.push({ cell, bidirectional: true, returnSequences: false, initial: false, masked: true });
}

describe('fused recurrent kernels on wasm', () => {
  it('are registered with the project kernels and used by the layer', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(fusedRecurrentAvailable()).toBe(true);
  });

  for (const c of CASES) {
    const name = `${c.cell}${c.bidirectional ? ', bidirectional' : ''}, ${c.returnSequences ? 'sequence' : 'last'} out${c.initial ? ', initial states' : ''}${c.masked ? ', [PAD] steps' : ''}`;
    it(`${name}: outputs and gradients equal the op-by-op loop (float32, 1e-5) and float64 (outputs 1e-5, gradients 1e-4 against central differences)`, () => {
      const s = U * (c.bidirectional ? 2 : 1);
      const x = tf.randomUniform([B, T, D], -1.5, 1.5, 'float32', 1);
      const h0 = tf.randomUniform([B, s], -1, 1, 'float32', 2);
      const c0 = tf.randomUniform([B, s], -1, 1, 'float32', 3);
      const ids = tf.tensor2d(IDS, [B, T], 'int32');
      const layer = new Recurrent({
        cell: c.cell, units: U, bidirectional: c.bidirectional, returnSequences: c.returnSequences, seed: 7,
        hasInitialState: c.initial, hasInitialCell: c.initial && c.cell === 'lstm', hasTokenMask: c.masked,
      });
      const outShape = c.returnSequences ? [B, T, s] : [B, s];
      const projections = [outShape, [B, s], ...(c.cell === 'lstm' ? [[B, s]] : [])].map((shape, i) => tf.randomUniform(shape, -1, 1, 'float32', 10 + i));
      layer.apply([x, ...(c.initial ? [h0] : []), ...(c.initial && c.cell === 'lstm' ? [c0] : []), ...(c.masked ? [ids] : [])]);
      const ws = layer.getWeights();
      layer.setWeights(ws.map((w, i) => (i % 3 === 2 ? tf.randomUniform(w.shape, -0.5, 0.5, 'float32', 20 + i) : w)));

      const before = tf.memory().numTensors;
      const fused = runLayer(layer, c, x, h0, c0, ids, projections);
      expect(tf.memory().numTensors).toBe(before);
      const composed = opByOp(() => runLayer(layer, c, x, h0, c0, ids, projections));
      expect(fused.outputs.length).toBe(composed.outputs.length);
      fused.outputs.forEach((o, i) => expect(relativeError(o, composed.outputs[i]), `output ${i}`).toBeLessThan(1e-5));
      expect(fused.grads.length).toBe(composed.grads.length);
      fused.grads.forEach((g, i) => expect(relativeError(g, composed.grads[i]), `gradient ${i}`).toBeLessThan(1e-5));

      // float64: outputs from the reference, gradients by central differences of the same objective.
      const proj = projections.map((p) => Array.from(p.dataSync()));
      const xArr = x.arraySync() as number[][][];
      const h0Arr = c.initial ? (h0.arraySync() as Matrix) : undefined;
      const c0Arr = c.initial && c.cell === 'lstm' ? (c0.arraySync() as Matrix) : undefined;
      const wArr = weightsOf(layer);
      const ref = referenceRecurrent(c.cell, xArr, wArr, h0Arr, c0Arr, c.masked ? IDS : undefined);
      expect(relativeError(fused.outputs[0], c.returnSequences ? flat(ref.hs) : flat(ref.h))).toBeLessThan(1e-5);
      expect(relativeError(fused.outputs[1], flat(ref.h))).toBeLessThan(1e-5);
      if (c.cell === 'lstm') expect(relativeError(fused.outputs[2], flat(ref.c))).toBeLessThan(1e-5);

      const objective = (xs: number[][][], w: DirectionWeights[], h?: Matrix, cc?: Matrix) => referenceObjective(c, proj, xs, w, h, cc);
      const numeric: number[][] = [numericGradient(flat(xArr), (v) => objective(reshapeLike(xArr, v), wArr, h0Arr, c0Arr))];
      if (h0Arr) numeric.push(numericGradient(flat(h0Arr), (v) => objective(xArr, wArr, reshapeLike(h0Arr, v), c0Arr)));
      if (c0Arr) numeric.push(numericGradient(flat(c0Arr), (v) => objective(xArr, wArr, h0Arr, reshapeLike(c0Arr, v))));
      wArr.forEach((dir, d) => {
        for (const key of ['kernel', 'recurrentKernel', 'bias'] as const) {
          numeric.push(
            numericGradient(flat(dir[key]), (v) => {
              const changed = wArr.map((w, i) => (i === d ? { ...w, [key]: reshapeLike(w[key], v) } : w));
              return objective(xArr, changed, h0Arr, c0Arr);
            }),
          );
        }
      });
      expect(fused.grads.length).toBe(numeric.length);
      fused.grads.forEach((g, i) => expect(relativeError(g, numeric[i]), `gradient ${i} against float64`).toBeLessThan(1e-4));

      layer.dispose();
      tf.dispose([x, h0, c0, ids, ...projections]);
    });
  }

  it('a training step leaves the tensor count flat and matches the op-by-op step', () => {
    const run = () => {
      const layer = new Recurrent({ cell: 'lstm', units: 12, bidirectional: true, seed: 3 });
      const x = tf.randomUniform([9, 6, 7], -1, 1, 'float32', 4);
      const optimizer = tf.train.sgd(0.1);
      tf.dispose(layer.apply(x) as tf.Tensor[]); // builds the weights
      const variables = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      const step = () => {
        const loss = optimizer.minimize(() => tf.mean(tf.square((layer.apply(x) as tf.Tensor[])[0])) as tf.Scalar, true, variables)!;
        const value = loss.dataSync()[0];
        loss.dispose();
        return value;
      };
      step();
      const count = tf.memory().numTensors;
      const losses = [step(), step(), step()];
      expect(tf.memory().numTensors).toBe(count);
      const weights = layer.getWeights().map((w) => Array.from(w.dataSync()));
      layer.dispose();
      optimizer.dispose();
      x.dispose();
      return { losses, weights };
    };
    const fused = run();
    const composed = opByOp(run);
    expect(relativeError(fused.losses, composed.losses)).toBeLessThan(1e-5);
    fused.weights.forEach((w, i) => expect(relativeError(w, composed.weights[i])).toBeLessThan(1e-5));
  });
});

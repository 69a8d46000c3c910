/**
 * A query that sees no key — left padding under a causal mask, or an example that is all [PAD] — gets all-zero
 * attention weights, a zero context and no gradient through that row, the same on cpu, on wasm with tfjs' kernels
 * (the composed ops) and on wasm with the project's fused kernels (masked softmax, self-attention). Every other row
 * matches a float64 reference, forward and gradient.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { MultiHeadAttention } from '../../../engine/layers/multiHeadAttention';
import { attendWithScores, causalBias, paddingBias, sumBiases } from '../../../engine/layers/ops';
import { MASKED_SOFTMAX_KERNEL, SELF_ATTENTION_KERNEL } from '../../../engine/backend/kernelNames';
import {
  maskedSoftmaxRows,
  matmul,
  randomArray,
  randomWeights,
  referenceMha,
  relativeError,
  setWeightsByName,
  softmaxRowsGrad,
  transpose,
  type Matrix,
} from './reference';

type Setting = 'cpu' | 'wasm, tfjs kernels' | 'wasm, project kernels';
const SETTINGS: Setting[] = ['cpu', 'wasm, tfjs kernels', 'wasm, project kernels'];

async function use(setting: Setting): Promise<void> {
  if (setting === 'cpu') {
    await tf.setBackend('cpu');
    return;
  }
  await tf.setBackend('wasm');
  if (setting === 'wasm, tfjs kernels') registerWasmKernels('tfjs');
  else registerWasmKernels('simd', { spawnHelper: null });
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Example 0 is left-padded by two, example 1 not at all, example 2 is all [PAD]. */
const KEY_IDS = [
  [0, 0, 5, 6, 7, 8],
  [4, 5, 6, 7, 8, 9],
  [0, 0, 0, 0, 0, 0],
];
const T = KEY_IDS[0].length;

/** mask[b][i][j] true where query i of example b may not see key j: after it (causal) or [PAD]. */
const hidden = (b: number, i: number, j: number): boolean => j > i || KEY_IDS[b][j] === 0;
const maskOf = (b: number): boolean[][] => Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => hidden(b, i, j)));
const seesNothing = (b: number, i: number): boolean => KEY_IDS[b].every((_, j) => hidden(b, i, j));

function reshape(flat: ArrayLike<number>, rows: number, cols: number, at = 0): Matrix {
  return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => flat[at + i * cols + j]));
}

describe('attention rows that see no key', () => {
  it('the test data has such rows and rows that see some keys', () => {
    const blind = KEY_IDS.flatMap((_, b) => Array.from({ length: T }, (__, i) => seesNothing(b, i)));
    expect(blind.filter(Boolean).length).toBe(2 + T); // example 0's first two queries, every query of example 2
    expect(blind.filter((x) => !x).length).toBeGreaterThan(T);
  });

  for (const setting of SETTINGS) {
    it(`attendWithScores, causal + left padding, on ${setting}: zero weights, context and gradient there; float64 elsewhere`, async () => {
      await use(setting);
      const [b, h, dv] = [KEY_IDS.length, 2, 5];
      const scoreValues = randomArray([b, h, T, T], 1).map((v) => v * 4);
      const valueValues = randomArray([b, h, T, dv], 2);
      const rContext = randomArray([b, h, T, dv], 3);
      const rWeights = randomArray([b, h, T, T], 4);
      const { weights, context, dScores, dValues, kernels } = await (async () => {
        const scores = tf.tensor4d(scoreValues, [b, h, T, T]);
        const values = tf.tensor4d(valueValues, [b, h, T, dv]);
        const bias = tf.tidy(() => sumBiases(causalBias(T, T), paddingBias(tf.tensor2d(KEY_IDS, [b, T], 'int32')))!);
        const loss = (s: tf.Tensor, v: tf.Tensor) => {
          const out = attendWithScores(s, v, bias, 0, undefined);
          return tf.add(tf.sum(tf.mul(out.context, tf.tensor(rContext, out.context.shape))), tf.sum(tf.mul(out.weights, tf.tensor(rWeights, out.weights.shape)))) as tf.Scalar;
        };
        const before = tf.memory().numTensors;
        let read: { weights: Float32Array; context: Float32Array; dScores: Float32Array; dValues: Float32Array } | null = null;
        const profile = await tf.profile(() => {
          tf.tidy(() => {
            const out = attendWithScores(scores, values, bias, 0, undefined);
            const [ds, dvs] = tf.grads(loss)([scores, values]);
            read = {
              weights: out.weights.dataSync() as Float32Array,
              context: out.context.dataSync() as Float32Array,
              dScores: ds.dataSync() as Float32Array,
              dValues: dvs.dataSync() as Float32Array,
            };
          });
        });
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([scores, values, bias]);
        return { ...read!, kernels: profile.kernels.map((k) => k.name) };
      })();
      if (setting === 'wasm, project kernels') expect(kernels).toContain(MASKED_SOFTMAX_KERNEL);
      else expect(kernels).not.toContain(MASKED_SOFTMAX_KERNEL);

      for (let e = 0; e < b; e++) {
        for (let head = 0; head < h; head++) {
          const square = ((e * h + head) * T) * T;
          const tall = ((e * h + head) * T) * dv;
          const s = reshape(scoreValues, T, T, square);
          const v = reshape(valueValues, T, dv, tall);
          const rc = reshape(rContext, T, dv, tall);
          const w = maskedSoftmaxRows(s, maskOf(e));
          const dw = matmul(rc, transpose(v)).map((row, i) => row.map((x, j) => x + rWeights[square + i * T + j]));
          const expected = { weights: w, context: matmul(w, v), dScores: softmaxRowsGrad(w, dw), dValues: matmul(transpose(w), rc) };
          const actual = {
            weights: reshape(weights, T, T, square),
            context: reshape(context, T, dv, tall),
            dScores: reshape(dScores, T, T, square),
            dValues: reshape(dValues, T, dv, tall),
          };
          for (const key of ['weights', 'context', 'dScores', 'dValues'] as const) {
            expect(relativeError(actual[key], expected[key]), `${key}, example ${e}, head ${head}`).toBeLessThan(1e-5);
          }
          for (let i = 0; i < T; i++) {
            if (!seesNothing(e, i)) continue;
            for (const key of ['weights', 'context', 'dScores'] as const) {
              expect(actual[key][i].every((x) => x === 0), `${key} row ${i} of example ${e}, head ${head}: ${actual[key][i]}`).toBe(true);
            }
          }
        }
      }
    });
  }

  it('MultiHeadAttention, causal + left padding: every backend gives the float64 output, b^O where a query sees nothing, and no gradient to [PAD] inputs', async () => {
    const [b, d, heads] = [KEY_IDS.length, 8, 2];
    const xValues = randomArray([b, T, d], 11);
    const rValues = randomArray([b, T, d], 12);
    const w = randomWeights(d, d, 600);
    const results = new Map<Setting, { out: Float32Array; weights: Float32Array; dx: Float32Array; kernels: string[] }>();
    for (const setting of SETTINGS) {
      await use(setting);
      const x = tf.tensor3d(xValues, [b, T, d]);
      const ids = tf.tensor2d(KEY_IDS, [b, T], 'int32');
      const layer = new MultiHeadAttention({ heads, causal: true, keyPadding: true, returnAttentionWeights: true, seed: 1 });
      layer.apply([x, ids]);
      setWeightsByName(layer, w as unknown as Record<string, Matrix>);
      let read: { out: Float32Array; weights: Float32Array; dx: Float32Array } | null = null;
      const profile = await tf.profile(() => {
        tf.tidy(() => {
          const [out, weights] = layer.apply([x, ids]) as tf.Tensor[];
          const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul((layer.apply([input, ids]) as tf.Tensor[])[0], tf.tensor(rValues, [b, T, d]))))(x);
          read = { out: out.dataSync() as Float32Array, weights: weights.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
        });
      });
      results.set(setting, { ...read!, kernels: profile.kernels.map((k) => k.name) });
      tf.dispose([x, ids]);
      layer.dispose();
    }
    expect(results.get('wasm, project kernels')!.kernels).toContain(SELF_ATTENTION_KERNEL);
    const cpu = results.get('cpu')!;
    for (const setting of SETTINGS) {
      const r = results.get(setting)!;
      for (let e = 0; e < b; e++) {
        const xs = reshape(xValues, T, d, e * T * d);
        const ref = referenceMha(xs, xs, w, heads, maskOf(e));
        const out = reshape(r.out, T, d, e * T * d);
        expect(relativeError(out, ref.out), `${setting}, example ${e}`).toBeLessThan(1e-5);
        const weights = ref.weights.map((_, head) => reshape(r.weights, T, T, (e * heads + head) * T * T));
        expect(relativeError(weights, ref.weights), `${setting}, weights of example ${e}`).toBeLessThan(1e-5);
        for (let i = 0; i < T; i++) {
          if (seesNothing(e, i)) {
            expect(out[i].map((v, j) => v - w.output_bias[j]).every((diff) => Math.abs(diff) < 1e-6), `${setting}: query ${i} of example ${e} outputs b^O`).toBe(true);
          }
          const dxRow = Array.from(r.dx.subarray((e * T + i) * d, (e * T + i + 1) * d));
          if (KEY_IDS[e][i] === 0) expect(dxRow.every((g) => g === 0), `${setting}: gradient to [PAD] input ${i} of example ${e}: ${dxRow}`).toBe(true);
          else expect(dxRow.some((g) => g !== 0)).toBe(true);
        }
      }
      expect(relativeError(Array.from(r.dx), Array.from(cpu.dx)), `${setting}: input gradient against cpu`).toBeLessThan(1e-5);
    }
  });
});

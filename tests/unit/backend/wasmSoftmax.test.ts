/**
 * The fused masked-softmax kernels on wasm against the composed ops (Add, Softmax and their gradients) on the cpu
 * backend and on tfjs' own wasm kernels: weights and score gradients for no mask, causal, padding and combined
 * masks, odd row lengths (SIMD tails), rows whose every key is masked (zero weights and gradient), no leaks, the bias shapes that fall back
 * to the composed ops, and the JavaScript fallback against the SIMD module on the same heap.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementwiseKernelsFor } from '../../../engine/backend/wasm/elementwiseModule';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { maskedSoftmaxOnHeap } from '../../../engine/backend/wasm/softmaxKernels';
import { maskedSoftmax } from '../../../engine/layers/maskedSoftmax';
import { attendWithScores, causalBias, paddingBias, sumBiases } from '../../../engine/layers/ops';
import { MASKED_SOFTMAX_GRAD_KERNEL, MASKED_SOFTMAX_KERNEL } from '../../../engine/backend/kernelNames';
import { planBiasRows } from '../../../engine/layers/biasRows';
import { randomValues } from '../../fixtures/randomValues';
import { relativeDifference } from '../../fixtures/relativeDifference';

const values = (n: number, seed: number, scale = 2): Float32Array => randomValues(n, seed, scale);

type Mask = 'none' | 'causal' | 'padding' | 'combined';

/** Key tokens (B, T_k), 0 = [PAD]: example b has its last b keys padded, and example 1 every key. */
function keyTokens(b: number, tk: number): tf.Tensor2D {
  const ids = new Float32Array(b * tk);
  for (let e = 0; e < b; e++) for (let j = 0; j < tk; j++) ids[e * tk + j] = e === 1 || j >= tk - e ? 0 : 3 + j;
  return tf.tensor2d(ids, [b, tk]);
}

function biasFor(mask: Mask, b: number, tq: number, tk: number): tf.Tensor | null {
  if (mask === 'none') return null;
  return tf.tidy(() => {
    const causal = mask === 'causal' || mask === 'combined' ? causalBias(tq, tk) : null;
    const padding = mask === 'padding' || mask === 'combined' ? paddingBias(keyTokens(b, tk)) : null;
    return sumBiases(causal, padding)!;
  });
}

/**
 * Float64 softmax over each row's keys that `hidden(row, j)` leaves visible, 0 for the others and for every key of
 * a row that sees none, and the gradient of Σ w ⊙ r for the scores.
 */
function referenceMaskedSoftmax(x: Float32Array, r: Float32Array, rows: number, n: number, hidden: (row: number, j: number) => boolean): { w: Float32Array; ds: Float32Array } {
  const w = new Float32Array(rows * n);
  const ds = new Float32Array(rows * n);
  for (let row = 0; row < rows; row++) {
    const at = row * n;
    const visible = Array.from({ length: n }, (_, j) => !hidden(row, j));
    if (!visible.includes(true)) continue;
    const max = Math.max(...visible.flatMap((v, j) => (v ? [x[at + j]] : [])));
    const e = visible.map((v, j) => (v ? Math.exp(x[at + j] - max) : 0));
    const sum = e.reduce((a, v) => a + v, 0);
    const p = e.map((v) => v / sum);
    const dot = p.reduce((a, v, j) => a + v * r[at + j], 0);
    p.forEach((v, j) => {
      w[at + j] = v;
      ds[at + j] = v * (r[at + j] - dot);
    });
  }
  return { w, ds };
}

interface Result {
  w: Float32Array;
  ds: Float32Array;
  kernels: string[];
}

/** w = maskedSoftmax(scores, bias) and the gradient of Σ w ⊙ r for the scores, on the active backend. */
async function run(shape: number[], mask: Mask | tf.Tensor): Promise<Result> {
  const [b, , tq, tk] = shape;
  const size = shape.reduce((a, n) => a * n, 1);
  const scores = tf.tensor(values(size, 1, 3), shape);
  const r = tf.tensor(values(size, 2), shape);
  const bias = typeof mask === 'string' ? biasFor(mask, b, tq, tk) : mask.clone();
  const out: Partial<Result> = {};
  const info = await tf.profile(() => {
    const [w, ds] = tf.tidy(() => {
      const g = tf.grad((s: tf.Tensor) => tf.sum(tf.mul(maskedSoftmax(s, bias), r)))(scores);
      return [maskedSoftmax(scores, bias), g];
    });
    out.w = w.dataSync() as Float32Array;
    out.ds = ds.dataSync() as Float32Array;
    tf.dispose([w, ds]);
  });
  tf.dispose([scores, r, bias as tf.Tensor]);
  return { ...(out as Result), kernels: info.kernels.map((k) => k.name) };
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  registerWasmKernels('simd', { spawnHelper: null });
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('fused masked softmax on wasm', () => {
  const shapes = [[3, 2, 5, 7], [2, 4, 13, 13], [2, 3, 6, 64], [4, 1, 3, 1]];
  const masks: Mask[] = ['none', 'causal', 'padding', 'combined'];
  for (const shape of shapes) {
    for (const mask of masks) {
      it(`${JSON.stringify(shape)}, ${mask} mask: weights and gradients equal the composed ops on cpu and on tfjs' wasm kernels`, async () => {
        await tf.setBackend('cpu');
        const cpu = await run(shape, mask);
        await tf.setBackend('wasm');
        registerWasmKernels('tfjs');
        const tfjsWasm = await run(shape, mask);
        expect(tfjsWasm.kernels).toContain('Softmax');
        registerWasmKernels('simd', { spawnHelper: null });
        const before = tf.memory().numTensors;
        const fused = await run(shape, mask);
        expect(tf.memory().numTensors).toBe(before);
        expect(fused.kernels).toContain(MASKED_SOFTMAX_KERNEL);
        expect(fused.kernels).toContain(MASKED_SOFTMAX_GRAD_KERNEL);
        expect(fused.kernels).not.toContain('Softmax');
        for (const reference of [cpu, tfjsWasm]) {
          expect(relativeDifference(fused.w, reference.w)).toBeLessThan(1e-5);
          expect(relativeDifference(fused.ds, reference.ds)).toBeLessThan(1e-5);
        }
      });
    }
  }

  it('a row whose every key is masked gets zero weights and a zero gradient, as the float64 reference and cpu', async () => {
    const [b, h, tq, tk] = [3, 2, 4, 9];
    const fused = await run([b, h, tq, tk], 'combined');
    expect(fused.kernels).toContain(MASKED_SOFTMAX_KERNEL);
    await tf.setBackend('cpu');
    const cpu = await run([b, h, tq, tk], 'combined');
    await tf.setBackend('wasm');
    // Example 1 has every key padded: each of its rows sees -1e9 (or -2e9 past the causal limit) everywhere.
    const ids = keyTokens(b, tk);
    const keyIds = ids.arraySync();
    ids.dispose();
    const scores = values(b * h * tq * tk, 1, 3);
    const r = values(b * h * tq * tk, 2);
    const expected = referenceMaskedSoftmax(scores, r, b * h * tq, tk, (row, j) => {
      const e = Math.floor(row / (h * tq));
      return j > (row % tq) + (tk - tq) || keyIds[e][j] === 0;
    });
    let blindRows = 0;
    for (let row = 0; row < b * h * tq; row++) {
      if (!expected.w.subarray(row * tk, (row + 1) * tk).every((x) => x === 0)) continue;
      blindRows++;
      for (const result of [fused, cpu]) {
        for (const out of [result.w, result.ds]) expect(out.subarray(row * tk, (row + 1) * tk).every((v) => v === 0), `row ${row}`).toBe(true);
      }
    }
    expect(blindRows).toBe(h * tq);
    for (const result of [fused, cpu]) {
      expect(relativeDifference(result.w, expected.w)).toBeLessThan(1e-5);
      expect(relativeDifference(result.ds, expected.ds)).toBeLessThan(1e-5);
    }
  });

  it('attendWithScores runs the fused kernels on rank-3 scores with a (B, 1, T_k) padding bias', async () => {
    const [b, tq, tk, dv] = [3, 5, 11, 4];
    const padding = tf.tidy(() => paddingBias(keyTokens(b, tk)).reshape([b, 1, tk]));
    const scores = tf.tensor(values(b * tq * tk, 5, 3), [b, tq, tk]);
    const vals = tf.tensor(values(b * tk * dv, 6), [b, tk, dv]);
    const attend = () => {
      const { context, weights } = attendWithScores(scores, vals, padding, 0, undefined);
      return [context.dataSync(), weights.dataSync()] as Float32Array[];
    };
    const info = await tf.profile(() => tf.tidy(() => void attend()));
    expect(info.kernels.map((k) => k.name)).toContain(MASKED_SOFTMAX_KERNEL);
    const fused = tf.tidy(attend);
    await tf.setBackend('cpu');
    const [cpuScores, cpuValues, cpuPadding] = [scores, vals, padding].map((t) => tf.tensor(t.dataSync(), t.shape));
    const composed = tf.tidy(() => {
      const { context, weights } = attendWithScores(cpuScores, cpuValues, cpuPadding, 0, undefined);
      return [context.dataSync(), weights.dataSync()] as Float32Array[];
    });
    tf.dispose([cpuScores, cpuValues, cpuPadding]);
    await tf.setBackend('wasm');
    expect(relativeDifference(fused[0], composed[0])).toBeLessThan(1e-5);
    expect(relativeDifference(fused[1], composed[1])).toBeLessThan(1e-5);
    tf.dispose([padding, scores, vals]);
  });

  it('a bias the kernels do not take runs the composed ops', async () => {
    const shape = [2, 3, 4, 5];
    const odd = tf.tensor(values(2 * 4, 7), [2, 1, 4, 1]); // broadcast along the keys
    const fused = await run(shape, odd);
    expect(fused.kernels).toContain('Softmax');
    expect(fused.kernels).not.toContain(MASKED_SOFTMAX_KERNEL);
    await tf.setBackend('cpu');
    const cpuBias = tf.tensor(odd.dataSync(), odd.shape);
    const cpu = await run(shape, cpuBias);
    cpuBias.dispose();
    await tf.setBackend('wasm');
    expect(relativeDifference(fused.w, cpu.w)).toBeLessThan(1e-5);
    expect(relativeDifference(fused.ds, cpu.ds)).toBeLessThan(1e-5);
    odd.dispose();
  });

  it('plans bias rows for the mask shapes and refuses the others', () => {
    const x = [8, 4, 16, 32];
    expect(planBiasRows(x, [1, 1, 16, 32])).toEqual({ dims: [1, 32, 16], strides: [0, 0, 1] });
    expect(planBiasRows(x, [8, 1, 1, 32])).toEqual({ dims: [1, 8, 64], strides: [0, 1, 0] });
    expect(planBiasRows(x, [8, 1, 16, 32])).toEqual({ dims: [8, 4, 16], strides: [16, 0, 1] });
    expect(planBiasRows(x, [16, 32])).toEqual({ dims: [1, 32, 16], strides: [0, 0, 1] });
    expect(planBiasRows(x, x)).toEqual({ dims: [1, 1, 512], strides: [0, 0, 1] });
    expect(planBiasRows(x, [8, 1, 16, 1])).toBeNull();
    expect(planBiasRows(x, [2, 1, 16, 32])).toBeNull();
    expect(planBiasRows([2, 3, 4, 5, 6], [2, 1, 4, 1, 6])).toBeNull(); // four alternating groups
  });

  it('the JavaScript fallback computes what the SIMD module computes', () => {
    const [g, tq, n] = [3, 5, 11];
    const rows = g * tq;
    const backend = tf.backend() as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
    const simd = elementwiseKernelsFor(tf.backend())?.maskedSoftmax;
    expect(simd).toBeDefined();
    const x = tf.tensor(values(rows * n, 11, 4), [g, tq, n]);
    const bias = tf.tidy(() => causalBias(tq, n).reshape([tq, n]));
    const dy = tf.tensor(values(rows * n, 12), [g, tq, n]);
    const outs = [0, 1].map(() => ({ y: tf.zeros([g, tq, n]), dx: tf.zeros([g, tq, n]) }));
    const at = (tensor: tf.Tensor) => backend.typedArrayFromHeap(tensor).byteOffset;
    const plan = planBiasRows(x.shape, bias.shape)!;
    const runners = [simd!, maskedSoftmaxOnHeap(backend.typedArrayFromHeap(x).buffer as ArrayBuffer)];
    runners.forEach((runner, i) => {
      const o = outs[i];
      runner.forward({ x: at(x), bias: at(bias), y: at(o.y), plan, n });
      runner.backward({ y: at(o.y), dy: at(dy), dx: at(o.dx), rows, n });
    });
    for (const key of ['y', 'dx'] as const) {
      expect(relativeDifference(outs[0][key].dataSync() as Float32Array, outs[1][key].dataSync() as Float32Array), key).toBeLessThan(1e-5);
    }
    tf.dispose([x, bias, dy, ...outs.flatMap((o) => Object.values(o))]);
  });
  it('the SIMD module and the JavaScript fallback give a row whose visible keys are all masked zeros, with and without the causal flag', () => {
    const [g, n] = [3, 7];
    const rows = g * n;
    const backend = tf.backend() as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
    const simd = elementwiseKernelsFor(tf.backend())?.maskedSoftmax;
    expect(simd).toBeDefined();
    // Left padding: the first two keys of every group are [PAD]; group 2 is all [PAD].
    const isPad = (group: number, j: number) => j < 2 || group === 2;
    const xValues = values(rows * n, 21, 4);
    const r = values(rows * n, 22);
    const biasValues = new Float32Array(g * n);
    for (let group = 0; group < g; group++) for (let j = 0; j < n; j++) if (isPad(group, j)) biasValues[group * n + j] = -1e9;
    const x = tf.tensor(xValues, [g, n, n]);
    const bias = tf.tensor(biasValues, [g, 1, n]);
    const dy = tf.tensor(r, [g, n, n]);
    const at = (tensor: tf.Tensor) => backend.typedArrayFromHeap(tensor).byteOffset;
    const plan = planBiasRows(x.shape, bias.shape)!;
    for (const causal of [false, true]) {
      // With the flag, row i of a group reads keys 0..i only (the kernels leave the rest 0 without reading them).
      const expected = referenceMaskedSoftmax(xValues, r, rows, n, (row, j) => isPad(Math.floor(row / n), j) || (causal && j > row % n));
      for (const runner of [simd!, maskedSoftmaxOnHeap(backend.typedArrayFromHeap(x).buffer as ArrayBuffer)]) {
        const y = tf.zeros([g, n, n]);
        const dx = tf.fill([g, n, n], 7);
        runner.forward({ x: at(x), bias: at(bias), y: at(y), plan, n, causal });
        runner.backward({ y: at(y), dy: at(dy), dx: at(dx), rows, n, causal });
        const [w, ds] = [y.dataSync() as Float32Array, dx.dataSync() as Float32Array];
        expect(relativeDifference(w, expected.w)).toBeLessThan(1e-5);
        expect(relativeDifference(ds, expected.ds)).toBeLessThan(1e-5);
        for (let row = 0; row < rows; row++) {
          const group = Math.floor(row / n);
          const blind = group === 2 || (causal && row % n < 2);
          if (!blind) continue;
          for (const out of [w, ds]) expect(out.subarray(row * n, (row + 1) * n).every((v) => v === 0), `row ${row}`).toBe(true);
        }
        tf.dispose([y, dx]);
      }
    }
    tf.dispose([x, bias, dy]);
  });
});

/**
 * The fused softmax cross-entropy kernels on wasm against the composed ops (logSoftmax and a one-hot product, and
 * their gradients) on the cpu backend: per-row losses and logit gradients with and without label smoothing, odd
 * class counts (SIMD tails), ids outside the classes, large and NaN logits, the loss head end to end, the kernels
 * the loss runs, no leaks, and the JavaScript fallback against the SIMD module on the same heap.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementwiseKernelsFor } from '../../../engine/backend/wasm/elementwiseModule';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { softmaxCrossEntropyOnHeap } from '../../../engine/backend/wasm/softmaxCrossEntropyKernels';
import { maskedSoftmaxCrossEntropy } from '../../../engine/train/losses';
import { softmaxCrossEntropyRows } from '../../../engine/train/softmaxCrossEntropy';
import { SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL, SOFTMAX_CROSS_ENTROPY_KERNEL } from '../../../engine/backend/kernelNames';
import { randomValues } from '../../fixtures/randomValues';
import { relativeDifference } from '../../fixtures/relativeDifference';

interface Result {
  loss: Float32Array;
  grad: Float32Array;
  kernels: string[];
}

/** The rows' losses and the gradient of Σ loss ⊙ w for the logits, on the active backend. */
async function run(logits: Float32Array, ids: Int32Array, n: number, smoothing: number): Promise<Result> {
  const rows = ids.length;
  const x = tf.tensor2d(logits, [rows, n]);
  const id = tf.tensor1d(ids, 'int32');
  const w = tf.tensor1d(randomValues(rows, 5, 1));
  const out: Partial<Result> = {};
  const info = await tf.profile(() => {
    const [loss, grad] = tf.tidy(() => {
      const g = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(softmaxCrossEntropyRows(l as tf.Tensor2D, id, smoothing), w)))(x);
      return [softmaxCrossEntropyRows(x, id, smoothing), g];
    });
    out.loss = loss.dataSync() as Float32Array;
    out.grad = grad.dataSync() as Float32Array;
    tf.dispose([loss, grad]);
  });
  tf.dispose([x, id, w]);
  return { ...(out as Result), kernels: info.kernels.map((k) => k.name) };
}

/** Both backends on the same inputs: the fused kernels on wasm, the composed ops on cpu. */
async function fusedAndComposed(logits: Float32Array, ids: Int32Array, n: number, smoothing: number): Promise<[Result, Result]> {
  await tf.setBackend('cpu');
  const composed = await run(logits, ids, n, smoothing);
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  const fused = await run(logits, ids, n, smoothing);
  expect(tf.memory().numTensors).toBe(before);
  return [fused, composed];
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  registerWasmKernels('simd', { spawnHelper: null });
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('fused softmax cross-entropy on wasm', () => {
  for (const [rows, n] of [[64, 69], [33, 8], [7, 3], [5, 2]]) {
    for (const smoothing of [0, 0.1]) {
      it(`${rows} rows of ${n} classes, smoothing ${smoothing}: losses and gradients equal the composed ops`, async () => {
        const ids = Int32Array.from({ length: rows }, (_, r) => (r * 7) % n);
        const [fused, composed] = await fusedAndComposed(randomValues(rows * n, 3, 6), ids, n, smoothing);
        expect(fused.kernels).toContain(SOFTMAX_CROSS_ENTROPY_KERNEL);
        expect(fused.kernels).toContain(SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL);
        expect(fused.kernels).not.toContain('OneHot');
        expect(relativeDifference(fused.loss, composed.loss)).toBeLessThan(1e-5);
        expect(relativeDifference(fused.grad, composed.grad)).toBeLessThan(1e-5);
      });
    }
  }

  it('ids outside the classes have no one-hot part, as tf.oneHot gives them none', async () => {
    const n = 13;
    const ids = Int32Array.from([0, -1, 13, 40, 12, 5]);
    for (const smoothing of [0, 0.2]) {
      const [fused, composed] = await fusedAndComposed(randomValues(ids.length * n, 8, 3), ids, n, smoothing);
      expect(relativeDifference(fused.loss, composed.loss)).toBeLessThan(1e-5);
      expect(relativeDifference(fused.grad, composed.grad)).toBeLessThan(1e-5);
    }
  });

  it('large logits do not overflow, and a NaN logit makes its row NaN and only its row', async () => {
    const n = 10;
    const logits = randomValues(4 * n, 9, 2);
    for (let j = 0; j < n; j++) logits[j] += 1e4; // row 0: far beyond exp's range without the max subtracted
    logits[2 * n + 6] = NaN; // row 2
    const ids = Int32Array.from([3, 1, 4, 9]);
    const [fused, composed] = await fusedAndComposed(logits, ids, n, 0);
    expect(Number.isFinite(fused.loss[0])).toBe(true);
    expect(Number.isNaN(fused.loss[2])).toBe(true);
    expect(Number.isFinite(fused.loss[3])).toBe(true);
    expect(relativeDifference(fused.loss, composed.loss)).toBeLessThan(1e-5);
    expect(relativeDifference(fused.grad, composed.grad)).toBeLessThan(1e-5);
  });

  it('the per-token loss head gives the composed loss and accuracy, [PAD] positions excluded', async () => {
    const [b, t, v] = [3, 9, 21];
    const logits = randomValues(b * t * v, 4, 5);
    const targets = Int32Array.from({ length: b * t }, (_, i) => (i % 5 === 0 ? 0 : (i * 11) % v));
    const measure = () =>
      tf.tidy(() => {
        const x = tf.tensor3d(logits, [b, t, v]);
        const y = tf.tensor2d(targets, [b, t], 'int32');
        const grad = tf.grad((l: tf.Tensor) => maskedSoftmaxCrossEntropy(l, y, { labelSmoothing: 0.1 }).loss)(x);
        const { loss, correct, count } = maskedSoftmaxCrossEntropy(x, y, { labelSmoothing: 0.1 });
        return [loss.dataSync()[0], correct.dataSync()[0], count.dataSync()[0], grad.dataSync() as Float32Array] as const;
      });
    await tf.setBackend('cpu');
    const composed = measure();
    await tf.setBackend('wasm');
    const fused = measure();
    expect(fused[0]).toBeCloseTo(composed[0], 5);
    expect(fused[1]).toBe(composed[1]);
    expect(fused[2]).toBe(composed[2]);
    expect(relativeDifference(fused[3], composed[3])).toBeLessThan(1e-5);
  });

  it('the kernels name themselves and the fix for wrong operands', () => {
    const x = tf.zeros([4, 5]);
    expect(() => tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY_KERNEL, { logits: x, ids: tf.zeros([4], 'float32') }, { smoothing: 0 })).toThrow(
      /TensorloomSoftmaxCrossEntropy takes float32 logits and int32 ids/,
    );
    expect(() => tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY_KERNEL, { logits: x, ids: tf.zeros([3], 'int32') }, { smoothing: 0 })).toThrow(
      /one id per row/,
    );
    expect(() => tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY_KERNEL, { logits: x, ids: tf.zeros([4], 'int32') }, { smoothing: 1 })).toThrow(
      /smoothing must be in \[0, 1\)/,
    );
  });

  it('the JavaScript fallback computes what the SIMD module computes', () => {
    const [rows, n] = [9, 23];
    const backend = tf.backend() as unknown as { typedArrayFromHeap(t: tf.TensorInfo): Float32Array };
    const simd = elementwiseKernelsFor(tf.backend())?.softmaxCrossEntropy;
    expect(simd).toBeDefined();
    const x = tf.tensor2d(randomValues(rows * n, 21, 4), [rows, n]);
    const ids = tf.tensor1d(Int32Array.from({ length: rows }, (_, r) => (r === 4 ? -2 : (r * 5) % n)), 'int32');
    const dy = tf.tensor1d(randomValues(rows, 22, 1));
    const outs = [0, 1].map(() => ({ loss: tf.zeros([rows]), dlogits: tf.zeros([rows, n]) }));
    const at = (tensor: tf.Tensor) => backend.typedArrayFromHeap(tensor).byteOffset;
    const runners = [simd!, softmaxCrossEntropyOnHeap(backend.typedArrayFromHeap(x).buffer as ArrayBuffer)];
    runners.forEach((runner, i) => {
      const o = { logits: at(x), ids: at(ids), rows, n, smoothing: 0.15 };
      runner.forward({ ...o, loss: at(outs[i].loss) });
      runner.backward({ ...o, dy: at(dy), dlogits: at(outs[i].dlogits) });
    });
    for (const key of ['loss', 'dlogits'] as const) {
      expect(relativeDifference(outs[0][key].dataSync() as Float32Array, outs[1][key].dataSync() as Float32Array), key).toBeLessThan(1e-5);
    }
    tf.dispose([x, ids, dy, ...outs.flatMap((o) => Object.values(o))]);
  });
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskedSoftmaxCrossEntropy } from '../../../engine/train/losses';
import { createRng } from '../../../engine/data/rng';

/** Float64 reference: −Σ q log softmax(z) per row, q = (1−ε)·one_hot + ε/V; rows with target 0 skipped when masked. */
function referenceLoss(rows: number[][], ids: number[], eps: number, maskPad: boolean) {
  let total = 0;
  let count = 0;
  let correct = 0;
  const grads: number[][] = rows.map((r) => r.map(() => 0));
  const counted = ids.map((id) => !(maskPad && id === 0));
  const n = counted.filter(Boolean).length;
  rows.forEach((z, r) => {
    if (!counted[r]) return;
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    const V = z.length;
    let loss = 0;
    z.forEach((v, j) => {
      const q = (j === ids[r] ? 1 - eps : 0) + eps / V;
      loss -= q * (v - lse);
      grads[r][j] = (Math.exp(v - lse) - q) / n;
    });
    total += loss;
    count += 1;
    const arg = z.indexOf(m);
    if (arg === ids[r]) correct += 1;
  });
  return { loss: count ? total / count : 0, count, correct, grads };
}

function randomRows(n: number, v: number, seed: number, scale = 3): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: v }, () => (rng.next() * 2 - 1) * scale));
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-12);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`maskedSoftmaxCrossEntropy on ${backend}`, () => {
    let previous = '';
    beforeAll(async () => {
      previous = tf.getBackend();
      await tf.setBackend(backend);
      await tf.ready();
    });
    afterAll(async () => {
      if (previous) await tf.setBackend(previous);
    });

    const B = 3;
    const T = 4;
    const V = 7;
    // Row-major (B, T); zeros are [PAD] and the last sequence is padded at the end.
    const ids = [5, 1, 0, 6, 2, 2, 3, 4, 6, 0, 0, 0];

    for (const eps of [0, 0.1]) {
      it(`per-token loss, accuracy, count and gradient equal float64 hand math (labelSmoothing ${eps})`, () => {
        const rows = randomRows(B * T, V, 11);
        // Make two predictions right so `correct` is tested with a known non-zero value.
        rows[0][5] = 9;
        rows[4][2] = 9;
        const ref = referenceLoss(rows, ids, eps, true);
        const logits = tf.tensor3d(rows.flat(), [B, T, V]);
        const targets = tf.tensor2d(ids, [B, T], 'int32');
        const out = maskedSoftmaxCrossEntropy(logits, targets, { labelSmoothing: eps });
        expect(Math.abs(out.loss.dataSync()[0] - ref.loss) / ref.loss).toBeLessThan(1e-5);
        expect(out.count.dataSync()[0]).toBe(8);
        expect(out.correct.dataSync()[0]).toBe(ref.correct);
        expect(ref.correct).toBeGreaterThanOrEqual(2);
        const grad = tf.grad((z: tf.Tensor) => maskedSoftmaxCrossEntropy(z, targets, { labelSmoothing: eps }).loss)(logits);
        expect(relErr(grad.dataSync(), ref.grads.flat())).toBeLessThan(1e-4);
        // Padded positions receive no gradient at all.
        const g = grad.arraySync() as number[][][];
        expect(g[2][3].every((v) => v === 0)).toBe(true);
        tf.dispose([logits, targets, out.loss, out.correct, out.count, grad]);
      });
    }

    it('classification counts every example, label 0 included', () => {
      const C = 5;
      const labels = [0, 3, 4, 0];
      const rows = randomRows(labels.length, C, 5);
      rows[1][3] = 8;
      const ref = referenceLoss(rows, labels, 0.2, false);
      const logits = tf.tensor2d(rows.flat(), [labels.length, C]);
      const targets = tf.tensor1d(labels, 'int32');
      const out = maskedSoftmaxCrossEntropy(logits, targets, { labelSmoothing: 0.2 });
      expect(out.count.dataSync()[0]).toBe(4);
      expect(out.correct.dataSync()[0]).toBe(ref.correct);
      expect(Math.abs(out.loss.dataSync()[0] - ref.loss) / ref.loss).toBeLessThan(1e-5);
      const grad = tf.grad((z: tf.Tensor) => maskedSoftmaxCrossEntropy(z, targets, { labelSmoothing: 0.2 }).loss)(logits);
      expect(relErr(grad.dataSync(), ref.grads.flat())).toBeLessThan(1e-4);
      tf.dispose([logits, targets, out.loss, out.correct, out.count, grad]);
    });

    it('stays finite for huge logits and gives 0 (not NaN) when every target is padding', () => {
      const logits = tf.tensor3d([1000, -1000, 0, 500, 0, -500], [1, 2, 3]);
      const ref = referenceLoss([[1000, -1000, 0], [500, 0, -500]], [1, 2], 0, true);
      const out = maskedSoftmaxCrossEntropy(logits, tf.tensor2d([[1, 2]], [1, 2], 'int32'));
      expect(out.loss.dataSync()[0]).toBeCloseTo(ref.loss, 0);
      expect(Number.isFinite(out.loss.dataSync()[0])).toBe(true);
      const allPad = maskedSoftmaxCrossEntropy(logits, tf.zeros([1, 2], 'int32'));
      expect(allPad.loss.dataSync()[0]).toBe(0);
      expect(allPad.count.dataSync()[0]).toBe(0);
      tf.dispose([logits, out.loss, out.correct, out.count, allPad.loss, allPad.correct, allPad.count]);
    });

    it('accepts float targets and rejects mismatched shapes', () => {
      const logits = tf.zeros([2, 3, 4]);
      const out = maskedSoftmaxCrossEntropy(logits, tf.tensor2d([[1, 2, 0], [3, 0, 0]]));
      expect(out.loss.dataSync()[0]).toBeCloseTo(Math.log(4), 5);
      expect(out.count.dataSync()[0]).toBe(3);
      expect(() => maskedSoftmaxCrossEntropy(logits, tf.zeros([2, 4], 'int32'))).toThrow(/do not match/);
      expect(() => maskedSoftmaxCrossEntropy(tf.zeros([4]), tf.zeros([4], 'int32'))).toThrow(/rank/);
      tf.dispose([logits, out.loss, out.correct, out.count]);
    });

    it('allocates exactly its three result tensors', () => {
      const logits = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 1);
      const targets = tf.tensor2d([[1, 2, 0], [3, 4, 0]], [2, 3], 'int32');
      const before = tf.memory().numTensors;
      const out = maskedSoftmaxCrossEntropy(logits, targets, { labelSmoothing: 0.1 });
      expect(tf.memory().numTensors).toBe(before + 3);
      tf.dispose([logits, targets, out.loss, out.correct, out.count]);
    });

    it('leaves no tensors behind across repeated training steps', () => {
      const w = tf.variable(tf.randomNormal([V, V], 0, 0.1, 'float32', 3));
      const x = tf.oneHot(tf.tensor1d([1, 2, 3, 4, 5, 6], 'int32'), V).toFloat().reshape([2, 3, V]);
      const targets = tf.tensor2d([[2, 3, 4], [5, 6, 0]], [2, 3], 'int32');
      const optimizer = tf.train.sgd(0.5);
      const step = () => {
        const loss = tf.tidy(
          () => optimizer.minimize(() => maskedSoftmaxCrossEntropy(tf.matMul(x.reshape([6, V]), w).reshape([2, 3, V]), targets).loss, true)!,
        );
        const value = loss.dataSync()[0];
        loss.dispose();
        return value;
      };
      const first = step();
      const before = tf.memory().numTensors;
      let last = first;
      for (let i = 0; i < 5; i++) last = step();
      expect(tf.memory().numTensors).toBe(before);
      expect(last).toBeLessThan(first);
      tf.dispose([w, x, targets]);
      optimizer.dispose();
    });
  });
}

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Pooling } from '../../../engine/layers/pooling';
import { randomTensor, relativeError } from './reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Rows of token ids with [PAD] (0) at the end, in the middle, and everywhere. */
const TOKENS = [
  [5, 3, 0, 0],
  [4, 0, 6, 0],
  [0, 0, 0, 0],
];

describe('Pooling with token ids: [PAD] positions are left out', () => {
  const x = () => randomTensor([3, 4, 2], 21);
  const real = TOKENS.map((row) => row.flatMap((id, t) => (id !== 0 ? [t] : [])));

  it('averages, maxes and takes the last of the real tokens only; a row of [PAD] only gives zeros', () => {
    const input = x();
    const xs = input.arraySync() as number[][][];
    const ids = tf.tensor2d(TOKENS, [3, 4], 'int32');
    const over = (b: number, f: (values: number[]) => number) => [0, 1].map((k) => (real[b].length ? f(real[b].map((t) => xs[b][t][k])) : 0));
    const expected = {
      mean: TOKENS.map((_, b) => over(b, (v) => v.reduce((a, c) => a + c, 0) / v.length)),
      max: TOKENS.map((_, b) => over(b, (v) => Math.max(...v))),
      last: TOKENS.map((_, b) => over(b, (v) => v[v.length - 1])),
    };
    for (const mode of ['mean', 'max', 'last'] as const) {
      const out = new Pooling({ mode, maskPadding: true }).apply([input, ids]) as tf.Tensor;
      expect(out.shape).toEqual([3, 2]);
      expect(relativeError(out.arraySync(), expected[mode]), mode).toBeLessThan(1e-6);
      out.dispose();
    }
    // 'first' reads position 0 whatever its token: [CLS] is never padding.
    const first = new Pooling({ mode: 'first', maskPadding: true }).apply([input, ids]) as tf.Tensor;
    expect(first.arraySync()).toEqual(xs.map((s) => s[0]));
    tf.dispose([input, ids, first]);
  });

  it('passes no gradient to a [PAD] position', () => {
    const ids = tf.tensor2d(TOKENS, [3, 4], 'int32');
    const input = x();
    for (const mode of ['mean', 'max', 'last'] as const) {
      const layer = new Pooling({ mode, maskPadding: true });
      const grad = tf.grad((v: tf.Tensor) => tf.sum(layer.apply([v, ids]) as tf.Tensor))(input);
      const g = grad.arraySync() as number[][][];
      TOKENS.forEach((row, b) => row.forEach((id, t) => id === 0 && expect(g[b][t], `${mode} row ${b} position ${t}`).toEqual([0, 0])));
      // Mean spreads the gradient evenly over the real tokens.
      if (mode === 'mean') expect(g[0][0][0]).toBeCloseTo(0.5, 6);
      grad.dispose();
    }
    tf.dispose([ids, input]);
  });

  it('keeps the old behaviour without token ids, and a saved config without the flag builds the unmasked layer', () => {
    const input = x();
    const plain = new Pooling({ mode: 'mean' });
    expect(plain.getConfig()).not.toHaveProperty('maskPadding');
    const masked = new Pooling({ mode: 'mean', maskPadding: true });
    expect(masked.getConfig()).toMatchObject({ mode: 'mean', maskPadding: true });
    const restored = Pooling.fromConfig(Pooling, { ...plain.getConfig() }) as Pooling;
    expect(restored.maskPadding).toBe(false);
    const out = restored.apply(input) as tf.Tensor;
    const mean = tf.mean(input, 1);
    expect(relativeError(out.arraySync(), mean.arraySync())).toBeLessThan(1e-6);
    tf.dispose([input, out, mean]);
  });

  it('refuses to build without the token ids it was told to expect', () => {
    expect(() => new Pooling({ mode: 'mean', maskPadding: true }).apply(tf.input({ shape: [4, 2] }))).toThrow(/token ids/);
  });
});

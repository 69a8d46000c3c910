import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, clipScale, globalNorm } from '../../../engine/train/clip';
import { learningRateAt } from '../../../engine/train/schedule';

describe('learning-rate schedule', () => {
  const cfg = { learningRate: 0.01, schedule: 'warmup-cosine' as const, warmupSteps: 4, steps: 14 };

  it('warms up linearly, then follows a cosine from the peak down to a tenth of it', () => {
    expect([0, 1, 2, 3].map((s) => learningRateAt(s, cfg))).toEqual([0.0025, 0.005, 0.0075, 0.01]);
    expect(learningRateAt(4, cfg)).toBeCloseTo(0.01, 12);
    // Half-way through the decay the cosine is at the mid-point between peak and floor.
    expect(learningRateAt(4 + 4.5, cfg)).toBeCloseTo(0.001 + 0.009 * 0.5, 12);
    expect(learningRateAt(13, cfg)).toBeCloseTo(0.001, 12);
    for (let s = 4; s < 13; s++) expect(learningRateAt(s + 1, cfg)).toBeLessThan(learningRateAt(s, cfg));
  });

  it('is flat when constant', () => {
    expect(learningRateAt(0, { ...cfg, schedule: 'constant' })).toBe(0.01);
    expect(learningRateAt(13, { ...cfg, schedule: 'constant' })).toBe(0.01);
  });
});

describe('global-norm gradient clipping', () => {
  it('scales all gradients together when their joint norm is too large, and leaves small ones alone', () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor2d([[0, 4]]) };
    const norm = globalNorm(grads);
    expect(norm.dataSync()[0]).toBeCloseTo(5, 6);
    const clipped = clipByGlobalNorm(grads, norm, 1);
    expect(Array.from(clipped.a.dataSync())).toEqual([expect.closeTo(0.6, 6), 0]);
    expect(Array.from(clipped.b.dataSync())).toEqual([0, expect.closeTo(0.8, 6)]);
    const loose = clipByGlobalNorm(grads, norm, 10);
    expect(Array.from(loose.b.dataSync())).toEqual([0, 4]);
    expect(clipByGlobalNorm(grads, norm, 0)).toBe(grads);
    tf.dispose([norm, ...Object.values(clipped), ...Object.values(loose), ...Object.values(grads)]);
  });

  it('computes from a read-back norm the same float32 factor the clip ops multiply by', () => {
    for (const [normValue, maxNorm] of [[5, 1], [5, 10], [0.3, 0.7], [1e-20, 1], [123.456, 0.1], [Math.fround(Math.PI), 1]]) {
      const norm = tf.scalar(normValue);
      const one = { g: tf.ones([1]) };
      const viaOps = tf.tidy(() => clipByGlobalNorm(one, norm, maxNorm).g.dataSync()[0]);
      expect(clipScale(norm.dataSync()[0], maxNorm), `norm ${normValue}, max ${maxNorm}`).toBe(viaOps);
      tf.dispose([norm, one.g]);
    }
    expect(clipScale(5, 0)).toBe(1);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Attention, type AttentionScore } from '../../../engine/layers/attention';
import { ScaledDotProductAttention } from '../../../engine/layers/scaledDotProductAttention';
import { attend, matmul, randomMatrix, randomTensor, relativeError, setWeightsByName, softmaxRows, transpose, type Matrix } from './reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const B = 2;
const TQ = 3;
const TK = 5;

/** Luong / Bahdanau attention for one example in float64, straight from the score definitions. */
function referenceAttention(score: AttentionScore, q: Matrix, k: Matrix, v: Matrix, w: Record<string, Matrix>, hidden: boolean[] = []): { context: Matrix; weights: Matrix } {
  let scores: Matrix;
  if (score === 'dot') scores = matmul(q, transpose(k));
  else if (score === 'general') scores = matmul(matmul(q, w.score_kernel), transpose(k));
  else {
    const q1 = matmul(q, w.query_kernel);
    const k2 = matmul(k, w.key_kernel);
    const vector = w.score_vector.map((row) => row[0]);
    scores = q1.map((qi) => k2.map((kj) => qi.reduce((s, _, u) => s + vector[u] * Math.tanh(qi[u] + kj[u]), 0)));
  }
  const weights = softmaxRows(scores.map((row) => row.map((s, j) => (hidden[j] ? -Infinity : s))));
  return { context: matmul(weights, v), weights };
}

describe('Attention (Luong dot / general, Bahdanau additive)', () => {
  const cases: { score: AttentionScore; dq: number; dk: number; weights: (seed: number) => Record<string, Matrix> }[] = [
    { score: 'dot', dq: 6, dk: 6, weights: () => ({}) },
    { score: 'general', dq: 4, dk: 6, weights: (s) => ({ score_kernel: randomMatrix(4, 6, s) }) },
    {
      score: 'additive',
      dq: 4,
      dk: 6,
      weights: (s) => ({ query_kernel: randomMatrix(4, 7, s), key_kernel: randomMatrix(6, 7, s + 1), score_vector: randomMatrix(7, 1, s + 2) }),
    },
  ];

  for (const c of cases) {
    it(`${c.score}: context and weights equal the float64 hand computation, with separate values and a padding mask`, () => {
      const layer = new Attention({ score: c.score, units: 7, separateValues: true, keyPadding: true, returnAttentionWeights: true, seed: 1 });
      const q = randomTensor([B, TQ, c.dq], 1);
      const k = randomTensor([B, TK, c.dk], 2);
      const v = randomTensor([B, TK, 3], 3);
      const ids = tf.tensor2d([[4, 8, 9, 0, 0], [7, 7, 7, 7, 7]], [B, TK], 'int32');
      layer.apply([q, k, v, ids]);
      const w = c.weights(50);
      if (layer.weights.length) setWeightsByName(layer, w);
      const [context, weights] = layer.apply([q, k, v, ids]) as tf.Tensor[];
      expect(context.shape).toEqual([B, TQ, 3]);
      expect(weights.shape).toEqual([B, 1, TQ, TK]);
      const [qs, ks, vs] = [q, k, v].map((t) => t.arraySync() as number[][][]);
      const idRows = ids.arraySync() as number[][];
      const contexts = context.arraySync() as number[][][];
      const ws = weights.arraySync() as number[][][][];
      for (let i = 0; i < B; i++) {
        const ref = referenceAttention(c.score, qs[i], ks[i], vs[i], w, idRows[i].map((id) => id === 0));
        expect(relativeError(contexts[i], ref.context)).toBeLessThan(1e-4);
        expect(relativeError(ws[i][0], ref.weights)).toBeLessThan(1e-4);
      }
      tf.dispose([q, k, v, ids, context, weights]);
      layer.dispose();
    });
  }

  it('uses the keys as values when no values are given', () => {
    const layer = new Attention({ score: 'dot' });
    const q = randomTensor([1, TQ, 4], 7);
    const k = randomTensor([1, TK, 4], 8);
    const out = layer.apply([q, k]) as tf.Tensor;
    const [qs, ks] = [q, k].map((t) => (t.arraySync() as number[][][])[0]);
    expect(relativeError((out.arraySync() as number[][][])[0], referenceAttention('dot', qs, ks, ks, {}).context)).toBeLessThan(1e-4);
    tf.dispose([q, k, out]);
  });

  it('refuses the dot score for queries and keys of different widths', () => {
    const layer = new Attention({ score: 'dot' });
    const q = tf.zeros([1, 2, 4]);
    const k = tf.zeros([1, 3, 5]);
    expect(() => layer.apply([q, k])).toThrow(/equal query and key widths/);
    tf.dispose([q, k]);
  });
});

describe('ScaledDotProductAttention', () => {
  it('equals softmax(QKᵀ/√d_k)V, causal and padded', () => {
    const layer = new ScaledDotProductAttention({ causal: true, keyPadding: true, returnAttentionWeights: true });
    const t = 4;
    const q = randomTensor([B, t, 6], 11);
    const k = randomTensor([B, t, 6], 12);
    const v = randomTensor([B, t, 5], 13);
    const ids = tf.tensor2d([[3, 3, 0, 3], [3, 3, 3, 3]], [B, t], 'int32');
    const [out, weights] = layer.apply([q, k, v, ids]) as tf.Tensor[];
    expect(weights.shape).toEqual([B, 1, t, t]);
    const [qs, ks, vs] = [q, k, v].map((x) => x.arraySync() as number[][][]);
    const idRows = ids.arraySync() as number[][];
    const outs = out.arraySync() as number[][][];
    for (let i = 0; i < B; i++) {
      const mask = Array.from({ length: t }, (_, r) => Array.from({ length: t }, (_, c) => c > r || idRows[i][c] === 0));
      expect(relativeError(outs[i], attend(qs[i], ks[i], vs[i], 1 / Math.sqrt(6), mask).context)).toBeLessThan(1e-4);
    }
    tf.dispose([q, k, v, ids, out, weights]);
  });
});

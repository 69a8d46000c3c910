import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PositionalEncoding } from '../../../engine/layers/positionalEncoding';
import { SegmentEmbedding } from '../../../engine/layers/segmentEmbedding';
import { TokenEmbedding } from '../../../engine/layers/tokenEmbedding';
import { randomMatrix, randomTensor, relativeError, setWeightsByName } from './reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The tf.Variable behind a layer weight, for tf.variableGrads. */
function variableOf(layer: tf.layers.Layer, index = 0): tf.Variable {
  return (layer.weights[index] as unknown as { val: tf.Variable }).val;
}

describe('TokenEmbedding', () => {
  const ids = tf.tensor2d([[1, 4, 4, 0], [6, 2, 1, 4]], [2, 4], 'int32');
  const table = randomMatrix(7, 5, 3);

  function embedding(lookup: 'gather' | 'onehot', scale = false): TokenEmbedding {
    const layer = new TokenEmbedding({ vocabSize: 7, dModel: 5, lookup, scale });
    layer.apply(ids);
    setWeightsByName(layer, { embeddings: table });
    return layer;
  }

  it('looks up the rows of its table, scaled by √d_model when asked', () => {
    const plain = embedding('gather');
    const scaled = embedding('gather', true);
    const a = plain.apply(ids) as tf.Tensor;
    const s = scaled.apply(ids) as tf.Tensor;
    const expected = (ids.arraySync() as number[][]).map((row) => row.map((id) => table[id]));
    expect(relativeError(a.arraySync(), expected)).toBeLessThan(1e-7);
    expect(relativeError(s.arraySync(), expected.map((r) => r.map((v) => v.map((x) => x * Math.sqrt(5)))))).toBeLessThan(1e-6);
    tf.dispose([a, s]);
  });

  it('gives identical outputs and gradients by gather and by one-hot × matMul', () => {
    const gather = embedding('gather');
    const oneHot = embedding('onehot');
    const upstream = randomTensor([2, 4, 5], 9);
    const run = (layer: TokenEmbedding) => {
      const out = layer.apply(ids) as tf.Tensor;
      const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(ids) as tf.Tensor, upstream)) as tf.Scalar, [variableOf(layer)]);
      return { out: out.arraySync(), grad: Object.values(grads)[0].arraySync() };
    };
    const g = run(gather);
    const o = run(oneHot);
    expect(relativeError(o.out, g.out)).toBeLessThan(1e-7);
    expect(relativeError(o.grad, g.grad)).toBeLessThan(1e-6);
    // Token 4 appears three times: its gradient row is the sum of three upstream rows.
    const up = upstream.arraySync() as number[][][];
    const row4 = [0, 1, 2, 3, 4].map((j) => up[0][1][j] + up[0][2][j] + up[1][3][j]);
    expect(relativeError((g.grad as number[][])[4], row4)).toBeLessThan(1e-6);
    upstream.dispose();
  });
});

describe('PositionalEncoding', () => {
  it('sinusoidal: adds PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(t / 10000^(2i/d))', () => {
    const [t, d] = [7, 6];
    const layer = new PositionalEncoding({ encoding: 'sinusoidal', maxLength: 16 });
    const x = randomTensor([2, t, d], 4);
    const out = layer.apply(x) as tf.Tensor;
    const xs = x.arraySync() as number[][][];
    const expected = xs.map((seq) =>
      seq.map((row, pos) =>
        row.map((v, k) => {
          const i = Math.floor(k / 2);
          const angle = pos / Math.pow(10000, (2 * i) / d);
          return v + (k % 2 === 0 ? Math.sin(angle) : Math.cos(angle));
        }),
      ),
    );
    expect(relativeError(out.arraySync(), expected)).toBeLessThan(1e-6);
    expect(layer.countParams()).toBe(0);
    tf.dispose([x, out]);
  });

  it('learned: adds the first T rows of a trained table', () => {
    const layer = new PositionalEncoding({ encoding: 'learned', maxLength: 9, seed: 1 });
    const x = randomTensor([1, 4, 3], 5);
    layer.apply(x);
    const table = randomMatrix(9, 3, 6);
    setWeightsByName(layer, { positions: table });
    const out = layer.apply(x) as tf.Tensor;
    const expected = (x.arraySync() as number[][][]).map((seq) => seq.map((row, p) => row.map((v, k) => v + table[p][k])));
    expect(relativeError(out.arraySync(), expected)).toBeLessThan(1e-6);
    expect(layer.countParams()).toBe(27);
    tf.dispose([x, out]);
  });

  it('refuses sequences longer than maxLength', () => {
    const layer = new PositionalEncoding({ maxLength: 3 });
    const x = tf.zeros([1, 4, 2]);
    expect(() => layer.apply(x)).toThrow(/exceeds maxLength 3/);
    x.dispose();
  });
});

describe('SegmentEmbedding', () => {
  it('adds the segment row to each position, the same by gather and one-hot', () => {
    const x = randomTensor([1, 4, 3], 7);
    const segments = tf.tensor2d([[0, 0, 1, 1]], [1, 4], 'int32');
    const table = randomMatrix(2, 3, 8);
    const outputs = (['gather', 'onehot'] as const).map((lookup) => {
      const layer = new SegmentEmbedding({ numSegments: 2, lookup });
      layer.apply([x, segments]);
      setWeightsByName(layer, { segments: table });
      return (layer.apply([x, segments]) as tf.Tensor).arraySync() as number[][][];
    });
    const expected = (x.arraySync() as number[][][]).map((seq) => seq.map((row, p) => row.map((v, k) => v + table[p < 2 ? 0 : 1][k])));
    expect(relativeError(outputs[0], expected)).toBeLessThan(1e-6);
    expect(relativeError(outputs[1], expected)).toBeLessThan(1e-6);
    tf.dispose([x, segments]);
  });
});

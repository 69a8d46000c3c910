/**
 * The Dense block's layer (RowsDense) is tfjs' Dense computed through `linear` / `linearRelu` (then tanh or sigmoid): the same outputs and
 * gradients as tfjs' own Dense and as a float64 reference, on cpu and on wasm, and saved as plain Dense.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { RowsDense } from '../../../engine/layers/dense';
import { matmul, randomArray, relativeError, transpose, type Matrix } from './reference';

beforeAll(async () => {
  await initBackend('wasm', { spawnHelper: null });
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

type Activation = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'elu';
interface Case {
  activation: Activation;
  useBias: boolean;
  inputShape: number[];
}

const D_IN = 5;
const UNITS = 7;

/** Output, and gradients of Σ(out ⊙ r) for the input and each weight, of a layer with fixed weights. */
function outputAndGrads(make: (args: Parameters<typeof tf.layers.dense>[0]) => tf.layers.Layer, c: Case): number[][] {
  return tf.tidy(() => {
    const layer = make({ units: UNITS, activation: c.activation, useBias: c.useBias });
    const x = tf.tensor(randomArray(c.inputShape, 11), c.inputShape);
    layer.apply(x);
    layer.setWeights(layer.weights.map((w, i) => tf.tensor(randomArray(w.shape as number[], 20 + i), w.shape as number[])));
    const r = tf.tensor(randomArray([...c.inputShape.slice(0, -1), UNITS], 30), [...c.inputShape.slice(0, -1), UNITS]);
    const variables = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const loss = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, r)) as tf.Scalar;
    const out = layer.apply(x) as tf.Tensor;
    const dx = tf.grad(loss)(x);
    const { grads } = tf.variableGrads(() => loss(x), variables);
    const values = [out, dx, ...variables.map((v) => grads[v.name])].map((t) => Array.from(t.dataSync()));
    layer.dispose();
    return values;
  });
}

/** The same in float64: y = act(x W + b), with rows = every position of every example. */
function reference(c: Case): number[][] {
  const rows = c.inputShape.slice(0, -1).reduce((a, b) => a * b, 1);
  const toMatrix = (flat: number[], cols: number): Matrix => Array.from({ length: flat.length / cols }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
  const x = toMatrix(randomArray(c.inputShape, 11), D_IN);
  const w = toMatrix(randomArray([D_IN, UNITS], 20), UNITS);
  const b = c.useBias ? randomArray([UNITS], 21) : new Array<number>(UNITS).fill(0);
  const r = toMatrix(randomArray([rows, UNITS], 30), UNITS);
  const pre = matmul(x, w).map((row) => row.map((v, j) => v + b[j]));
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  const ACTIVATIONS: Record<Activation, { act(v: number): number; slope(v: number): number }> = {
    linear: { act: (v) => v, slope: () => 1 },
    relu: { act: (v) => Math.max(0, v), slope: (v) => (v > 0 ? 1 : 0) },
    tanh: { act: Math.tanh, slope: (v) => 1 - Math.tanh(v) ** 2 },
    sigmoid: { act: sigmoid, slope: (v) => sigmoid(v) * (1 - sigmoid(v)) },
    elu: { act: (v) => (v > 0 ? v : Math.exp(v) - 1), slope: (v) => (v > 0 ? 1 : Math.exp(v)) },
  };
  const { act, slope } = ACTIVATIONS[c.activation];
  const dPre = pre.map((row, i) => row.map((v, j) => r[i][j] * slope(v)));
  const dx = matmul(dPre, transpose(w));
  const dw = matmul(transpose(x), dPre);
  const db = dPre.reduce((sum, row) => sum.map((s, j) => s + row[j]), new Array<number>(UNITS).fill(0));
  return [pre.map((row) => row.map(act)).flat(), dx.flat(), dw.flat(), ...(c.useBias ? [db] : [])];
}

const CASES: Case[] = [
  { activation: 'linear', useBias: true, inputShape: [2, 3, D_IN] },
  { activation: 'linear', useBias: false, inputShape: [2, 3, D_IN] },
  { activation: 'relu', useBias: true, inputShape: [4, D_IN] },
  { activation: 'relu', useBias: false, inputShape: [2, 3, D_IN] },
  { activation: 'tanh', useBias: true, inputShape: [2, 3, D_IN] },
  { activation: 'sigmoid', useBias: true, inputShape: [4, D_IN] },
  // Not one `linear` covers: tfjs' own call.
  { activation: 'elu', useBias: true, inputShape: [2, 3, D_IN] },
];

describe('RowsDense', () => {
  for (const backend of ['cpu', 'wasm']) {
    for (const c of CASES) {
      it(`${c.activation}${c.useBias ? ' + bias' : ''}, input ${c.inputShape.join('×')} on ${backend}: tfjs Dense's outputs and gradients, and float64's`, async () => {
        await tf.setBackend(backend);
        const ours = outputAndGrads((args) => new RowsDense(args), c);
        const tfjs = outputAndGrads((args) => tf.layers.dense(args), c);
        const expected = reference(c);
        expect(ours.length).toBe(expected.length);
        ours.forEach((values, i) => {
          expect(relativeError(values, tfjs[i])).toBeLessThan(1e-5);
          expect(relativeError(values, expected[i])).toBeLessThan(1e-5);
        });
        await tf.setBackend('cpu');
      });
    }
  }

  it('saves as tfjs Dense, with the same config and weights, and loads back as one', () => {
    const input = tf.input({ shape: [3, D_IN] });
    const layer = new RowsDense({ units: UNITS, activation: 'relu', name: 'head' });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    expect(layer.getClassName()).toBe('Dense');
    expect(layer.getConfig()).toEqual(tf.layers.dense({ units: UNITS, activation: 'relu', name: 'head' }).getConfig());
    const loaded = tf.models.modelFromJSON(JSON.parse(JSON.stringify({ modelTopology: model.toJSON(null, false) }))) as unknown as Promise<tf.LayersModel>;
    return loaded.then((copy) => {
      expect(copy.layers[1].getClassName()).toBe('Dense');
      expect(copy.layers[1]).not.toBeInstanceOf(RowsDense);
      expect(copy.layers[1].weights.map((w) => w.shape)).toEqual(layer.weights.map((w) => w.shape));
      model.dispose();
      copy.dispose();
    });
  });
});

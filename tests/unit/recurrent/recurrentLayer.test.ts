import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recurrent, RecurrentInspector, recurrentInternals, type RecurrentArgs, type RecurrentCell } from '../../../engine/layers/recurrent';
import { flat, referenceRecurrent, relativeError, type DirectionWeights, type Matrix } from './reference';

const B = 2;
const T = 5;
const D = 3;
const U = 4;

let previousBackend = '';
beforeAll(async () => {
  previousBackend = tf.getBackend();
  await tf.setBackend('cpu');
});
afterAll(async () => {
  if (previousBackend) await tf.setBackend(previousBackend);
});

function randomInput(seed: number, shape = [B, T, D]): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

/** Our layer's weights as plain arrays, one entry per direction. */
function weightsOf(layer: Recurrent): DirectionWeights[] {
  const ws = layer.getWeights().map((w) => w.arraySync());
  const out: DirectionWeights[] = [];
  for (let i = 0; i < ws.length; i += 3) out.push({ kernel: ws[i] as Matrix, recurrentKernel: ws[i + 1] as Matrix, bias: ws[i + 2] as number[] });
  return out;
}

/** Non-trivial biases (fresh ones are zeros) so the bias paths are exercised. */
function randomizeBiases(layer: Recurrent, seed: number): void {
  const ws = layer.getWeights();
  layer.setWeights(ws.map((w, i) => (i % 3 === 2 ? tf.randomUniform(w.shape, -0.5, 0.5, 'float32', seed + i) : w)));
}

function applyLayer(layer: tf.layers.Layer, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  const out = layer.apply(inputs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}

describe('Recurrent layer against tfjs’ own layers (same weights)', () => {
  it('simple RNN equals tf.layers.simpleRNN', () => {
    const x = randomInput(1);
    const ours = new Recurrent({ cell: 'simple', units: U, seed: 3 });
    const [seqOut, h] = applyLayer(ours, x);
    randomizeBiases(ours, 10);
    const [seqAfter, hAfter] = applyLayer(ours, x);
    const theirs = tf.layers.simpleRNN({ units: U, returnSequences: true, returnState: true });
    theirs.apply(x);
    theirs.setWeights(ours.getWeights());
    const [refSeq, refH] = applyLayer(theirs, x);
    expect(seqOut.shape).toEqual([B, T, U]);
    expect(h.shape).toEqual([B, U]);
    expect(relativeError(seqAfter.dataSync(), refSeq.dataSync())).toBeLessThan(1e-4);
    expect(relativeError(hAfter.dataSync(), refH.dataSync())).toBeLessThan(1e-4);
  });

  it('LSTM (gate order i, f, c, o) equals tf.layers.lstm, with and without initial states', () => {
    const x = randomInput(2);
    const h0 = tf.randomUniform([B, U], -1, 1, 'float32', 21);
    const c0 = tf.randomUniform([B, U], -1, 1, 'float32', 22);
    const plain = new Recurrent({ cell: 'lstm', units: U, seed: 4 });
    applyLayer(plain, x);
    randomizeBiases(plain, 30);
    const withStates = new Recurrent({ cell: 'lstm', units: U, seed: 4, hasInitialState: true, hasInitialCell: true });
    applyLayer(withStates, [x, h0, c0]);
    withStates.setWeights(plain.getWeights());

    const theirs = tf.layers.lstm({ units: U, recurrentActivation: 'sigmoid', returnSequences: true, returnState: true });
    theirs.apply(x);
    theirs.setWeights(plain.getWeights());

    const ourPlain = applyLayer(plain, x);
    const refPlain = applyLayer(theirs, x);
    const ourStates = applyLayer(withStates, [x, h0, c0]);
    const refStates = theirs.apply(x, { initialState: [h0, c0] }) as tf.Tensor[];
    for (let i = 0; i < 3; i++) {
      expect(relativeError(ourPlain[i].dataSync(), refPlain[i].dataSync())).toBeLessThan(1e-4);
      expect(relativeError(ourStates[i].dataSync(), refStates[i].dataSync())).toBeLessThan(1e-4);
    }
    // The initial state matters (the comparison above is not vacuous).
    expect(relativeError(ourStates[0].dataSync(), ourPlain[0].dataSync())).toBeGreaterThan(1e-2);
  });

  it('bidirectional LSTM equals tf.layers.bidirectional(lstm, concat)', () => {
    const x = randomInput(3);
    const ours = new Recurrent({ cell: 'lstm', units: U, bidirectional: true, seed: 5 });
    applyLayer(ours, x);
    randomizeBiases(ours, 40);
    const theirs = tf.layers.bidirectional({
      layer: tf.layers.lstm({ units: U, recurrentActivation: 'sigmoid', returnSequences: true }) as tf.RNN,
      mergeMode: 'concat',
    });
    theirs.apply(x);
    theirs.setWeights(ours.getWeights());
    const [seqOut, h] = applyLayer(ours, x);
    const refSeq = theirs.apply(x) as tf.Tensor;
    expect(seqOut.shape).toEqual([B, T, 2 * U]);
    expect(relativeError(seqOut.dataSync(), refSeq.dataSync())).toBeLessThan(1e-4);
    // Final state: forward half at the last step, backward half at the first step.
    const ref = refSeq.arraySync() as number[][][];
    const expectedH = ref.map((seq) => [...seq[T - 1].slice(0, U), ...seq[0].slice(U)]);
    expect(relativeError(h.dataSync(), flat(expectedH))).toBeLessThan(1e-4);
  });
});

describe('Recurrent layer against float64 hand computation', () => {
  const cases: { cell: RecurrentCell; bidirectional: boolean; initial: boolean }[] = [];
  for (const cell of ['simple', 'lstm', 'gru'] as const) {
    for (const bidirectional of [false, true]) {
      for (const initial of [false, true]) cases.push({ cell, bidirectional, initial });
    }
  }
  for (const { cell, bidirectional, initial } of cases) {
    it(`${cell}${bidirectional ? ', bidirectional' : ''}${initial ? ', with initial state' : ''}: outputs, states and internals`, () => {
      const s = U * (bidirectional ? 2 : 1);
      const x = randomInput(7);
      const h0 = initial ? tf.randomUniform([B, s], -1, 1, 'float32', 8) : undefined;
      const c0 = initial && cell === 'lstm' ? tf.randomUniform([B, s], -1, 1, 'float32', 9) : undefined;
      const inputs = [x, h0, c0].filter((t): t is tf.Tensor => !!t);
      const layer = new Recurrent({ cell, units: U, bidirectional, seed: 11, hasInitialState: !!h0, hasInitialCell: !!c0 });
      applyLayer(layer, inputs);
      randomizeBiases(layer, 50);
      const out = applyLayer(layer, inputs);
      const ref = referenceRecurrent(cell, x.arraySync() as number[][][], weightsOf(layer), h0?.arraySync() as Matrix, c0?.arraySync() as Matrix);
      expect(out.length).toBe(cell === 'lstm' ? 3 : 2);
      expect(relativeError(out[0].dataSync(), flat(ref.hs))).toBeLessThan(1e-4);
      expect(relativeError(out[1].dataSync(), flat(ref.h))).toBeLessThan(1e-4);
      if (cell === 'lstm') expect(relativeError(out[2].dataSync(), flat(ref.c))).toBeLessThan(1e-4);

      const internals = layer.internals(inputs);
      const names = recurrentInternals(cell).map((i) => i.name);
      expect(internals.length).toBe(names.length);
      const expected: Record<string, unknown> = { hidden: ref.hs, cell: ref.cs };
      const gateNames = names.filter((n) => n.endsWith('_gate'));
      gateNames.forEach((n, g) => (expected[n] = ref.gates[g]));
      names.forEach((n, i) => {
        expect(internals[i].shape).toEqual([B, T, s]);
        expect(relativeError(internals[i].dataSync(), flat(expected[n]))).toBeLessThan(1e-4);
      });
    });
  }

  for (const cell of ['simple', 'lstm', 'gru'] as const) {
    it(`${cell}, bidirectional, with initial state and token ids: [PAD] steps keep the state`, () => {
      const x = randomInput(14);
      // Right padding, plus an interior [PAD] to show the rule is per step, not a length.
      const ids = tf.tensor2d([[5, 9, 0, 7, 0], [3, 0, 0, 0, 0]], [B, T], 'int32');
      const h0 = tf.randomUniform([B, 2 * U], -1, 1, 'float32', 15);
      const layer = new Recurrent({ cell, units: U, bidirectional: true, seed: 16, hasInitialState: true, hasTokenMask: true });
      applyLayer(layer, [x, h0, ids]);
      randomizeBiases(layer, 70);
      const [seqOut, h] = applyLayer(layer, [x, h0, ids]);
      const ref = referenceRecurrent(cell, x.arraySync() as number[][][], weightsOf(layer), h0.arraySync() as Matrix, undefined, ids.arraySync() as Matrix);
      expect(relativeError(seqOut.dataSync(), flat(ref.hs))).toBeLessThan(1e-4);
      expect(relativeError(h.dataSync(), flat(ref.h))).toBeLessThan(1e-4);
      const internals = layer.internals([x, h0, ids]);
      expect(relativeError(internals[0].dataSync(), flat(ref.hs))).toBeLessThan(1e-4);
    });
  }

  it('a right-padded sequence with token ids ends in the same state as the unpadded sequence', () => {
    const length = 3;
    const x = randomInput(17);
    const ids = tf.tensor2d([[4, 4, 4, 0, 0], [4, 4, 4, 0, 0]], [B, T], 'int32');
    const masked = new Recurrent({ cell: 'lstm', units: U, returnSequences: false, seed: 18, hasTokenMask: true });
    const [, hMasked, cMasked] = applyLayer(masked, [x, ids]);
    const plain = new Recurrent({ cell: 'lstm', units: U, returnSequences: false, seed: 18 });
    const short = tf.slice(x, [0, 0, 0], [B, length, D]);
    applyLayer(plain, short);
    plain.setWeights(masked.getWeights());
    const [, hShort, cShort] = applyLayer(plain, short);
    expect(relativeError(hMasked.dataSync(), hShort.dataSync())).toBeLessThan(1e-6);
    expect(relativeError(cMasked.dataSync(), cShort.dataSync())).toBeLessThan(1e-6);
    const [, hUnmasked] = applyLayer(plain, x);
    expect(relativeError(hUnmasked.dataSync(), hShort.dataSync())).toBeGreaterThan(1e-3);
  });

  it('returnSequences false returns the final state as the output', () => {
    const x = randomInput(12);
    const layer = new Recurrent({ cell: 'gru', units: U, returnSequences: false, bidirectional: true, seed: 13 });
    const [out, h] = applyLayer(layer, x);
    expect(out.shape).toEqual([B, 2 * U]);
    expect(relativeError(out.dataSync(), h.dataSync())).toBe(0);
    const ref = referenceRecurrent('gru', x.arraySync() as number[][][], weightsOf(layer));
    expect(relativeError(out.dataSync(), flat(ref.h))).toBeLessThan(1e-4);
  });
});

describe('Recurrent layer gradients', () => {
  for (const cell of ['simple', 'lstm', 'gru'] as const) {
    it(`${cell}: analytic gradients (input, initial state, every weight) equal float64 central differences, with a [PAD] step`, () => {
      const b = 1;
      const t = 3;
      const d = 2;
      const u = 2;
      const x = randomInput(20, [b, t, d]);
      const h0 = tf.randomUniform([b, 2 * u], -1, 1, 'float32', 21);
      const ids = tf.tensor2d([[3, 0, 2]], [b, t], 'int32');
      const layer = new Recurrent({ cell, units: u, bidirectional: true, seed: 22, hasInitialState: true, hasTokenMask: true });
      applyLayer(layer, [x, h0, ids]);
      randomizeBiases(layer, 60);
      // A fixed random projection of all outputs, so every output element carries gradient.
      const proj = tf.randomUniform([b, t, 2 * u], -1, 1, 'float32', 23);
      const projArr = proj.arraySync() as number[][][];
      const objective = (xs: number[][][], h: Matrix, ws: DirectionWeights[]) => {
        const r = referenceRecurrent(cell, xs, ws, h, undefined, [[3, 0, 2]]);
        let sum = 0;
        r.hs.forEach((seq, i) => seq.forEach((row, j) => row.forEach((v, k) => (sum += v * projArr[i][j][k]))));
        return sum;
      };

      const variables = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
      const f = (xi: tf.Tensor, hi: tf.Tensor) => tf.sum(tf.mul(applyLayer(layer, [xi, hi, ids])[0], proj)) as tf.Scalar;
      const [gx, gh] = tf.grads(f)([x, h0]);
      const { grads } = tf.variableGrads(() => f(x, h0), variables);

      const xArr = x.arraySync() as number[][][];
      const hArr = h0.arraySync() as Matrix;
      const wArr = weightsOf(layer);
      const eps = 1e-6;
      const numeric = (perturb: (delta: number) => number) => (perturb(eps) - perturb(-eps)) / (2 * eps);
      const numGx = xArr.map((seq, i) =>
        seq.map((row, j) =>
          row.map((_, k) =>
            numeric((delta) => {
              const xs = structuredClone(xArr);
              xs[i][j][k] += delta;
              return objective(xs, hArr, wArr);
            }),
          ),
        ),
      );
      const numGh = hArr.map((row, i) =>
        row.map((_, k) =>
          numeric((delta) => {
            const hs = structuredClone(hArr);
            hs[i][k] += delta;
            return objective(xArr, hs, wArr);
          }),
        ),
      );
      expect(relativeError(gx.dataSync(), flat(numGx))).toBeLessThan(1e-3);
      expect(relativeError(gh.dataSync(), flat(numGh))).toBeLessThan(1e-3);

      layer.trainableWeights.forEach((w, wi) => {
        const dir = Math.floor(wi / 3);
        const key = (['kernel', 'recurrentKernel', 'bias'] as const)[wi % 3];
        const analytic = grads[variables[wi].name].dataSync();
        const values = flat(wArr[dir][key]);
        const numGrad = values.map((_, idx) =>
          numeric((delta) => {
            const ws = structuredClone(wArr);
            const target = ws[dir][key] as unknown;
            if (Array.isArray((target as unknown[])[0])) {
              const m = target as Matrix;
              const cols = m[0].length;
              m[Math.floor(idx / cols)][idx % cols] += delta;
            } else {
              (target as number[])[idx] += delta;
            }
            return objective(xArr, hArr, ws);
          }),
        );
        expect(relativeError(analytic, numGrad), `${w.name}`).toBeLessThan(1e-3);
      });
    });
  }
});

describe('Recurrent layer as a tfjs layer', () => {
  it('builds in a functional model with symbolic shapes equal to the computed ones; inspector shares weights', () => {
    const input = tf.input({ shape: [T, D] });
    const state = tf.input({ shape: [2 * U] });
    const layer = new Recurrent({ cell: 'lstm', units: U, bidirectional: true, hasInitialState: true, seed: 1, name: 'enc' });
    const outs = layer.apply([input, state]) as tf.SymbolicTensor[];
    expect(outs.map((o) => o.shape)).toEqual([
      [null, T, 2 * U],
      [null, 2 * U],
      [null, 2 * U],
    ]);
    const inspector = new RecurrentInspector(layer, { name: 'enc_inspect' });
    const internals = inspector.apply([input, state]) as tf.SymbolicTensor[];
    expect(internals.map((o) => o.shape)).toEqual(recurrentInternals('lstm').map(() => [null, T, 2 * U]));
    const model = tf.model({ inputs: [input, state], outputs: outs[0] });
    const inspection = tf.model({ inputs: [input, state], outputs: internals });
    expect(inspection.countParams()).toBe(0);
    expect(model.countParams()).toBe(2 * 4 * (D * U + U * U + U));

    const x = randomInput(31);
    const h0 = tf.zeros([B, 2 * U]);
    const seqOut = model.predict([x, h0]) as tf.Tensor;
    const hidden = (inspection.predict([x, h0]) as tf.Tensor[])[0];
    expect(relativeError(hidden.dataSync(), seqOut.dataSync())).toBe(0);
  });

  it('round-trips through model JSON (the serialization registry) with equal config and outputs', async () => {
    const input = tf.input({ shape: [T, D] });
    const state = tf.input({ shape: [2 * U] });
    const layer = new Recurrent({ cell: 'gru', units: U, returnSequences: false, bidirectional: true, dropout: 0.25, seed: 9, hasInitialState: true });
    const model = tf.model({ inputs: [input, state], outputs: layer.apply([input, state]) as tf.SymbolicTensor[] });
    const topology = model.toJSON(null, false) as tf.io.ModelJSON['modelTopology'];
    const copy = await tf.models.modelFromJSON({ modelTopology: topology });
    copy.setWeights(model.getWeights());
    const restored = copy.layers.find((l) => l instanceof Recurrent) as Recurrent;
    expect(restored.getConfig()).toEqual(layer.getConfig());
    const feeds = [randomInput(4), tf.randomUniform([B, 2 * U], -1, 1, 'float32', 5)];
    const a = model.predict(feeds) as tf.Tensor[];
    const b = copy.predict(feeds) as tf.Tensor[];
    a.forEach((t, i) => expect(relativeError(b[i].dataSync(), t.dataSync())).toBe(0));
  });

  it('rejects bad arguments and mis-sized initial states', () => {
    expect(() => new Recurrent({ cell: 'lstm', units: 0, seed: 1 })).toThrow(/units/);
    expect(() => new Recurrent({ cell: 'rnn' as RecurrentCell, units: 3, seed: 1 })).toThrow(/cell/);
    expect(() => new Recurrent({ cell: 'gru', units: 3, hasInitialCell: true, seed: 1 })).toThrow(/cell state/);
    expect(() => new Recurrent({ cell: 'gru', units: 3, dropout: 1, seed: 1 })).toThrow(/dropout/);
    // A layer restored from a config without a seed (or given none) is refused rather than initialised at random.
    expect(() => new Recurrent({ cell: 'gru', units: 3 } as RecurrentArgs)).toThrow(/seed must be an integer/);
    expect(() => new Recurrent({ cell: 'gru', units: 3, seed: 0.5 })).toThrow(/seed must be an integer/);
    const layer = new Recurrent({ cell: 'gru', units: U, hasInitialState: true, seed: 1 });
    expect(() => layer.apply([randomInput(1), tf.zeros([B, U + 1])])).toThrow(/initial state/);
  });

  it('dropout acts only while training, with one mask shared by every time step', () => {
    // Kernel = identity and no recurrence: h_t = tanh(mask ⊙ x_t / (1 − rate)), the same at every step
    // exactly when the mask is shared across time.
    // 8×6 mask entries, so both kept and dropped entries occur (all alike has probability 2^-47).
    const [b, d] = [8, 6];
    const layer = new Recurrent({ cell: 'simple', units: d, dropout: 0.5, seed: 3 });
    const x = tf.ones([b, T, d]);
    layer.apply(x);
    layer.setWeights([tf.eye(d), tf.zeros([d, d]), tf.zeros([d])]);
    const inference = applyLayer(layer, x)[0];
    expect(relativeError(inference.dataSync(), tf.fill([b, T, d], Math.tanh(1)).dataSync())).toBeLessThan(1e-6);
    const trained = (layer.apply(x, { training: true }) as tf.Tensor[])[0].arraySync() as number[][][];
    const values = new Set(flat(trained).map((v) => v.toFixed(5)));
    expect([...values].sort()).toEqual([0, Math.tanh(2)].map((v) => v.toFixed(5)).sort());
    for (const seq of trained) for (const row of seq) expect(row).toEqual(seq[0]);
  });

  it('leaves the tensor count flat across repeated calls and gradient steps', () => {
    const layer = new Recurrent({ cell: 'lstm', units: U, bidirectional: true, seed: 2 });
    const x = randomInput(5);
    const optimizer = tf.train.sgd(0.1);
    const step = () => {
      tf.dispose(layer.apply(x) as tf.Tensor[]);
      tf.dispose(layer.internals(x));
      const loss = tf.tidy(() => optimizer.minimize(() => tf.mean(tf.square((layer.apply(x) as tf.Tensor[])[0])) as tf.Scalar, true)!);
      loss.dispose();
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
  });
});

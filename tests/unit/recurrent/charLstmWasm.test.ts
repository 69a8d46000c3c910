import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { compileGraph } from '../../../engine/compile/compile';
import { Recurrent, type RecurrentCell } from '../../../engine/layers/recurrent';
import { maskedSoftmaxCrossEntropy } from '../../../engine/train/losses';
import { makeDoc } from '../../fixtures/docBuilder';
import { flat, referenceRecurrent, relativeError, type DirectionWeights, type Matrix } from './reference';

const TEXT = 'the cat sat on the mat. the dog sat on the log. ';
const T = 8;
const B = 6;

let previousBackend = '';
beforeAll(async () => {
  previousBackend = tf.getBackend();
  await tf.setBackend('wasm');
  await tf.ready();
  // The app's wasm configuration (engine/backend/init): the project's kernels, here without a helper thread.
  registerWasmKernels('simd', { spawnHelper: null });
});
afterAll(async () => {
  if (previousBackend) await tf.setBackend(previousBackend);
});

/** Next-character batches: ids start at 1 so that 0 stays [PAD]. Inputs are one-hot (B, T, V). */
function charBatches() {
  const chars = [...new Set(TEXT)];
  const vocab = chars.length + 1;
  const text = [...TEXT].map((ch) => chars.indexOf(ch) + 1);
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let b = 0; b < B; b++) {
    const start = (b * 7) % (text.length - T - 1);
    xs.push(text.slice(start, start + T));
    ys.push(text.slice(start + 1, start + T + 1));
  }
  const ids = tf.tensor2d(xs, [B, T], 'int32');
  const x = tf.tidy(() => tf.oneHot(ids, vocab).toFloat());
  return { ids, x, y: tf.tensor2d(ys, [B, T], 'int32'), vocab };
}

describe('recurrent layers on the wasm backend', () => {
  for (const cell of ['simple', 'lstm', 'gru'] as const) {
    it(`${cell}, bidirectional, masked: outputs equal the float64 reference (wasm computes tanh through sigmoid)`, () => {
      expect(tf.getBackend()).toBe('wasm');
      const x = tf.randomUniform([2, 5, 3], -2, 2, 'float32', 4);
      const h0 = tf.randomUniform([2, 8], -1, 1, 'float32', 5);
      const ids = tf.tensor2d([[8, 8, 8, 0, 0], [8, 0, 8, 8, 8]], [2, 5], 'int32');
      const layer = new Recurrent({ cell, units: 4, bidirectional: true, hasInitialState: true, hasTokenMask: true, seed: 6 });
      const [seqOut, h] = layer.apply([x, h0, ids]) as tf.Tensor[];
      const ws = layer.getWeights().map((w) => w.arraySync());
      const dirs: DirectionWeights[] = [0, 3].map((i) => ({ kernel: ws[i] as Matrix, recurrentKernel: ws[i + 1] as Matrix, bias: ws[i + 2] as number[] }));
      const ref = referenceRecurrent(cell, x.arraySync() as number[][][], dirs, h0.arraySync() as Matrix, undefined, ids.arraySync() as Matrix);
      expect(relativeError(seqOut.dataSync(), flat(ref.hs))).toBeLessThan(1e-4);
      expect(relativeError(h.dataSync(), flat(ref.h))).toBeLessThan(1e-4);
      layer.dispose();
      tf.dispose([x, h0, ids, seqOut, h]);
    });
  }
});

describe('a tiny character model trains on the wasm backend', () => {
  for (const cell of ['lstm', 'gru'] as const satisfies readonly RecurrentCell[]) {
    it(`${cell}: loss falls and the tensor count stays flat`, () => {
      expect(tf.getBackend()).toBe('wasm');
      const { ids, x, y, vocab } = charBatches();
      ids.dispose();
      const input = tf.input({ shape: [T, vocab] });
      const [hidden] = new Recurrent({ cell, units: 24, seed: 1 }).apply(input) as tf.SymbolicTensor[];
      const logits = tf.layers.dense({ units: vocab, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(hidden) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: logits });
      const optimizer = tf.train.adam(0.03);
      const step = () => {
        const loss = tf.tidy(() => optimizer.minimize(() => maskedSoftmaxCrossEntropy(model.apply(x, { training: true }) as tf.Tensor, y).loss, true)!);
        const value = loss.dataSync()[0];
        loss.dispose();
        return value;
      };
      const first = step();
      const tensorsAfterFirstStep = tf.memory().numTensors;
      let last = first;
      for (let i = 0; i < 40; i++) last = step();
      expect(tf.memory().numTensors).toBe(tensorsAfterFirstStep);
      expect(Number.isFinite(last)).toBe(true);
      expect(last).toBeLessThan(0.5 * first);
      model.dispose();
      optimizer.dispose();
      tf.dispose([x, y]);
    });
  }

  it('the block graph Token Input → Embedding → LSTM → Dense → LM Head compiles for wasm and trains', () => {
    const { ids, y, vocab } = charBatches();
    const doc = makeDoc(
      {
        chars: { kind: 'tokenInput', params: { length: T } },
        emb: { kind: 'embedding', params: { vocabSize: vocab, dModel: 16 } },
        lstm: { kind: 'lstm', params: { units: 24 } },
        proj: { kind: 'dense', params: { units: vocab } },
        next: { kind: 'target' },
        head: { kind: 'lmHead' },
      },
      ['chars.out -> emb.in', 'emb.out -> lstm.in', 'lstm.out -> proj.in', 'proj.out -> head.logits', 'next.out -> head.targets'],
    );
    const compiled = compileGraph(doc, { backend: 'wasm', seed: 5 });
    expect(compiled.heads[0].task).toBe('lm');
    const optimizer = tf.train.adam(0.03);
    const step = () => {
      const loss = tf.tidy(() => optimizer.minimize(() => maskedSoftmaxCrossEntropy(compiled.model.apply(ids, { training: true }) as tf.Tensor, y).loss, true)!);
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    };
    const first = step();
    const tensorsAfterFirstStep = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 40; i++) last = step();
    expect(tf.memory().numTensors).toBe(tensorsAfterFirstStep);
    expect(last).toBeLessThan(0.5 * first);
    // The inspection model runs on the trained weights: the hidden states it shows are the sequence output.
    const hidden = tf.tidy(() => {
      const outs = compiled.inspection!.predict(ids) as tf.Tensor[];
      return outs[compiled.inspectionOutputs.find((o) => o.name === 'lstm__0__hidden')!.outputIndex].clone();
    });
    expect(hidden.shape).toEqual([B, T, 24]);
    hidden.dispose();
    optimizer.dispose();
    compiled.dispose();
    tf.dispose([ids, y]);
  });
});

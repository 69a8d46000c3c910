import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph, type CompiledModel } from '../../../engine/compile/compile';
import type { GraphDoc } from '../../../engine/graph/schema';
import { DocBuilder, port } from '../../../engine/templates/docBuilder';
import { applyModel } from '../../../engine/train/feeds';

const T = 6;
const V = 11;
const D = 8;

/** tokens → embedding → dropout → dense → per-token loss: a tagging graph whose inference path passes through dropout. */
function dropoutTagger(): GraphDoc {
  const b = new DocBuilder();
  const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: T });
  const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: V, dModel: D });
  b.wire(tokens.out, emb.node, 'in');
  const drop = b.add('drop', 'dropout', [2, 1], { rate: 0.3 });
  b.wire(emb.out, drop.node, 'in');
  const logits = b.add('logits', 'dense', [3, 1], { units: V });
  b.wire(drop.out, logits.node, 'in');
  const target = b.add('target', 'target', [3, 2], { feed: 'targets', time: 'T' });
  const head = b.add('loss', 'lmHead', [4, 1]);
  b.wire(logits.out, head.node, 'logits');
  b.wire(port(target.node, 'out'), head.node, 'targets');
  return b.build({ name: 'Dropout tagger', description: '', training: {} });
}

/**
 * A recurrent block set to `last` whose output and final state both feed on (its output optionally through a
 * dropout): at inference the two are the same vector, and both branches join before the classifier.
 */
function recurrentLastBothUsed(kind: 'lstm' | 'gru' | 'simpleRnn', dropoutOnOutput = false): GraphDoc {
  const b = new DocBuilder();
  const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: T });
  const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: V, dModel: D });
  b.wire(tokens.out, emb.node, 'in');
  const rnn = b.add('rnn', kind, [2, 1], { units: D, output: 'last' });
  b.wire(emb.out, rnn.node, 'in');
  b.wire(tokens.out, rnn.node, 'tokens');
  let last = rnn.out;
  if (dropoutOnOutput) {
    const drop = b.add('drop', 'dropout', [3, 0], { rate: 0.3 });
    b.wire(rnn.out, drop.node, 'in');
    last = drop.out;
  }
  const fromOut = b.add('fromOut', 'dense', [3, 1], { units: 3 });
  b.wire(last, fromOut.node, 'in');
  const fromState = b.add('fromState', 'dense', [3, 2], { units: 3 });
  b.wire(port(rnn.node, 'state'), fromState.node, 'in');
  const both = b.add('both', 'concat', [4, 1]);
  b.wire(fromOut.out, both.node, 'a');
  b.wire(fromState.out, both.node, 'b');
  const logits = b.add('logits', 'dense', [5, 1], { units: 3 });
  b.wire(both.out, logits.node, 'in');
  const target = b.add('label', 'target', [5, 2], { feed: 'labels', time: 'none' });
  const head = b.add('loss', 'classifierHead', [6, 1]);
  b.wire(logits.out, head.node, 'logits');
  b.wire(port(target.node, 'out'), head.node, 'targets');
  return b.build({ name: `${kind} last, output and state used`, description: '', training: {} });
}

function inputsFor(compiled: CompiledModel): tf.Tensor[] {
  return compiled.inputFeeds.map(() => tf.tensor2d([[1, 2, 3, 4, 0, 0], [5, 6, 7, 8, 9, 10]], [2, T], 'int32'));
}

describe('inference on graphs where one tensor feeds several consumers', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => tf.disposeVariables());

  for (const [name, doc, logitsShape] of [
    ['dropout', dropoutTagger, [2, T, V]],
    ['LSTM last with output and state used', () => recurrentLastBothUsed('lstm'), [2, 3]],
    ['GRU last with output and state used', () => recurrentLastBothUsed('gru'), [2, 3]],
    ['SimpleRNN last with output and state used', () => recurrentLastBothUsed('simpleRnn'), [2, 3]],
    ['LSTM last, output through dropout, state used', () => recurrentLastBothUsed('lstm', true), [2, 3]],
  ] as const) {
    it(`${name}: inference gives finite logits, repeatably, without leaking tensors`, async () => {
      const compiled = compileGraph(doc());
      const inputs = inputsFor(compiled);
      const run = async () => {
        const out = applyModel(compiled, inputs, false);
        expect(out[0].shape).toEqual(logitsShape);
        const values = await out[0].data();
        expect(Array.from(values).every(Number.isFinite)).toBe(true);
        tf.dispose(out);
        const predicted = compiled.model.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor | tf.Tensor[];
        const first = Array.isArray(predicted) ? predicted[0] : predicted;
        expect(Array.from(await first.data())).toEqual(Array.from(values));
        tf.dispose(predicted);
        if (compiled.inspection) {
          const series = compiled.inspection.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor | tf.Tensor[];
          for (const s of Array.isArray(series) ? series : [series]) expect(Array.from(await s.data()).every(Number.isFinite)).toBe(true);
          tf.dispose(series);
        }
      };
      await run();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await run();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(inputs);
      compiled.dispose();
    });
  }
});

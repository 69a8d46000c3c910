import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builders } from '../../../engine/blocks/builders';
import type { BuildContext, HeadRegistration, TargetRef } from '../../../engine/blocks/buildTypes';
import { specs } from '../../../engine/blocks/specs';
import type { BlockSpec, InputTypes } from '../../../engine/blocks/types';
import { compileGraph } from '../../../engine/compile/compile';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { BlockError } from '../../../engine/graph/errors';
import { labels, seq, tokens, vec } from '../../../engine/graph/shapes';
import { maskedSoftmaxCrossEntropy } from '../../../engine/train/losses';
import { makeDoc } from '../../fixtures/docBuilder';

const TOKEN_HEADS = { lmHead: 'lm', maskedLmHead: 'masked-lm', seq2seqHead: 'seq2seq' } as const;
const ALL_HEADS = { ...TOKEN_HEADS, classifierHead: 'classification' } as const;
type HeadKind = keyof typeof ALL_HEADS;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const specOf = (kind: HeadKind) => specs[kind] as BlockSpec;
const infer = (kind: HeadKind, inputs: InputTypes) => specOf(kind).inferShapes(inputs, {}, { sizes: { T: 5 }, label: 'The head' });

function errorOf(fn: () => unknown): BlockError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BlockError) return err;
    throw err;
  }
  throw new Error('expected a BlockError');
}

describe('head specs', () => {
  for (const kind of Object.keys(ALL_HEADS) as HeadKind[]) {
    it(`${kind}: category heads, no outputs, no params, ports logits and targets`, () => {
      const spec = specOf(kind);
      expect(spec.category).toBe('heads');
      expect(spec.outputs).toEqual([]);
      expect(spec.params).toEqual([]);
      expect(spec.inputs.map((p) => p.name)).toEqual(['logits', 'targets']);
      expect(Object.values(spec.explanation).every((text) => text.length > 20)).toBe(true);
    });
  }

  for (const kind of Object.keys(TOKEN_HEADS) as (keyof typeof TOKEN_HEADS)[]) {
    it(`${kind}: accepts B×T×V with B×T targets on the same time axis, and says what is wrong otherwise`, () => {
      expect(infer(kind, { logits: seq('T', 11), targets: tokens('T') })).toEqual({});
      expect(errorOf(() => infer(kind, { logits: vec(11), targets: tokens('T') })).code).toBe('E_RANK_MISMATCH');
      expect(errorOf(() => infer(kind, { logits: tokens('T'), targets: tokens('T') })).code).toBe('E_DTYPE_MISMATCH');
      expect(errorOf(() => infer(kind, { logits: seq('T', 11), targets: labels() })).code).toBe('E_RANK_MISMATCH');
      expect(errorOf(() => infer(kind, { logits: seq('T', 1), targets: tokens('T') })).code).toBe('E_SHAPE_MISMATCH');
      const mismatch = errorOf(() => infer(kind, { logits: seq('T_src', 11), targets: tokens('T_tgt') }));
      expect(mismatch.code).toBe('E_SHAPE_MISMATCH');
      expect(mismatch.message).toContain('logits are B×T_src×11 but targets are B×T_tgt');
      expect(mismatch.fix).toMatch(/decoder/);
    });
  }

  it('classifierHead: accepts B×C with B labels; a per-position input gets the Pooling fix', () => {
    expect(infer('classifierHead', { logits: vec(3), targets: labels() })).toEqual({});
    const perPosition = errorOf(() => infer('classifierHead', { logits: seq('T', 3), targets: labels() }));
    expect(perPosition.code).toBe('E_RANK_MISMATCH');
    expect(perPosition.fix).toMatch(/Pooling/);
    expect(errorOf(() => infer('classifierHead', { logits: vec(3), targets: tokens('T') })).code).toBe('E_RANK_MISMATCH');
  });

  it('cost: no parameters; the softmax probabilities are kept for backward', () => {
    const cost = specOf('lmHead').cost({ logits: seq('T', 65), targets: tokens('T') }, {}, {});
    expect(cost).toEqual({ parameters: 0, activations: [{ label: 'softmax probabilities', dims: ['B', 'T', 65] }] });
  });
});

describe('head builders', () => {
  function buildHead(kind: HeadKind, target: TargetRef | tf.SymbolicTensor) {
    const heads: Omit<HeadRegistration, 'nodeId'>[] = [];
    const logits = tf.input({ shape: kind === 'classifierHead' ? [3] : [5, 11] });
    const ctx = {
      nodeId: 'h',
      label: 'Head',
      copy: 0,
      name: (part: string) => `h__0__${part}`,
      sizes: { T: 5 },
      backend: 'cpu',
      seed: () => 1,
      inputTypes: {},
      input: () => {
        throw new Error('heads create no inputs');
      },
      feedOf: () => undefined,
      addHead: (h: Omit<HeadRegistration, 'nodeId'>) => heads.push(h),
      inspect: () => undefined,
    } satisfies BuildContext;
    const outputs = builders[kind]({}, { logits, targets: target }, ctx);
    return { outputs, heads, logits };
  }

  for (const [kind, task] of Object.entries(ALL_HEADS) as [HeadKind, string][]) {
    it(`${kind} registers a ${task} head with its logits, targets and no label smoothing`, () => {
      const target: TargetRef = { kind: 'target', feed: kind === 'classifierHead' ? 'labels' : 'targets', type: kind === 'classifierHead' ? labels() : tokens('T') };
      const { outputs, heads, logits } = buildHead(kind, target);
      expect(outputs).toEqual({});
      expect(heads).toHaveLength(1);
      expect(heads[0]).toEqual({ task, logits, target, labelSmoothing: 0 });
    });
  }

  it('refuses targets that are not a Target block', () => {
    const notATarget = tf.input({ shape: [5], dtype: 'int32' });
    expect(errorOf(() => buildHead('lmHead', notATarget)).code).toBe('E_MISSING_INPUT');
  });
});

describe('heads in compiled graphs, trained with maskedSoftmaxCrossEntropy', () => {
  it('a GRU sentence classifier (last state → Dense → Classifier Head) learns a token-presence rule', () => {
    const doc = makeDoc(
      {
        ids: { kind: 'tokenInput', params: { length: 6 } },
        emb: { kind: 'embedding', params: { vocabSize: 10, dModel: 8 } },
        rnn: { kind: 'gru', params: { units: 8, output: 'last' } },
        proj: { kind: 'dense', params: { units: 2 } },
        answers: { kind: 'target', params: { feed: 'labels' } },
        head: { kind: 'classifierHead' },
      },
      ['ids.out -> emb.in', 'emb.out -> rnn.in', 'rnn.out -> proj.in', 'proj.out -> head.logits', 'answers.out -> head.targets'],
    );
    expect(errorsOnly(analyzeGraph(doc).problems)).toEqual([]);
    const compiled = compileGraph(doc, { backend: 'cpu', seed: 3 });
    expect(compiled.heads).toEqual([{ nodeId: 'head', task: 'classification', target: { kind: 'target', feed: 'labels', type: labels() }, labelSmoothing: 0, outputIndex: 0 }]);

    // Label 1 exactly when token 9 occurs; [CLS] = 4 first, ids 7..9 after it.
    const rows = [
      [4, 7, 8, 7, 8, 7],
      [4, 9, 8, 7, 8, 7],
      [4, 8, 8, 9, 7, 7],
      [4, 7, 7, 8, 8, 8],
      [4, 8, 7, 7, 7, 9],
      [4, 8, 8, 8, 7, 8],
    ];
    const x = tf.tensor2d(rows, [6, 6], 'int32');
    const y = tf.tensor1d(
      rows.map((r) => (r.includes(9) ? 1 : 0)),
      'int32',
    );
    const optimizer = tf.train.adam(0.05);
    const step = () => {
      const loss = tf.tidy(() => optimizer.minimize(() => maskedSoftmaxCrossEntropy(compiled.model.apply(x, { training: true }) as tf.Tensor, y).loss, true)!);
      const v = loss.dataSync()[0];
      loss.dispose();
      return v;
    };
    const first = step();
    let last = first;
    for (let i = 0; i < 40; i++) last = step();
    expect(last).toBeLessThan(0.3 * first);
    const result = tf.tidy(() => maskedSoftmaxCrossEntropy(compiled.model.predict(x) as tf.Tensor, y));
    expect(result.count.dataSync()[0]).toBe(6);
    expect(result.correct.dataSync()[0]).toBe(6);
    tf.dispose([x, y, result.loss, result.correct, result.count]);
    optimizer.dispose();
    compiled.dispose();
  });
});

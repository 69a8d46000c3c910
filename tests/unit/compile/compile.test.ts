import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../engine/compile/compile';
import { EngineError } from '../../../engine/graph/errors';
import { makeDoc } from '../../fixtures/docBuilder';

function encoderLm(repeat: number) {
  return makeDoc(
    {
      inp: { kind: 'tokenInput', params: { length: 8 } },
      emb: { kind: 'embedding', params: { vocabSize: 20, dModel: 16 } },
      pe: { kind: 'positionalEncoding' },
      mha: { kind: 'multiHeadAttention', params: { heads: 2, causal: true }, group: 'layer' },
      norm: { kind: 'addNorm', group: 'layer' },
      out: { kind: 'dense', params: { units: 20 } },
      tgt: { kind: 'target' },
      head: { kind: 'lmHead' },
    },
    [
      'inp.out -> emb.in',
      'emb.out -> pe.in',
      'pe.out -> mha.query',
      'pe.out -> norm.residual',
      'mha.out -> norm.sublayer',
      'norm.out -> out.in',
      'out.out -> head.logits',
      'tgt.out -> head.targets',
    ],
    [{ id: 'layer', label: 'Decoder layer', repeat, collapsed: false }],
  );
}

describe('compileGraph', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => tf.disposeVariables());

  it('builds a model whose weights match the analysis parameter count, repeats included', () => {
    for (const repeat of [1, 3]) {
      const compiled = compileGraph(encoderLm(repeat));
      expect(compiled.model.countParams()).toBe(compiled.analysis.totalParameters);
      compiled.dispose();
    }
    const one = compileGraph(encoderLm(1));
    const three = compileGraph(encoderLm(3));
    const perLayer = (16 * 16 * 4 + 4 * 16) + 2 * 16;
    expect(three.model.countParams() - one.model.countParams()).toBe(2 * perLayer);
    one.dispose();
    three.dispose();
  });

  it('feeds token ids in and gives logits of the inferred shape', () => {
    const compiled = compileGraph(encoderLm(2));
    expect(compiled.inputFeeds).toEqual(['tokens']);
    expect(compiled.inputLengths).toEqual({ tokens: 8 });
    expect(compiled.heads).toEqual([
      expect.objectContaining({ nodeId: 'head', task: 'lm', outputIndex: 0, target: expect.objectContaining({ feed: 'targets' }) }),
    ]);
    const x = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8]], [1, 8], 'int32');
    const y = compiled.model.predict(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 8, 20]);
    x.dispose();
    y.dispose();
    compiled.dispose();
  });

  it('builds an inspection model that shares weights and shows every copy’s attention map', () => {
    const compiled = compileGraph(encoderLm(2));
    expect(compiled.inspectionOutputs.map((o) => [o.nodeId, o.copy, o.kind])).toEqual([
      ['mha', 0, 'attention'],
      ['mha', 1, 'attention'],
    ]);
    expect(compiled.inspectionOutputs[0].queryFeed).toBe('tokens');
    const x = tf.tensor2d([[3, 1, 4, 1, 5, 9, 2, 6]], [1, 8], 'int32');
    const maps = compiled.inspection!.predict(x) as tf.Tensor[];
    expect(maps[0].shape).toEqual([1, 2, 8, 8]);
    const w = maps[0].arraySync() as number[][][][];
    // Causal: rows sum to one and nothing is attended after the query position.
    for (const row of w[0][0]) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(w[0][1][2][5]).toBe(0);
    // Shared weights: every variable of the inspection model is one of the training model's.
    const trained = new Set(compiled.model.weights);
    expect(compiled.inspection!.weights.length).toBeGreaterThan(0);
    expect(compiled.inspection!.weights.every((w) => trained.has(w))).toBe(true);
    tf.dispose([x, ...maps]);
    compiled.dispose();
  });

  it('refuses an invalid graph with the coded problems of its nodes', () => {
    const doc = encoderLm(1);
    doc.nodes.find((n) => n.id === 'mha')!.params.heads = 3;
    try {
      compileGraph(doc);
      expect.unreachable('compile should refuse d_model 16 with 3 heads');
    } catch (e) {
      expect(e).toBeInstanceOf(EngineError);
      expect((e as EngineError).problems[0]).toMatchObject({ code: 'E_HEADS_DIVIDE', nodeId: 'mha' });
    }
  });

  it('gives the same initial weights for the same seed and different ones for another', () => {
    const weightsOf = (seed: number) => {
      const c = compileGraph(encoderLm(1), { seed });
      const w = c.model.getWeights().map((t) => Array.from(t.dataSync()));
      c.dispose();
      return w;
    };
    expect(weightsOf(7)).toEqual(weightsOf(7));
    expect(weightsOf(7)).not.toEqual(weightsOf(8));
  });
});

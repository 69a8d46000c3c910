/**
 * Whole graphs of the attention blocks through compileGraph: a causal GPT-style language model (with a
 * repeated block) and an encoder–decoder with cross-attention. The training model's logits have the
 * inferred shapes, and the inspection model returns every attention map with its axes labelled by feed.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../engine/compile/compile';
import { makeDoc } from '../../fixtures/docBuilder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const V = 11;
const D = 8;

function gptDoc(repeat: number) {
  return makeDoc(
    {
      tok: { kind: 'tokenInput', params: { length: 6 } },
      tgt: { kind: 'target' },
      emb: { kind: 'embedding', params: { vocabSize: V, dModel: D } },
      pe: { kind: 'positionalEncoding', params: { encoding: 'learned', maxLength: 16 } },
      ln1: { kind: 'layerNorm', group: 'block' },
      mha: { kind: 'multiHeadAttention', params: { heads: 2, causal: true }, group: 'block' },
      add1: { kind: 'addNorm', params: { norm: 'pre' }, group: 'block' },
      ln2: { kind: 'layerNorm', group: 'block' },
      ffn: { kind: 'feedForward', params: { hidden: 16, activation: 'gelu' }, group: 'block' },
      add2: { kind: 'addNorm', params: { norm: 'pre' }, group: 'block' },
      lnf: { kind: 'layerNorm' },
      out: { kind: 'dense', params: { units: V } },
      head: { kind: 'lmHead' },
    },
    [
      'tok.out -> emb.in',
      'emb.out -> pe.in',
      'pe.out -> ln1.in',
      'ln1.out -> mha.query',
      'pe.out -> add1.residual',
      'mha.out -> add1.sublayer',
      'add1.out -> ln2.in',
      'ln2.out -> ffn.in',
      'add1.out -> add2.residual',
      'ffn.out -> add2.sublayer',
      'add2.out -> lnf.in',
      'lnf.out -> out.in',
      'out.out -> head.logits',
      'tgt.out -> head.targets',
    ],
    [{ id: 'block', label: 'Transformer block', repeat, collapsed: false }],
  );
}

describe('compiled attention graphs', () => {
  it('a causal GPT-style model repeated ×2: logits B×T×V, one attention map per copy, causal in every copy', () => {
    const compiled = compileGraph(gptDoc(2), { seed: 3 });
    expect(compiled.inputFeeds).toEqual(['tokens']);
    const ids = tf.tensor2d([[2, 5, 7, 1, 9, 3]], [1, 6], 'int32');
    const logits = compiled.model.predict(ids) as tf.Tensor;
    expect(logits.shape).toEqual([1, 6, V]);
    expect(compiled.model.countParams()).toBe(compiled.analysis.totalParameters);

    const maps = compiled.inspectionOutputs.filter((o) => o.kind === 'attention');
    expect(maps.map((m) => [m.nodeId, m.copy, m.queryFeed, m.keyFeed])).toEqual([
      ['mha', 0, 'tokens', 'tokens'],
      ['mha', 1, 'tokens', 'tokens'],
    ]);
    const outputs = [compiled.inspection!.predict(ids)].flat() as tf.Tensor[];
    for (const m of maps) {
      const weights = outputs[m.outputIndex].arraySync() as number[][][][];
      expect(outputs[m.outputIndex].shape).toEqual([1, 2, 6, 6]);
      for (const head of weights[0]) {
        head.forEach((row, i) => {
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          row.forEach((w, j) => (j > i ? expect(w).toBe(0) : expect(w).toBeGreaterThan(0)));
        });
      }
    }
    tf.dispose([ids, logits, ...outputs]);
    compiled.dispose();
  });

  it('an encoder–decoder: cross-attention maps run decoder positions against source positions', () => {
    const doc = makeDoc(
      {
        src: { kind: 'tokenInput', params: { feed: 'tokens', time: 'T_src', length: 5 } },
        dec: { kind: 'tokenInput', params: { feed: 'decoder_tokens', time: 'T_tgt', length: 4 } },
        tgt: { kind: 'target', params: { time: 'T_tgt' } },
        e1: { kind: 'embedding', params: { vocabSize: V, dModel: D } },
        e2: { kind: 'embedding', params: { vocabSize: V, dModel: D } },
        enc: { kind: 'multiHeadAttention', params: { heads: 2 } },
        self: { kind: 'multiHeadAttention', params: { heads: 2, causal: true } },
        cross: { kind: 'multiHeadAttention', params: { heads: 4 } },
        luong: { kind: 'attention', params: { score: 'general' } },
        cat: { kind: 'concat' },
        out: { kind: 'dense', params: { units: V } },
        head: { kind: 'seq2seqHead' },
      },
      [
        'src.out -> e1.in',
        'dec.out -> e2.in',
        'e1.out -> enc.query',
        'src.out -> enc.keyTokens',
        'e2.out -> self.query',
        'self.out -> cross.query',
        'enc.out -> cross.memory',
        'src.out -> cross.keyTokens',
        'self.out -> luong.query',
        'enc.out -> luong.keys',
        'src.out -> luong.keyTokens',
        'cross.out -> cat.a',
        'luong.out -> cat.b',
        'cat.out -> out.in',
        'out.out -> head.logits',
        'tgt.out -> head.targets',
      ],
    );
    const compiled = compileGraph(doc, { seed: 4 });
    const byNode = Object.fromEntries(compiled.inspectionOutputs.map((o) => [o.nodeId, o]));
    expect([byNode.enc.queryFeed, byNode.enc.keyFeed]).toEqual(['tokens', 'tokens']);
    expect([byNode.self.queryFeed, byNode.self.keyFeed]).toEqual(['decoder_tokens', 'decoder_tokens']);
    expect([byNode.cross.queryFeed, byNode.cross.keyFeed]).toEqual(['decoder_tokens', 'tokens']);
    expect([byNode.luong.queryFeed, byNode.luong.keyFeed]).toEqual(['decoder_tokens', 'tokens']);

    const feeds: Record<string, tf.Tensor> = {
      tokens: tf.tensor2d([[4, 6, 8, 0, 0]], [1, 5], 'int32'),
      decoder_tokens: tf.tensor2d([[2, 7, 7, 9]], [1, 4], 'int32'),
    };
    const inputs = compiled.inputFeeds.map((f) => feeds[f]);
    const logits = compiled.model.predict(inputs) as tf.Tensor;
    expect(logits.shape).toEqual([1, 4, V]);
    const outputs = [compiled.inspection!.predict(inputs)].flat() as tf.Tensor[];
    expect(outputs[byNode.cross.outputIndex].shape).toEqual([1, 4, 4, 5]);
    expect(outputs[byNode.luong.outputIndex].shape).toEqual([1, 1, 4, 5]);
    // The two [PAD] source positions get no attention from any decoder position.
    for (const node of ['cross', 'luong', 'enc']) {
      const maps = outputs[byNode[node].outputIndex].arraySync() as number[][][][];
      for (const head of maps[0]) for (const row of head) expect(row.slice(3), node).toEqual([0, 0]);
    }
    tf.dispose([...Object.values(feeds), logits, ...outputs]);
    compiled.dispose();
  });
});

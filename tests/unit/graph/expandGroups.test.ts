import { describe, expect, it } from 'vitest';
import { expandGroups } from '../../../engine/compile/expandGroups';
import { makeDoc } from '../../fixtures/docBuilder';

function encoder(repeat: number) {
  return makeDoc(
    {
      inp: { kind: 'tokenInput', params: { length: 8 } },
      emb: { kind: 'embedding', params: { vocabSize: 20, dModel: 16 } },
      mha: { kind: 'multiHeadAttention', params: { heads: 2 }, group: 'layer' },
      norm: { kind: 'addNorm', group: 'layer' },
      out: { kind: 'dense', params: { units: 20 } },
      tgt: { kind: 'target' },
      head: { kind: 'lmHead' },
    },
    [
      'inp.out -> emb.in',
      'emb.out -> mha.query',
      'emb.out -> norm.residual',
      'mha.out -> norm.sublayer',
      'norm.out -> out.in',
      'out.out -> head.logits',
      'tgt.out -> head.targets',
    ],
    [{ id: 'layer', label: 'Encoder layer', repeat, collapsed: false }],
  );
}

describe('expandGroups', () => {
  it('leaves a doc without repeats as it is', () => {
    const doc = encoder(1);
    expect(expandGroups(doc).doc).toBe(doc);
  });

  it('chains N copies: copy k+1 reads copy k’s output, the exit leaves from the last copy', () => {
    const { doc, origin, problems } = expandGroups(encoder(3));
    expect(problems).toEqual([]);
    expect(doc.nodes.map((n) => n.id)).toEqual(['inp', 'emb', 'mha', 'norm', 'out', 'tgt', 'head', 'mha#1', 'norm#1', 'mha#2', 'norm#2']);
    const into = (target: string, port: string) => {
      const e = doc.edges.find((x) => x.target === target && x.targetPort === port)!;
      return `${e.source}.${e.sourcePort}`;
    };
    expect(into('mha', 'query')).toBe('emb.out');
    expect(into('mha#1', 'query')).toBe('norm.out');
    expect(into('norm#1', 'residual')).toBe('norm.out');
    expect(into('norm#1', 'sublayer')).toBe('mha#1.out');
    expect(into('mha#2', 'query')).toBe('norm#1.out');
    expect(into('out', 'in')).toBe('norm#2.out');
    expect(origin['norm#2']).toEqual({ nodeId: 'norm', copy: 2 });
  });

  it('refuses a repeated group with two different outputs leaving it', () => {
    const doc = encoder(2);
    doc.edges.push({ id: 'extra', source: 'mha', sourcePort: 'out', target: 'head', targetPort: 'logits' });
    doc.edges = doc.edges.filter((e) => e.id !== 'e5');
    const r = expandGroups(doc);
    expect(r.problems.map((p) => p.code)).toEqual(['E_GROUP']);
    expect(r.problems[0].message).toContain('Encoder layer');
  });
});

import { describe, expect, it } from 'vitest';
import { activationBytes, analyzeGraph } from '../../../engine/graph/analyze';
import { canConnect } from '../../../engine/graph/canConnect';
import { formatType } from '../../../engine/graph/shapes';
import { makeDoc } from '../../fixtures/docBuilder';

/** Token Input → Embedding → MHA → Add & Norm → Dense → LM head ← Target: the smallest transformer-ish chain. */
function chain(over: { heads?: number; dModel?: number } = {}) {
  return makeDoc(
    {
      inp: { kind: 'tokenInput', params: { length: 16 } },
      emb: { kind: 'embedding', params: { vocabSize: 30, dModel: over.dModel ?? 32 } },
      mha: { kind: 'multiHeadAttention', params: { heads: over.heads ?? 4, causal: true }, label: 'Self-attention' },
      norm: { kind: 'addNorm' },
      out: { kind: 'dense', params: { units: 30 } },
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
  );
}

describe('analyzeGraph', () => {
  it('infers every edge in named dims', () => {
    const a = analyzeGraph(chain());
    expect(a.problems).toEqual([]);
    const byEdge = (id: string) => formatType(a.edges[id]);
    expect(byEdge('e0')).toBe('B×T ids');
    expect(byEdge('e1')).toBe('B×T×32');
    expect(byEdge('e4')).toBe('B×T×32');
    expect(byEdge('e5')).toBe('B×T×30');
    expect(a.sizes).toEqual({ T: 16 });
  });

  it('counts parameters exactly (embedding, attention with biases, layer norm, dense)', () => {
    const a = analyzeGraph(chain());
    const d = 32;
    const expected = 30 * d + (4 * d * d + 4 * d) + 2 * d + (d * 30 + 30);
    expect(a.totalParameters).toBe(expected);
  });

  it("includes attention's B·h·T² term in the memory estimate", () => {
    const small = activationBytes(analyzeGraph(chain({ heads: 2 })), 8);
    const large = activationBytes(analyzeGraph(chain({ heads: 8 })), 8);
    // Six more heads add at least 6 · B · T² floats of scores.
    expect(large - small).toBeGreaterThanOrEqual(4 * 6 * 8 * 16 * 16);
  });

  it('reports d_model % heads on the attention node, naming it and the fix', () => {
    const a = analyzeGraph(chain({ dModel: 30, heads: 4 }));
    const p = a.problems.find((x) => x.code === 'E_HEADS_DIVIDE');
    expect(p?.nodeId).toBe('mha');
    expect(p?.message).toContain('Self-attention');
    expect(p?.fix.length).toBeGreaterThan(10);
  });

  it('reports a missing required input and keeps inferring the rest', () => {
    const doc = chain();
    doc.edges = doc.edges.filter((e) => e.id !== 'e2'); // residual into Add & Norm
    const a = analyzeGraph(doc);
    expect(a.problems.map((p) => [p.code, p.nodeId])).toEqual([['E_MISSING_INPUT', 'norm']]);
    expect(formatType(a.edges.e1)).toBe('B×T×32');
  });

  it('reports cycles on each node of the loop', () => {
    const doc = makeDoc(
      { inp: { kind: 'tokenInput' }, emb: { kind: 'embedding' }, d1: { kind: 'dense' }, d2: { kind: 'addNorm' } },
      ['inp.out -> emb.in', 'emb.out -> d2.residual', 'd2.out -> d1.in', 'd1.out -> d2.sublayer'],
    );
    const a = analyzeGraph(doc);
    const cyc = a.problems.filter((p) => p.code === 'E_CYCLE').map((p) => p.nodeId).sort();
    expect(cyc).toEqual(['d1', 'd2']);
  });

  it('reports dims that disagree across an Add', () => {
    const doc = chain();
    doc.nodes.push({ id: 'wide', kind: 'dense', params: { units: 64, activation: 'linear', useBias: true }, position: { x: 0, y: 0 } });
    doc.edges = doc.edges.filter((e) => e.id !== 'e3');
    doc.edges.push({ id: 'x1', source: 'mha', sourcePort: 'out', target: 'wide', targetPort: 'in' });
    doc.edges.push({ id: 'x2', source: 'wide', sourcePort: 'out', target: 'norm', targetPort: 'sublayer' });
    const a = analyzeGraph(doc);
    expect(a.problems.find((p) => p.code === 'E_SHAPE_MISMATCH')?.nodeId).toBe('norm');
  });

  it('warns when there is no head and errors when there is no input', () => {
    const a = analyzeGraph(makeDoc({ d: { kind: 'dense' } }, []));
    expect(a.problems.map((p) => p.code).sort()).toEqual(['E_MISSING_INPUT', 'E_NO_HEAD', 'E_NO_INPUT']);
    expect(a.problems.find((p) => p.code === 'E_NO_HEAD')?.severity).toBe('warning');
  });
});

describe('canConnect', () => {
  it('refuses token ids into multi-head attention and says why', () => {
    const doc = chain();
    doc.edges = doc.edges.filter((e) => e.id !== 'e1');
    const r = canConnect(doc, { source: 'inp', sourcePort: 'out', target: 'mha', targetPort: 'query' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('E_DTYPE_MISMATCH');
    expect(r.reason).toContain('Self-attention');
    expect(r.reason).toContain('B×T ids');
  });

  it('accepts a sequence into attention', () => {
    const doc = chain();
    doc.edges = doc.edges.filter((e) => e.id !== 'e1');
    expect(canConnect(doc, { source: 'emb', sourcePort: 'out', target: 'mha', targetPort: 'query' })).toEqual({ ok: true });
  });

  it('refuses a taken input, a loop and a self-connection', () => {
    const doc = chain();
    expect(canConnect(doc, { source: 'emb', sourcePort: 'out', target: 'out', targetPort: 'in' })).toMatchObject({ ok: false, code: 'E_PORT_TAKEN' });
    doc.edges = doc.edges.filter((e) => e.id !== 'e1');
    expect(canConnect(doc, { source: 'norm', sourcePort: 'out', target: 'mha', targetPort: 'query' })).toMatchObject({ ok: false, code: 'E_CYCLE' });
    expect(canConnect(doc, { source: 'out', sourcePort: 'out', target: 'out', targetPort: 'in' })).toMatchObject({ ok: false, code: 'E_CYCLE' });
  });

  it('refuses a connection whose widths disagree, through the target’s own inference', () => {
    const doc = chain();
    doc.edges = doc.edges.filter((e) => e.id !== 'e3');
    doc.nodes.push({ id: 'wide', kind: 'dense', params: { units: 64, activation: 'linear', useBias: true }, position: { x: 0, y: 0 } });
    doc.edges.push({ id: 'x1', source: 'mha', sourcePort: 'out', target: 'wide', targetPort: 'in' });
    const r = canConnect(doc, { source: 'wide', sourcePort: 'out', target: 'norm', targetPort: 'sublayer' });
    expect(r).toMatchObject({ ok: false, code: 'E_SHAPE_MISMATCH' });
  });
});

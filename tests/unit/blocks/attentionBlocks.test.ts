/**
 * Coded errors and cost estimates of the attention, transformer and embedding blocks, through the same
 * path the canvas uses: parse a document, then analyzeGraph.
 */
import { describe, expect, it } from 'vitest';
import { activationBytes, analyzeGraph } from '../../../engine/graph/analyze';
import type { Problem } from '../../../engine/graph/errors';
import { parseDocumentObject } from '../../../engine/graph/parse';
import type { GraphDoc } from '../../../engine/graph/schema';
import { resolveSize } from '../../../engine/graph/shapes';

type NodeIn = { id: string; kind: string; label?: string; params?: Record<string, number | string | boolean> };

/** A doc from nodes and `source.port>target.port` edge strings. */
function makeDoc(nodes: NodeIn[], edges: string[]): GraphDoc {
  const result = parseDocumentObject({
    formatVersion: 1,
    nodes,
    edges: edges.map((e, i) => {
      const [from, to] = e.split('>');
      const [source, sourcePort] = from.split('.');
      const [target, targetPort] = to.split('.');
      return { id: `e${i}`, source, sourcePort, target, targetPort };
    }),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.doc;
}

function problemsOf(doc: GraphDoc, nodeId: string): Problem[] {
  return analyzeGraph(doc).problems.filter((p) => p.nodeId === nodeId);
}

/** tokens (T = length) → embedding (width) → …extra */
function embedded(width: number, length = 16, extra: NodeIn[] = [], extraEdges: string[] = []): GraphDoc {
  return makeDoc(
    [
      { id: 'tok', kind: 'tokenInput', params: { length } },
      { id: 'emb', kind: 'embedding', params: { vocabSize: 20, dModel: width } },
      ...extra,
    ],
    ['tok.out>emb.in', ...extraEdges],
  );
}

describe('Multi-Head Attention', () => {
  it('reports E_HEADS_DIVIDE on the node, naming it, when d_model is not divisible by the heads', () => {
    const doc = embedded(130, 16, [{ id: 'mha', kind: 'multiHeadAttention', label: 'Self-attention', params: { heads: 4 } }], ['emb.out>mha.query']);
    const [problem] = problemsOf(doc, 'mha');
    expect(problem.code).toBe('E_HEADS_DIVIDE');
    expect(problem.message).toContain('Self-attention');
    expect(problem.message).toContain('d_model 130 is not divisible by 4 heads');
    expect(problem.fix).toContain('Set heads to 2, 5 or 10');
    expect(problem.fix).toMatch(/128 or 132/);
  });

  it('accepts a head count that divides d_model', () => {
    const doc = embedded(128, 16, [{ id: 'mha', kind: 'multiHeadAttention', params: { heads: 8 } }], ['emb.out>mha.query']);
    expect(problemsOf(doc, 'mha')).toEqual([]);
  });

  it('counts its parameters exactly and shows the B·h·T² scores term', () => {
    const doc = embedded(16, 10, [{ id: 'mha', kind: 'multiHeadAttention', params: { heads: 4, useBias: true } }], ['emb.out>mha.query']);
    const analysis = analyzeGraph(doc);
    const cost = analysis.nodes.mha.cost;
    expect(cost.parameters).toBe(4 * 16 * 16 + 4 * 16);
    // Self-attention without dropout runs on the fused kernels where there are some: its weights get no gradient there.
    expect(cost.activations).toContainEqual({ label: 'scores B·h·T²', dims: ['B', 4, 'T', 'T'], noGradientWhenFused: true });
    const withoutBias = analyzeGraph(embedded(16, 10, [{ id: 'mha', kind: 'multiHeadAttention', params: { heads: 4, useBias: false } }], ['emb.out>mha.query']));
    expect(withoutBias.nodes.mha.cost.parameters).toBe(4 * 16 * 16);
  });

  it('activation memory grows with the square of the sequence length', () => {
    const scoresAt = (length: number) =>
      analyzeGraph(embedded(16, length, [{ id: 'mha', kind: 'multiHeadAttention', params: { heads: 4 } }], ['emb.out>mha.query']))
        .activations.filter((t) => t.label.startsWith('scores'))
        .reduce((sum, t) => sum + resolveSize(t.dims, { B: 1, T: length }), 0);
    expect(scoresAt(64) / scoresAt(32)).toBe(4);
    const doc = embedded(16, 32, [{ id: 'mha', kind: 'multiHeadAttention', params: { heads: 4 } }], ['emb.out>mha.query']);
    expect(activationBytes(analyzeGraph(doc), 2)).toBeGreaterThan(4 * 2 * 4 * 32 * 32);
  });

  it('labels cross-attention scores with both time axes and checks the key ids against the memory', () => {
    const nodes: NodeIn[] = [
      { id: 'src', kind: 'tokenInput', params: { time: 'T_src', length: 12 } },
      { id: 'dst', kind: 'tokenInput', params: { feed: 'decoder_tokens', time: 'T_tgt', length: 9 } },
      { id: 'e1', kind: 'embedding', params: { dModel: 16 } },
      { id: 'e2', kind: 'embedding', params: { dModel: 16 } },
      { id: 'mha', kind: 'multiHeadAttention', label: 'Cross-attention', params: { heads: 2 } },
    ];
    const edges = ['src.out>e1.in', 'dst.out>e2.in', 'e2.out>mha.query', 'e1.out>mha.memory'];
    const ok = analyzeGraph(makeDoc(nodes, [...edges, 'src.out>mha.keyTokens']));
    expect(ok.problems.filter((p) => p.nodeId === 'mha')).toEqual([]);
    expect(ok.nodes.mha.outputs.out.shape).toEqual(['B', 'T_tgt', 16]);
    expect(ok.nodes.mha.cost.activations).toContainEqual({ label: 'scores B·h·T_tgt·T_src', dims: ['B', 2, 'T_tgt', 'T_src'] });
    const [wrong] = problemsOf(makeDoc(nodes, [...edges, 'dst.out>mha.keyTokens']), 'mha');
    expect(wrong.code).toBe('E_SHAPE_MISMATCH');
    expect(wrong.message).toContain('Cross-attention');
  });
});

describe('shape errors name the node and say the fix', () => {
  it('Positional Encoding shorter than the sequence: E_SHAPE_MISMATCH', () => {
    const doc = embedded(8, 64, [{ id: 'pe', kind: 'positionalEncoding', label: 'Positions', params: { maxLength: 32 } }], ['emb.out>pe.in']);
    const [problem] = problemsOf(doc, 'pe');
    expect(problem.code).toBe('E_SHAPE_MISMATCH');
    expect(problem.message).toContain('Positions');
    expect(problem.fix).toContain('at least 64');
  });

  it('Add & Norm of different widths: E_SHAPE_MISMATCH', () => {
    const doc = embedded(
      16,
      8,
      [
        { id: 'd', kind: 'dense', params: { units: 8 } },
        { id: 'an', kind: 'addNorm', label: 'Residual 1' },
      ],
      ['emb.out>d.in', 'emb.out>an.residual', 'd.out>an.sublayer'],
    );
    const [problem] = problemsOf(doc, 'an');
    expect(problem.code).toBe('E_SHAPE_MISMATCH');
    expect(problem.message).toContain('Residual 1');
    expect(problem.message).toContain('B×T×16');
    expect(problem.message).toContain('B×T×8');
  });

  it('dot attention between different widths: E_SHAPE_MISMATCH with the fix “general”; general accepts it', () => {
    const nodes = (score: string): NodeIn[] => [
      { id: 'd', kind: 'dense', params: { units: 8 } },
      { id: 'att', kind: 'attention', label: 'Luong', params: { score } },
    ];
    const edges = ['emb.out>d.in', 'emb.out>att.query', 'd.out>att.keys'];
    const [problem] = problemsOf(embedded(16, 8, nodes('dot'), edges), 'att');
    expect(problem.code).toBe('E_SHAPE_MISMATCH');
    expect(problem.message).toContain('Luong');
    expect(problem.fix).toContain('general');
    const general = analyzeGraph(embedded(16, 8, nodes('general'), edges));
    expect(general.problems.filter((p) => p.nodeId === 'att')).toEqual([]);
    expect(general.nodes.att.cost.parameters).toBe(16 * 8);
    expect(general.nodes.att.outputs.out.shape).toEqual(['B', 'T', 8]);
  });

  it('Segment Embedding with ids of another sequence: E_SHAPE_MISMATCH', () => {
    const doc = makeDoc(
      [
        { id: 'tok', kind: 'tokenInput', params: { time: 'T', length: 8 } },
        { id: 'seg', kind: 'tokenInput', params: { feed: 'segments', time: 'T_src', length: 8 } },
        { id: 'emb', kind: 'embedding', params: { dModel: 8 } },
        { id: 'se', kind: 'segmentEmbedding' },
      ],
      ['tok.out>emb.in', 'emb.out>se.in', 'seg.out>se.segments'],
    );
    expect(problemsOf(doc, 'se')[0].code).toBe('E_SHAPE_MISMATCH');
  });

  it('an Embedding fed with vectors instead of ids: E_DTYPE_MISMATCH', () => {
    const doc = embedded(8, 8, [{ id: 'emb2', kind: 'embedding' }], ['emb.out>emb2.in']);
    expect(problemsOf(doc, 'emb2')[0].code).toBe('E_DTYPE_MISMATCH');
  });
});

describe('parameter counts of a small Transformer block', () => {
  it('sum to the hand count', () => {
    const d = 32;
    const doc = embedded(
      d,
      16,
      [
        { id: 'pe', kind: 'positionalEncoding', params: { encoding: 'learned', maxLength: 64 } },
        { id: 'ln', kind: 'layerNorm' },
        { id: 'mha', kind: 'multiHeadAttention', params: { heads: 4, causal: true } },
        { id: 'an', kind: 'addNorm', params: { norm: 'pre' } },
        { id: 'ffn', kind: 'feedForward', params: { hidden: 4 * d } },
        { id: 'an2', kind: 'addNorm', params: { norm: 'post' } },
      ],
      ['emb.out>pe.in', 'pe.out>ln.in', 'ln.out>mha.query', 'pe.out>an.residual', 'mha.out>an.sublayer', 'an.out>ffn.in', 'an.out>an2.residual', 'ffn.out>an2.sublayer'],
    );
    const a = analyzeGraph(doc);
    expect(a.problems.filter((p) => p.severity !== 'warning')).toEqual([]);
    const expected = 20 * d + 64 * d + 2 * d + (4 * d * d + 4 * d) + 0 + (d * 4 * d + 4 * d + 4 * d * d + d) + 2 * d;
    expect(a.totalParameters).toBe(expected);
  });
});

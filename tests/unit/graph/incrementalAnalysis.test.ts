import { describe, expect, it } from 'vitest';
import { generateCanvasBenchDoc } from '../../../bench/canvas/generate';
import { specOf } from '../../../engine/blocks/specs';
import { analyzeGraph } from '../../../engine/graph/analyze';
import { canConnect } from '../../../engine/graph/canConnect';
import type { GraphDoc, GraphNode } from '../../../engine/graph/schema';
import { templates } from '../../../engine/templates';

/**
 * analyzeGraph reuses each node's remembered inference while the node and what arrives on its ports are
 * unchanged. These tests check that the reuse is invisible: after every edit the result equals a full
 * analysis of a deep copy (new node objects, so nothing can be reused), and that it is real (untouched
 * upstream blocks keep their very analysis objects).
 */

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T,>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/** One parameter of one block set to another allowed value, immutably, as an inspector edit does. */
function editParam(doc: GraphDoc, rand: () => number): { doc: GraphDoc; nodeId: string } {
  const editable = doc.nodes.filter((n) => (specOf(n.kind)?.params.length ?? 0) > 0);
  const node = pick(rand, editable);
  const param = pick(rand, specOf(node.kind)!.params);
  let value: number | string | boolean;
  if (param.type === 'bool') value = !node.params[param.name];
  else if (param.type === 'enum') value = pick(rand, param.options);
  else if (param.type === 'int') {
    // Mostly near the current value (a plausible edit); sometimes anywhere in range, which may break shapes.
    const current = typeof node.params[param.name] === 'number' ? (node.params[param.name] as number) : param.default;
    value = rand() < 0.7 ? Math.max(param.min, Math.min(param.max, current + pick(rand, [-2, -1, 1, 2, 8]))) : Math.floor(param.min + rand() * Math.min(param.max - param.min + 1, 512));
  } else value = param.min + rand() * Math.min(param.max - param.min, 1);
  return { doc: withNode(doc, node.id, (n) => ({ ...n, params: { ...n.params, [param.name]: value } })), nodeId: node.id };
}

function withNode(doc: GraphDoc, id: string, change: (n: GraphNode) => GraphNode): GraphDoc {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? change(n) : n)) };
}

/** A random structural or naming edit: drop an edge, put a dropped edge back, rename a block. */
function editStructure(doc: GraphDoc, dropped: GraphDoc['edges'], rand: () => number): GraphDoc {
  const r = rand();
  if (r < 0.35 && doc.edges.length) {
    const edge = pick(rand, doc.edges);
    dropped.push(edge);
    return { ...doc, edges: doc.edges.filter((e) => e !== edge) };
  }
  if (r < 0.7 && dropped.length) {
    const edge = dropped.splice(Math.floor(rand() * dropped.length), 1)[0];
    if (doc.edges.some((e) => e.target === edge.target && e.targetPort === edge.targetPort)) return doc;
    return { ...doc, edges: [...doc.edges, edge] };
  }
  const node = pick(rand, doc.nodes);
  return withNode(doc, node.id, (n) => ({ ...n, label: rand() < 0.5 ? undefined : `renamed ${Math.floor(rand() * 100)}` }));
}

function expectSameAsFullAnalysis(doc: GraphDoc): void {
  const incremental = analyzeGraph(doc);
  const full = analyzeGraph(structuredClone(doc));
  expect(incremental).toEqual(full);
  // Same problems in the same order (toEqual already compares arrays in order; messages are what users read).
  expect(incremental.problems.map((p) => `${p.code} ${p.nodeId ?? ''} ${p.message}`)).toEqual(full.problems.map((p) => `${p.code} ${p.nodeId ?? ''} ${p.message}`));
}

describe('incremental analyzeGraph', () => {
  it.each(templates.map((t) => [t.id, t] as const))('equals a full analysis after random edits of template %s', (_id, template) => {
    const rand = random(template.id.length * 7919 + 17);
    let doc = template.build();
    const dropped: GraphDoc['edges'] = [];
    expectSameAsFullAnalysis(doc);
    for (let step = 0; step < 40; step++) {
      doc = rand() < 0.7 ? editParam(doc, rand).doc : editStructure(doc, dropped, rand);
      expectSameAsFullAnalysis(doc);
    }
  });

  it('equals a full analysis after random edits of the 1,002-block benchmark graph', () => {
    const rand = random(1002);
    let doc = generateCanvasBenchDoc();
    expect(doc.nodes).toHaveLength(1002);
    const dropped: GraphDoc['edges'] = [];
    for (let step = 0; step < 12; step++) {
      doc = rand() < 0.7 ? editParam(doc, rand).doc : editStructure(doc, dropped, rand);
      expectSameAsFullAnalysis(doc);
    }
  });

  it('says the whole-graph problems anew when a label or a feed changes on an unchanged structure', () => {
    const doc = generateCanvasBenchDoc();
    const tooDeep = analyzeGraph(doc).problems.find((p) => p.code === 'E_GRAPH_TOO_DEEP');
    expect(tooDeep?.nodeId).toBeDefined();
    // The chain's last block renamed: the same ids and edges, but the message names the block by its new label.
    const renamed = withNode(doc, tooDeep!.nodeId!, (n) => ({ ...n, label: 'Final projection' }));
    const renamedProblem = analyzeGraph(renamed).problems.find((p) => p.code === 'E_GRAPH_TOO_DEEP');
    expect(renamedProblem?.message).toContain('Final projection');
    expect(tooDeep!.message).not.toContain('Final projection');
    expect(analyzeGraph(renamed)).toEqual(analyzeGraph(structuredClone(renamed)));

    // A second Token Input on the same feed, then moved to its own feed: E_FEED_TAKEN comes and goes.
    const twoInputs: GraphDoc = { ...doc, nodes: [...doc.nodes, { id: 'input2', kind: 'tokenInput', params: { ...doc.nodes.find((n) => n.kind === 'tokenInput')!.params }, position: { x: 0, y: 400 } }] };
    expect(analyzeGraph(twoInputs).problems.filter((p) => p.code === 'E_FEED_TAKEN').map((p) => p.nodeId)).toEqual(['input2']);
    const ownFeed = withNode(twoInputs, 'input2', (n) => ({ ...n, params: { ...n.params, feed: 'second' } }));
    expect(analyzeGraph(ownFeed).problems.filter((p) => p.code === 'E_FEED_TAKEN')).toEqual([]);
    const backAgain = withNode(ownFeed, 'input2', (n) => ({ ...n, params: { ...n.params, feed: twoInputs.nodes[0].params.feed } }));
    expect(analyzeGraph(backAgain).problems.filter((p) => p.code === 'E_FEED_TAKEN').map((p) => p.nodeId)).toEqual(['input2']);
  });

  it('canConnect refuses a loop through the edges the document has now, whichever it checked before', () => {
    const doc = generateCanvasBenchDoc(2);
    // ff1 is downstream of mha1 (mha1 → norm1a → ff1): its output into mha1's memory would close a loop.
    const loop = { source: 'ff1', sourcePort: 'out', target: 'mha1', targetPort: 'memory' };
    expect(canConnect(doc, loop)).toMatchObject({ ok: false, code: 'E_CYCLE' });
    const cut = doc.edges.find((e) => e.source === 'mha1' && e.target === 'norm1a')!;
    const without = { ...doc, edges: doc.edges.filter((e) => e !== cut) };
    expect(canConnect(without, loop).ok).toBe(true);
    expect(canConnect({ ...without, edges: [...without.edges, cut] }, loop)).toMatchObject({ ok: false, code: 'E_CYCLE' });
  });

  it('carries a width change to every block downstream and keeps upstream analyses', () => {
    const doc = generateCanvasBenchDoc(3);
    const before = analyzeGraph(doc);
    const edited = withNode(doc, 'embed', (n) => ({ ...n, params: { ...n.params, dModel: 64 } }));
    const after = analyzeGraph(edited);
    expect(after.nodes.input).toBe(before.nodes.input);
    expect(after.nodes.embed.outputs.out.shape).toEqual(['B', 'T', 64]);
    expect(after.nodes.norm2b.outputs.out.shape).toEqual(['B', 'T', 64]);
    expect(after.nodes.logits.inputs.in?.shape).toEqual(['B', 'T', 64]);
    expect(after.totalParameters).toBeLessThan(before.totalParameters);
    expect(after).toEqual(analyzeGraph(structuredClone(edited)));
  });

  it('notices params changed in place on the same node object', () => {
    const doc = generateCanvasBenchDoc(2);
    expect(analyzeGraph(doc).problems.filter((p) => p.nodeId === 'mha0')).toEqual([]);
    // 128 is not divisible by 3 heads: the attention block must report it even though its node object is the same.
    doc.nodes.find((n) => n.id === 'mha0')!.params.heads = 3;
    const problems = analyzeGraph(doc).problems.filter((p) => p.nodeId === 'mha0');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].code).toMatch(/^E_/);
  });

  it('notices an edge array changed in place', () => {
    const doc = generateCanvasBenchDoc(2);
    expect(analyzeGraph(doc).edges.e0).toBeDefined();
    const removed = doc.edges.splice(doc.edges.findIndex((e) => e.target === 'mha1'), 1)[0];
    const missing = analyzeGraph(doc).problems.find((p) => p.nodeId === 'mha1');
    expect(missing?.code).toBe('E_MISSING_INPUT');
    doc.edges.push(removed);
    expect(analyzeGraph(doc).problems.find((p) => p.nodeId === 'mha1')).toBeUndefined();
  });
});

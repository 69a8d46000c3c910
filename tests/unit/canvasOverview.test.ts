import { describe, expect, it } from 'vitest';
import { generateCanvasBenchDoc } from '../../bench/canvas/generate';
import { analyzeGraph, specOf } from '../../engine';
import { templates } from '../../engine/templates';
import { docToFlow } from '../../renderer/canvas/adapter';
import { BLOCK_WIDTH, blockHeight, portCenterY } from '../../renderer/canvas/geometry';
import { getBezierPath, getSmoothStepPath, Position } from '@xyflow/react';
import { blockAt, blockTargets, edgesNear, edgeTargets, flattenPath, overviewScene, titleLines } from '../../renderer/canvas/overview';
import { EMPTY_SELECTION } from '../../renderer/store/documentStore';

const englishName = (kind: string) => specOf(kind)?.label ?? kind;

describe('overview bitmap scene', () => {
  const doc = generateCanvasBenchDoc(3);
  const graph = docToFlow(doc, analyzeGraph(doc), EMPTY_SELECTION);

  it('draws every shown block but those React Flow draws, with its category and name', () => {
    const inReact = new Set(['mha1', 'ff2']);
    const scene = overviewScene(graph, (id) => inReact.has(id), englishName);
    expect(scene.blocks.map((b) => b.id)).toEqual(doc.nodes.map((n) => n.id).filter((id) => !inReact.has(id)));
    const embed = scene.blocks.find((b) => b.id === 'embed')!;
    expect(embed).toMatchObject({ x: doc.nodes[1].position.x, y: doc.nodes[1].position.y, width: BLOCK_WIDTH, category: 'embeddings', title: 'Embedding' });
    expect(embed.height).toBe(blockHeight(specOf('embedding')!));
    expect(scene.blocks.find((b) => b.id === 'head')?.category).toBe('heads');
  });

  it('leaves an edge to React Flow only when both its ends are React-drawn, and starts it at the port', () => {
    const inReact = new Set(['mha0', 'norm0a']);
    const scene = overviewScene(graph, (id) => inReact.has(id), englishName);
    const between = doc.edges.find((e) => e.source === 'mha0' && e.target === 'norm0a')!;
    expect(scene.edges.some((e) => e.id === between.id)).toBe(false);
    expect(scene.edges).toHaveLength(doc.edges.length - 1);
    // pos.out → mha0.query: a bezier from the right side of pos at its first port row to the left of mha0.
    const e = doc.edges.find((x) => x.source === 'pos' && x.target === 'mha0')!;
    const drawn = scene.edges.find((x) => x.id === e.id)!;
    const pos = doc.nodes.find((n) => n.id === 'pos')!.position;
    const mha = doc.nodes.find((n) => n.id === 'mha0')!.position;
    const start = /^M\s*([-\d.]+)[,\s]+([-\d.]+)/.exec(drawn.path)!;
    expect(Number(start[1])).toBeCloseTo(pos.x + BLOCK_WIDTH + 6, 5);
    expect(Number(start[2])).toBeCloseTo(pos.y + portCenterY(0), 5);
    const end = /([-\d.]+)[,\s]+([-\d.]+)\s*$/.exec(drawn.path)!;
    expect(Number(end[1])).toBeCloseTo(mha.x - 6, 5);
    expect(Number(end[2])).toBeCloseTo(mha.y + portCenterY(0), 5);
    expect(drawn.kind).toBe('sequence');
    const tokens = scene.edges.find((x) => x.id === doc.edges.find((d) => d.source === 'input')!.id)!;
    expect(tokens.kind).toBe('tokens');
  });

  it('bounds every block it draws', () => {
    const scene = overviewScene(graph, () => false, englishName);
    for (const b of scene.blocks) {
      expect(b.x).toBeGreaterThanOrEqual(scene.bounds.x);
      expect(b.y).toBeGreaterThanOrEqual(scene.bounds.y);
      expect(b.x + b.width).toBeLessThanOrEqual(scene.bounds.x + scene.bounds.width);
      expect(b.y + b.height).toBeLessThanOrEqual(scene.bounds.y + scene.bounds.height);
    }
  });

  it('names blocks in the UI language and keeps a label the user gave', () => {
    const labelled = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'ff0' ? { ...n, label: '첫 피드포워드' } : n)) };
    const g = docToFlow(labelled, analyzeGraph(labelled), EMPTY_SELECTION);
    const korean = (kind: string) => (kind === 'embedding' ? '임베딩' : englishName(kind));
    const scene = overviewScene(g, () => false, korean);
    expect(scene.blocks.find((b) => b.id === 'embed')?.title).toBe('임베딩');
    expect(scene.blocks.find((b) => b.id === 'ff0')?.title).toBe('첫 피드포워드');
    expect(blockTargets(g, korean).find((b) => b.id === 'embed')?.title).toBe('임베딩');
  });

  it('leaves out the members of a collapsed group (their frame is a React node)', () => {
    const template = templates.find((t) => t.build().groups.length > 0)!.build();
    const group = template.groups[0];
    const collapsed = { ...template, groups: template.groups.map((g) => (g.id === group.id ? { ...g, collapsed: true } : g)) };
    const g = docToFlow(collapsed, analyzeGraph(collapsed), EMPTY_SELECTION);
    const scene = overviewScene(g, (id) => id.startsWith('frame:'), englishName);
    const members = new Set(collapsed.nodes.filter((n) => n.group === group.id).map((n) => n.id));
    expect(members.size).toBeGreaterThan(0);
    expect(scene.blocks.some((b) => members.has(b.id))).toBe(false);
    // Edges that cross the collapsed frame's border are still drawn, to and from the frame.
    const crossing = collapsed.edges.filter((e) => members.has(e.source) !== members.has(e.target));
    for (const e of crossing) expect(scene.edges.some((x) => x.id === e.id)).toBe(true);
  });
});

describe('blockAt', () => {
  const doc = generateCanvasBenchDoc();
  const targets = blockTargets(docToFlow(doc, analyzeGraph(doc), EMPTY_SELECTION), englishName);

  it('finds the block under a point of the 1,002-block graph, and none between blocks', () => {
    expect(targets).toHaveLength(1002);
    const ff = doc.nodes.find((n) => n.id === 'ff100')!;
    expect(blockAt(targets, ff.position.x + 5, ff.position.y + 5)?.id).toBe('ff100');
    expect(blockAt(targets, ff.position.x + BLOCK_WIDTH - 1, ff.position.y + blockHeight(specOf('feedForward')!) - 1)?.id).toBe('ff100');
    // The bench lays blocks out 260 apart: the 50-unit gap after a block is empty.
    expect(blockAt(targets, ff.position.x + BLOCK_WIDTH + 20, ff.position.y + 5)).toBeUndefined();
  });

  it('picks the block drawn last where two overlap', () => {
    const rects = [
      { id: 'under', x: 0, y: 0, width: 100, height: 100 },
      { id: 'over', x: 50, y: 50, width: 100, height: 100 },
    ];
    expect(blockAt(rects, 75, 75)?.id).toBe('over');
    expect(blockAt(rects, 25, 25)?.id).toBe('under');
  });
});

describe('edge hit-testing along the drawn routes', () => {
  const ends = { sourceX: 0, sourceY: 0, sourcePosition: Position.Right, targetX: 300, targetY: 120, targetPosition: Position.Left };

  it('follows a bezier edge through the point React Flow puts its label on', () => {
    const [path, labelX, labelY] = getBezierPath(ends);
    const points = flattenPath(path);
    expect(points.slice(0, 2)).toEqual([0, 0]);
    expect(points.slice(-2)).toEqual([300, 120]);
    const onRoute = edgesNear([{ id: 'a', points, minX: 0, minY: 0, maxX: 300, maxY: 120 }], labelX, labelY, 0.01);
    expect(onRoute).toEqual(['a']);
  });

  it('follows a wrap edge down its corridor and back', () => {
    const [path] = getSmoothStepPath({ ...ends, targetX: -400, centerY: 260, offset: 20, borderRadius: 10 });
    const points = flattenPath(path);
    expect(points.slice(0, 2)).toEqual([0, 0]);
    expect(points.slice(-2).map((v) => Math.round(v))).toEqual([-400, 120]);
    const ys = points.filter((_, k) => k % 2 === 1);
    expect(Math.max(...ys)).toBeCloseTo(260, 5);
    // The corridor's middle is on the route; the straight line between the ends is not.
    const [target] = edgeTargets({ edges: [{ id: 'wrap', path, kind: 'sequence', selected: false }] });
    expect(edgesNear([target], -200, 260, 1)).toEqual(['wrap']);
    expect(edgesNear([target], -200, 60, 20)).toEqual([]);
  });

  it('reads relative commands and stops at a malformed one', () => {
    expect(flattenPath('m 10 10 l 5 0 h 5 v 5 z')).toEqual([10, 10, 15, 10, 20, 10, 20, 15, 10, 10]);
    expect(flattenPath('M 0 0 L 10 10 L 20')).toEqual([0, 0, 10, 10]);
  });

  const doc = generateCanvasBenchDoc(30);
  const graph = docToFlow(doc, analyzeGraph(doc), EMPTY_SELECTION);
  const targets = edgeTargets(overviewScene(graph, () => false, englishName));
  const at = (id: string) => doc.nodes.find((n) => n.id === id)!.position;

  it('finds the edge between two blocks of the 126-block graph, within the tolerance only', () => {
    // Token Input.out → Embedding.in: a bezier whose middle is halfway between its ends.
    const sx = at('input').x + BLOCK_WIDTH + 6;
    const sy = at('input').y + portCenterY(0);
    const tx = at('embed').x - 6;
    const ty = at('embed').y + portCenterY(0);
    const edge = doc.edges.find((e) => e.source === 'input')!.id;
    expect(edgesNear(targets, (sx + tx) / 2, (sy + ty) / 2, 2)).toEqual([edge]);
    expect(edgesNear(targets, (sx + tx) / 2, (sy + ty) / 2 + 6, 4)).toEqual([]);
    expect(edgesNear(targets, (sx + tx) / 2, (sy + ty) / 2 + 6, 8)).toEqual([edge]);
    // Above the first row, where nothing is drawn.
    expect(edgesNear(targets, at('embed').x, at('embed').y - 50, 4)).toEqual([]);
  });

  it('returns every edge leaving one output where they start together, the nearest first', () => {
    // norm0a.out feeds ff0.in and norm0b.residual: both routes start at its handle.
    const start = { x: at('norm0a').x + BLOCK_WIDTH + 6, y: at('norm0a').y + portCenterY(0) };
    const leaving = doc.edges.filter((e) => e.source === 'norm0a').map((e) => e.id);
    expect(leaving).toHaveLength(2);
    expect(edgesNear(targets, start.x, start.y, 3).sort()).toEqual([...leaving].sort());
    // At Add & Norm's second input the attention's edge ends; the residual edge ends one port row above it.
    const sublayer = { x: at('norm0a').x - 6, y: at('norm0a').y + portCenterY(1) };
    const fromAttention = doc.edges.find((e) => e.source === 'mha0' && e.target === 'norm0a')!.id;
    const residual = doc.edges.find((e) => e.source === 'pos' && e.target === 'norm0a')!.id;
    expect(edgesNear(targets, sublayer.x - 1, sublayer.y, 3)).toEqual([fromAttention]);
    const both = edgesNear(targets, sublayer.x - 1, sublayer.y - 4, portCenterY(1));
    expect(both.slice(0, 2)).toEqual([fromAttention, residual]);
  });
});

describe('titleLines', () => {
  // Ten units per character: enough to check where lines break without a browser's fonts.
  const ctx = { font: 'test', measureText: (s: string) => ({ width: s.length * 10 }) as TextMetrics };

  it('breaks at spaces when it can', () => {
    expect(titleLines(ctx, 'Multi-Head Attention', 120)).toEqual(['Multi-Head', 'Attention']);
    expect(titleLines(ctx, 'Add & Norm', 120)).toEqual(['Add & Norm']);
  });

  it('breaks a word without spaces between characters (Korean names)', () => {
    expect(titleLines(ctx, '멀티헤드어텐션블록입니다', 50)).toEqual(['멀티헤드어', '텐션블록입', '니다']);
  });

  it('ends the third line with an ellipsis when the title is longer', () => {
    const lines = titleLines(ctx, 'one two three four five six seven eight', 100);
    expect(lines).toHaveLength(3);
    expect(lines[2].endsWith('…')).toBe(true);
    for (const line of lines) expect(line.length * 10).toBeLessThanOrEqual(100);
  });
});

describe('titleLines at hyphens', () => {
  const ctx = { font: 'hyphen-test', measureText: (s: string) => ({ width: s.length * 10 }) as TextMetrics };
  it('breaks after a hyphen before breaking inside a word', () => {
    expect(titleLines(ctx, 'Feed-forward', 100)).toEqual(['Feed-', 'forward']);
    expect(titleLines(ctx, 'Masked self-attention', 100)).toEqual(['Masked', 'self-', 'attention']);
  });
});

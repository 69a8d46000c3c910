import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { specOf } from '../../engine/blocks/specs';
import type { GraphDoc, GraphNode } from '../../engine/graph/schema';
import { BLOCK_WIDTH, FRAME_HEADER, FRAME_PADDING, blockHeight } from './geometry';

const elk = new ELK();

const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

/**
 * Lays the graph out left → right in layers (elkjs "layered"), with ports in spec order so edges cross
 * little. Two passes: each group is laid out on its own first, then placed as one box, so a frame never
 * swallows blocks that are not its members. A long chain wraps into rows shaped like the canvas
 * (`aspectRatio`), since one row of ten blocks is too small to read once fitted to the window.
 */
export async function layoutDoc(doc: GraphDoc, aspectRatio = 1.4): Promise<GraphDoc> {
  if (!doc.nodes.length) return doc;
  const groupOf = new Map<string, string>();
  const groupIds = new Set(doc.groups.map((g) => g.id));
  for (const n of doc.nodes) if (n.group && groupIds.has(n.group)) groupOf.set(n.id, n.group);

  const positions = new Map<string, { x: number; y: number }>();
  const groupBoxes = new Map<string, { width: number; height: number; inner: Map<string, { x: number; y: number }> }>();
  for (const gid of new Set(groupOf.values())) {
    const members = doc.nodes.filter((n) => groupOf.get(n.id) === gid);
    const ids = new Set(members.map((n) => n.id));
    const graph: ElkNode = {
      id: gid,
      layoutOptions: { ...LAYERED, ...wrapping(aspectRatio) },
      children: members.map(leaf),
      edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(portEdge),
    };
    const laid = await elk.layout(graph);
    const inner = new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
    groupBoxes.set(gid, { width: (laid.width ?? 0) + 2 * FRAME_PADDING, height: (laid.height ?? 0) + 2 * FRAME_PADDING + FRAME_HEADER, inner });
  }

  const boxId = (nodeId: string) => (groupOf.has(nodeId) ? `group::${groupOf.get(nodeId)}` : nodeId);
  const children: ElkNode[] = doc.nodes.filter((n) => !groupOf.has(n.id)).map(leaf);
  for (const [gid, box] of groupBoxes) children.push({ id: `group::${gid}`, width: box.width, height: box.height });
  const edges: ElkExtendedEdge[] = [];
  for (const e of doc.edges) {
    const s = boxId(e.source);
    const t = boxId(e.target);
    if (s === t) continue;
    edges.push({
      id: e.id,
      sources: [s === e.source ? `${e.source}::out::${e.sourcePort}` : s],
      targets: [t === e.target ? `${e.target}::in::${e.targetPort}` : t],
    });
  }
  const root = await elk.layout({
    id: 'root',
    layoutOptions: { ...LAYERED, ...wrapping(aspectRatio) },
    children,
    edges,
  });
  for (const c of root.children ?? []) {
    const x = c.x ?? 0;
    const y = c.y ?? 0;
    if (c.id.startsWith('group::')) {
      const box = groupBoxes.get(c.id.slice(7))!;
      for (const [id, p] of box.inner) positions.set(id, { x: x + FRAME_PADDING + p.x, y: y + FRAME_PADDING + FRAME_HEADER + p.y });
    } else {
      positions.set(c.id, { x, y });
    }
  }
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}

function wrapping(aspectRatio: number): Record<string, string> {
  return { 'elk.layered.wrapping.strategy': 'MULTI_EDGE', 'elk.aspectRatio': String(aspectRatio) };
}

function leaf(n: GraphNode): ElkNode {
  const spec = specOf(n.kind);
  const ins = spec?.inputs ?? [];
  const outs = spec?.outputs ?? [];
  return {
    id: n.id,
    width: BLOCK_WIDTH,
    height: spec ? blockHeight(spec) : 100,
    layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
    ports: [
      // ELK numbers ports clockwise, so on the west side the first input gets the highest index.
      ...ins.map((p, i) => ({ id: `${n.id}::in::${p.name}`, layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(ins.length - i) } })),
      ...outs.map((p, i) => ({ id: `${n.id}::out::${p.name}`, layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) } })),
    ],
  };
}

function portEdge(e: GraphDoc['edges'][number]): ElkExtendedEdge {
  return { id: e.id, sources: [`${e.source}::out::${e.sourcePort}`], targets: [`${e.target}::in::${e.targetPort}`] };
}

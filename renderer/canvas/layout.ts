import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { specOf, type GraphDoc, type GraphNode } from '../../engine';
import { BLOCK_WIDTH, FRAME_HEADER, FRAME_PADDING, blockHeight } from './geometry';

const elk = new ELK();

const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

/** Vertical room between wrapped rows: the corridor through which edges from one row to the next run. */
export const ROW_GAP = 110;

/**
 * Lays the graph out left → right in layers (elkjs "layered"), with ports in spec order so edges cross
 * little. Two passes: each group is laid out on its own first, then placed as one box, so a frame never
 * swallows blocks that are not its members.
 *
 * A long chain does not fit a window in one row, so the layered result is cut between layer columns into
 * rows stacked top to bottom, as many as make the picture's shape closest to the canvas's
 * (`aspectRatio`, width / height). Rows are separated by an empty corridor of ROW_GAP; an edge from one
 * row to the next is drawn along it (the canvas's `wrap` edge, see routing.ts) instead of back across the
 * blocks. elk's own wrapping was not used for this: it interleaves rows unevenly, wraps inside groups and
 * leaves no band guaranteed free for those edges.
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
      layoutOptions: LAYERED,
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
  const root = await elk.layout({ id: 'root', layoutOptions: LAYERED, children, edges });
  const boxes: LaidBox[] = (root.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 }));
  for (const c of wrapIntoRows(boxes, aspectRatio)) {
    if (c.id.startsWith('group::')) {
      const box = groupBoxes.get(c.id.slice(7))!;
      for (const [id, p] of box.inner) positions.set(id, { x: c.x + FRAME_PADDING + p.x, y: c.y + FRAME_PADDING + FRAME_HEADER + p.y });
    } else {
      positions.set(c.id, { x: c.x, y: c.y });
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

export interface LaidBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Cuts a left → right layout into rows between its columns (boxes whose x-ranges overlap stay together, so
 * a layer is never split) and stacks the rows, each moved to x = 0 and packed to its own height. For each
 * row count the cut that makes the widest row narrowest is found; the count whose picture, fitted into a
 * canvas of the given aspect ratio, would be drawn largest wins (fewer rows on a tie).
 */
export function wrapIntoRows(boxes: readonly LaidBox[], aspectRatio: number): LaidBox[] {
  if (boxes.length < 2) return boxes.map((b) => ({ ...b }));
  const columns = columnsOf(boxes);
  const n = columns.length;
  const rowsAt = (maxWidth: number): number[][] => {
    const rows: number[][] = [[0]];
    for (let j = 1; j < n; j++) {
      const row = rows[rows.length - 1];
      if (columns[j].right - columns[row[0]].left > maxWidth) rows.push([j]);
      else row.push(j);
    }
    return rows;
  };
  const widest = Math.max(...columns.map((c) => c.right - c.left));
  const total = columns[n - 1].right - columns[0].left;
  let best: { rows: number[][]; score: number } | null = null;
  // Beyond a few dozen rows the picture is a thin strip: no window is shaped like that.
  for (let count = 1; count <= Math.min(n, 40); count++) {
    // The narrowest row width at which the greedy cut needs at most `count` rows, by bisection.
    let lo = widest;
    let hi = total;
    while (hi - lo > 1) {
      const mid = (lo + hi) / 2;
      if (rowsAt(mid).length <= count) hi = mid;
      else lo = mid;
    }
    const rows = rowsAt(rowsAt(lo).length <= count ? lo : hi);
    const { width, height } = measureRows(rows, columns);
    const score = Math.min(aspectRatio / width, 1 / height);
    if (!best || score > best.score * 1.0001) best = { rows, score };
    if (rows.length < count) break; // more rows were not needed
  }
  const placed: LaidBox[] = [];
  let top = 0;
  for (const row of best!.rows) {
    const members = row.flatMap((j) => columns[j].boxes);
    const left = columns[row[0]].left;
    const rowTop = Math.min(...members.map((b) => b.y));
    const rowBottom = Math.max(...members.map((b) => b.y + b.height));
    for (const b of members) placed.push({ ...b, x: b.x - left, y: b.y - rowTop + top });
    top += rowBottom - rowTop + ROW_GAP;
  }
  return placed;
}

interface Column {
  left: number;
  right: number;
  boxes: LaidBox[];
}

function columnsOf(boxes: readonly LaidBox[]): Column[] {
  const columns: Column[] = [];
  for (const b of [...boxes].sort((p, q) => p.x - q.x)) {
    const last = columns[columns.length - 1];
    if (last && b.x < last.right) {
      last.right = Math.max(last.right, b.x + b.width);
      last.boxes.push(b);
    } else {
      columns.push({ left: b.x, right: b.x + b.width, boxes: [b] });
    }
  }
  return columns;
}

function measureRows(rows: number[][], columns: Column[]): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const row of rows) {
    const members = row.flatMap((j) => columns[j].boxes);
    width = Math.max(width, columns[row[row.length - 1]].right - columns[row[0]].left);
    height += Math.max(...members.map((b) => b.y + b.height)) - Math.min(...members.map((b) => b.y));
  }
  return { width, height: height + ROW_GAP * (rows.length - 1) };
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

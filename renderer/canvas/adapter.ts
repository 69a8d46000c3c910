/**
 * Derives React Flow's nodes and edges from the GraphDoc and its analysis. The doc is the only source of
 * truth; what React Flow holds is recomputed from it (plus positions of a drag in progress).
 */
import type { Edge, Node } from '@xyflow/react';
import {
  formatType,
  portKindOf,
  resolveSize,
  specOf,
  type BlockCost,
  type GraphAnalysis,
  type GraphDoc,
  type GraphGroup,
  type GraphNode,
  type PortKind,
  type Problem,
  type TensorType,
} from '../../engine';
import type { Selection } from '../store/documentStore';
import type { XY } from '../store/edits';
import { BLOCK_WIDTH, COLLAPSED_FRAME, FRAME_HEADER, FRAME_PADDING, blockHeight } from './geometry';
import { findCorridor, laneY, needsWrapRoute, sortedByTop, type Corridor, type Rect } from './routing';

export interface BlockNodeData extends Record<string, unknown> {
  kind: string;
  /** The node's own label, if the user gave one. */
  label?: string;
  inputTypes: Record<string, TensorType | undefined>;
  outputTypes: Record<string, TensorType>;
  cost: BlockCost;
  copies: number;
  /** Named dim sizes and batch size, to turn memory terms into bytes. */
  sizes: Record<string, number>;
  problems: Problem[];
  /** The block's weights are frozen: loaded or initialised, never trained. */
  frozen: boolean;
}

export interface FramePort {
  id: string;
  kind: PortKind;
  label: string;
}

export interface GroupFrameData extends Record<string, unknown> {
  group: GraphGroup;
  memberCount: number;
  /** Handles of a collapsed frame: one per edge that crosses its border. */
  inputs: FramePort[];
  outputs: FramePort[];
  problemCount: number;
}

export type BlockFlowNode = Node<BlockNodeData, 'block'>;
export type GroupFlowNode = Node<GroupFrameData, 'groupFrame'>;
export type FlowNode = BlockFlowNode | GroupFlowNode;

export const frameId = (groupId: string): string => `frame:${groupId}`;
export const groupIdOfFrame = (nodeId: string): string | null => (nodeId.startsWith('frame:') ? nodeId.slice(6) : null);

export interface FlowGraph {
  nodes: FlowNode[];
  edges: Edge[];
}

export function docToFlow(doc: GraphDoc, analysis: GraphAnalysis, selection: Selection, dragPositions: Readonly<Record<string, XY>> = {}): FlowGraph {
  const sizes = { ...analysis.sizes, B: doc.training.batchSize };
  const problemsByNode = new Map<string, Problem[]>();
  for (const p of analysis.problems) {
    if (!p.nodeId) continue;
    const list = problemsByNode.get(p.nodeId) ?? [];
    list.push(p);
    problemsByNode.set(p.nodeId, list);
  }
  const selectedNodes = new Set(selection.nodes);
  const selectedEdges = new Set(selection.edges);
  const collapsed = new Map(doc.groups.filter((g) => g.collapsed).map((g) => [g.id, g]));
  const positionOf = (n: GraphNode): XY => dragPositions[n.id] ?? n.position;

  const frames: GroupFlowNode[] = [];
  const hiddenIn = new Map<string, string>(); // member node id → collapsed group id
  for (const g of doc.groups) {
    const members = doc.nodes.filter((n) => n.group === g.id);
    if (!members.length) continue;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const m of members) {
      const p = positionOf(m);
      const spec = specOf(m.kind);
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x + BLOCK_WIDTH);
      maxY = Math.max(maxY, p.y + (spec ? blockHeight(spec) : 100));
    }
    const isCollapsed = collapsed.has(g.id);
    if (isCollapsed) for (const m of members) hiddenIn.set(m.id, g.id);
    const memberIds = new Set(members.map((m) => m.id));
    const inputs: FramePort[] = [];
    const outputs: FramePort[] = [];
    if (isCollapsed) {
      for (const e of doc.edges) {
        const t = analysis.edges[e.id];
        const kind = t ? portKindOf(t) : 'sequence';
        if (memberIds.has(e.target) && !memberIds.has(e.source)) inputs.push({ id: `in:${e.id}`, kind, label: t ? formatType(t) : e.targetPort });
        if (memberIds.has(e.source) && !memberIds.has(e.target)) outputs.push({ id: `out:${e.id}`, kind, label: t ? formatType(t) : e.sourcePort });
      }
    }
    const problemCount = members.reduce((s, m) => s + (problemsByNode.get(m.id)?.length ?? 0), 0);
    const width = isCollapsed ? COLLAPSED_FRAME.width : maxX - minX + 2 * FRAME_PADDING;
    const height = isCollapsed ? COLLAPSED_FRAME.height + 20 * Math.max(inputs.length, outputs.length) : maxY - minY + 2 * FRAME_PADDING + FRAME_HEADER;
    frames.push({
      id: frameId(g.id),
      type: 'groupFrame',
      position: { x: minX - FRAME_PADDING, y: minY - FRAME_PADDING - FRAME_HEADER },
      data: { group: g, memberCount: members.length, inputs, outputs, problemCount },
      width,
      height,
      style: { width, height },
      zIndex: isCollapsed ? 0 : -1,
      selected: selection.groups.includes(g.id),
      connectable: false,
    });
  }

  const blocks: BlockFlowNode[] = doc.nodes.map((n) => {
    const a = analysis.nodes[n.id];
    return {
      id: n.id,
      type: 'block',
      position: positionOf(n),
      hidden: hiddenIn.has(n.id),
      selected: selectedNodes.has(n.id),
      data: {
        kind: n.kind,
        label: n.label,
        inputTypes: a?.inputs ?? {},
        outputTypes: a?.outputs ?? {},
        cost: a?.cost ?? { parameters: 0, activations: [] },
        copies: a?.copies ?? 1,
        sizes,
        problems: problemsByNode.get(n.id) ?? [],
        frozen: n.frozen === true,
      },
    };
  });

  // What an edge may not cross: every block on show and every collapsed frame (an open frame is a backdrop).
  const rects = new Map<string, Rect>();
  for (const b of blocks) {
    if (b.hidden) continue;
    const spec = specOf(b.data.kind);
    rects.set(b.id, { x: b.position.x, y: b.position.y, width: BLOCK_WIDTH, height: spec ? blockHeight(spec) : 100 });
  }
  for (const f of frames) if (f.data.group.collapsed) rects.set(f.id, { x: f.position.x, y: f.position.y, width: f.width ?? 0, height: f.height ?? 0 });
  const obstacles = sortedByTop(rects.values());

  const edges: Edge[] = [];
  const wrapped: { edge: Edge; corridor: Corridor; key: string; sourceX: number }[] = [];
  for (const e of doc.edges) {
    const sGroup = hiddenIn.get(e.source);
    const tGroup = hiddenIn.get(e.target);
    if (sGroup && sGroup === tGroup) continue; // inside a collapsed group
    const t = analysis.edges[e.id];
    const source = sGroup ? frameId(sGroup) : e.source;
    const target = tGroup ? frameId(tGroup) : e.target;
    const edge: Edge = {
      id: e.id,
      source,
      sourceHandle: sGroup ? `out:${e.id}` : e.sourcePort,
      target,
      targetHandle: tGroup ? `in:${e.id}` : e.targetPort,
      label: t ? formatType(t) : undefined,
      className: t ? `edge-${portKindOf(t)}` : 'edge-unknown',
      selected: selectedEdges.has(e.id),
      data: { type: t },
    };
    edges.push(edge);
    const sRect = rects.get(source);
    const tRect = rects.get(target);
    if (sRect && tRect && needsWrapRoute(sRect, tRect)) {
      const corridor = findCorridor(sRect, tRect, obstacles);
      wrapped.push({ edge, corridor, key: `${corridor.top}:${corridor.bottom}`, sourceX: sRect.x });
    }
  }
  // Edges that share a corridor get lanes side by side, ordered by where they start.
  const byCorridor = new Map<string, typeof wrapped>();
  for (const w of wrapped) {
    const list = byCorridor.get(w.key);
    if (list) list.push(w);
    else byCorridor.set(w.key, [w]);
  }
  for (const group of byCorridor.values()) {
    group.sort((a, b) => a.sourceX - b.sourceX || a.edge.id.localeCompare(b.edge.id));
    group.forEach((w, lane) => {
      w.edge.type = 'wrap';
      w.edge.data = { ...w.edge.data, corridorY: laneY(w.corridor, lane, group.length) };
    });
  }
  return { nodes: [...frames, ...blocks], edges };
}

/** Bytes of one memory term at the training batch size, counting every copy of a repeated group. */
export function termBytes(dims: readonly (string | number)[], sizes: Record<string, number>, copies = 1): number {
  return 4 * resolveSize(dims, sizes) * copies;
}

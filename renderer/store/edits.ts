/**
 * Every change a person can make to a graph, as a pure function GraphDoc → GraphDoc. The store wraps
 * these so each call is one undo step; tests and the clipboard call them directly.
 */
import {
  defaultParams,
  FORMAT_VERSION,
  graphDocSchema,
  specOf,
  type Connection,
  type GraphDoc,
  type GraphEdge,
  type GraphGroup,
  type GraphNode,
  type ParamValue,
} from '../../engine';
import { i18n } from '../i18n';
import { freshId, takenIds } from './ids';

export interface XY {
  x: number;
  y: number;
}

/** A new document is named in the UI language; the name is the learner's from then on. */
export function emptyDoc(name = i18n.t('app.untitled')): GraphDoc {
  return graphDocSchema.parse({ formatVersion: FORMAT_VERSION, name, nodes: [], edges: [] });
}

export function addNode(doc: GraphDoc, kind: string, position: XY): { doc: GraphDoc; id: string } {
  const spec = specOf(kind);
  if (!spec) throw new Error(`Unknown block kind “${kind}”.`);
  const id = freshId(kind, takenIds(doc));
  const node: GraphNode = { id, kind, params: defaultParams(spec), position: roundXY(position) };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, id };
}

export function moveNodes(doc: GraphDoc, positions: Readonly<Record<string, XY>>): GraphDoc {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const p = positions[n.id];
    if (!p) return n;
    const position = roundXY(p);
    if (position.x === n.position.x && position.y === n.position.y) return n;
    changed = true;
    return { ...n, position };
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Adds the edge; `replaces` names an edge to take out in the same step (a drop onto an occupied input). */
export function connect(doc: GraphDoc, c: Connection, replaces?: string): GraphDoc {
  const edge: GraphEdge = { id: freshId('e', takenIds(doc)), ...c };
  const kept = replaces ? doc.edges.filter((e) => e.id !== replaces) : doc.edges;
  return { ...doc, edges: [...kept, edge] };
}

/** Removes nodes (with their edges) and edges; a group left without members goes too. */
export function removeItems(doc: GraphDoc, nodeIds: readonly string[], edgeIds: readonly string[] = []): GraphDoc {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (!nodes.size && !edges.size) return doc;
  const keptNodes = doc.nodes.filter((n) => !nodes.has(n.id));
  const usedGroups = new Set(keptNodes.map((n) => n.group).filter(Boolean));
  return {
    ...doc,
    nodes: keptNodes,
    edges: doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
    groups: doc.groups.filter((g) => usedGroups.has(g.id)),
  };
}

export function setParam(doc: GraphDoc, nodeId: string, name: string, value: ParamValue): GraphDoc {
  return mapNode(doc, nodeId, (n) => (n.params[name] === value ? n : { ...n, params: { ...n.params, [name]: value } }));
}

export function setLabel(doc: GraphDoc, nodeId: string, label: string): GraphDoc {
  const trimmed = label.trim().slice(0, 200);
  return mapNode(doc, nodeId, (n) => {
    const next = trimmed || undefined;
    if (next === n.label) return n;
    const { label: _old, ...rest } = n;
    return next ? { ...rest, label: next } : rest;
  });
}

/**
 * Marks blocks frozen (their weights stay as loaded while the rest trains: fine-tuning, or a pre-trained
 * encoder used as a feature extractor) or trainable again. `frozen` is absent rather than false on a
 * trainable block, so files of graphs that never froze anything stay as they were.
 */
export function setFrozen(doc: GraphDoc, nodeIds: readonly string[], frozen: boolean): GraphDoc {
  const ids = new Set(nodeIds);
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    if (!ids.has(n.id) || (n.frozen === true) === frozen) return n;
    changed = true;
    if (frozen) return { ...n, frozen: true };
    const { frozen: _old, ...rest } = n;
    return rest;
  });
  return changed ? { ...doc, nodes } : doc;
}

/** Puts the nodes into a new group (taking them out of any group they were in). */
export function groupNodes(doc: GraphDoc, nodeIds: readonly string[], label: string): { doc: GraphDoc; groupId: string } {
  const members = new Set(nodeIds);
  const groupId = freshId('group', takenIds(doc));
  const group: GraphGroup = { id: groupId, label, repeat: 1, collapsed: false };
  const nodes = doc.nodes.map((n) => (members.has(n.id) ? { ...n, group: groupId } : n));
  const used = new Set(nodes.map((n) => n.group).filter(Boolean));
  return { doc: { ...doc, nodes, groups: [...doc.groups.filter((g) => used.has(g.id)), group] }, groupId };
}

export function ungroup(doc: GraphDoc, groupId: string): GraphDoc {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.group !== groupId) return n;
      const { group: _g, ...rest } = n;
      return rest;
    }),
    groups: doc.groups.filter((g) => g.id !== groupId),
  };
}

export function updateGroup(doc: GraphDoc, groupId: string, patch: Partial<Pick<GraphGroup, 'label' | 'repeat' | 'collapsed'>>): GraphDoc {
  return { ...doc, groups: doc.groups.map((g) => (g.id === groupId ? { ...g, ...patch } : g)) };
}

export function setName(doc: GraphDoc, name: string): GraphDoc {
  return { ...doc, name: name.slice(0, 200) || i18n.t('app.untitled') };
}

/** A piece of a graph on the clipboard: some nodes, the edges between them, their groups. */
export interface Fragment {
  tensorloomFragment: 1;
  nodes: GraphNode[];
  edges: GraphEdge[];
  groups: GraphGroup[];
}

export function copyFragment(doc: GraphDoc, nodeIds: readonly string[]): Fragment {
  const ids = new Set(nodeIds);
  const nodes = doc.nodes.filter((n) => ids.has(n.id));
  const groupIds = new Set(nodes.map((n) => n.group).filter(Boolean));
  return {
    tensorloomFragment: 1,
    nodes,
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
    groups: doc.groups.filter((g) => groupIds.has(g.id)),
  };
}

/**
 * Adds a fragment with fresh ids, shifted by `offset`. Unknown kinds and edges to ports that do not exist
 * are dropped: the clipboard may hold anything.
 */
export function pasteFragment(doc: GraphDoc, fragment: Fragment, offset: XY): { doc: GraphDoc; nodeIds: string[] } {
  const taken = takenIds(doc);
  const nodeMap = new Map<string, string>();
  const groupMap = new Map<string, string>();
  const groups: GraphGroup[] = [];
  for (const g of fragment.groups) {
    const id = freshId('group', taken);
    taken.add(id);
    groupMap.set(g.id, id);
    groups.push({ ...g, id });
  }
  const nodes: GraphNode[] = [];
  for (const n of fragment.nodes) {
    const spec = specOf(n.kind);
    if (!spec) continue;
    const id = freshId(n.kind, taken);
    taken.add(id);
    nodeMap.set(n.id, id);
    const { group, ...rest } = n;
    const newGroup = group ? groupMap.get(group) : undefined;
    nodes.push({
      ...rest,
      id,
      params: { ...defaultParams(spec), ...n.params },
      position: roundXY({ x: n.position.x + offset.x, y: n.position.y + offset.y }),
      ...(newGroup ? { group: newGroup } : {}),
    });
  }
  const edges: GraphEdge[] = [];
  for (const e of fragment.edges) {
    const source = nodeMap.get(e.source);
    const target = nodeMap.get(e.target);
    if (!source || !target) continue;
    const id = freshId('e', taken);
    taken.add(id);
    edges.push({ ...e, id, source, target });
  }
  const usedGroups = new Set(nodes.map((n) => n.group));
  return {
    doc: {
      ...doc,
      nodes: [...doc.nodes, ...nodes],
      edges: [...doc.edges, ...edges],
      groups: [...doc.groups, ...groups.filter((g) => usedGroups.has(g.id))],
    },
    nodeIds: nodes.map((n) => n.id),
  };
}

function mapNode(doc: GraphDoc, id: string, f: (n: GraphNode) => GraphNode): GraphDoc {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    if (n.id !== id) return n;
    const next = f(n);
    if (next !== n) changed = true;
    return next;
  });
  return changed ? { ...doc, nodes } : doc;
}

function roundXY(p: XY): XY {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

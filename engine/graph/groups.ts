import { specOf } from '../blocks/specs';
import type { OutputTypes } from '../blocks/types';
import { coded, elide, type MessageKey, type MessageParams, type Problem } from './errors';
import type { GraphDoc, GraphEdge, GraphGroup, GraphNode } from './schema';
import { formatType, type TensorType } from './shapes';

/**
 * Repeated groups (“N×”): how each one chains its copies, what is wrong with it, and the expansion itself. The
 * analysis reports the problems on every edit; the compiler and the exporters expand through the same plan, so
 * what the canvas accepts is what gets built.
 */

/**
 * Blocks a graph may have once every repeated group is expanded. Each block builds one to a few tfjs layers, and
 * building a model walks them all; far below this the model is already too slow to train in the app.
 */
export const MAX_EXPANDED_BLOCKS = 10_000;

/**
 * The longest chain of blocks, inputs to heads, once repeated groups are expanded. tfjs walks a model's layers
 * recursively when it builds it (Container's buildMapOfGraph), and a chain of about 4,400 layers exhausts the
 * stack of a Node process or a browser worker; a block adds at most three layers to a chain.
 */
export const MAX_CHAIN_BLOCKS = 1_000;

/** The id a node's k-th copy gets in the expanded graph; `#` is not allowed in document ids, so none can clash. */
export const copyId = (id: string, k: number): string => (k === 0 ? id : `${id}#${k}`);

export interface PortRef {
  node: string;
  port: string;
}

/** How one repeated group's copies are wired, as read off the document. */
export interface GroupPlan {
  group: GraphGroup;
  /** Member node ids, in document order. */
  members: string[];
  /** Edges from outside into the group, inside it, and out of it. */
  entry: GraphEdge[];
  internal: GraphEdge[];
  exit: GraphEdge[];
  /** The one output that leaves the group (from the last copy). */
  exitSource: PortRef;
  /** The outside output that copy 0 reads and copy k+1 reads from copy k instead. */
  carry: PortRef;
}

export interface GroupPlans {
  plans: GroupPlan[];
  problems: Problem[];
}

/** What the plan reads from the analysis: the type of each edge and each node's outputs, where known. */
export interface GroupTypes {
  edges: Readonly<Record<string, TensorType>>;
  nodes: Readonly<Record<string, { outputs: OutputTypes } | undefined>>;
}

const key = (r: PortRef) => `${r.node}\u0000${r.port}`;
const sourceOf = (e: GraphEdge): PortRef => ({ node: e.source, port: e.sourcePort });

/** Nodes after expansion: each member of a repeated group counts once per copy. */
export function expandedBlockCount(doc: Pick<GraphDoc, 'nodes' | 'groups'>): number {
  const repeatOf = new Map(doc.groups.map((g) => [g.id, g.repeat]));
  let count = 0;
  for (const n of doc.nodes) count += n.group ? (repeatOf.get(n.group) ?? 1) : 1;
  return count;
}

/**
 * Plans every group repeated more than once; a group that cannot be repeated as drawn gets an E_GROUP problem that
 * names it, and no plan. Linear in the document's size.
 */
export function planGroups(doc: GraphDoc, types: GroupTypes): GroupPlans {
  const problems: Problem[] = [];
  const plans: GroupPlan[] = [];
  const repeated = new Map(doc.groups.filter((g) => g.repeat > 1).map((g) => [g.id, g]));
  if (!repeated.size) return { plans, problems };
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const groupOf = (id: string) => byId.get(id)?.group;
  const membersOf = new Map<string, GraphNode[]>();
  for (const n of doc.nodes) {
    if (!n.group || !repeated.has(n.group)) continue;
    const list = membersOf.get(n.group);
    if (list) list.push(n);
    else membersOf.set(n.group, [n]);
  }
  const edgesOf = new Map<string, { entry: GraphEdge[]; internal: GraphEdge[]; exit: GraphEdge[] }>();
  const edgesFor = (g: string) => {
    let found = edgesOf.get(g);
    if (!found) edgesOf.set(g, (found = { entry: [], internal: [], exit: [] }));
    return found;
  };
  for (const e of doc.edges) {
    const from = groupOf(e.source);
    const to = groupOf(e.target);
    if (from !== undefined && from === to) {
      if (repeated.has(from)) edgesFor(from).internal.push(e);
      continue;
    }
    if (to !== undefined && repeated.has(to)) edgesFor(to).entry.push(e);
    if (from !== undefined && repeated.has(from)) edgesFor(from).exit.push(e);
  }

  for (const [groupId, members] of membersOf) {
    const group = repeated.get(groupId)!;
    const name: GroupName = { group: elide(group.label), repeat: String(group.repeat) };
    const { entry, internal, exit } = edgesFor(groupId);
    const heads = members.filter((n) => specOf(n.kind)?.category === 'heads');
    if (heads.length) {
      for (const n of heads) {
        problems.push({ ...coded('E_GROUP', 'group.holdsHead', { ...name, head: elide(n.label || n.id) }), nodeId: n.id });
      }
      continue;
    }
    const exitSources = unique(exit.map(sourceOf));
    if (exitSources.length !== 1) {
      problems.push(coded('E_GROUP', 'group.outputs', { ...name, count: String(exitSources.length) }));
      continue;
    }
    const exitSource = exitSources[0];
    const exitType = types.edges[exit[0].id];
    const carry = group.carry ? checkCarry(group, name, entry, exitType, byId, types, problems) : inferCarry(name, entry, exitType, types.edges, problems);
    if (!carry) continue;
    plans.push({ group, members: members.map((n) => n.id), entry, internal, exit, exitSource, carry });
  }
  return { plans, problems };
}

/** The carry the document names, if it is an outside output feeding the group whose type is the group's output's. */
/** How a group's problems name it: its label and repeat count. */
type GroupName = { group: string; repeat: string };

function checkCarry(
  group: GraphGroup,
  name: GroupName,
  entry: GraphEdge[],
  exitType: TensorType | undefined,
  byId: ReadonlyMap<string, GraphNode>,
  types: GroupTypes,
  problems: Problem[],
): PortRef | undefined {
  const carry = group.carry!;
  const said = `${elide(carry.node)}.${elide(carry.port)}`;
  const refuse = (key: MessageKey, params: MessageParams = {}) => {
    problems.push(coded('E_GROUP', key, { ...name, carry: said, ...params }));
    return undefined;
  };
  const node = byId.get(carry.node);
  if (!node) return refuse('group.carryNoBlock');
  if (node.group === group.id) return refuse('group.carryInside');
  if (!specOf(node.kind)?.outputs.some((p) => p.name === carry.port)) return refuse('group.carryNoOutput', { port: elide(carry.port) });
  if (!entry.some((e) => e.source === carry.node && e.sourcePort === carry.port)) return refuse('group.carryNotConnected');
  const carryType = types.nodes[carry.node]?.outputs[carry.port];
  if (carryType && exitType && !sameType(carryType, exitType)) {
    return refuse('group.carryShape', { carryType: formatType(carryType), exitType: formatType(exitType) });
  }
  return { node: carry.node, port: carry.port };
}

/** The one outside output feeding the group whose type is the group output's; a problem when there is not exactly one. */
function inferCarry(name: GroupName, entry: GraphEdge[], exitType: TensorType | undefined, edgeTypes: GroupTypes['edges'], problems: Problem[]): PortRef | undefined {
  // An unknown output type comes from a problem upstream, which is reported where it is.
  if (!exitType) return undefined;
  const sameShape = unique(entry.filter((e) => sameType(edgeTypes[e.id], exitType)).map(sourceOf));
  if (sameShape.length === 1) return sameShape[0];
  problems.push(coded('E_GROUP', 'group.carryUnclear', { ...name, count: String(sameShape.length) }));
  return undefined;
}

export interface ExpandedGraph {
  doc: GraphDoc;
  /** For each node id of the expanded doc: the original node id and its copy index. */
  origin: Record<string, { nodeId: string; copy: number }>;
  problems: Problem[];
}

/**
 * Expands each group with repeat N > 1 into N chained copies with separate weights — the paper's “N×”. Copy k+1
 * takes its carried input from copy k's output; every other input (say, the encoder memory a decoder layer attends
 * to) is shared by all copies. Edges that leave the group leave from the last copy. Copies of a node follow the
 * original nodes in the same order (group by group, copy by copy), so builds are reproducible.
 *
 * Linear in the size of the result, which is refused above MAX_EXPANDED_BLOCKS before anything is expanded.
 */
export function expandGraph(doc: GraphDoc, types: GroupTypes): ExpandedGraph {
  const origin: ExpandedGraph['origin'] = {};
  for (const n of doc.nodes) origin[n.id] = { nodeId: n.id, copy: 0 };
  if (!doc.groups.some((g) => g.repeat > 1)) return { doc, origin, problems: [] };
  const size = expandedSizeProblem(doc);
  if (size) return { doc, origin, problems: [size] };
  const { plans, problems } = planGroups(doc, types);
  const planned = new Set(plans.map((p) => p.group.id));
  for (const g of doc.groups) {
    if (g.repeat > 1 && !planned.has(g.id) && doc.nodes.some((n) => n.group === g.id) && !problems.length) {
      problems.push(coded('E_GROUP', 'group.shapesUnknown', { group: elide(g.label) }));
    }
  }
  if (problems.length) return { doc, origin, problems };

  // Where an output read from outside a repeated group comes from once it is expanded: its last copy.
  const lastCopyOf = new Map<string, PortRef>();
  for (const p of plans) lastCopyOf.set(key(p.exitSource), { node: copyId(p.exitSource.node, p.group.repeat - 1), port: p.exitSource.port });
  const resolve = (r: PortRef): PortRef => lastCopyOf.get(key(r)) ?? r;
  const withSource = (e: GraphEdge, r: PortRef): GraphEdge => (e.source === r.node && e.sourcePort === r.port ? e : { ...e, source: r.node, sourcePort: r.port });

  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const nodes: GraphNode[] = [...doc.nodes];
  const groupEdges = new Set<GraphEdge>();
  const copiedEdges: GraphEdge[] = [];
  const firstCopyEdges = new Map<GraphEdge, GraphEdge>();
  for (const p of plans) {
    const carryKey = key(p.carry);
    for (const e of p.internal) groupEdges.add(e);
    for (const e of p.entry) {
      groupEdges.add(e);
      firstCopyEdges.set(e, withSource(e, resolve(sourceOf(e))));
    }
    for (let k = 1; k < p.group.repeat; k++) {
      for (const id of p.members) {
        const n = byId.get(id)!;
        const copy = copyId(id, k);
        nodes.push({ ...n, id: copy, label: `${n.label || n.id} ×${k + 1}` });
        origin[copy] = { nodeId: id, copy: k };
      }
      for (const e of p.internal) {
        copiedEdges.push({ ...e, id: copyId(e.id, k), source: copyId(e.source, k), target: copyId(e.target, k) });
      }
      for (const e of p.entry) {
        const source = key(sourceOf(e)) === carryKey ? { node: copyId(p.exitSource.node, k - 1), port: p.exitSource.port } : resolve(sourceOf(e));
        copiedEdges.push({ ...e, id: copyId(e.id, k), source: source.node, sourcePort: source.port, target: copyId(e.target, k) });
      }
    }
  }
  const edges = doc.edges.map((e) => firstCopyEdges.get(e) ?? (groupEdges.has(e) ? e : withSource(e, resolve(sourceOf(e)))));
  return { doc: { ...doc, nodes, edges: [...edges, ...copiedEdges] }, origin, problems: [] };
}

/** E_GRAPH_TOO_LARGE when the repeated groups would expand past MAX_EXPANDED_BLOCKS, counted without expanding. */
export function expandedSizeProblem(doc: Pick<GraphDoc, 'nodes' | 'groups'>): Problem | undefined {
  const count = expandedBlockCount(doc);
  if (count <= MAX_EXPANDED_BLOCKS) return undefined;
  const repeatOf = new Map(doc.groups.map((g) => [g.id, g]));
  const members = new Map<string, number>();
  for (const n of doc.nodes) if (n.group) members.set(n.group, (members.get(n.group) ?? 0) + 1);
  const biggest = [...members]
    .map(([id, size]) => ({ group: repeatOf.get(id), size }))
    .filter((x) => x.group)
    .sort((a, b) => b.size * b.group!.repeat - a.size * a.group!.repeat)[0];
  const params = { count, max: MAX_EXPANDED_BLOCKS };
  return biggest
    ? coded('E_GRAPH_TOO_LARGE', 'group.tooLargeWhere', { ...params, group: elide(biggest.group!.label), size: biggest.size, repeat: String(biggest.group!.repeat) })
    : coded('E_GRAPH_TOO_LARGE', 'group.tooLarge', params);
}

/**
 * The longest chain of blocks in the expanded graph, and its last block (an original node id), by one pass over a
 * topological order (iterative: no depth of graph can exhaust the stack). `order` is the expanded doc's.
 */
export function longestChain(doc: Pick<GraphDoc, 'edges'>, order: readonly string[]): { length: number; end?: string } {
  const incoming = new Map<string, string[]>();
  for (const e of doc.edges) {
    const sources = incoming.get(e.target);
    if (sources) sources.push(e.source);
    else incoming.set(e.target, [e.source]);
  }
  const depth = new Map<string, number>();
  let best = { length: 0, end: undefined as string | undefined };
  for (const id of order) {
    let d = 1;
    for (const s of incoming.get(id) ?? []) d = Math.max(d, (depth.get(s) ?? 0) + 1);
    depth.set(id, d);
    if (d > best.length) best = { length: d, end: id };
  }
  return best;
}

function unique(refs: PortRef[]): PortRef[] {
  const seen = new Map<string, PortRef>();
  for (const r of refs) if (!seen.has(key(r))) seen.set(key(r), r);
  return [...seen.values()];
}

function sameType(a: TensorType | undefined, b: TensorType): boolean {
  return !!a && a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

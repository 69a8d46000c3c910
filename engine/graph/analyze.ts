import { specOf } from '../blocks/specs';
import type { BlockCost, BlockSpec, InferContext, MemoryTerm, OutputTypes } from '../blocks/types';
import { BlockError, coded, elide, type Problem } from './errors';
import type { GraphDoc, GraphEdge, GraphNode } from './schema';
import { resolveSize, type TensorType } from './shapes';
import type { GroupTypes } from './groups';
import { structureProblems } from './structure';
import { topologicalOrder } from './topology';

export interface NodeAnalysis {
  inputs: Record<string, TensorType | undefined>;
  outputs: OutputTypes;
  cost: BlockCost;
  /** Copies of the node after group expansion (its group's repeat count). */
  copies: number;
  /** The node's kind and params, for estimates that depend on them (the memory of an embedding's lookup). */
  kind: string;
  params: GraphNode['params'];
}

export interface GraphAnalysis {
  problems: Problem[];
  nodes: Record<string, NodeAnalysis>;
  /** Inferred type on each edge (absent where the source could not be inferred). */
  edges: Record<string, TensorType>;
  order: string[];
  /** Named dim sizes known from inputs, e.g. { T: 64 }. */
  sizes: Record<string, number>;
  totalParameters: number;
  /** All activation terms, tagged with their node, for the memory estimate. */
  activations: (MemoryTerm & { nodeId: string; copies: number })[];
}

export function nodeLabel(n: GraphNode, spec?: BlockSpec): string {
  return n.label || (spec ? `${spec.label} (${n.id})` : n.id);
}

/** Sizes of named dims: each Token Input declares its time axis and length. */
export function knownSizes(doc: GraphDoc): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const n of doc.nodes) {
    if (n.kind === 'tokenInput' && typeof n.params.time === 'string' && typeof n.params.length === 'number') {
      sizes[n.params.time] = Math.max(sizes[n.params.time] ?? 0, n.params.length);
    }
  }
  return sizes;
}

/**
 * Validation and shape inference in one pass over the topological order. Never throws: each problem is
 * attached to the node (or edge) it belongs to, and inference carries on past it so one mistake does not
 * hide every shape downstream that is still knowable. Expects a doc that passed `checkReferences`.
 *
 * Incremental: each node's result (inferred types, cost, problems) is remembered against what it was computed
 * from — the node's kind, id, label, params and repeat count, the types arriving on its input ports and the
 * graph's named sizes — and reused while all of those are unchanged. After one parameter edit only the edited
 * block and the blocks whose inputs then change are inferred again; the result equals a full analysis.
 */
export function analyzeGraph(doc: GraphDoc): GraphAnalysis {
  const problems: Problem[] = [];
  const nodes: Record<string, NodeAnalysis> = {};
  const edges: Record<string, TensorType> = {};
  const sizes = knownSizes(doc);
  const sizesKey = JSON.stringify(sizes);
  const repeatOf = new Map(doc.groups.map((g) => [g.id, g.repeat]));
  const index = graphIndex(doc);
  const { incoming, outgoing, order, positions, cyclic } = index;

  if (cyclic.length) {
    const byId = new Map(doc.nodes.map((n) => [n.id, n]));
    const names = cyclic.map((id) => nodeLabel(byId.get(id)!, specOf(byId.get(id)!.kind))).slice(0, 5);
    for (const id of cyclic) {
      problems.push({ ...coded('E_CYCLE', 'graph.cycle', { blocks: names.join(' → ') }), nodeId: id });
    }
  }

  let totalParameters = 0;
  const activations: GraphAnalysis['activations'] = [];
  let hasInput = false;
  let hasHead = false;

  for (let k = 0; k < order.length; k++) {
    const id = order[k];
    const node = doc.nodes[positions[k]];
    const spec = specOf(node.kind);
    if (!spec) continue;
    if (node.kind === 'tokenInput') hasInput = true;
    if (spec.category === 'heads') hasHead = true;

    // What arrives on each input port: an edge's inferred type (undefined when its source is unknown), or NO_EDGE.
    // Gathered into one reused array: a fresh array per block per analysis is most of what an edit allocates.
    const ports = incoming.get(id);
    const inputCount = spec.inputs.length;
    for (let i = 0; i < inputCount; i++) {
      const e = ports?.get(spec.inputs[i].name);
      arrivingScratch[i] = e ? nodes[e.source]?.outputs[e.sourcePort] : NO_EDGE;
    }
    const copies = node.group ? (repeatOf.get(node.group) ?? 1) : 1;
    let memo = nodeMemos.get(node);
    if (!memo || !memoStillHolds(memo, node, copies, sizesKey, arrivingScratch, inputCount)) {
      memo = inferNode(node, spec, copies, sizes, sizesKey, arrivingScratch.slice(0, inputCount));
      nodeMemos.set(node, memo);
    }
    const { analysis } = memo;
    nodes[id] = analysis;
    for (const p of memo.problems) problems.push(p);
    totalParameters += analysis.cost.parameters * copies;
    for (const a of memo.activations) activations.push(a);
    for (const e of outgoing.get(id) ?? []) if (analysis.outputs[e.sourcePort]) edges[e.id] = analysis.outputs[e.sourcePort];
  }
  arrivingScratch.fill(undefined);

  if (doc.nodes.length && !hasInput) {
    problems.push(coded('E_NO_INPUT', 'graph.noInput'));
  }
  if (doc.nodes.length && !hasHead) {
    problems.push({ ...coded('E_NO_HEAD', 'graph.noHead'), severity: 'warning' });
  }
  for (const p of wholeGraphProblems(doc, index, { nodes, edges })) problems.push(p);
  return { problems, nodes, edges, order: [...order], sizes, totalParameters, activations };
}

/** Marks an input port with no edge into it (as opposed to an edge whose source's type is unknown). */
const NO_EDGE = Symbol('no edge');
type Arriving = TensorType | undefined | typeof NO_EDGE;
/** Where each block's arriving types are gathered before they are compared with its memo (cleared after each analysis). */
const arrivingScratch: Arriving[] = [];

/** One node's analysis and what it was computed from. */
interface NodeMemo {
  kind: string;
  id: string;
  label: string | undefined;
  /** A shallow copy: params are flat primitives, and a copy notices a params object changed in place. */
  params: GraphNode['params'];
  paramCount: number;
  copies: number;
  sizesKey: string;
  arriving: Arriving[];
  analysis: NodeAnalysis;
  problems: Problem[];
  activations: GraphAnalysis['activations'];
}

// Keyed by node object: an edit replaces the edited node's object and keeps every other node's, so unedited
// nodes find their memo; a memo is checked against its inputs before reuse, so a stale one is never served.
const nodeMemos = new WeakMap<GraphNode, NodeMemo>();

function sameType(a: Arriving, b: Arriving): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === NO_EDGE || b === NO_EDGE) return false;
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

function memoStillHolds(memo: NodeMemo, node: GraphNode, copies: number, sizesKey: string, arriving: readonly Arriving[], arrivingCount: number): boolean {
  if (memo.kind !== node.kind || memo.id !== node.id || memo.label !== node.label || memo.copies !== copies || memo.sizesKey !== sizesKey) return false;
  const params = node.params;
  let count = 0;
  for (const name in params) {
    if (memo.params[name] !== params[name]) return false;
    count++;
  }
  if (count !== memo.paramCount || arrivingCount !== memo.arriving.length) return false;
  for (let i = 0; i < arrivingCount; i++) if (!sameType(arriving[i], memo.arriving[i])) return false;
  return true;
}

function inferNode(node: GraphNode, spec: BlockSpec, copies: number, sizes: Record<string, number>, sizesKey: string, arriving: Arriving[]): NodeMemo {
  const id = node.id;
  const problems: Problem[] = [];
  const label = elide(nodeLabel(node, spec), 120);
  const ctx: InferContext = { sizes, label };
  const inputs: Record<string, TensorType | undefined> = {};
  let upstreamUnknown = false;
  spec.inputs.forEach((port, i) => {
    const t = arriving[i];
    if (t === NO_EDGE) {
      if (!port.optional) {
        problems.push({ ...coded('E_MISSING_INPUT', 'graph.missingInput', { block: label, port: port.label }), nodeId: id });
        upstreamUnknown = true;
      }
      return;
    }
    if (!t) upstreamUnknown = true;
    inputs[port.name] = t;
  });

  let outputs: OutputTypes = {};
  let cost: BlockCost = { parameters: 0, activations: [] };
  try {
    spec.validateParams?.(node.params, ctx);
    if (!upstreamUnknown) outputs = spec.inferShapes(inputs, node.params, ctx);
  } catch (err) {
    problems.push(toProblem(err, id, label));
  }
  try {
    cost = spec.cost(inputs, outputs, node.params);
  } catch {
    // A cost estimate is a hint; a block that cannot estimate with unknown inputs contributes nothing.
  }
  return {
    kind: node.kind,
    id,
    label: node.label,
    params: { ...node.params },
    paramCount: Object.keys(node.params).length,
    copies,
    sizesKey,
    arriving,
    analysis: { inputs, outputs, cost, copies, kind: node.kind, params: node.params },
    problems,
    activations: cost.activations.map((term) => ({ ...term, nodeId: id, copies })),
  };
}

interface GraphIndex {
  /** Per target node: the edge into each of its input ports. */
  incoming: Map<string, Map<string, GraphEdge>>;
  outgoing: Map<string, GraphEdge[]>;
  order: string[];
  /** For each entry of `order`, where that node sits in `doc.nodes` (ids and their places are part of the structure). */
  positions: number[];
  cyclic: string[];
  /** The whole-graph problems last found for this structure, and the per-block fields they were found from. */
  structure?: StructureMemo;
}

/**
 * What `structureProblems` reads from a graph without repeated groups, besides the ids and edges its index is
 * keyed on: each block's kind and label (named in messages) and a Token Input's feed (E_FEED_TAKEN). With a
 * repeated group it also reads the inferred types (to plan the copies), so it is not remembered then.
 */
interface StructureMemo {
  kinds: string[];
  labels: (string | undefined)[];
  feeds: unknown[];
  problems: Problem[];
}

/**
 * `structureProblems` for the document, reused while its structure and every block's kind, label and feed are
 * unchanged: it walks the whole graph (layer names, the longest chain) and formats its messages, which is most of
 * what an analysis after a parameter edit costs when nothing else changed.
 */
function wholeGraphProblems(doc: GraphDoc, index: GraphIndex, types: GroupTypes): Problem[] {
  if (doc.groups.some((g) => g.repeat > 1)) return structureProblems(doc, types, index.order);
  const memo = index.structure;
  if (memo && sameBlockFields(memo, doc.nodes)) return memo.problems;
  const problems = structureProblems(doc, types, index.order);
  index.structure = {
    kinds: doc.nodes.map((n) => n.kind),
    labels: doc.nodes.map((n) => n.label),
    feeds: doc.nodes.map(feedOf),
    problems,
  };
  return problems;
}

const feedOf = (n: GraphNode): unknown => (n.kind === 'tokenInput' ? n.params.feed : undefined);

function sameBlockFields(memo: StructureMemo, nodes: readonly GraphNode[]): boolean {
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (memo.kinds[i] !== n.kind || memo.labels[i] !== n.label || memo.feeds[i] !== feedOf(n)) return false;
  }
  return true;
}

/**
 * The edge indexes and topological order, which depend only on the node ids and the edges. A parameter edit
 * keeps both, so the last few indexes are kept and reused when every node id and every edge's fields match.
 */
function graphIndex(doc: GraphDoc): GraphIndex {
  for (let i = 0; i < recentIndexes.length; i++) {
    const cached = recentIndexes[i];
    if (sameStructure(cached, doc)) {
      if (i > 0) recentIndexes.unshift(...recentIndexes.splice(i, 1));
      return cached.index;
    }
  }
  const incoming = new Map<string, Map<string, GraphEdge>>();
  const outgoing = new Map<string, GraphEdge[]>();
  for (const e of doc.edges) {
    let ports = incoming.get(e.target);
    if (!ports) incoming.set(e.target, (ports = new Map()));
    // The first edge into a port is the one inference reads (as a linear search over the edges would find).
    if (!ports.has(e.targetPort)) ports.set(e.targetPort, e);
    let out = outgoing.get(e.source);
    if (!out) outgoing.set(e.source, (out = []));
    out.push(e);
  }
  const { order, cyclic } = topologicalOrder(doc);
  const positionOf = new Map<string, number>();
  doc.nodes.forEach((n, i) => positionOf.set(n.id, i));
  const index: GraphIndex = { incoming, outgoing, order, positions: order.map((id) => positionOf.get(id)!), cyclic };
  recentIndexes.unshift({
    nodeIds: doc.nodes.map((n) => n.id),
    edges: doc.edges.map((e) => ({ id: e.id, source: e.source, sourcePort: e.sourcePort, target: e.target, targetPort: e.targetPort })),
    index,
  });
  recentIndexes.length = Math.min(recentIndexes.length, RECENT_INDEXES);
  return index;
}

interface CachedIndex {
  nodeIds: string[];
  edges: Pick<GraphEdge, 'id' | 'source' | 'sourcePort' | 'target' | 'targetPort'>[];
  index: GraphIndex;
}

// A few, not one: a connection drag analyses the document with one edge left out beside the document itself.
const RECENT_INDEXES = 4;
const recentIndexes: CachedIndex[] = [];

function sameStructure(cached: CachedIndex, doc: GraphDoc): boolean {
  const { nodes, edges } = doc;
  if (cached.nodeIds.length !== nodes.length || cached.edges.length !== edges.length) return false;
  for (let i = 0; i < nodes.length; i++) if (cached.nodeIds[i] !== nodes[i].id) return false;
  for (let i = 0; i < edges.length; i++) {
    const a = cached.edges[i];
    const b = edges[i];
    if (a.id !== b.id || a.source !== b.source || a.sourcePort !== b.sourcePort || a.target !== b.target || a.targetPort !== b.targetPort) return false;
  }
  return true;
}

/**
 * Each node's outgoing edges, from the index `analyzeGraph` keeps (checked against the document's ids and edges,
 * rebuilt only when they changed), so a connection drag's reachability check does not index 1,500 edges per move.
 */
export function edgesFrom(doc: GraphDoc): ReadonlyMap<string, readonly GraphEdge[]> {
  return graphIndex(doc).outgoing;
}

export function errorsOnly(problems: Problem[]): Problem[] {
  return problems.filter((p) => p.severity !== 'warning');
}

/** Activation memory in bytes for a batch size, float32, counting each term once per copy. */
export function activationBytes(a: GraphAnalysis, batchSize: number): number {
  const sizes = { ...a.sizes, B: batchSize };
  return a.activations.reduce((sum, t) => sum + 4 * resolveSize(t.dims, sizes) * t.copies, 0);
}

export function toProblem(err: unknown, nodeId: string, label: string): Problem {
  if (err instanceof BlockError) {
    const sentence = err.key ? { key: err.key, params: err.params ?? {} } : {};
    return { code: err.code, nodeId, message: elide(err.message, 400), fix: err.fix, ...sentence };
  }
  return { ...coded('E_SHAPE_MISMATCH', 'graph.blockFailed', { block: elide(label, 120), detail: elide((err as Error)?.message ?? String(err), 400) }), nodeId };
}

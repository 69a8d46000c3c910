import { specOf } from '../blocks/specs';
import type { BlockCost, BlockSpec, InferContext, MemoryTerm, OutputTypes } from '../blocks/types';
import { BlockError, elide, type Problem } from './errors';
import type { GraphDoc, GraphNode } from './schema';
import { resolveSize, type TensorType } from './shapes';
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
 */
export function analyzeGraph(doc: GraphDoc): GraphAnalysis {
  const problems: Problem[] = [];
  const nodes: Record<string, NodeAnalysis> = {};
  const edges: Record<string, TensorType> = {};
  const sizes = knownSizes(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const repeatOf = new Map(doc.groups.map((g) => [g.id, g.repeat]));
  const incoming = new Map<string, GraphDoc['edges']>();
  const outgoing = new Map<string, GraphDoc['edges']>();
  for (const e of doc.edges) {
    for (const [map, key] of [[incoming, e.target], [outgoing, e.source]] as const) {
      const list = map.get(key) ?? [];
      list.push(e);
      map.set(key, list);
    }
  }

  const { order, cyclic } = topologicalOrder(doc);
  if (cyclic.length) {
    const names = cyclic.map((id) => nodeLabel(byId.get(id)!, specOf(byId.get(id)!.kind))).slice(0, 5);
    for (const id of cyclic) {
      problems.push({
        code: 'E_CYCLE',
        nodeId: id,
        message: `${names.join(' → ')} form a cycle.`,
        fix: 'Remove one edge of the loop; recurrence belongs inside an RNN/LSTM/GRU block.',
      });
    }
  }

  let totalParameters = 0;
  const activations: GraphAnalysis['activations'] = [];
  let hasInput = false;
  let hasHead = false;

  for (const id of order) {
    const node = byId.get(id)!;
    const spec = specOf(node.kind);
    if (!spec) continue;
    const label = elide(nodeLabel(node, spec), 120);
    const ctx: InferContext = { sizes, label };
    if (node.kind === 'tokenInput') hasInput = true;
    if (spec.category === 'heads') hasHead = true;

    const inputs: Record<string, TensorType | undefined> = {};
    let upstreamUnknown = false;
    for (const port of spec.inputs) {
      const e = (incoming.get(id) ?? []).find((x) => x.targetPort === port.name);
      if (!e) {
        if (!port.optional) {
          problems.push({
            code: 'E_MISSING_INPUT',
            nodeId: id,
            message: `${label} has nothing connected to its “${port.label}” input.`,
            fix: `Drag a connection into the “${port.label}” port of ${label}.`,
          });
          upstreamUnknown = true;
        }
        continue;
      }
      const t = nodes[e.source]?.outputs[e.sourcePort];
      if (!t) upstreamUnknown = true;
      inputs[port.name] = t;
    }

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
    const copies = node.group ? (repeatOf.get(node.group) ?? 1) : 1;
    nodes[id] = { inputs, outputs, cost, copies, kind: node.kind, params: node.params };
    totalParameters += cost.parameters * copies;
    for (const term of cost.activations) activations.push({ ...term, nodeId: id, copies });
    for (const e of outgoing.get(id) ?? []) if (outputs[e.sourcePort]) edges[e.id] = outputs[e.sourcePort];
  }

  if (doc.nodes.length && !hasInput) {
    problems.push({ code: 'E_NO_INPUT', message: 'The graph has no Token Input.', fix: 'Add a Token Input from the Inputs section of the palette.' });
  }
  if (doc.nodes.length && !hasHead) {
    problems.push({
      code: 'E_NO_HEAD',
      severity: 'warning',
      message: 'The graph has no loss head, so it cannot be trained.',
      fix: 'Add a head (LM, classification, masked-LM or seq2seq) from the Heads section and connect its logits and targets.',
    });
  }
  problems.push(...structureProblems(doc, { nodes, edges }, order));
  return { problems, nodes, edges, order, sizes, totalParameters, activations };
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
  if (err instanceof BlockError) return { code: err.code, nodeId, message: elide(err.message, 400), fix: err.fix };
  return {
    code: 'E_SHAPE_MISMATCH',
    nodeId,
    message: `${elide(label, 120)}: ${elide((err as Error)?.message ?? String(err), 400)}`,
    fix: 'Check the connections and parameters of this block.',
  };
}

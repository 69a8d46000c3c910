import { analyzeGraph } from '../graph/analyze';
import type { Problem } from '../graph/errors';
import type { GraphDoc, GraphEdge, GraphNode } from '../graph/schema';

export interface ExpandedGraph {
  doc: GraphDoc;
  /** For each node id of the expanded doc: the original node id and its copy index. */
  origin: Record<string, { nodeId: string; copy: number }>;
  problems: Problem[];
}

export const copyId = (id: string, k: number): string => (k === 0 ? id : `${id}:${k}`);

/**
 * Expands each group with repeat N > 1 into N chained copies with separate weights — the paper's “N×”.
 * Copy k+1 takes its carried input from copy k's output; every other input (say, the encoder memory a
 * decoder layer attends to) is shared by all copies. Edges that leave the group leave from the last copy.
 */
export function expandGroups(doc: GraphDoc): ExpandedGraph {
  const origin: ExpandedGraph['origin'] = {};
  for (const n of doc.nodes) origin[n.id] = { nodeId: n.id, copy: 0 };
  const problems: Problem[] = [];
  const repeated = doc.groups.filter((g) => g.repeat > 1);
  if (!repeated.length) return { doc, origin, problems };

  const types = analyzeGraph(doc).edges;
  const nodes: GraphNode[] = [...doc.nodes];
  let edges: GraphEdge[] = [...doc.edges];

  for (const g of repeated) {
    const members = new Set(nodes.filter((n) => n.group === g.id).map((n) => n.id));
    if (!members.size) continue;
    const entry = edges.filter((e) => members.has(e.target) && !members.has(e.source));
    const exit = edges.filter((e) => members.has(e.source) && !members.has(e.target));
    const internal = edges.filter((e) => members.has(e.source) && members.has(e.target));
    const exitSources = unique(exit.map((e) => `${e.source}\u0000${e.sourcePort}`));
    if (exitSources.length !== 1) {
      problems.push({
        code: 'E_GROUP',
        message: `Group “${g.label}” has ${exitSources.length} outputs leaving it; a repeated group needs exactly one.`,
        fix: 'Make one block of the group feed everything outside it, or set the repeat count to 1.',
      });
      continue;
    }
    const [exitNode, exitPort] = exitSources[0].split('\u0000');
    const exitType = types[exit[0].id];
    let carryKey: string | undefined;
    if (g.carry) {
      carryKey = `${g.carry.node}\u0000${g.carry.port}`;
    } else {
      const sameShape = unique(
        entry.filter((e) => exitType && sameType(types[e.id], exitType)).map((e) => `${e.source}\u0000${e.sourcePort}`),
      );
      if (sameShape.length === 1) carryKey = sameShape[0];
      else {
        problems.push({
          code: 'E_GROUP',
          message: `Group “${g.label}” is repeated ×${g.repeat}, but it is not clear which input each copy should take from the previous copy (${sameShape.length} inputs have the output’s shape).`,
          fix: 'Feed the group from one block whose output has the same shape as the group’s output.',
        });
        continue;
      }
    }

    const memberNodes = nodes.filter((n) => members.has(n.id));
    let prevExit = { node: exitNode, port: exitPort };
    for (let k = 1; k < g.repeat; k++) {
      for (const n of memberNodes) {
        const id = copyId(n.id, k);
        nodes.push({ ...n, id, label: `${n.label || n.id} ×${k + 1}` });
        origin[id] = { nodeId: n.id, copy: k };
      }
      for (const e of internal) {
        edges.push({ ...e, id: copyId(e.id, k), source: copyId(e.source, k), target: copyId(e.target, k) });
      }
      for (const e of entry) {
        const carried = `${e.source}\u0000${e.sourcePort}` === carryKey;
        edges.push({
          ...e,
          id: copyId(e.id, k),
          source: carried ? prevExit.node : e.source,
          sourcePort: carried ? prevExit.port : e.sourcePort,
          target: copyId(e.target, k),
        });
      }
      prevExit = { node: copyId(exitNode, k), port: exitPort };
    }
    const exitIds = new Set(exit.map((e) => e.id));
    edges = edges.map((e) => (exitIds.has(e.id) ? { ...e, source: prevExit.node, sourcePort: prevExit.port } : e));
  }
  return { doc: { ...doc, nodes, edges }, origin, problems };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function sameType(a: { dtype: string; shape: unknown[] } | undefined, b: { dtype: string; shape: unknown[] }): boolean {
  return !!a && a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

import type { GraphDoc } from './schema';

export interface TopoResult {
  order: string[];
  /** Node ids that sit on a cycle (empty when the graph is a DAG). */
  cyclic: string[];
}

/** Kahn's algorithm over node ids; stable (ties broken by document order) so builds are reproducible. */
export function topologicalOrder(doc: Pick<GraphDoc, 'nodes' | 'edges'>): TopoResult {
  const indeg = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const n of doc.nodes) {
    indeg.set(n.id, 0);
    out.set(n.id, []);
  }
  for (const e of doc.edges) {
    if (!indeg.has(e.source) || !indeg.has(e.target)) continue;
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
    out.get(e.source)!.push(e.target);
  }
  const rank = new Map(doc.nodes.map((n, i) => [n.id, i]));
  const ready = doc.nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  // `ready` stays sorted by document order (binary insertion), so each pop takes the earliest node.
  const insertReady = (id: string) => {
    const r = rank.get(id)!;
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rank.get(ready[mid])! < r) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, id);
  };
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const t of out.get(id)!) {
      const d = indeg.get(t)! - 1;
      indeg.set(t, d);
      if (d === 0) insertReady(t);
    }
  }
  const placed = new Set(order);
  return { order, cyclic: doc.nodes.filter((n) => !placed.has(n.id)).map((n) => n.id) };
}

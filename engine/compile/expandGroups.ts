import { analyzeGraph, type GraphAnalysis } from '../graph/analyze';
import { expandedSizeProblem, expandGraph, type ExpandedGraph } from '../graph/groups';
import type { GraphDoc } from '../graph/schema';

export { copyId, type ExpandedGraph } from '../graph/groups';

/**
 * Expands each group with repeat N > 1 into N chained copies with separate weights (engine/graph/groups.ts has the
 * rules). Takes the doc's analysis where the caller already has it, for the types that decide each group's carry.
 */
export function expandGroups(doc: GraphDoc, analysis?: GraphAnalysis): ExpandedGraph {
  if (!doc.groups.some((g) => g.repeat > 1)) return expandGraph(doc, { nodes: {}, edges: {} });
  // Counted before the analysis, which a graph too large to expand does not need.
  const size = expandedSizeProblem(doc);
  if (size) return { doc, origin: Object.fromEntries(doc.nodes.map((n) => [n.id, { nodeId: n.id, copy: 0 }])), problems: [size] };
  return expandGraph(doc, analysis ?? analyzeGraph(doc));
}

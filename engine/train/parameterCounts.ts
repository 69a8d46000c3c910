import type { GraphAnalysis } from '../graph/analyze';
import type { GraphDoc } from '../graph/schema';

export interface ParameterCounts {
  /** Parameters the optimizer updates. */
  trainable: number;
  /** Parameters of frozen blocks (every copy in a repeated group), kept as they are while training. */
  frozen: number;
}

/** Node ids of the blocks marked frozen. */
export function frozenNodeIds(doc: GraphDoc): Set<string> {
  return new Set(doc.nodes.filter((n) => n.frozen).map((n) => n.id));
}

/** Trainable and frozen parameters, from the analysis' per-block estimates (each counted once per copy). */
export function parameterCounts(analysis: GraphAnalysis, doc: GraphDoc): ParameterCounts {
  const frozen = frozenNodeIds(doc);
  const counts: ParameterCounts = { trainable: 0, frozen: 0 };
  for (const [id, node] of Object.entries(analysis.nodes)) {
    const n = node.cost.parameters * node.copies;
    if (frozen.has(id)) counts.frozen += n;
    else counts.trainable += n;
  }
  return counts;
}

import { coded, elide, type Problem } from './errors';
import { expandedSizeProblem, expandGraph, longestChain, MAX_CHAIN_BLOCKS, planGroups, type GroupTypes } from './groups';
import { layerNameProblems } from './layerNames';
import type { GraphDoc } from './schema';
import { topologicalOrder } from './topology';

/**
 * What about a graph's structure as a whole keeps it from being built, found before anything is: repeated groups
 * that cannot be expanded as drawn (E_GROUP), ids whose layers would share a name (E_LAYER_NAME), more blocks than
 * the compiler builds once groups are expanded (E_GRAPH_TOO_LARGE, counted without expanding) and a chain of
 * blocks longer than tfjs can build (E_GRAPH_TOO_DEEP), and two Token Inputs on one feed (E_FEED_TAKEN). Linear in the expanded graph's size, which is bounded.
 */
export function structureProblems(doc: GraphDoc, types: GroupTypes, order?: readonly string[]): Problem[] {
  const problems = [...layerNameProblems(doc), ...sharedFeedProblems(doc)];
  const size = expandedSizeProblem(doc);
  if (size) return [...problems, size];
  const groupProblems = planGroups(doc, types).problems;
  problems.push(...groupProblems);
  if (groupProblems.length) return problems;
  const expanded = expandGraph(doc, types);
  if (expanded.problems.length) return problems;
  // The doc's own order serves when nothing was expanded.
  const chain = longestChain(expanded.doc, expanded.doc === doc && order ? order : topologicalOrder(expanded.doc).order);
  if (chain.length > MAX_CHAIN_BLOCKS && chain.end) {
    const end = expanded.origin[chain.end];
    const node = doc.nodes.find((n) => n.id === end.nodeId);
    const name = elide(node?.label || end.nodeId);
    const repeated = doc.groups.some((g) => g.repeat > 1);
    problems.push({
      nodeId: end.nodeId,
      ...coded('E_GRAPH_TOO_DEEP', repeated ? 'graph.chainTooDeepRepeated' : 'graph.chainTooDeep', { length: chain.length, last: name, max: MAX_CHAIN_BLOCKS }),
    });
  }
  return problems;
}

/**
 * E_FEED_TAKEN for each Token Input after the first on a feed: the compiled model has one input per feed, so the
 * second would silently read the first's tensor at the first's length.
 */
function sharedFeedProblems(doc: GraphDoc): Problem[] {
  const firstOnFeed = new Map<string, GraphDoc['nodes'][number]>();
  const problems: Problem[] = [];
  for (const n of doc.nodes) {
    if (n.kind !== 'tokenInput' || typeof n.params.feed !== 'string') continue;
    const first = firstOnFeed.get(n.params.feed);
    if (!first) {
      firstOnFeed.set(n.params.feed, n);
      continue;
    }
    problems.push({
      nodeId: n.id,
      ...coded('E_FEED_TAKEN', 'graph.feedTaken', { first: elide(first.label || first.id), second: elide(n.label || n.id), feed: elide(n.params.feed) }),
    });
  }
  return problems;
}

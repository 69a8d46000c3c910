import { analyzeGraph, errorsOnly, type GraphAnalysis } from '../graph/analyze';
import type { Problem } from '../graph/errors';
import type { GraphDoc, GraphNode } from '../graph/schema';
import type { BlockSelector, LessonCheck, LessonTask } from './schema';

/** One check's verdict; `problem` names what the graph lacks, for the learner (the check's own sentence says the goal). */
export interface CheckResult {
  check: LessonCheck;
  ok: boolean;
  /** Where the check failed on a graph problem (the `valid` check), the first one, as the graph's problems list shows it. */
  problem?: Problem;
  /** Found count against the wanted count, for checks that count blocks or repeats. */
  found?: number;
}

export function matchesSelector(node: GraphNode, selector: BlockSelector): boolean {
  if (node.kind !== selector.kind) return false;
  for (const [name, value] of Object.entries(selector.where ?? {})) {
    if (node.params[name] !== value) return false;
  }
  return true;
}

export function nodesMatching(doc: GraphDoc, selector: BlockSelector): GraphNode[] {
  return doc.nodes.filter((n) => matchesSelector(n, selector));
}

/**
 * Whether a block matching `from` reaches a block matching `to` along at most `maxHops` edges (the last one
 * into `port`, when given). A breadth-first walk from every source, bounded by hops, so a large graph costs
 * hops × edges at worst.
 */
function feeds(doc: GraphDoc, from: BlockSelector, to: BlockSelector, port: string | undefined, maxHops: number): boolean {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, GraphDoc['edges']>();
  for (const e of doc.edges) {
    const list = outgoing.get(e.source) ?? [];
    list.push(e);
    outgoing.set(e.source, list);
  }
  let frontier = new Set(nodesMatching(doc, from).map((n) => n.id));
  const seen = new Set(frontier);
  for (let hop = 1; hop <= maxHops && frontier.size; hop++) {
    const next = new Set<string>();
    for (const id of frontier) {
      for (const e of outgoing.get(id) ?? []) {
        const target = byId.get(e.target);
        if (!target) continue;
        if (matchesSelector(target, to) && (port === undefined || e.targetPort === port)) return true;
        if (!seen.has(e.target)) {
          seen.add(e.target);
          next.add(e.target);
        }
      }
    }
    frontier = next;
  }
  return false;
}

export function evaluateCheck(doc: GraphDoc, check: LessonCheck, analysis?: GraphAnalysis): CheckResult {
  switch (check.kind) {
    case 'hasBlock': {
      const found = nodesMatching(doc, check.block).length;
      return { check, ok: found >= check.min, found };
    }
    case 'lacksBlock': {
      const found = nodesMatching(doc, check.block).length;
      return { check, ok: found === 0, found };
    }
    case 'feeds':
      return { check, ok: feeds(doc, check.from, check.to, check.port, check.maxHops) };
    case 'groupRepeat': {
      const groups = new Set(nodesMatching(doc, check.contains).map((n) => n.group).filter((g): g is string => !!g));
      const found = Math.max(0, ...doc.groups.filter((g) => groups.has(g.id)).map((g) => g.repeat));
      return { check, ok: found >= check.min, found };
    }
    case 'frozen': {
      const blocks = nodesMatching(doc, check.block);
      return { check, ok: blocks.length > 0 && blocks.every((n) => !!n.frozen === check.frozen) };
    }
    case 'training':
      return { check, ok: doc.training[check.field] === check.value };
    case 'valid': {
      const errors = errorsOnly((analysis ?? analyzeGraph(doc)).problems);
      return { check, ok: doc.nodes.length > 0 && errors.length === 0, problem: errors[0] };
    }
  }
}

export interface TaskCheckResult {
  ok: boolean;
  results: CheckResult[];
}

/** A task's checks against the graph, analysed once. A task without checks is met by any graph. */
export function evaluateTask(doc: GraphDoc, task: LessonTask, analysis?: GraphAnalysis): TaskCheckResult {
  const needsAnalysis = task.checks.some((c) => c.kind === 'valid');
  const shared = analysis ?? (needsAnalysis ? analyzeGraph(doc) : undefined);
  const results = task.checks.map((c) => evaluateCheck(doc, c, shared));
  return { ok: results.every((r) => r.ok), results };
}

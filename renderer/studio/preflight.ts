/**
 * The check before Start: is the graph valid, how many parameters, how much memory (weights + optimizer
 * state + activations, where attention's B·h·T² usually dominates), and does it fit. A run that will not
 * fit is refused here, naming the block to shrink, instead of crashing the worker half-way.
 */
import {
  analyzeGraph,
  checkMemoryBudget,
  coded,
  errorsOnly,
  estimateTrainingMemory,
  type GraphDoc,
  type MemoryBreakdown,
  type MemoryEstimate,
  type Problem,
} from '../../engine';
import { breakdownOf } from '../worker/runInputs';

/**
 * What the studio lets a run use. A browser tab (and its worker) gets a few GiB at most, and tfjs keeps
 * scratch buffers on top of the estimate, so the budget stays well below that.
 */
export const STUDIO_MEMORY_BUDGET_BYTES = 1.5 * 2 ** 30;

export interface Preflight {
  params: number;
  memory: MemoryBreakdown;
  estimate: MemoryEstimate;
  /** The largest activation term, e.g. “attention scores B·h·T²” of a named block. */
  largest: { nodeId: string; label: string; term: string; bytes: number } | null;
  /** Errors in the graph, and E_OUT_OF_MEMORY when it will not fit. Empty when the run may start. */
  problems: Problem[];
}

export function preflight(doc: GraphDoc, budgetBytes = STUDIO_MEMORY_BUDGET_BYTES): Preflight {
  const analysis = analyzeGraph(doc);
  const estimate = estimateTrainingMemory(analysis, { batchSize: doc.training.batchSize, optimizer: doc.training.optimizer });
  const problems = errorsOnly(analysis.problems);
  if (!doc.nodes.length) {
    problems.push(coded('E_NO_INPUT', 'studio.emptyCanvas'));
  }
  const tooBig = checkMemoryBudget(doc, estimate, budgetBytes);
  if (tooBig) problems.push(tooBig);
  const node = estimate.largest ? doc.nodes.find((n) => n.id === estimate.largest!.nodeId) : undefined;
  return {
    params: analysis.totalParameters,
    memory: breakdownOf(estimate),
    estimate,
    largest: estimate.largest ? { ...estimate.largest, label: node?.label ?? estimate.largest.nodeId } : null,
    problems,
  };
}

export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

export { formatBytes } from '../../engine';

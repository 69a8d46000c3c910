import { specOf } from '../blocks/specs';
import { nodeLabel, type GraphAnalysis } from '../graph/analyze';
import type { Problem } from '../graph/errors';
import type { GraphDoc } from '../graph/schema';
import { resolveSize } from '../graph/shapes';

const FLOAT_BYTES = 4;

export interface MemoryEstimate {
  weightsBytes: number;
  /** One gradient per weight, held while the update is applied. */
  gradientBytes: number;
  /** Adam keeps two moments per weight; SGD none. */
  optimizerBytes: number;
  /** Float32 activations kept for the backward pass, for the configured batch. */
  activationBytes: number;
  totalBytes: number;
  /** The single largest activation term (e.g. attention scores B·h·T²), for the error message. */
  largest?: { nodeId: string; term: string; bytes: number };
}

/**
 * A pre-flight estimate of training memory: weights + gradients + optimizer state + activations (gradients and
 * optimizer state for the trainable parameters only, where the caller says how many there are). Counts
 * what must be resident at the peak of a step; tfjs' own scratch buffers come on top, so the budget
 * should leave head-room.
 */
export function estimateTrainingMemory(
  analysis: GraphAnalysis,
  opts: { batchSize: number; optimizer: 'adam' | 'sgd'; trainableParameters?: number },
): MemoryEstimate {
  const weightsBytes = analysis.totalParameters * FLOAT_BYTES;
  // Frozen blocks get no gradient and no optimizer state.
  const trainableBytes = (opts.trainableParameters ?? analysis.totalParameters) * FLOAT_BYTES;
  const gradientBytes = trainableBytes;
  const optimizerBytes = opts.optimizer === 'adam' ? 2 * trainableBytes : 0;
  const sizes = { ...analysis.sizes, B: opts.batchSize };
  let activationBytes = 0;
  let largest: { nodeId: string; term: string; bytes: number } | undefined;
  for (const t of analysis.activations) {
    const one = FLOAT_BYTES * resolveSize(t.dims, sizes);
    activationBytes += one * t.copies;
    if (!largest || one > largest.bytes) largest = { nodeId: t.nodeId, term: t.label, bytes: one };
  }
  const totalBytes = weightsBytes + gradientBytes + optimizerBytes + activationBytes;
  return { weightsBytes, gradientBytes, optimizerBytes, activationBytes, totalBytes, largest };
}

/** E_OUT_OF_MEMORY naming the block with the largest term, or nothing when the run fits. */
export function checkMemoryBudget(doc: GraphDoc, estimate: MemoryEstimate, budgetBytes: number): Problem | undefined {
  if (estimate.totalBytes <= budgetBytes) return undefined;
  const node = estimate.largest && doc.nodes.find((n) => n.id === estimate.largest!.nodeId);
  const where = node ? `${nodeLabel(node, specOf(node.kind))}’s ${estimate.largest!.term} (${formatBytes(estimate.largest!.bytes)})` : 'the weights';
  return {
    code: 'E_OUT_OF_MEMORY',
    nodeId: node?.id,
    message: `Training needs about ${formatBytes(estimate.totalBytes)} but the budget is ${formatBytes(budgetBytes)}; the largest part is ${where}.`,
    fix: 'Reduce T or batch, or heads (attention memory grows with B·heads·T²), or make the model narrower.',
  };
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  return `${Math.round(n / 2 ** 10)} KiB`;
}

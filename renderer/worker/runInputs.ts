/**
 * What both threads derive from a document before a run, without tfjs: the lengths its Token Inputs ask
 * for, and its parameter count and memory estimate. The
 * studio's pre-flight check and the worker use the same functions, so they cannot disagree.
 */
import {
  analyzeGraph,
  estimateTrainingMemory,
  type FeedLengths,
  type GraphDoc,
  type MemoryBreakdown,
  type MemoryEstimate,
} from '../../engine';

/** The sequence lengths a graph's Token Inputs ask for, by feed. */
export function feedLengthsOf(doc: GraphDoc): FeedLengths {
  const lengths: FeedLengths = {};
  for (const n of doc.nodes) {
    if (n.kind !== 'tokenInput') continue;
    const feed = n.params.feed;
    const length = n.params.length;
    if ((feed === 'tokens' || feed === 'decoder_tokens' || feed === 'segments') && typeof length === 'number') lengths[feed] = length;
  }
  return lengths;
}

export function breakdownOf(m: MemoryEstimate): MemoryBreakdown {
  return {
    // Gradients are one more copy of the weights; the learner thinks of both as “the weights”.
    weights: m.weightsBytes + m.gradientBytes,
    optimizer: m.optimizerBytes,
    // The activations kept for the backward pass and their gradients, which tfjs holds until the pass ends.
    activations: m.activationBytes + m.activationGradientBytes,
    total: m.totalBytes,
  };
}

export function memoryOf(doc: GraphDoc, batchSize: number): { params: number; memory: MemoryBreakdown } {
  const analysis = analyzeGraph(doc);
  const m = estimateTrainingMemory(analysis, { batchSize, optimizer: doc.training.optimizer });
  return { params: analysis.totalParameters, memory: breakdownOf(m) };
}

import { specOf } from '../blocks/specs';
import { nodeLabel, type GraphAnalysis } from '../graph/analyze';
import { coded, elide, type MessageKey, type Problem } from '../graph/errors';
import type { GraphDoc } from '../graph/schema';
import { resolveSize } from '../graph/shapes';
import { resolveLookup, type LookupMode } from '../layers/lookup';

const FLOAT_BYTES = 4;

export interface MemoryEstimate {
  weightsBytes: number;
  /** One gradient per weight, held while the update is applied. */
  gradientBytes: number;
  /** Adam keeps two moments per weight; SGD none. */
  optimizerBytes: number;
  /** Float32 activations kept for the backward pass, for the configured batch. */
  activationBytes: number;
  /**
   * The gradients of those activations. tfjs runs the whole backward pass in one scope and frees no gradient it has
   * passed back until the pass ends, so at the peak (the end of the backward pass) every activation the block specs
   * count has a gradient of its own size beside it — for self-attention off the fused kernels that includes a zero
   * gradient for the B·h·T² weights, which no later block reads; on them (wasm) the weights have none. Lookup
   * matrices get none (nothing trains through them).
   */
  activationGradientBytes: number;
  totalBytes: number;
  /** The single largest activation term (e.g. attention scores B·h·T²), for the error message. */
  largest?: LargestTerm;
  /** The block with the most parameters (all its copies), and what they hold with gradients and optimizer state. */
  heaviest?: { nodeId: string; parameters: number; weightsBytes: number; trainingBytes: number };
}

export interface LargestTerm {
  nodeId: string;
  term: string;
  bytes: number;
  /** A one-hot lookup, which gather avoids entirely. */
  oneHot?: boolean;
}

/**
 * A pre-flight estimate of training memory at the peak of a step, which is the end of the backward pass:
 * - the weights, one gradient per trainable weight, and Adam's two moments per trainable weight (optimizer state
 *   for the trainable parameters only, where the caller says how many there are);
 * - the activations the blocks keep for the backward pass (each block spec's `cost`), for the batch;
 * - a gradient of each of those activations (see `activationGradientBytes`);
 * - an embedding's one-hot lookup matrices where the backend builds them.
 * Held against the distinct tensor buffers tfjs holds at the peak (tests/unit/train/memoryMeasured.test.ts and the
 * bench). Not counted: kernel scratch outside tensors (on wasm the matmul's packing buffer and self-attention's
 * B·h·T² score gradient, alive only while the kernel runs), so the budget should leave head-room.
 */
export function estimateTrainingMemory(
  analysis: GraphAnalysis,
  opts: {
    batchSize: number;
    optimizer: 'adam' | 'sgd';
    trainableParameters?: number;
    /**
     * The backend the run will use, which decides what an 'auto' lookup does (engine/layers/lookup.ts: a gather on
     * every backend today). Without it only explicit one-hot lookups are counted.
     */
    backend?: string;
  },
): MemoryEstimate {
  const weightsBytes = analysis.totalParameters * FLOAT_BYTES;
  // Frozen blocks get no gradient and no optimizer state.
  const trainableBytes = (opts.trainableParameters ?? analysis.totalParameters) * FLOAT_BYTES;
  const gradientBytes = trainableBytes;
  const optimizerBytes = opts.optimizer === 'adam' ? 2 * trainableBytes : 0;
  const sizes = { ...analysis.sizes, B: opts.batchSize };
  // The backend registering the fused self-attention kernels (engine/backend/wasm/registerWasmKernels.ts).
  const fusedAttention = opts.backend === 'wasm';
  let activationBytes = 0;
  let activationGradientBytes = 0;
  let largest: LargestTerm | undefined;
  for (const t of analysis.activations) {
    const one = FLOAT_BYTES * resolveSize(t.dims, sizes);
    activationBytes += one * t.copies;
    if (!(fusedAttention && t.noGradientWhenFused)) activationGradientBytes += one * t.copies;
    if (!largest || one > largest.bytes) largest = { nodeId: t.nodeId, term: t.label, bytes: one };
  }
  for (const lookup of oneHotLookups(analysis, opts.backend)) {
    const matrix = FLOAT_BYTES * resolveSize(['B', lookup.time, lookup.rows], sizes);
    activationBytes += matrix * lookup.uncounted * lookup.copies;
    if (!largest || 2 * matrix > largest.bytes) {
      largest = { nodeId: lookup.nodeId, term: `one-hot lookup B·T·V${lookup.explicit ? '' : ' (lookup “auto” on wasm)'}`, bytes: 2 * matrix, oneHot: true };
    }
  }
  let heaviest: MemoryEstimate['heaviest'];
  const perWeight = 2 + (opts.optimizer === 'adam' ? 2 : 0); // the weight and its gradient, and Adam's two moments
  for (const [nodeId, node] of Object.entries(analysis.nodes)) {
    const parameters = node.cost.parameters * node.copies;
    if (parameters > 0 && (!heaviest || parameters > heaviest.parameters)) {
      heaviest = { nodeId, parameters, weightsBytes: FLOAT_BYTES * parameters, trainingBytes: FLOAT_BYTES * parameters * perWeight };
    }
  }
  const totalBytes = weightsBytes + gradientBytes + optimizerBytes + activationBytes + activationGradientBytes;
  return { weightsBytes, gradientBytes, optimizerBytes, activationBytes, activationGradientBytes, totalBytes, largest, heaviest };
}

/**
 * Embeddings that look up by one-hot × matMul on this backend. The lookup holds two B·T·V matrices at its peak: the
 * int32 one-hot and its float32 copy (tfjs-wasm's OneHot cannot write float32), and its gradient flows through the
 * float one. The embedding's spec counts one matrix for an explicit 'onehot' and none for 'auto' (which it cannot
 * resolve without the backend); `uncounted` is what is left.
 */
function oneHotLookups(analysis: GraphAnalysis, backend: string | undefined): Array<{ nodeId: string; time: string | number; rows: number; copies: number; uncounted: number; explicit: boolean }> {
  const found = [];
  for (const [nodeId, node] of Object.entries(analysis.nodes)) {
    if (node.kind !== 'embedding') continue;
    const rows = node.params.vocabSize;
    const mode = node.params.lookup as LookupMode;
    const time = node.inputs.in?.shape[1];
    if (typeof rows !== 'number' || time === undefined || resolveLookup(mode, backend ?? 'unknown', rows) !== 'onehot') continue;
    found.push({ nodeId, time, rows, copies: node.copies, uncounted: mode === 'onehot' ? 1 : 2, explicit: mode === 'onehot' });
  }
  return found;
}

/**
 * E_OUT_OF_MEMORY naming what takes the most: the largest activation term, or the block whose weights (with their
 * gradients and optimizer state, unless it is frozen) outweigh it — or nothing when the run fits.
 */
export function checkMemoryBudget(doc: GraphDoc, estimate: MemoryEstimate, budgetBytes: number): Problem | undefined {
  if (estimate.totalBytes <= budgetBytes) return undefined;
  const need = { total: formatBytes(estimate.totalBytes), budget: formatBytes(budgetBytes) };
  const labelOf = (id: string | undefined) => {
    const node = id === undefined ? undefined : doc.nodes.find((n) => n.id === id);
    return node && { node, label: elide(nodeLabel(node, specOf(node.kind))) };
  };
  const heavy = labelOf(estimate.heaviest?.nodeId);
  const heavyBytes = heavy && estimate.heaviest ? (heavy.node.frozen ? estimate.heaviest.weightsBytes : estimate.heaviest.trainingBytes) : 0;
  if (heavy && estimate.heaviest && heavyBytes > (estimate.largest?.bytes ?? 0)) {
    const { parameters, weightsBytes } = estimate.heaviest;
    const frozen = heavy.node.frozen === true;
    const key: MessageKey = frozen ? 'memory.heavyFrozen' : estimate.optimizerBytes ? 'memory.heavyOptimizer' : 'memory.heavy';
    const fixKey: MessageKey =
      heavy.node.kind === 'embedding' ? (frozen ? 'memory.fixEmbeddingFrozen' : 'memory.fixEmbedding') : frozen ? 'memory.fixLayerFrozen' : 'memory.fixLayer';
    const params = { ...need, block: heavy.label, parameters: formatCount(parameters), weights: formatBytes(weightsBytes), held: formatBytes(heavyBytes) };
    return { ...coded('E_OUT_OF_MEMORY', key, params, fixKey), nodeId: heavy.node.id };
  }
  const large = labelOf(estimate.largest?.nodeId);
  const key: MessageKey = large ? 'memory.largest' : 'memory.largestWeights';
  const params = large ? { ...need, block: large.label, term: estimate.largest!.term, bytes: formatBytes(estimate.largest!.bytes) } : need;
  // A one-hot lookup is always a block's own term, so its fix can name the block.
  const fixKey: MessageKey | undefined = estimate.largest?.oneHot && large ? 'memory.fixOneHot' : undefined;
  return { ...coded('E_OUT_OF_MEMORY', key, params, fixKey), nodeId: large?.node.id };
}

/** 64.0M, 1.2k, 950 — a parameter count as people read it. */
function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  return `${Math.round(n / 2 ** 10)} KiB`;
}

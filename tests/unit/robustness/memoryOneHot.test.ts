/**
 * The memory pre-flight counts an embedding's one-hot lookup (two B·T·V matrices: the int32 one-hot and its float32
 * copy), and 'auto' gathers where one-hot would be big: a million-token vocabulary used to be estimated at 0.03 GiB
 * and then died in tfjs-wasm's OneHot at about 4 GB.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../engine/compile/compile';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { resolveLookup } from '../../../engine/layers/lookup';
import { checkMemoryBudget, estimateTrainingMemory } from '../../../engine/train/memory';
import { DEFAULT_MEMORY_BUDGET_BYTES } from '../../../engine/train/runTraining';
import { fuzzDoc } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const V = 1_000_000;
const T = 64;
const oneHotBytes = (batch: number, rows = V) => 4 * batch * T * rows;

function estimate(name: string, opts: { batchSize: number; backend?: string; vocab?: number }) {
  const doc = fuzzDoc(name);
  if (opts.vocab) doc.nodes.find((n) => n.id === 'emb')!.params.vocabSize = opts.vocab;
  const analysis = analyzeGraph(doc);
  expect(errorsOnly(analysis.problems)).toEqual([]);
  return { doc, estimate: estimateTrainingMemory(analysis, { batchSize: opts.batchSize, optimizer: 'adam', backend: opts.backend }) };
}

describe('one-hot lookups in the memory estimate', () => {
  it("'auto' with a million-token vocabulary gathers on wasm, and is estimated without a one-hot matrix", () => {
    expect(resolveLookup('auto', 'wasm', V)).toBe('gather');
    const { estimate: e } = estimate('onehot-vocab-1e6.json', { batchSize: 32, backend: 'wasm' });
    expect(e.activationBytes).toBe(estimate('onehot-vocab-1e6.json', { batchSize: 32, backend: 'cpu' }).estimate.activationBytes);
    expect(e.totalBytes).toBeLessThan(oneHotBytes(32));
    const compiled = compileGraph(fuzzDoc('onehot-vocab-1e6.json'), { backend: 'wasm' });
    const embedding = compiled.model.layers.find((l) => l.name === 'emb__0__embedding')!;
    expect(embedding.getConfig().lookup).toBe('gather');
    compiled.dispose();
  });

  it("an explicit 'onehot' counts both matrices and is refused, naming the embedding and gather as the fix", () => {
    const { doc, estimate: e } = estimate('onehot-vocab-1e6-explicit.json', { batchSize: 32, backend: 'wasm' });
    expect(e.activationBytes).toBeGreaterThanOrEqual(2 * oneHotBytes(32));
    expect(e.largest).toMatchObject({ nodeId: 'emb', bytes: 2 * oneHotBytes(32), oneHot: true });
    const problem = checkMemoryBudget(doc, e, DEFAULT_MEMORY_BUDGET_BYTES)!;
    expect(problem).toMatchObject({ code: 'E_OUT_OF_MEMORY', nodeId: 'emb' });
    expect(problem.message).toContain('one-hot');
    expect(problem.fix).toContain('gather');
  });

  it("refuses an explicit 'onehot' whose single matrix fits the budget but whose pair does not", () => {
    // batch 4: one matrix 0.95 GiB (what the spec counted), the pair 1.9 GiB, plus weights and Adam's moments.
    const { doc, estimate: e } = estimate('onehot-vocab-1e6-explicit.json', { batchSize: 4, backend: 'wasm' });
    expect(oneHotBytes(4) + e.weightsBytes * 4).toBeLessThan(DEFAULT_MEMORY_BUDGET_BYTES);
    expect(checkMemoryBudget(doc, e, DEFAULT_MEMORY_BUDGET_BYTES)?.code).toBe('E_OUT_OF_MEMORY');
  });

  it("counts no one-hot matrix for 'auto' at any vocabulary on any backend, and both for an explicit 'onehot'", () => {
    for (const rows of [27, 3457, 4096]) {
      expect(resolveLookup('auto', 'wasm', rows)).toBe('gather');
      const onWasm = estimate('onehot-vocab-1e6.json', { batchSize: 8, backend: 'wasm', vocab: rows }).estimate;
      const unknown = estimate('onehot-vocab-1e6.json', { batchSize: 8, vocab: rows }).estimate;
      const onCpu = estimate('onehot-vocab-1e6.json', { batchSize: 8, backend: 'cpu', vocab: rows }).estimate;
      expect(onWasm.activationBytes).toBe(onCpu.activationBytes);
      expect(unknown.activationBytes).toBe(onCpu.activationBytes);
      const explicit = estimate('onehot-vocab-1e6-explicit.json', { batchSize: 8, backend: 'wasm', vocab: rows }).estimate;
      expect(explicit.activationBytes - onWasm.activationBytes).toBe(2 * oneHotBytes(8, rows));
    }
  });
});

describe('what the out-of-memory message names', () => {
  it('names the embedding whose weights are the bulk, not a small activation', () => {
    const doc = fuzzDoc('memory-heavy-embedding.json');
    const e = estimateTrainingMemory(analyzeGraph(doc), { batchSize: 32, optimizer: 'adam', backend: 'wasm' });
    const problem = checkMemoryBudget(doc, e, 256 * 2 ** 20)!;
    expect(problem).toMatchObject({ code: 'E_OUT_OF_MEMORY', nodeId: 'emb' });
    expect(problem.message).toContain('64.0M parameters');
    expect(problem.message).toContain('244.1 MiB of weights');
    expect(problem.message).toContain('976.6 MiB with their gradients');
    expect(problem.fix).toContain('smaller vocabulary');
  });

  it('a frozen embedding counts its weights only', () => {
    const doc = fuzzDoc('memory-heavy-embedding.json');
    doc.nodes.find((n) => n.id === 'emb')!.frozen = true;
    const e = estimateTrainingMemory(analyzeGraph(doc), { batchSize: 32, optimizer: 'adam', backend: 'wasm' });
    const problem = checkMemoryBudget(doc, e, 128 * 2 ** 20)!;
    expect(problem.message).toContain('(244.1 MiB of weights)');
    expect(problem.fix).not.toContain('freeze');
  });
});

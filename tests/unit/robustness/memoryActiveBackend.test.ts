/**
 * runTraining's memory check counts what the lookup builds on the active backend: an explicit one-hot lookup holds
 * two B·T·V matrices, so on wasm a run that fits with 'auto' (a gather there) is refused before any tensor exists.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import type { Dataset } from '../../../engine/data/types';
import { analyzeGraph } from '../../../engine/graph/analyze';
import { estimateTrainingMemory } from '../../../engine/train/memory';
import { runTraining } from '../../../engine/train/runTraining';
import { fuzzDoc } from './fixtures';

beforeAll(async () => {
  await initBackend('wasm', { spawnHelper: null });
});
afterAll(async () => {
  registerWasmKernels('simd', { spawnHelper: null });
  await tf.setBackend('cpu');
});

describe('the run-time memory check on wasm', () => {
  it("refuses a one-hot lookup that the same budget allows as 'auto', before allocating", async () => {
    const docWith = (lookup: 'auto' | 'onehot') => {
      const doc = fuzzDoc('onehot-vocab-1e6.json');
      Object.assign(doc.nodes.find((n) => n.id === 'emb')!.params, { vocabSize: 4096, lookup });
      doc.training.batchSize = 16;
      return doc;
    };
    const doc = docWith('onehot');
    const at = (lookup: 'auto' | 'onehot') =>
      estimateTrainingMemory(analyzeGraph(docWith(lookup)), { batchSize: 16, optimizer: doc.training.optimizer, backend: 'wasm' }).totalBytes;
    expect(at('onehot')).toBeGreaterThan(at('auto'));
    const budget = (at('onehot') + at('auto')) / 2;
    const tensorsBefore = tf.memory().numTensors;
    // The check comes before the dataset is read: a dataset that throws when touched proves it.
    const untouched = new Proxy({} as Dataset, { get: () => { throw new Error('the dataset was read'); } });
    await expect(runTraining(doc, untouched, { steps: 1, memoryBudgetBytes: budget })).rejects.toMatchObject({
      problems: [expect.objectContaining({ code: 'E_OUT_OF_MEMORY' })],
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

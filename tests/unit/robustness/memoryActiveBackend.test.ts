/**
 * runTraining's memory check counts what the active backend builds: on wasm an 'auto' embedding of up to 4,096 rows
 * is a one-hot lookup (two B·T·V matrices), so a run that fits with a gather is refused there before any tensor exists.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import type { Dataset } from '../../../engine/data/types';
import { analyzeGraph } from '../../../engine/graph/analyze';
import { ONE_HOT_AUTO_MAX_ROWS } from '../../../engine/layers/lookup';
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
  it("refuses an 'auto' one-hot lookup that the same budget would allow as a gather, before allocating", async () => {
    const doc = fuzzDoc('onehot-vocab-1e6.json');
    doc.nodes.find((n) => n.id === 'emb')!.params.vocabSize = ONE_HOT_AUTO_MAX_ROWS;
    doc.training.batchSize = 16;
    const analysis = analyzeGraph(doc);
    const at = (backend: string) => estimateTrainingMemory(analysis, { batchSize: 16, optimizer: doc.training.optimizer, backend }).totalBytes;
    expect(at('wasm')).toBeGreaterThan(at('cpu'));
    const budget = (at('wasm') + at('cpu')) / 2;
    const tensorsBefore = tf.memory().numTensors;
    // The check comes before the dataset is read: a dataset that throws when touched proves it.
    const untouched = new Proxy({} as Dataset, { get: () => { throw new Error('the dataset was read'); } });
    await expect(runTraining(doc, untouched, { steps: 1, memoryBudgetBytes: budget })).rejects.toMatchObject({
      problems: [expect.objectContaining({ code: 'E_OUT_OF_MEMORY' })],
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});

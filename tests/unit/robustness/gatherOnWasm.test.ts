/**
 * An embedding's gather lookup trains on wasm (the CLI's default backend): tfjs-backend-wasm has no
 * UnsortedSegmentSum, gather's gradient, so the project supplies it. Its gradients equal the one-hot lookup's and
 * the cpu backend's. The forward is the project's row-copying GatherV2 (engine/backend/wasm/heapGather.ts), equal to
 * tfjs-wasm's own kernel and the cpu backend's.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { createDataset } from '../../../engine/data';
import { TokenEmbedding } from '../../../engine/layers/tokenEmbedding';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { runTraining } from '../../../engine/train/runTraining';
import { fuzzDoc } from './fixtures';

beforeAll(async () => {
  await initBackend('wasm', { spawnHelper: null });
});
afterAll(async () => {
  registerWasmKernels('simd', { spawnHelper: null });
  await tf.setBackend('cpu');
});

/** The table's gradient of Σ(out ⊙ r) for ids with repeats and every row of a 7×3 table, on the active backend. */
function tableGradient(lookup: 'gather' | 'onehot'): number[] {
  return tf.tidy(() => {
    const layer = new TokenEmbedding({ vocabSize: 7, dModel: 3, lookup, seed: 4 });
    const ids = tf.tensor2d([[0, 3, 3, 6], [6, 1, 3, 0]], [2, 4], 'int32');
    layer.apply(ids);
    const r = tf.tensor3d(Array.from({ length: 24 }, (_, i) => Math.sin(i + 1)), [2, 4, 3]);
    const table = (layer.trainableWeights[0] as unknown as { val: tf.Variable }).val;
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(ids) as tf.Tensor, r)) as tf.Scalar, [table]);
    const values = Array.from(grads[table.name].dataSync());
    layer.dispose();
    return values;
  });
}

const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));

describe('gather lookup on wasm', () => {
  it('differentiates, with the one-hot lookup’s gradient and the cpu backend’s', async () => {
    const gather = tableGradient('gather');
    close(gather, tableGradient('onehot'));
    // Rows 2, 4 and 5 are never looked up: no gradient; row 3 is looked up three times.
    expect(gather.slice(6, 9)).toEqual([0, 0, 0]);
    expect(gather.slice(12, 18)).toEqual([0, 0, 0, 0, 0, 0]);
    await tf.setBackend('cpu');
    const onCpu = tableGradient('gather');
    await tf.setBackend('wasm');
    close(gather, onCpu);
  });

  it('has UnsortedSegmentSum in tfjs’ own kernel mode too, dropping ids outside the segments', () => {
    registerWasmKernels('tfjs');
    const sums = tf.tidy(() => tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]), tf.tensor1d([2, 0, 2, 5], 'int32'), 3).arraySync());
    expect(sums).toEqual([[3, 4], [0, 0], [6, 8]]);
    registerWasmKernels('simd', { spawnHelper: null });
  });

  it('gathers leading-axis rows as tfjs-wasm’s own kernel and the cpu backend do, for any ids shape and row shape', async () => {
    const cases = () => {
      const table = tf.tensor2d(Array.from({ length: 21 }, (_, i) => Math.sin(i) * 10), [7, 3]);
      const cube = tf.tensor3d(Array.from({ length: 30 }, (_, i) => i * 3 - 40), [5, 2, 3], 'int32');
      return [
        tf.gather(table, tf.tensor2d([[0, 3, 3, 6], [6, 1, 3, 0]], [2, 4], 'int32')),
        tf.gather(table, tf.tensor1d([], 'int32')),
        tf.gather(cube, tf.tensor1d([4, 0, 4], 'int32')),
        tf.gather(cube, tf.tensor1d([1, 0, 1, 1], 'int32'), 2), // another axis: tfjs' kernel
        tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor2d([[2, 0], [1, 1]], [2, 2], 'int32'), 1, 1), // batch dims: tfjs' kernel
      ].map((t) => ({ shape: t.shape, dtype: t.dtype, values: t.arraySync() }));
    };
    const rowCopies = tf.tidy(cases);
    expect(rowCopies[0].shape).toEqual([2, 4, 3]);
    expect(rowCopies[2]).toMatchObject({ shape: [3, 2, 3], dtype: 'int32' });
    registerWasmKernels('tfjs');
    const tfjsKernel = tf.tidy(cases);
    registerWasmKernels('simd', { spawnHelper: null });
    await tf.setBackend('cpu');
    const onCpu = tf.tidy(cases);
    await tf.setBackend('wasm');
    expect(rowCopies).toEqual(tfjsKernel);
    expect(rowCopies).toEqual(onCpu);
  });

  it('throws tfjs’ error for an id outside the table, naming it, and leaks nothing', () => {
    const table = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const before = tf.memory().numTensors;
    for (const bad of [2, -1]) {
      expect(() => tf.tidy(() => tf.gather(table, tf.tensor1d([0, bad], 'int32')))).toThrow(`GatherV2: the index value ${bad} is not in [0, 1]`);
    }
    expect(tf.memory().numTensors).toBe(before);
    table.dispose();
  });

  it('trains the reproducer graph for two steps with finite losses and no leak', async () => {
    const doc = fuzzDoc('gather-wasm.json');
    const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 1 });
    const before = tf.memory().numTensors;
    const result = await runTraining(doc, dataset, { steps: 2, validateEvery: 0 });
    expect(result.status).toBe('done');
    expect(Number.isFinite(result.lastLoss)).toBe(true);
    expect(result.compiled.model.layers.find((l) => l.name === 'emb__0__embedding')!.getConfig().lookup).toBe('gather');
    result.compiled.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

/**
 * Graphs that analyse and compile but used to fail at the first training step: two heads reading one logits tensor
 * (tfjs answered the second with null), and a recurrent block over sequences one token long (tfjs' unstack of a
 * length-1 axis has no working gradient).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph } from '../../../engine/compile/compile';
import { createDataset } from '../../../engine/data';
import type { GraphDoc } from '../../../engine/graph/schema';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { runTraining } from '../../../engine/train/runTraining';
import { fuzzDoc } from './fixtures';

beforeAll(async () => {
  await initBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

async function trainTwoSteps(doc: GraphDoc): Promise<number[]> {
  const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 1 });
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  const result = await runTraining(doc, dataset, { steps: 2, validateEvery: 0 }, { onProgress: (p) => losses.push(p.loss) });
  expect(result.status).toBe('done');
  result.compiled.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return losses;
}

describe('training edge cases', () => {
  it('two heads on one logits tensor share one model output and both train', async () => {
    const compiled = compileGraph(fuzzDoc('duplicate-head.json'));
    expect(compiled.model.outputs).toHaveLength(1);
    expect(compiled.heads.map((h) => [h.nodeId, h.outputIndex])).toEqual([
      ['head', 0],
      ['head_copy', 0],
    ]);
    compiled.dispose();
    const losses = await trainTwoSteps(fuzzDoc('duplicate-head.json'));
    expect(losses).toHaveLength(2);
    for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
  });

  it('an LSTM over one-token sequences trains, on cpu and on wasm', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await initBackend(backend, { spawnHelper: null });
      const losses = await trainTwoSteps(fuzzDoc('recurrent-one-step.json'));
      for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
    }
  });
});

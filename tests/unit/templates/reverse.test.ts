import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { templateById } from '../../../engine/templates';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { evaluate, predict } from '../../../engine/train/decode';
import { runTraining } from '../../../engine/train/runTraining';

describe('the reverse template', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('learns to reverse held-out sequences (≥ 95 % token accuracy) on the wasm backend with its own settings', async () => {
    const doc = templateById('reverse')!.build();
    const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 1 }, undefined);
    const result = await runTraining(doc, dataset, { validateEvery: 0, validationBatches: 1 });
    try {
      expect(result.status).toBe('done');
      expect(result.steps).toBe(doc.training.steps);
      const heldOut = await evaluate(result.compiled, dataset, { batches: 4, batchSize: 64, seed: 99 });
      expect(heldOut.accuracy).toBeGreaterThanOrEqual(0.95);

      // And on a probe a person types: “abc123” comes back as “321cba”.
      const probe = dataset.encodeProbe('abc123');
      const prediction = await predict(result.compiled, probe);
      expect(dataset.targetVocab.decode(prediction.ids.slice(0, 6))).toBe('321cba');
    } finally {
      result.compiled.dispose();
    }
  });
});

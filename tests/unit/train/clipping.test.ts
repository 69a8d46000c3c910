import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph } from '../../../engine/compile/compile';
import { createDataset, createRng, type Dataset } from '../../../engine/data';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { applyModel, disposeBatch, toDeviceBatch } from '../../../engine/train/feeds';
import { maskedSoftmaxCrossEntropy } from '../../../engine/train/losses';
import { modelWeights, readWeights } from '../../../engine/train/modelState';
import { runTraining } from '../../../engine/train/runTraining';
import { tinyTaggerDoc } from './tinyGraphs';

/**
 * One step of clipped training against the same step in float64: the gradients (float32, from tfjs, at the
 * run's initial weights on the run's batch) are scaled by clipNorm / ‖g‖ and applied by plain SGD or by Adam's
 * first update, w − lr·ĝ/(|ĝ| + ε). clipNorm is far below the gradients' global norm, so an update that skipped
 * the clip would be tens to thousands of times off; for Adam it is small enough that ε makes the scale matter.
 */
describe.each(['cpu', 'wasm'] as const)('gradient clipping by global norm on %s', (backend) => {
  afterAll(async () => {
    await initBackend('wasm');
  });

  it.each([
    { optimizer: 'sgd' as const, learningRate: 1, clipNorm: 1e-2 },
    { optimizer: 'adam' as const, learningRate: 1e-2, clipNorm: 1e-6 },
  ])('$optimizer: one step equals the float64 reference', async ({ optimizer, learningRate, clipNorm }) => {
    await initBackend(backend);
    const doc = tinyTaggerDoc({ d: 8 });
    const dataset = await createDataset('reverse', { lengths: graphFeedLengths(doc), seed: 1 });
    const batch = dataset.batch(4, 'train', createRng(2));
    const oneBatch: Dataset = { ...dataset, batch: () => batch };

    // Gradients at the initial weights (the run compiles with the same seed, so it starts from these).
    const reference = compileGraph(doc);
    const initial = await readWeights(reference);
    const device = toDeviceBatch(reference, batch);
    const variables = modelWeights(reference).map((w) => w.variable.read() as tf.Variable);
    const { grads, value } = tf.variableGrads(() => {
      const outputs = applyModel(reference, device.inputs, true);
      const losses = reference.heads.map((h) => maskedSoftmaxCrossEntropy(outputs[h.outputIndex], device.targets[h.target.feed]!, { labelSmoothing: 0 }).loss);
      return tf.addN(losses) as tf.Scalar;
    }, variables);
    const gradients = variables.map((v) => Float64Array.from(grads[v.name].dataSync()));
    tf.dispose([value, ...Object.values(grads)]);
    disposeBatch(device);
    reference.dispose();

    const norm = Math.sqrt(gradients.reduce((sum, g) => sum + g.reduce((s, x) => s + x * x, 0), 0));
    expect(norm).toBeGreaterThan(100 * clipNorm);
    const scale = clipNorm / norm;
    const expected = initial.map((w, i) =>
      Array.from(w.data, (x, j) => {
        const g = gradients[i][j] * scale;
        return optimizer === 'sgd' ? x - learningRate * g : x - (learningRate * g) / (Math.abs(g) + 1e-8);
      }),
    );

    const result = await runTraining(doc, oneBatch, { steps: 1, batchSize: 4, optimizer, learningRate, clipNorm, schedule: 'constant', validateEvery: 0, validationBatches: 0 });
    const trained = await readWeights(result.compiled);
    result.compiled.dispose();
    expect(trained.map((w) => w.name)).toEqual(initial.map((w) => w.name));
    let largestStep = 0;
    let worst = 0;
    trained.forEach((w, i) =>
      w.data.forEach((x, j) => {
        largestStep = Math.max(largestStep, Math.abs(expected[i][j] - initial[i].data[j]));
        worst = Math.max(worst, Math.abs(x - expected[i][j]));
      }),
    );
    expect(largestStep).toBeGreaterThan(0);
    // float32 weights: each update is good to a few units in the last place of the weight it lands on.
    expect(worst).toBeLessThan(1e-3 * largestStep);
  });
});

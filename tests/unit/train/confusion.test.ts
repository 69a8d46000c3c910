import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph, type CompiledModel } from '../../../engine/compile/compile';
import { createDataset } from '../../../engine/data';
import type { Dataset } from '../../../engine/data/types';
import { templateById } from '../../../engine/templates/index';
import { validationBatches } from '../../../engine/data/heldOut';
import { confusionMatrix, overallAccuracy, perClassAccuracy } from '../../../engine/train/confusion';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { validationConfusion } from '../../../engine/train/probeSample';
import { nodeDataSources } from '../../../app/dataSources';

describe('confusion matrix', () => {
  it('counts each (true, predicted) pair in its row and column, and reads per-class accuracy off the rows', () => {
    const classes = ['negative', 'positive', 'neutral'];
    //            true:  n  n  p  p  p  u, and two ids outside the classes that are not counted
    const actual = [0, 0, 1, 1, 1, 2, 5, 0];
    const predicted = [0, 1, 1, 1, 0, 2, 0, -1];
    const m = confusionMatrix(classes, actual, predicted);
    expect(m.counts).toEqual([1, 1, 0, 1, 2, 0, 0, 0, 1]);
    expect(m.examples).toBe(6);
    expect(perClassAccuracy(m)).toEqual([
      { label: 'negative', examples: 2, correct: 1, accuracy: 0.5 },
      { label: 'positive', examples: 3, correct: 2, accuracy: 2 / 3 },
      { label: 'neutral', examples: 1, correct: 1, accuracy: 1 },
    ]);
    expect(overallAccuracy(m)).toBeCloseTo(4 / 6, 12);
  });

  it('says a class without validation examples has no accuracy, and refuses unpaired lists', () => {
    const m = confusionMatrix(['a', 'b'], [0, 0], [0, 1]);
    expect(perClassAccuracy(m)[1]).toEqual({ label: 'b', examples: 0, correct: 0, accuracy: null });
    expect(overallAccuracy(confusionMatrix(['a'], [], []))).toBeNull();
    expect(() => confusionMatrix(['a', 'b'], [0, 1], [0])).toThrow(/2 true classes, 1 predictions/);
  });
});

describe('a classifier’s confusion matrix over the validation split', () => {
  let compiled: CompiledModel;
  let dataset: Dataset;

  beforeAll(async () => {
    await initBackend('wasm');
    const doc = templateById('encoder-classifier')!.build();
    compiled = compileGraph(doc, { seed: 1 });
    dataset = await createDataset('sentiment', { lengths: graphFeedLengths(doc), seed: 1 }, nodeDataSources());
  });
  afterAll(() => compiled.dispose());

  it('counts each validation example once by its true class, the same ones each time, and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const m = await validationConfusion(compiled, dataset, 40);
    expect(tf.memory().numTensors).toBe(before);
    expect(m).not.toBeNull();
    expect(m!.classes).toEqual([...dataset.classes!]);
    expect(m!.examples).toBe(Math.min(40, dataset.sizes.validation));
    expect(m!.counts.reduce((a, b) => a + b, 0)).toBe(m!.examples);
    // The rows are the validation examples' true classes: the same rows validation reads, in its order.
    const trueCounts = new Array<number>(m!.classes.length).fill(0);
    for (const batch of validationBatches(dataset, 128, 40)) for (const label of batch.labels!.data) trueCounts[label] += 1;
    expect(perClassAccuracy(m!).map((c) => c.examples)).toEqual(trueCounts);
    // The same examples every time (a seed of its own): two snapshots of the same weights agree.
    expect(await validationConfusion(compiled, dataset, 40)).toEqual(m);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { createDataset, createRng } from '../../../engine/data';
import type { Dataset } from '../../../engine/data/types';
import { EngineError } from '../../../engine/graph/errors';
import type { GraphDoc } from '../../../engine/graph/schema';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { applyModel, disposeBatch, toDeviceBatch } from '../../../engine/train/feeds';
import { runTraining } from '../../../engine/train/runTraining';
import type { ProgressEvent, RunConfig, TrainingCallbacks } from '../../../engine/train/types';
import { tinyTaggerDoc } from './tinyGraphs';

async function datasetFor(doc: GraphDoc, seed = 1): Promise<Dataset> {
  return createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed });
}

async function train(doc: GraphDoc, config: RunConfig = {}, callbacks: TrainingCallbacks = {}) {
  const result = await runTraining(doc, await datasetFor(doc), config, callbacks);
  result.compiled.dispose();
  return result;
}

async function engineProblems(run: Promise<unknown>) {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return (err as EngineError).problems;
}

describe('runTraining', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('keeps the number of tensors flat from step 10 to step 100', async () => {
    const counts: Record<number, number> = {};
    const result = await train(tinyTaggerDoc({ d: 8 }), { steps: 100, batchSize: 4, validateEvery: 25 }, {
      onStep: ({ step }) => {
        if (step === 10 || step === 100) counts[step] = tf.memory().numTensors;
      },
    });
    expect(result.status).toBe('done');
    expect(counts[10]).toBeGreaterThan(0);
    expect(counts[100]).toBe(counts[10]);
  });

  it('gives the same loss sequence for the same seed, and another for another seed', async () => {
    const lossesFor = async (seed: number) => {
      const losses: number[] = [];
      await train(tinyTaggerDoc(), { steps: 6, seed }, { onProgress: (p) => losses.push(p.loss) });
      return losses;
    };
    const a = await lossesFor(11);
    const b = await lossesFor(11);
    const c = await lossesFor(12);
    expect(a).toHaveLength(6);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('reports loss, accuracy, learning rate, tokens/s and validation at the requested steps', async () => {
    const events: ProgressEvent[] = [];
    const result = await train(tinyTaggerDoc(), { steps: 10, validateEvery: 4, warmupSteps: 5, learningRate: 0.01 }, { onProgress: (p) => events.push(p) });
    expect(events.map((e) => e.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.filter((e) => e.validation).map((e) => e.step)).toEqual([4, 8, 10]);
    for (const e of events) {
      expect(e.accuracy).toBeGreaterThanOrEqual(0);
      expect(e.accuracy).toBeLessThanOrEqual(1);
      expect(e.tokensPerSec).toBeGreaterThan(0);
    }
    // Warm-up: 1/5 of the peak on the first step, the peak on the fifth.
    expect(events[0].learningRate).toBeCloseTo(0.002, 10);
    expect(events[4].learningRate).toBeCloseTo(0.01, 10);
    const v = events[9].validation!;
    expect(v.perplexity).toBeCloseTo(Math.exp(v.loss), 6);
    expect(result.accuracy).toBe(v.accuracy);
    expect(result.firstLoss).toBe(events[0].loss);
    expect(result.lastLoss).toBe(events[9].loss);
  });

  it('stops with E_NAN_LOSS on an absurd learning rate and keeps finite weights', async () => {
    const doc = tinyTaggerDoc();
    const result = await runTraining(doc, await datasetFor(doc), { steps: 50, optimizer: 'sgd', learningRate: 1e30, clipNorm: 0, schedule: 'constant' });
    try {
      expect(result.status).toBe('failed');
      expect(result.error?.code).toBe('E_NAN_LOSS');
      expect(result.error?.message).toMatch(/loss became (NaN|infinite) at step \d+/);
      expect(result.error?.fix).toMatch(/learning rate/);
      expect(result.steps).toBeLessThan(50);
      expect(Number.isFinite(result.lastLoss)).toBe(true);
      for (const w of result.compiled.model.getWeights()) {
        expect(tf.all(tf.isFinite(w)).dataSync()[0]).toBe(1);
      }
    } finally {
      result.compiled.dispose();
    }
  });

  it('pauses while shouldStop is pending and stops when it says so', async () => {
    let asked = 0;
    const result = await train(tinyTaggerDoc(), { steps: 20 }, {
      shouldStop: () => {
        asked++;
        if (asked === 3) return new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20));
        return asked > 5;
      },
    });
    expect(result.status).toBe('stopped');
    expect(result.steps).toBe(5);
  });

  it('lets the host’s messages through during a run, so a stop request from a timer is honoured', async () => {
    let stop = false;
    const result = await train(tinyTaggerDoc(), { steps: 200, validateEvery: 0 }, {
      shouldStop: () => stop,
      onStep: ({ step }) => {
        if (step === 1) setTimeout(() => (stop = true), 0);
      },
    });
    expect(result.status).toBe('stopped');
    expect(result.steps).toBeGreaterThanOrEqual(1);
    expect(result.steps).toBeLessThan(200);
    // Stopped between validations, it still reports held-out accuracy.
    expect(result.accuracy).toBeGreaterThanOrEqual(0);
  });

  it('names the Dense layer and the size to set when the output width does not match the vocabulary', async () => {
    const doc = tinyTaggerDoc();
    doc.nodes.find((n) => n.id === 'out')!.params.units = 26;
    const problems = await engineProblems(runTraining(doc, await datasetFor(doc), { steps: 1 }));
    expect(problems[0]).toMatchObject({ code: 'E_VOCAB_MISMATCH', nodeId: 'out' });
    expect(problems[0].message).toBe('Dense ‘out’ has 26 units but the dataset has 27 tokens.');
    expect(problems[0].fix).toBe('Set units to 27.');
  });

  it('refuses an embedding smaller than the vocabulary', async () => {
    const doc = tinyTaggerDoc();
    doc.nodes.find((n) => n.id === 'embed')!.params.vocabSize = 20;
    const problems = await engineProblems(runTraining(doc, await datasetFor(doc), { steps: 1 }));
    expect(problems).toEqual([expect.objectContaining({ code: 'E_VOCAB_MISMATCH', nodeId: 'embed', fix: 'Set the vocabulary size to 27.' })]);
  });

  it('reports E_FEED_MISSING for an input the dataset does not provide', async () => {
    const doc = tinyTaggerDoc();
    doc.nodes.find((n) => n.id === 'tokens')!.params.feed = 'decoder_tokens';
    const problems = await engineProblems(runTraining(doc, await createDataset('reverse', { lengths: { tokens: 6 }, seed: 1 }), { steps: 1 }));
    expect(problems[0]).toMatchObject({ code: 'E_FEED_MISSING', nodeId: 'tokens' });
    expect(problems[0].message).toContain('“decoder_tokens”');
  });

  it('refuses a run that does not fit the memory budget, naming the block', async () => {
    const doc = tinyTaggerDoc();
    // A gather lookup, so the attention scores are the largest term (on wasm an 'auto' lookup of a small
    // vocabulary is a one-hot matrix, counted and named on its own below).
    doc.nodes.find((n) => n.id === 'embed')!.params.lookup = 'gather';
    const problems = await engineProblems(runTraining(doc, await datasetFor(doc), { steps: 1, batchSize: 4096, memoryBudgetBytes: 1e6 }));
    expect(problems[0].code).toBe('E_OUT_OF_MEMORY');
    expect(problems[0].fix).toMatch(/reduce T or batch, or heads/i);
  });

  it("names a one-hot lookup's matrix on wasm, with gather as the fix", async () => {
    const tagger = tinyTaggerDoc();
    const doc = { ...tagger, nodes: tagger.nodes.map((n) => (n.id === 'embed' ? { ...n, params: { ...n.params, lookup: 'onehot' } } : n)) };
    const problems = await engineProblems(runTraining(doc, await datasetFor(doc), { steps: 1, batchSize: 4096, memoryBudgetBytes: 1e6 }));
    expect(problems[0]).toMatchObject({ code: 'E_OUT_OF_MEMORY', nodeId: 'embed' });
    expect(problems[0].fix).toMatch(/to gather/);
  });

  it('runs dropout while training and not while evaluating', async () => {
    const doc = tinyTaggerDoc({ dropout: 0.5 });
    const dataset = await datasetFor(doc);
    const result = await runTraining(doc, dataset, { steps: 1 });
    const batch = toDeviceBatch(result.compiled, dataset.batch(4, 'validation', createRng(1)));
    const run = (training: boolean) => tf.tidy(() => applyModel(result.compiled, batch.inputs, training)[0].dataSync());
    try {
      expect(Array.from(run(false))).toEqual(Array.from(run(false)));
      expect(Array.from(run(true))).not.toEqual(Array.from(run(false)));
    } finally {
      disposeBatch(batch);
      result.compiled.dispose();
    }
  });
});

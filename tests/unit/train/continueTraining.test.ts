import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import type { Dataset } from '../../../engine/data/types';
import { EngineError } from '../../../engine/graph/errors';
import type { GraphDoc } from '../../../engine/graph/schema';
import type { TrainedState } from '../../../engine/io/modelContents';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { readTrainedState } from '../../../engine/train/modelState';
import { runTraining } from '../../../engine/train/runTraining';
import type { ProgressEvent, RunConfig, TrainingCallbacks } from '../../../engine/train/types';
import { tinyTaggerDoc } from './tinyGraphs';

async function datasetFor(doc: GraphDoc): Promise<Dataset> {
  return createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 1 });
}

/** Trains and returns every progress event, the state it ended in, and the final weights. */
async function train(doc: GraphDoc, config: RunConfig, callbacks: TrainingCallbacks = {}) {
  const events: ProgressEvent[] = [];
  const result = await runTraining(doc, await datasetFor(doc), config, { ...callbacks, onProgress: (p) => events.push(p) });
  try {
    const state = await readTrainedState(result.compiled, result.step, result.optimizerState);
    return { result, events, state };
  } finally {
    result.compiled.dispose();
  }
}

async function problemsOf(run: Promise<unknown>) {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EngineError);
  return (err as EngineError).problems;
}

describe('continuing a run from saved state', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  afterAll(async () => {
    await initBackend('wasm');
  });

  describe.each(['adam', 'sgd'] as const)('with %s', (optimizer) => {
    // Warm-up then cosine decay over the 7 steps: the continued run must pick the schedule up at step 5.
    const config: RunConfig = { optimizer, learningRate: optimizer === 'adam' ? 1e-2 : 0.5, schedule: 'warmup-cosine', warmupSteps: 2, batchSize: 4, validateEvery: 0, validationBatches: 0 };
    const N = 4;
    const M = 3;

    it('stops after N steps, saves, continues M more: the same losses, learning rates and weights as N + M at once', async () => {
      const doc = tinyTaggerDoc({ d: 8 });
      let checkpoint: TrainedState | undefined;
      const whole = await train(doc, { ...config, steps: N + M }, {
        onStep: async (ctx) => {
          if (ctx.step === N) checkpoint = await ctx.state();
        },
      });
      // Stopped after N of the N + M steps, as Stop in the studio or Ctrl-C on the command line does.
      let done = 0;
      const first = await train(doc, { ...config, steps: N + M }, { shouldStop: () => done >= N, onStep: (ctx) => void (done = ctx.step) });
      expect(first.result.status).toBe('stopped');
      expect(first.state.step).toBe(N);
      expect(first.state.optimizer).toMatchObject({ kind: optimizer, iterations: N });
      if (optimizer === 'sgd') expect(first.state.optimizer!.tensors).toEqual([]);
      else expect(first.state.optimizer!.tensors.map((t) => t.name)).toContain('out__0__dense/kernel/m');
      // A checkpoint taken during a longer run is the state a run that ended there saves.
      expect(checkpoint).toEqual(first.state);

      const rest = await train(doc, { ...config, steps: N + M, initialState: first.state });
      expect(rest.result.steps).toBe(M);
      expect(rest.result.step).toBe(N + M);
      expect(rest.events.map((e) => [e.step, e.totalSteps])).toEqual([5, 6, 7].map((s) => [s, N + M]));
      expect(rest.events.map((e) => e.loss)).toEqual(whole.events.slice(N).map((e) => e.loss));
      expect(rest.events.map((e) => e.learningRate)).toEqual(whole.events.slice(N).map((e) => e.learningRate));
      expect(rest.result.firstLoss).toBe(whole.events[N].loss);
      expect(rest.state).toEqual(whole.state);
      expect(rest.state.optimizer!.iterations).toBe(N + M);
    });
  });

  it('keeps the number of tensors flat through a continued run that takes checkpoints', async () => {
    const doc = tinyTaggerDoc({ d: 8 });
    const first = await train(doc, { steps: 5, batchSize: 4, validateEvery: 0 });
    const before = tf.memory().numTensors;
    const counts: Record<number, number> = {};
    const rest = await train(doc, { steps: 40, batchSize: 4, validateEvery: 10, initialState: first.state }, {
      onStep: async (ctx) => {
        if (ctx.step % 10 === 0) await ctx.state();
        if (ctx.step === 10 || ctx.step === 40) counts[ctx.step] = tf.memory().numTensors;
      },
    });
    expect(rest.result.status).toBe('done');
    expect(counts[10]).toBeGreaterThan(before);
    expect(counts[40]).toBe(counts[10]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to continue when Steps is not above the steps already trained, before building anything', async () => {
    const doc = tinyTaggerDoc({ d: 8 });
    const first = await train(doc, { steps: 3, batchSize: 4, validateEvery: 0 });
    const before = tf.memory().numTensors;
    const problems = await problemsOf(runTraining(doc, await datasetFor(doc), { steps: 3, initialState: first.state }));
    expect(problems).toEqual([expect.objectContaining({ code: 'E_NOTHING_TO_CONTINUE' })]);
    expect(problems[0].message).toBe('This model has already trained for 3 steps and Steps is 3, so there is nothing left to run.');
    expect(problems[0].fix).toMatch(/^Raise Steps above 3/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses Adam state for an SGD run, and weights of another graph, leaving no tensors behind', async () => {
    const doc = tinyTaggerDoc({ d: 8 });
    const first = await train(doc, { steps: 2, batchSize: 4, validateEvery: 0, optimizer: 'adam' });
    const before = tf.memory().numTensors;
    const wrongOptimizer = await problemsOf(runTraining(doc, await datasetFor(doc), { steps: 4, optimizer: 'sgd', initialState: first.state }));
    expect(wrongOptimizer).toEqual([expect.objectContaining({ code: 'E_OPTIMIZER_MISMATCH', fix: expect.stringMatching(/Set the optimizer back to Adam/) })]);
    const wider = tinyTaggerDoc({ d: 16 });
    const wrongGraph = await problemsOf(runTraining(wider, await datasetFor(wider), { steps: 4, initialState: first.state }));
    expect(wrongGraph.length).toBeGreaterThan(1);
    expect(new Set(wrongGraph.map((p) => p.code))).toEqual(new Set(['E_WEIGHTS_MISMATCH']));
    expect(wrongGraph.find((p) => p.nodeId === 'embed')!.message).toBe('Embedding (embed)’s “embeddings” is 27×16 in the graph but 27×8 in the saved weights.');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('continues from weights saved without optimizer state, with a fresh optimizer', async () => {
    const doc = tinyTaggerDoc({ d: 8 });
    const first = await train(doc, { steps: 2, batchSize: 4, validateEvery: 0 });
    const weightsOnly: TrainedState = { step: first.state.step, weights: first.state.weights };
    const rest = await train(doc, { steps: 4, batchSize: 4, validateEvery: 0, initialState: weightsOnly });
    expect(rest.events.map((e) => e.step)).toEqual([3, 4]);
    expect(rest.state.optimizer!.iterations).toBe(2);
    expect(rest.state.weights).not.toEqual(first.state.weights);
  });
});

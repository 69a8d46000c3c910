import * as tf from '@tensorflow/tfjs';
import { compileGraph, hashSeed, type CompiledModel } from '../compile/compile';
import { heldOutCount, validationBatches, validationSize, VALIDATION_EXAMPLE_LIMIT } from '../data/heldOut';
import { createRng } from '../data/rng';
import type { Dataset } from '../data/types';
import { analyzeGraph, errorsOnly } from '../graph/analyze';
import { coded, EngineError, type Problem } from '../graph/errors';
import type { GraphDoc, TrainingConfig } from '../graph/schema';
import { clipByGlobalNorm, clipScale, globalNorm } from './clip';
import { checkDatasetFit } from './datasetFit';
import { evaluateBatches } from './evaluate';
import { applyModel, disposeBatch, toDeviceBatch, type DeviceBatch } from './feeds';
import { FusedAdamOptimizer } from './fusedAdam';
import { maskedSoftmaxCrossEntropy } from './losses';
import { checkMemoryBudget, estimateTrainingMemory } from './memory';
import { assignWeights, modelWeights, readOptimizerState, readTrainedState, restoreOptimizerState, type ModelWeight } from './modelState';
import { frozenNodeIds, parameterCounts } from './parameterCounts';
import { learningRateAt } from './schedule';
import type { RunConfig, TrainingCallbacks, TrainingResult } from './types';
import { applyWeightTransfer } from './weightTransfer';

export const DEFAULT_MEMORY_BUDGET_BYTES = 2 * 2 ** 30;

/** The doc's training section with the run's overrides (undefined fields do not override). */
export function resolveTrainingConfig(doc: GraphDoc, config: RunConfig = {}): TrainingConfig {
  const merged: Record<string, unknown> = { ...doc.training };
  for (const [k, v] of Object.entries(config)) if (v !== undefined && k in doc.training) merged[k] = v;
  return merged as TrainingConfig;
}

/**
 * Trains the graph on the dataset. Plain code: the CLI, the studio's worker and the tests all call it.
 *
 * Pre-flight (throws EngineError with coded problems, before any weight is created where possible): the
 * graph must be valid, something must be left to train (E_NOTHING_TO_CONTINUE, E_NOTHING_TO_TRAIN), the memory
 * estimate within budget (E_OUT_OF_MEMORY), the dataset must feed every input and match every head's width
 * (E_FEED_MISSING, E_VOCAB_MISMATCH), and saved state must fit the graph (E_WEIGHTS_MISMATCH, E_OPTIMIZER_MISMATCH).
 *
 * Each step computes the loss and gradients inside one tidy, reads the loss and the gradients' global
 * norm, and only then clips and applies the update. Reading first (instead of `optimizer.minimize`) is
 * what lets clipping see the whole gradient and lets a non-finite loss stop the run *before* the update
 * can spoil the weights. An update can also be finite yet push the weights to ±Inf, so the weights that
 * produced the last finite loss are held (by reference: tfjs `assign` swaps buffers, so holding the old
 * ones costs memory but no copy) and restored when the next loss is NaN/Inf; the run then ends with
 * status 'failed' and E_NAN_LOSS, keeping the last good weights.
 *
 * Frozen blocks (`frozen: true`, every copy of a repeated one) are left out of the variables the gradients are
 * taken for: no gradient, no optimizer state, and their weights come out as they went in.
 *
 * Determinism: weights are initialised from the run seed, and the batch of global step s is drawn from a
 * generator seeded with (seed, s), so the same seed gives the same loss sequence on the same backend, and a
 * run continued from saved state at step s sees the batches the uninterrupted run would have — for graphs
 * without dropout, whose masks come from tfjs' own unseeded generator (a seeded tfjs Dropout would reuse one
 * mask).
 *
 * Validation reads the held-out split in order (engine/data/heldOut.ts: all of it up to 1,024 examples, else a
 * fixed subset of 1,024), cut into batches of the run's batch size. Those batches are uploaded once and stay on
 * the device for the whole run; training batches are fresh random draws each step (a few kilobytes of int32),
 * uploaded and freed within the step.
 */
export async function runTraining(
  doc: GraphDoc,
  dataset: Dataset,
  config: RunConfig = {},
  callbacks: TrainingCallbacks = {},
): Promise<TrainingResult> {
  const cfg = resolveTrainingConfig(doc, config);
  const startStep = config.initialState?.step ?? 0;
  const preflight = startProblems(config, cfg);
  if (preflight.length) throw new EngineError(preflight);
  const analysis = analyzeGraph(doc);
  const errors = errorsOnly(analysis.problems);
  if (errors.length) throw new EngineError(errors);
  const counts = parameterCounts(analysis, doc);
  if (counts.trainable === 0 && counts.frozen > 0) throw new EngineError([allFrozenProblem()]);
  // The active backend decides what an 'auto' embedding lookup builds (one-hot on wasm for small vocabularies).
  const memory = estimateTrainingMemory(analysis, { batchSize: cfg.batchSize, optimizer: cfg.optimizer, trainableParameters: counts.trainable, backend: tf.getBackend() });
  const tooBig = checkMemoryBudget(doc, memory, config.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES);
  if (tooBig) throw new EngineError([tooBig]);

  const compiled = compileGraph(doc, { seed: cfg.seed });
  const fit = checkDatasetFit(doc, compiled, dataset);
  if (fit.length) {
    compiled.dispose();
    throw new EngineError(fit);
  }

  // Adam is told apart by the configuration: tfjs' Optimizer answers `instanceof` by duck typing, so an SGD
  // optimizer passes `instanceof FusedAdamOptimizer`.
  const adam = cfg.optimizer === 'adam' ? new FusedAdamOptimizer(cfg.learningRate, 0.9, 0.999, 1e-8) : null;
  const optimizer: tf.Optimizer = adam ?? tf.train.sgd(cfg.learningRate);
  let trained: ModelWeight[];
  try {
    if (config.initialState) assignWeights(compiled, config.initialState.weights);
    if (config.initialWeights) applyWeightTransfer(compiled, config.initialWeights.plan, config.initialWeights.weights);
    const trainable = new Set(compiled.model.trainableWeights.map((w) => w.name));
    const frozen = frozenNodeIds(doc);
    trained = modelWeights(compiled).filter((w) => trainable.has(w.variable.name) && !frozen.has(w.nodeId));
    if (!trained.length) throw new EngineError([allFrozenProblem()]);
    if (config.initialState?.optimizer) await restoreOptimizerState(compiled, optimizer, cfg.optimizer, config.initialState.optimizer, trained);
  } catch (err) {
    optimizer.dispose();
    compiled.dispose();
    throw err;
  }
  const variables = trained.map((w) => w.variable.read() as tf.Variable);
  const validateEvery = config.validateEvery ?? Math.max(1, Math.round(cfg.steps / 10));
  // The validation batches are fixed for the whole run and stay on the device: the curve then measures
  // the model, not which examples happened to be drawn, and nothing is uploaded again each validation.
  const validationLimit = runValidationLimit(config, cfg.batchSize);
  const validation = makeValidationBatches(compiled, dataset, cfg.batchSize, validationLimit);
  const validationCounts = { examples: validationSize(dataset, validationLimit), heldOut: heldOutCount(dataset) };

  const start = nowMs();
  let stepMs = 0;
  let stepTokens = 0;
  let firstLoss = NaN;
  let lastLoss = NaN;
  let accuracy: number | undefined;
  let steps = 0;
  let reachedStep = startStep;
  let status: TrainingResult['status'] = 'done';
  let error: Problem | undefined;
  let lastGood: tf.Tensor[] | null = null;
  let validatedAt = -1;
  let optimizerState: TrainingResult['optimizerState'];

  try {
    for (let step = startStep; step < cfg.steps; step++) {
      // On cpu/wasm every await of the loop resolves as a microtask, so without this the host's
      // messages (the worker's pause/stop, the CLI's Ctrl-C) would never be delivered during a run.
      await yieldToEventLoop();
      if (await callbacks.shouldStop?.()) {
        status = 'stopped';
        break;
      }
      const learningRate = learningRateAt(step, cfg);
      setLearningRate(optimizer, learningRate);
      const t0 = nowMs();
      const batch = toDeviceBatch(compiled, dataset.batch(cfg.batchSize, 'train', batchRng(cfg.seed, step)));
      const { value, grads, correct, count, norm } = computeStep(compiled, batch, variables, optimizer, cfg.labelSmoothing);
      // One readback for the four scalars: one wait for the device (a GPU round trip) instead of four.
      const readback = tf.tidy(() => tf.stack([value, norm, correct, count]));
      const [loss, normValue, correctValue, countValue] = await readback.data();
      readback.dispose();
      if (!Number.isFinite(loss) || !Number.isFinite(normValue)) {
        tf.dispose([value, norm, correct, count, ...Object.values(grads)]);
        disposeBatch(batch);
        if (lastGood) {
          variables.forEach((v, i) => v.assign(lastGood![i]));
          reachedStep = step - 1;
        }
        status = 'failed';
        error = nanProblem(step + 1, loss, learningRate);
        break;
      }
      tf.dispose(lastGood ?? []);
      lastGood = variables.map((v) => tf.clone(v));
      if (adam) {
        // The clip is one factor from the norm already read: Adam applies it as it reads each gradient.
        tf.tidy(() => adam.applyGradients(grads, clipScale(normValue, cfg.clipNorm)));
      } else {
        tf.tidy(() => optimizer.applyGradients(clipByGlobalNorm(grads, norm, cfg.clipNorm) as unknown as Record<string, tf.Variable>));
      }
      tf.dispose([value, norm, correct, count, ...Object.values(grads)]);
      disposeBatch(batch);
      stepMs += nowMs() - t0;
      stepTokens += batch.tokens;
      steps++;
      reachedStep = step + 1;
      if (steps === 1) firstLoss = loss;
      lastLoss = loss;

      const isLast = reachedStep === cfg.steps;
      const validationResult =
        validation.length && ((validateEvery > 0 && reachedStep % validateEvery === 0) || isLast)
          ? { ...(await evaluateBatches(compiled, validation)), ...validationCounts }
          : undefined;
      if (validationResult) {
        accuracy = validationResult.accuracy;
        validatedAt = reachedStep;
      }
      callbacks.onProgress?.({
        step: reachedStep,
        totalSteps: cfg.steps,
        loss,
        accuracy: countValue > 0 ? correctValue / countValue : undefined,
        learningRate,
        tokensPerSec: stepMs > 0 ? (stepTokens * 1000) / stepMs : 0,
        elapsedMs: nowMs() - start,
        validation: validationResult,
      });
      const at = reachedStep;
      await callbacks.onStep?.({
        step: at,
        compiled,
        dataset,
        state: async () => readTrainedState(compiled, at, await readOptimizerState(compiled, optimizer, cfg.optimizer)),
      });
    }
    // A run stopped (or failed) between validations still reports the held-out accuracy of its weights.
    if (validation.length && steps > 0 && validatedAt !== reachedStep) accuracy = (await evaluateBatches(compiled, validation)).accuracy;
    // A failed run went back to weights from before its last update, which the moments already include.
    if (status !== 'failed') optimizerState = await readOptimizerState(compiled, optimizer, cfg.optimizer);
  } finally {
    tf.dispose(lastGood ?? []);
    validation.forEach(disposeBatch);
    optimizer.dispose();
  }

  return {
    steps,
    step: reachedStep,
    firstLoss,
    lastLoss,
    accuracy,
    tokensPerSec: stepMs > 0 ? (stepTokens * 1000) / stepMs : 0,
    status,
    error,
    compiled,
    optimizerState,
  };
}

/** What makes a run impossible before the graph is even looked at. */
function startProblems(config: RunConfig, cfg: TrainingConfig): Problem[] {
  const problems: Problem[] = [];
  if (config.initialState && config.initialWeights) {
    problems.push(coded('E_BAD_PARAM', 'run.continueOrTransfer'));
  }
  const done = config.initialState?.step ?? 0;
  if (config.initialState && done >= cfg.steps) {
    const more = Math.max(100, Math.round(done / 2));
    problems.push(coded('E_NOTHING_TO_CONTINUE', 'run.nothingToContinue', { done: String(done), steps: String(cfg.steps), suggested: String(done + more), more: String(more) }));
  }
  return problems;
}

function allFrozenProblem(): Problem {
  return coded('E_NOTHING_TO_TRAIN', 'run.allFrozen');
}

/** The generator for global step `step`'s batch: a continued run draws the batches the uninterrupted one would. */
function batchRng(seed: number, step: number) {
  return createRng(hashSeed(seed, `batch/${step}`));
}

interface StepTensors {
  value: tf.Scalar;
  grads: tf.NamedTensorMap;
  norm: tf.Scalar;
  correct: tf.Scalar;
  count: tf.Scalar;
}

/** Forward (dropout on), loss over every head, gradients and their global norm — all in one tidy. */
function computeStep(
  compiled: CompiledModel,
  batch: DeviceBatch,
  variables: tf.Variable[],
  optimizer: tf.Optimizer,
  labelSmoothing: number,
): StepTensors {
  return tf.tidy(() => {
    const metrics: tf.Scalar[] = [];
    const { value, grads } = optimizer.computeGradients(() => {
      const outputs = applyModel(compiled, batch.inputs, true);
      const losses = compiled.heads.map((h) => {
        const r = maskedSoftmaxCrossEntropy(outputs[h.outputIndex], batch.targets[h.target.feed]!, { labelSmoothing });
        // The gradient tape disposes everything but the loss; the metrics must outlive it.
        metrics.push(tf.keep(r.correct), tf.keep(r.count));
        return r.loss;
      });
      return (losses.length === 1 ? losses[0] : tf.addN(losses)) as tf.Scalar;
    }, variables);
    const correct = tf.addN(metrics.filter((_, i) => i % 2 === 0)) as tf.Scalar;
    const count = tf.addN(metrics.filter((_, i) => i % 2 === 1)) as tf.Scalar;
    tf.dispose(metrics);
    return { value, grads, norm: globalNorm(grads), correct, count };
  });
}

/**
 * The run's validation set (engine/data/heldOut.ts): the held-out split in order, all of it up to the limit, a
 * fixed subset beyond. `validationExamples` lowers the limit; `validationBatches` caps it at that many batches.
 */
export function runValidationLimit(config: Pick<RunConfig, 'validationExamples' | 'validationBatches'>, batchSize: number): number {
  const examples = config.validationExamples ?? VALIDATION_EXAMPLE_LIMIT;
  return config.validationBatches === undefined ? examples : Math.min(examples, config.validationBatches * batchSize);
}

function makeValidationBatches(compiled: CompiledModel, dataset: Dataset, batchSize: number, limit: number): DeviceBatch[] {
  if (limit <= 0) return [];
  return validationBatches(dataset, batchSize, limit).map((batch) => toDeviceBatch(compiled, batch));
}

function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as unknown as { setLearningRate?(lr: number): void; learningRate: number };
  // SGD caches −lr as a tensor and has a setter; Adam reads `learningRate` on every update but has none.
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

function nanProblem(step: number, loss: number, learningRate: number): Problem {
  return coded('E_NAN_LOSS', Number.isNaN(loss) ? 'run.nanLoss' : 'run.infiniteLoss', { step: String(step), learningRate: learningRate.toPrecision(3) });
}

/**
 * One turn of the event loop. Node has setImmediate; in a worker or page a MessageChannel message is the
 * zero-delay equivalent (setTimeout(0) would be clamped to 4 ms once nested, on every step).
 */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (g.setImmediate) return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel !== 'undefined') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function nowMs(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

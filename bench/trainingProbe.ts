/**
 * Measures a training run from inside the runtime being benchmarked (Node or a browser page): tokens/s per
 * step, time from "Train" to the first finished step, tensor counts and peak tensor memory. Pure engine
 * code, so the Node runner and the browser bench page share it.
 */
import * as tf from '@tensorflow/tfjs';
import { createDataset } from '../engine/data';
import type { DataSources } from '../engine/data/types';
import { analyzeGraph } from '../engine/graph/analyze';
import { graphFeedLengths } from '../engine/train/datasetFit';
import { estimateTrainingMemory } from '../engine/train/memory';
import { parameterCounts } from '../engine/train/parameterCounts';
import { runTraining } from '../engine/train/runTraining';
import { trackPeakTensorBytes, wasmHeapBytes } from './memoryPeak';
import { createReferenceGpt } from './referenceGpt';
import { referenceJob } from './referenceJob';
import { benchTemplateById, tokensPerStep as templateTokensPerStep } from './templateJobs';

export type ProbeModel = 'app' | 'reference';

export interface ProbeOptions {
  /** `app`: a template through the app's compiler and runTraining; `reference`: bench/referenceGpt. */
  model: ProbeModel;
  /** Which bench template `app` trains (bench/templateJobs.ts); gpt-mini when absent. */
  template?: string;
  steps: number;
  /** Steps excluded from the median (compilation, first-call kernel setup). */
  warmupSteps: number;
  /**
   * With these, `steps` and `warmupSteps` are minimums: warm-up also lasts `settleMs`, and the measured steps also
   * last `measureMs`. V8 keeps optimising tfjs' bookkeeping for the first seconds of a run, so a small model's
   * steps are still getting faster long after its first few (reverse: ~15 ms a step at step 10, ~7 at step 80).
   */
  timed?: { settleMs: number; measureMs: number };
  /** Data files (Node: app/dataSources, browser: fetched). */
  sources: DataSources;
  /** Called after every step, e.g. to sample process memory. */
  onStep?(step: number): void;
}

export interface ProbeResult {
  model: ProbeModel;
  template: string;
  steps: number;
  tokensPerStep: number;
  /** Median over the steps after warm-up. */
  tokensPerSec: number;
  /** How many of the first steps were warm-up, left out of the median. */
  warmupSteps: number;
  stepMs: number[];
  /** From the call (the user pressing Train: compile, data, first step) to the end of the first step. */
  timeToFirstStepMs: number;
  numTensorsAtStep10: number | null;
  /** At the last step, still inside the run: equal to step 10's when nothing leaks per step. */
  numTensorsAtLastStep: number;
  /** After the run and its model are disposed, against `numTensorsBefore`. */
  numTensorsBefore: number;
  numTensorsAfter: number;
  /** The peak of tf.memory().numBytes over the steps after the first (it counts a buffer once per tensor viewing it). */
  peakTensorBytes: number;
  /** The peak bytes of distinct tensor buffers over the steps after the first: what the memory estimate describes. */
  peakBufferBytes: number;
  /** The wasm heap's size at the end of the run, its high-water mark (null on other backends). */
  wasmHeapBytes: number | null;
  /** The pre-flight estimate (engine/train/memory.ts) for this run's graph, batch and backend; null for `reference`. */
  memoryEstimateBytes: number | null;
  firstLoss: number;
  lastLoss: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}

/** A timed run stops here at the latest, however short its steps. */
const TIMED_STEP_LIMIT_FACTOR = 50;

export async function runProbe(options: ProbeOptions): Promise<ProbeResult> {
  const { warmupSteps: minimumWarmup, timed } = options;
  const steps = timed ? options.steps * TIMED_STEP_LIMIT_FACTOR : options.steps;
  const start = performance.now();
  const stepEnds: number[] = [];
  /** Steps left out of the median: fixed, or (timed) set once warm-up has lasted settleMs. */
  let warmupSteps = timed ? -1 : minimumWarmup;
  const enoughMeasured = (): boolean => {
    const done = stepEnds.length;
    if (!timed) return done >= steps;
    if (warmupSteps < 0) {
      if (done >= minimumWarmup && done > 0 && stepEnds[done - 1] - start >= timed.settleMs) warmupSteps = done;
      return false;
    }
    const measuredSteps = done - warmupSteps;
    const measuredMs = done > warmupSteps ? stepEnds[done - 1] - stepEnds[warmupSteps - 1] : 0;
    return measuredSteps >= options.steps - minimumWarmup && measuredMs >= timed.measureMs;
  };
  let numTensorsAtStep10: number | null = null;
  let numTensorsAtLastStep = 0;
  const numTensorsBefore = tf.memory().numTensors;
  const peaks = trackPeakTensorBytes();
  const afterStep = (step: number) => {
    stepEnds.push(performance.now());
    // The first step also creates the weights and Adam's moments; the peak is taken over the steps after it.
    if (step === 1) peaks.reset();
    const memory = tf.memory();
    if (step === 10) numTensorsAtStep10 = memory.numTensors;
    numTensorsAtLastStep = memory.numTensors;
    options.onStep?.(step);
  };

  let tokensPerStep: number;
  let memoryEstimateBytes: number | null = null;
  let firstLoss = NaN;
  let lastLoss = NaN;
  if (options.model === 'app') {
    const doc = benchTemplateById(options.template ?? 'gpt-mini').build();
    const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: doc.training.seed }, options.sources);
    tokensPerStep = templateTokensPerStep(doc);
    const analysis = analyzeGraph(doc);
    memoryEstimateBytes = estimateTrainingMemory(analysis, {
      batchSize: doc.training.batchSize,
      optimizer: doc.training.optimizer,
      trainableParameters: parameterCounts(analysis, doc).trainable,
      backend: tf.getBackend(),
    }).totalBytes;
    const result = await runTraining(doc, dataset, { steps, validateEvery: 0, validationBatches: 1 }, {
      onStep: ({ step }) => afterStep(step),
      shouldStop: enoughMeasured,
    });
    result.compiled.dispose();
    firstLoss = result.firstLoss;
    lastLoss = result.lastLoss;
  } else {
    const job = referenceJob;
    tokensPerStep = job.batch * job.context;
    const model = createReferenceGpt(job);
    for (let step = 1; step <= steps && !enoughMeasured(); step++) {
      const [inputs, targets] = tf.tidy(() => {
        const ids = tf.randomUniform([job.batch, job.context + 1], 0, job.vocab, 'int32', step);
        return [ids.slice([0, 0], [job.batch, job.context]), ids.slice([0, 1], [job.batch, job.context])] as tf.Tensor2D[];
      });
      const loss = await model.step(inputs, targets);
      tf.dispose([inputs, targets]);
      if (step === 1) firstLoss = loss;
      lastLoss = loss;
      afterStep(step);
    }
    model.dispose();
  }

  const peakTensorBytes = peaks.peakNumBytes();
  const peakBufferBytes = peaks.peakBufferBytes();
  peaks.stop();
  const stepMs = stepEnds.map((end, i) => end - (i === 0 ? start : stepEnds[i - 1]));
  // A timed run cut off by the step limit before it settled measures its second half.
  if (warmupSteps < 0) warmupSteps = Math.floor(stepMs.length / 2);
  const measured = stepMs.slice(Math.min(warmupSteps, stepMs.length - 1));
  return {
    model: options.model,
    template: options.model === 'app' ? (options.template ?? 'gpt-mini') : 'gpt-mini',
    steps: stepEnds.length,
    tokensPerStep,
    tokensPerSec: (tokensPerStep * 1000) / median(measured),
    warmupSteps,
    stepMs,
    timeToFirstStepMs: stepEnds.length ? stepEnds[0] - start : NaN,
    numTensorsAtStep10,
    numTensorsAtLastStep,
    numTensorsBefore,
    numTensorsAfter: tf.memory().numTensors,
    peakTensorBytes,
    peakBufferBytes,
    wasmHeapBytes: wasmHeapBytes(),
    memoryEstimateBytes,
    firstLoss,
    lastLoss,
  };
}

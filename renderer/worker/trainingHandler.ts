/**
 * Everything the training worker does, as a plain object that takes protocol messages and posts protocol
 * messages. The Worker entry (trainingWorker.ts) only wires `self.onmessage` to `handle` and `post` to
 * `self.postMessage`; tests drive this handler directly in Node with the real engine.
 */
import type { BackendName } from '../../engine/backend/init';
import type { CompiledModel } from '../../engine/compile/compile';
import { BOS, type Batch, type Dataset, type DatasetOptions, type FeedLengths } from '../../engine/data/types';
import { EngineError, type Problem } from '../../engine/graph/errors';
import type { GraphDoc } from '../../engine/graph/schema';
import {
  transferablesOf,
  type BackendChoice,
  type DataChoice,
  type FromWorker,
  type MemoryBreakdown,
  type RunSettings,
  type SampleBody,
  type SamplingSettings,
  type ToWorker,
} from '../../engine/train/protocol';
import type { ProgressEvent, RunConfig, StepContext, TrainingCallbacks, TrainingResult } from '../../engine/train/types';
import { takeSnapshot } from './inspect';
import { defaultProbe } from './samples';

/** The engine functions the handler calls; the worker passes the real ones, and so do the tests. */
export interface TrainingEngine {
  runTraining(doc: GraphDoc, dataset: Dataset, config: RunConfig, callbacks: TrainingCallbacks): Promise<TrainingResult>;
  loadDataset(data: DataChoice, opts: DatasetOptions): Promise<Dataset>;
  /** Backends that work here, best first. */
  availableBackends(): Promise<BackendName[]>;
  /** Activates a backend and returns the one in use. */
  useBackend(name: BackendName): Promise<string>;
  estimateMemory(doc: GraphDoc, batchSize: number): { params: number; memory: MemoryBreakdown };
  /** Generated text, translations or a class for the probe; null where the task has nothing to show. */
  sample(compiled: CompiledModel, dataset: Dataset, probeText: string, sampling: SamplingSettings, seed: number): Promise<SampleBody | null>;
  /** Sequence lengths the graph's inputs ask for, for the dataset. */
  feedLengths(doc: GraphDoc): FeedLengths;
}

export interface HandlerOptions {
  engine: TrainingEngine;
  post(msg: FromWorker, transfer: ArrayBuffer[]): void;
  /** Milliseconds; injected so throttling can be tested without waiting. */
  now(): number;
  /** At most one progress message per this many ms (the last step always goes); each carries every step since the previous one. */
  progressIntervalMs?: number;
}

interface ActiveRun {
  runId: string;
  settings: RunSettings;
  stopRequested: boolean;
  paused: boolean;
  /** Resolves the promise `shouldStop` returned while paused: false = go on, true = stop. */
  release: ((stop: boolean) => void) | null;
  lastProgressAt: number;
  /** Steps not yet posted, oldest first. */
  pendingProgress: ProgressEvent[];
  probeDirty: boolean;
  lastStep: number;
  /** The model and data of the latest step, so a probe sent while paused can be inspected at once. */
  compiled: CompiledModel | null;
  dataset: Dataset | null;
}

/** What the last run left behind, so a new probe can still be inspected after the run ended. */
interface Finished {
  runId: string;
  compiled: CompiledModel;
  dataset: Dataset;
  settings: RunSettings;
  step: number;
}

export interface TrainingHandler {
  handle(msg: ToWorker): Promise<void>;
  /** Resolves when the current run (if any) has ended and posted `done` or `error`. */
  idle(): Promise<void>;
}

export function createTrainingHandler(opts: HandlerOptions): TrainingHandler {
  const { engine, post: rawPost, now } = opts;
  const interval = opts.progressIntervalMs ?? 100;
  let backendChoice: BackendChoice = 'auto';
  let activeBackend: string | null = null;
  let available: BackendName[] | null = null;
  let run: ActiveRun | null = null;
  let runPromise: Promise<void> = Promise.resolve();
  let finished: Finished | null = null;
  // The picker's preview and the next Start usually ask for the same dataset: build it once.
  const datasets = new Map<string, Promise<Dataset>>();
  const datasetFor = (data: DataChoice, options: DatasetOptions): Promise<Dataset> => {
    const key = JSON.stringify([data.kind === 'bundled' ? data.datasetId : `${data.source.name}:${data.source.task}:${data.source.text.length}`, options]);
    let d = datasets.get(key);
    if (!d) {
      d = engine.loadDataset(data, options);
      d.catch(() => datasets.delete(key));
      datasets.set(key, d);
      while (datasets.size > 3) datasets.delete(datasets.keys().next().value!);
    }
    return d;
  };

  const post = (msg: FromWorker) => rawPost(msg, transferablesOf(msg));

  async function ensureBackend(): Promise<string> {
    available ??= await engine.availableBackends();
    const wanted: BackendName[] = backendChoice === 'auto' ? available : [backendChoice, ...available.filter((b) => b !== backendChoice)];
    let lastError: unknown = null;
    for (const name of wanted) {
      if (activeBackend === name) return name;
      try {
        activeBackend = await engine.useBackend(name);
        return activeBackend;
      } catch (err) {
        lastError = err;
      }
    }
    throw new Error(`No tfjs backend could start here (${(lastError as Error)?.message ?? 'none available'}).`);
  }

  function flushProgress(r: ActiveRun) {
    if (!r.pendingProgress.length) return;
    post({ type: 'progress', runId: r.runId, steps: r.pendingProgress });
    r.pendingProgress = [];
    r.lastProgressAt = now();
  }

  async function snapshot(r: { runId: string; settings: RunSettings }, compiled: CompiledModel, dataset: Dataset, step: number) {
    if (!r.settings.probeText.trim()) r.settings = { ...r.settings, probeText: defaultProbe(dataset) };
    const body = await engine.sample(compiled, dataset, r.settings.probeText, r.settings.sampling, step);
    const probe = withDecoderOutput(dataset, dataset.encodeProbe(r.settings.probeText), body);
    const { maps, states } = await takeSnapshot(compiled, dataset, probe);
    if (maps.length) post({ type: 'attention', runId: r.runId, step, maps });
    if (states.length) post({ type: 'hidden', runId: r.runId, step, states });
    if (body) post({ type: 'sample', runId: r.runId, step, ...body });
  }

  async function train(msg: Extract<ToWorker, { type: 'start' }>, r: ActiveRun) {
    const { doc, settings } = msg;
    try {
      const backend = await ensureBackend();
      const training = settings.training;
      const dataset = await datasetFor(msg.data, { lengths: engine.feedLengths(doc), seed: training.seed });
      const { params, memory } = engine.estimateMemory(doc, training.batchSize);
      post({ type: 'started', runId: r.runId, backend, params, memory, dataset: dataset.info, task: dataset.info.task });
      const config: RunConfig = { ...training, dataset: dataset.info.id, memoryBudgetBytes: settings.memoryBudgetBytes };
      const result = await engine.runTraining(doc, dataset, config, {
        onProgress(p) {
          r.lastStep = p.step;
          r.pendingProgress.push(p);
          // The last step goes at once so the progress bar ends full before the final snapshot is taken.
          if (p.step >= p.totalSteps || now() - r.lastProgressAt >= interval) flushProgress(r);
        },
        shouldStop() {
          if (r.stopRequested) return true;
          if (!r.paused) return false;
          flushProgress(r);
          // The release hook exists before `paused` is posted, so a Resume answering it at once is not lost.
          const resumed = new Promise<boolean>((resolve) => {
            r.release = resolve;
          });
          post({ type: 'paused', runId: r.runId, step: r.lastStep });
          return resumed;
        },
        async onStep(ctx: StepContext) {
          r.compiled = ctx.compiled;
          r.dataset = ctx.dataset;
          const every = Math.max(1, settings.snapshotEvery);
          const last = ctx.step >= training.steps;
          if (ctx.step % every === 0 || last || r.probeDirty || ctx.step === 1) {
            r.probeDirty = false;
            // The charts reach this step before its heat-maps and samples arrive.
            flushProgress(r);
            await snapshot(r, ctx.compiled, ctx.dataset, ctx.step);
          }
        },
      });
      flushProgress(r);
      r.compiled = result.compiled;
      const summary = {
        steps: result.steps,
        firstLoss: result.firstLoss,
        lastLoss: result.lastLoss,
        accuracy: result.accuracy,
        tokensPerSec: result.tokensPerSec,
        status: result.status,
      };
      post({ type: 'done', runId: r.runId, summary, ...(result.error ? { problem: result.error } : {}) });
      finished = { runId: r.runId, compiled: result.compiled, dataset, settings: r.settings, step: result.steps };
    } catch (err) {
      // The curves so far are kept, whatever ended the run.
      flushProgress(r);
      post({ type: 'error', runId: r.runId, problem: toProblem(err) });
      // A run that failed half-way must not leak its model; a finished one is kept for probing.
      if (r.compiled && finished?.compiled !== r.compiled) disposeQuietly(r.compiled);
    } finally {
      if (run === r) run = null;
    }
  }

  async function probeFinished(text: string, sampling?: SamplingSettings) {
    const f = finished;
    if (!f) return;
    f.settings = { ...f.settings, probeText: text, sampling: sampling ?? f.settings.sampling };
    try {
      await snapshot({ runId: f.runId, settings: f.settings }, f.compiled, f.dataset, f.step);
    } catch (err) {
      post({ type: 'error', runId: f.runId, problem: toProblem(err) });
    }
  }

  return {
    async handle(msg) {
      switch (msg.type) {
        case 'start': {
          if (run) {
            // One run at a time: the old one stops at its next step; the new one waits for it.
            run.stopRequested = true;
            run.release?.(true);
          }
          await runPromise;
          finished?.compiled.dispose();
          finished = null;
          const r: ActiveRun = {
            runId: msg.runId,
            settings: msg.settings,
            stopRequested: false,
            paused: false,
            release: null,
            lastProgressAt: Number.NEGATIVE_INFINITY,
            pendingProgress: [],
            probeDirty: false,
            lastStep: 0,
            compiled: null,
            dataset: null,
          };
          run = r;
          runPromise = train(msg, r);
          return;
        }
        case 'pause':
          if (run?.runId === msg.runId) run.paused = true;
          return;
        case 'resume':
          if (run?.runId === msg.runId && run.paused) {
            run.paused = false;
            const release = run.release;
            run.release = null;
            if (release) {
              post({ type: 'resumed', runId: run.runId });
              release(false);
            }
          }
          return;
        case 'stop':
          if (run?.runId === msg.runId) {
            run.stopRequested = true;
            run.paused = false;
            const release = run.release;
            run.release = null;
            release?.(true);
          }
          return;
        case 'probe':
          if (run?.runId === msg.runId) {
            run.settings = { ...run.settings, probeText: msg.text, sampling: msg.sampling ?? run.settings.sampling };
            run.probeDirty = true;
            // While paused no step runs, so the new probe is inspected right away.
            if (run.release && run.compiled && run.dataset) {
              run.probeDirty = false;
              await snapshot(run, run.compiled, run.dataset, run.lastStep);
            }
          } else if (finished?.runId === msg.runId) {
            await probeFinished(msg.text, msg.sampling);
          }
          return;
        case 'preview':
          try {
            const dataset = await datasetFor(msg.data, { lengths: msg.lengths, seed: msg.seed });
            post({ type: 'preview', requestId: msg.requestId, examples: dataset.preview(3) });
          } catch (err) {
            post({ type: 'preview', requestId: msg.requestId, problem: toProblem(err) });
          }
          return;
        case 'setBackend':
          backendChoice = msg.backend;
          if (run) return; // takes effect at the next Start: tfjs cannot move a live model between backends
          try {
            finished?.compiled.dispose();
            finished = null;
            const backend = await ensureBackend();
            post({ type: 'backend', backend });
          } catch (err) {
            post({ type: 'error', runId: null, problem: toProblem(err) });
          }
          return;
      }
    },
    idle: () => runPromise,
  };

}

/**
 * A seq2seq probe starts its decoder with [BOS] only; feeding the model's own greedy translation instead
 * makes the cross-attention map the alignment of that translation (rows) with the source (columns).
 */
function withDecoderOutput(dataset: Dataset, probe: Batch, body: SampleBody | null): Batch {
  const dec = probe.decoder_tokens;
  if (!dec || body?.kind !== 'seq2seq') return probe;
  const length = dec.shape[dec.shape.length - 1];
  const data = new Int32Array(length);
  data.set([BOS, ...dataset.targetVocab.encode(body.greedy)].slice(0, length));
  return { ...probe, decoder_tokens: { data, shape: [1, length] } };
}

/** The trainer may already have freed a model it gave up on; a second dispose must not hide the real error. */
function disposeQuietly(compiled: CompiledModel) {
  try {
    compiled.dispose();
  } catch {
    // already disposed
  }
}

/** Any failure becomes a coded problem the studio can show. */
export function toProblem(err: unknown): Problem {
  if (err instanceof EngineError && err.problems.length) return err.problems[0];
  const message = (err as Error)?.message ?? String(err);
  return { code: 'E_INTERNAL', message, fix: 'Check the graph and the data, then start again.' };
}

/** Reports the backends available to the worker as soon as it starts. */
export async function announceReady(opts: HandlerOptions): Promise<void> {
  try {
    const backends = await opts.engine.availableBackends();
    opts.post({ type: 'ready', backends, backend: backends[0] ?? 'cpu' }, []);
  } catch (err) {
    opts.post({ type: 'error', runId: null, problem: toProblem(err) }, []);
  }
}

/**
 * Everything the training worker does, as a plain object that takes protocol messages and posts protocol
 * messages. The Worker entry (trainingWorker.ts) only wires `self.onmessage` to `handle` and `post` to
 * `self.postMessage`; tests drive this handler directly in Node with the real engine.
 *
 * The worker holds at most one trained model between runs (`HeldModel`): the one the last run left, whatever
 * ended it, or the one a `loadModel` brought in. The probe, heat-maps and samples answer on it; Continue
 * starts from it; `exportModel` reads it out. A new run replaces it only once that run has trained a step,
 * so a run refused at pre-flight (a graph that no longer fits the weights, a full memory budget) loses
 * nothing: the held model stays, answering to the new run's id.
 */
import {
  BOS,
  coded,
  datasetInfo,
  datasetFactsOf,
  DEFAULT_CHECKPOINT_MS,
  EngineError,
  probeDatasetFrom,
  snapshotTokenizers,
  transferablesOf,
  type BackendChoice,
  type BackendName,
  type Batch,
  type CheckpointEvery,
  type DataChoice,
  type Dataset,
  type DatasetIdentity,
  type DatasetInfo,
  type DatasetOptions,
  type DatasetTask,
  type FeedLengths,
  type FromWorker,
  type GraphDoc,
  type MemoryBreakdown,
  type ModelFileContents,
  type OptimizerState,
  type Problem,
  type ProgressEvent,
  type RunConfig,
  type RunSettings,
  type RunSummary,
  type SampleBody,
  type SamplingSettings,
  type SavedTokenizers,
  type StepContext,
  type TokenizerSnapshot,
  type ToWorker,
  type TrainedState,
  type TrainingCallbacks,
  type TrainingResult,
  type WeightTransferPlan,
} from '../../engine';
import {
  assignWeights,
  compileGraph,
  planWeightTransfer,
  readTrainedState,
  type CompiledModel,
} from '../../engine/runtime';
import { datasetIdentityOf, sameDataset } from './datasetIdentity';
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
  /** Milliseconds; injected so throttling and time-based checkpoints can be tested without waiting. */
  now(): number;
  /** At most one progress message per this many ms (the last step always goes); each carries every step since the previous one. */
  progressIntervalMs?: number;
}

/** What the heat-maps and samples are computed on. */
interface ProbeSettings {
  probeText: string;
  sampling: SamplingSettings;
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
  /** The latest step's context, so a probe or an export asked for while paused is answered at once. */
  context: StepContext | null;
  /** `exportModel` requests waiting for the end of the current step. */
  pendingExports: string[];
  lastCheckpointAt: number;
  /** The step the last checkpoint holds: a pause checkpoints only steps not yet kept. */
  lastCheckpointStep: number;
  tokenizer: SavedTokenizers | null;
  datasetIdentity: DatasetIdentity | null;
}

/** The model the worker keeps between runs; see the file comment. */
interface HeldModel {
  /** Probes carrying this id are answered on this model. */
  runId: string;
  doc: GraphDoc;
  compiled: CompiledModel;
  /** The run's dataset, or for a loaded model one built from the saved vocabulary. */
  dataset: Dataset;
  probe: ProbeSettings;
  /** Steps trained into the weights, across continued runs. */
  step: number;
  /** Absent after a run that failed or threw (its moments are past its weights) and in files saved without it. */
  optimizer?: OptimizerState;
  tokenizer: SavedTokenizers;
  datasetIdentity: DatasetIdentity;
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
  let held: HeldModel | null = null;
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

  async function snapshot(runId: string, probe: ProbeSettings, compiled: CompiledModel, dataset: Dataset, step: number) {
    if (!probe.probeText.trim()) probe.probeText = defaultProbe(dataset);
    const body = await engine.sample(compiled, dataset, probe.probeText, probe.sampling, step);
    const encoded = withDecoderOutput(dataset, dataset.encodeProbe(probe.probeText), body);
    const { maps, states } = await takeSnapshot(compiled, dataset, encoded);
    if (maps.length) post({ type: 'attention', runId, step, maps });
    if (states.length) post({ type: 'hidden', runId, step, states });
    if (body) post({ type: 'sample', runId, step, ...body });
  }

  /** Replaces the held model, freeing the one before unless it is the same. */
  function hold(next: HeldModel | null) {
    if (held && held.compiled !== next?.compiled) disposeQuietly(held.compiled);
    held = next;
  }

  function postCheckpoint(r: ActiveRun, state: TrainedState, final: boolean) {
    if (!r.tokenizer || !r.datasetIdentity) return;
    post({ type: 'checkpoint', runId: r.runId, step: state.step, state, tokenizer: r.tokenizer, dataset: r.datasetIdentity, final });
  }

  function checkpointDue(every: CheckpointEvery, r: ActiveRun, step: number, startStep: number): boolean {
    // Wall time, pauses included: a run paused for an hour and resumed is checkpointed at its next step,
    // which is cheap and keeps the rule simple.
    if ('ms' in every) return now() - r.lastCheckpointAt >= every.ms;
    return every.steps > 0 && (step - startStep) % every.steps === 0;
  }

  async function train(msg: Extract<ToWorker, { type: 'start' }>, r: ActiveRun) {
    const { doc, settings } = msg;
    // The model of the run before stays until this one has trained a step (see the file comment).
    const previous = held;
    let replacedPrevious = false;
    let dataset: Dataset | null = null;
    try {
      const backend = await ensureBackend();
      const training = settings.training;
      dataset = await datasetFor(msg.data, { lengths: engine.feedLengths(doc), seed: training.seed });
      const tokenizer = snapshotTokenizers(dataset);
      const datasetIdentity = await datasetIdentityOf(msg.data);
      r.tokenizer = tokenizer;
      r.datasetIdentity = datasetIdentity;
      const initialState = msg.mode === 'continue' ? await continuationOf(previous, tokenizer, datasetIdentity) : undefined;
      const transfer = msg.mode === 'scratch' && msg.initFrom ? planTransfer(doc, training.seed, msg.initFrom) : undefined;
      const { params, memory } = engine.estimateMemory(doc, training.batchSize);
      const startStep = initialState?.step ?? 0;
      post({
        type: 'started',
        runId: r.runId,
        backend,
        params,
        memory,
        dataset: dataset.info,
        task: dataset.info.task,
        startStep,
        totalSteps: training.steps,
        datasetIdentity,
        ...(transfer ? { transfer } : {}),
      });
      const config: RunConfig = {
        ...training,
        dataset: dataset.info.id,
        memoryBudgetBytes: settings.memoryBudgetBytes,
        ...(initialState ? { initialState } : {}),
        ...(transfer && msg.initFrom ? { initialWeights: { weights: msg.initFrom.weights, plan: transfer } } : {}),
      };
      const checkpointEvery = settings.checkpointEvery ?? { ms: DEFAULT_CHECKPOINT_MS };
      r.lastCheckpointAt = now();
      r.lastCheckpointStep = startStep;
      const result = await engine.runTraining(doc, dataset, config, {
        onProgress(p) {
          r.lastStep = p.step;
          r.pendingProgress.push(p);
          // The last step goes at once so the progress bar ends full before the final snapshot is taken.
          if (p.step >= p.totalSteps || now() - r.lastProgressAt >= interval) flushProgress(r);
        },
        async shouldStop() {
          if (r.stopRequested) return true;
          if (!r.paused) return false;
          flushProgress(r);
          // A paused run is often a window about to close: what it trained since the last checkpoint is kept now.
          if (r.context && r.context.step > r.lastCheckpointStep) {
            const state = await r.context.state();
            r.lastCheckpointAt = now();
            r.lastCheckpointStep = state.step;
            postCheckpoint(r, state, false);
          }
          // A Resume or Stop that arrived while the checkpoint was taken has already cleared `paused`.
          if (!r.paused) return r.stopRequested;
          // The release hook exists before `paused` is posted, so a Resume answering it at once is not lost.
          const resumed = new Promise<boolean>((resolve) => {
            r.release = resolve;
          });
          post({ type: 'paused', runId: r.runId, step: r.lastStep });
          return resumed;
        },
        async onStep(ctx: StepContext) {
          r.context = ctx;
          if (!replacedPrevious) {
            // This run now has weights of its own: the model of the run before can go.
            replacedPrevious = true;
            if (previous && held === previous) hold(null);
          }
          const every = Math.max(1, settings.snapshotEvery);
          const last = ctx.step >= training.steps;
          if (ctx.step % every === 0 || last || r.probeDirty || ctx.step === startStep + 1) {
            r.probeDirty = false;
            // The charts reach this step before its heat-maps and samples arrive.
            flushProgress(r);
            await snapshot(r.runId, r.settings, ctx.compiled, ctx.dataset, ctx.step);
          }
          // The last step's checkpoint is the final one, taken once the run has ended.
          const checkpoint = !last && checkpointDue(checkpointEvery, r, ctx.step, startStep);
          if (checkpoint || r.pendingExports.length) {
            const state = await ctx.state();
            if (checkpoint) {
              r.lastCheckpointAt = now();
              r.lastCheckpointStep = state.step;
              // Posting transfers the arrays away: a copy where an export still needs them.
              postCheckpoint(r, r.pendingExports.length ? copyState(state) : state, false);
            }
            answerExports(r.pendingExports.splice(0), state, tokenizer, datasetIdentity);
          }
        },
      });
      flushProgress(r);
      const trainedHere = result.steps > 0;
      if (trainedHere) {
        hold({
          runId: r.runId,
          doc,
          compiled: result.compiled,
          dataset,
          probe: r.settings,
          step: result.step,
          optimizer: result.optimizerState,
          tokenizer,
          datasetIdentity,
        });
      } else {
        // Stopped before its first step: the weights are the ones it started from, and the model before stays.
        disposeQuietly(result.compiled);
        if (held) held.runId = r.runId;
      }
      const summary: RunSummary = {
        steps: result.steps,
        step: trainedHere ? result.step : (held?.step ?? 0),
        firstLoss: result.firstLoss,
        lastLoss: result.lastLoss,
        accuracy: result.accuracy,
        tokensPerSec: result.tokensPerSec,
        status: result.status,
      };
      post({ type: 'done', runId: r.runId, summary, ...(result.error ? { problem: result.error } : {}) });
      if (trainedHere && held) {
        postCheckpoint(r, await readTrainedState(held.compiled, held.step, copyOptimizer(held.optimizer)), true);
      }
    } catch (err) {
      // The curves so far are kept, whatever ended the run.
      flushProgress(r);
      post({ type: 'error', runId: r.runId, problem: toProblem(err) });
      const trained = r.context?.compiled;
      if (trained && dataset && r.tokenizer && r.datasetIdentity) {
        // The weights of the last finished step are still worth probing and continuing (with a fresh optimizer).
        hold({ runId: r.runId, doc, compiled: trained, dataset, probe: r.settings, step: r.lastStep, tokenizer: r.tokenizer, datasetIdentity: r.datasetIdentity });
      } else if (held) {
        held.runId = r.runId;
      }
    } finally {
      if (r.pendingExports.length) await exportHeld(r.pendingExports.splice(0));
      if (run === r) run = null;
    }
  }

  /** The held model's state for a Continue: refused when there is none, or when the data's vocabulary differs. */
  async function continuationOf(model: HeldModel | null, tokenizer: SavedTokenizers, identity: DatasetIdentity): Promise<TrainedState> {
    if (!model) {
      throw new EngineError([coded('E_NOTHING_TO_CONTINUE', 'studio.nothingToContinue')]);
    }
    if (!sameTokenizers(model.tokenizer, tokenizer)) {
      throw new EngineError([coded('E_VOCAB_MISMATCH', sameDataset(model.datasetIdentity, identity) ? 'studio.vocabChanged' : 'studio.vocabOtherData')]);
    }
    return readTrainedState(model.compiled, model.step, copyOptimizer(model.optimizer));
  }

  /** Which blocks of `doc` take which weights of the source model (fine-tuning); planned on a throwaway compile. */
  function planTransfer(doc: GraphDoc, seed: number, initFrom: NonNullable<Extract<ToWorker, { type: 'start' }>['initFrom']>): WeightTransferPlan {
    const compiled = compileGraph(doc, { seed });
    try {
      return planWeightTransfer({ doc, compiled }, { doc: initFrom.doc, weights: initFrom.weights });
    } finally {
      compiled.dispose();
    }
  }

  function answerExports(requestIds: string[], state: TrainedState, tokenizer: SavedTokenizers, dataset: DatasetIdentity) {
    requestIds.forEach((requestId, i) => {
      // Each answer's buffers are transferred, so every answer but the last gets its own copy.
      const trained = i === requestIds.length - 1 ? state : copyState(state);
      post({ type: 'model', requestId, trained, tokenizer, dataset });
    });
  }

  async function exportHeld(requestIds: string[]) {
    const model = held;
    if (!model) {
      for (const requestId of requestIds) post({ type: 'model', requestId });
      return;
    }
    try {
      const state = await readTrainedState(model.compiled, model.step, copyOptimizer(model.optimizer));
      answerExports(requestIds, state, model.tokenizer, model.datasetIdentity);
    } catch (err) {
      post({ type: 'error', runId: model.runId, problem: toProblem(err) });
      for (const requestId of requestIds) post({ type: 'model', requestId });
    }
  }

  async function probeHeld(text: string, sampling?: SamplingSettings) {
    const model = held;
    if (!model) return;
    model.probe = { probeText: text, sampling: sampling ?? model.probe.sampling };
    try {
      await snapshot(model.runId, model.probe, model.compiled, model.dataset, model.step);
    } catch (err) {
      post({ type: 'error', runId: model.runId, problem: toProblem(err) });
    }
  }

  async function load(msg: Extract<ToWorker, { type: 'loadModel' }>) {
    let compiled: CompiledModel | null = null;
    try {
      const { graph, trained, tokenizer, dataset: identity } = msg.contents;
      if (!trained || !tokenizer || !identity) throw new EngineError([nothingToLoad(msg.contents)]);
      const backend = await ensureBackend();
      compiled = compileGraph(graph, { seed: graph.training.seed });
      assignWeights(compiled, trained.weights);
      const dataset = await probeDatasetFor(graph, compiled, identity, tokenizer, msg.baseUrl);
      const model: HeldModel = {
        runId: msg.runId,
        doc: graph,
        compiled,
        dataset,
        probe: { probeText: msg.probeText, sampling: msg.sampling },
        step: trained.step,
        optimizer: trained.optimizer,
        tokenizer,
        datasetIdentity: identity,
      };
      hold(model);
      compiled = null;
      const { params } = engine.estimateMemory(graph, graph.training.batchSize);
      post({ type: 'loaded', runId: msg.runId, backend, params, step: model.step, dataset: dataset.info, task: dataset.info.task });
      await snapshot(model.runId, model.probe, model.compiled, model.dataset, model.step);
    } catch (err) {
      if (compiled) disposeQuietly(compiled);
      post({ type: 'error', runId: msg.runId, problem: toProblem(err) });
    }
  }

  /**
   * What the probe needs, without the training examples: the bundled dataset itself where it still has the
   * vocabulary the model learnt (its examples then serve as default probe and references), otherwise one
   * built from the saved vocabulary.
   */
  async function probeDatasetFor(graph: GraphDoc, compiled: CompiledModel, identity: DatasetIdentity, tokenizer: SavedTokenizers, baseUrl?: string): Promise<Dataset> {
    const lengths = engine.feedLengths(graph);
    if (identity.kind === 'bundled') {
      try {
        const bundled = await datasetFor({ kind: 'bundled', datasetId: identity.id, ...(baseUrl ? { baseUrl } : {}) }, { lengths, seed: graph.training.seed });
        if (sameTokenizers(snapshotTokenizers(bundled), tokenizer)) return bundled;
      } catch {
        // A dataset this version lacks, or whose files cannot be read here: the saved vocabulary is enough.
      }
    }
    const info = infoFor(identity, tokenizer, compiled);
    return probeDatasetFrom({ tokenizer, task: info.task, info, lengths });
  }

  /** Frees the held model on the old backend and rebuilds it on the new one from its weights read out first. */
  async function moveHeldModel(): Promise<void> {
    const model = held;
    if (!model) return;
    const state = await readTrainedState(model.compiled, model.step);
    disposeQuietly(model.compiled);
    held = null;
    await ensureBackend();
    const compiled = compileGraph(model.doc, { seed: model.doc.training.seed });
    try {
      assignWeights(compiled, state.weights);
    } catch (err) {
      disposeQuietly(compiled);
      throw err;
    }
    held = { ...model, compiled };
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
          const r: ActiveRun = {
            runId: msg.runId,
            settings: { ...msg.settings },
            stopRequested: false,
            paused: false,
            release: null,
            lastProgressAt: Number.NEGATIVE_INFINITY,
            pendingProgress: [],
            probeDirty: false,
            lastStep: 0,
            context: null,
            pendingExports: [],
            lastCheckpointAt: now(),
            lastCheckpointStep: 0,
            tokenizer: null,
            datasetIdentity: null,
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
            if (run.release && run.context) {
              run.probeDirty = false;
              await snapshot(run.runId, run.settings, run.context.compiled, run.context.dataset, run.lastStep);
            }
          } else if (held?.runId === msg.runId) {
            await probeHeld(msg.text, msg.sampling);
          }
          return;
        case 'planTransfer':
          try {
            await ensureBackend();
            post({ type: 'transferPlan', requestId: msg.requestId, plan: planTransfer(msg.doc, msg.doc.training.seed, msg.initFrom) });
          } catch (err) {
            post({ type: 'transferPlan', requestId: msg.requestId, problem: toProblem(err) });
          }
          return;
        case 'exportModel': {
          const r = run;
          if (r?.context) {
            // Between steps the model is consistent; while training that is the end of the current step.
            if (r.release) answerExports([msg.requestId], await r.context.state(), r.tokenizer!, r.datasetIdentity!);
            else r.pendingExports.push(msg.requestId);
          } else {
            await exportHeld([msg.requestId]);
          }
          return;
        }
        case 'loadModel':
          if (run) {
            run.stopRequested = true;
            run.release?.(true);
          }
          await runPromise;
          runPromise = load(msg);
          await runPromise;
          return;
        case 'preview':
          try {
            const dataset = await datasetFor(msg.data, { lengths: msg.lengths, seed: msg.seed });
            post({ type: 'preview', requestId: msg.requestId, examples: dataset.preview(3), facts: datasetFactsOf(dataset) });
          } catch (err) {
            post({ type: 'preview', requestId: msg.requestId, problem: toProblem(err) });
          }
          return;
        case 'setBackend':
          backendChoice = msg.backend;
          if (run) return; // takes effect at the next Start: tfjs cannot move a live model between backends
          try {
            if (held) await moveHeldModel();
            else await ensureBackend();
            post({ type: 'backend', backend: activeBackend! });
          } catch (err) {
            post({ type: 'error', runId: null, problem: toProblem(err) });
          }
          return;
      }
    },
    idle: () => runPromise,
  };
}

/** Two vocabularies map every id to the same token (and classes to the same names). */
export function sameTokenizers(a: SavedTokenizers, b: SavedTokenizers): boolean {
  const sameList = (x: readonly string[] = [], y: readonly string[] = []) => x.length === y.length && x.every((t, i) => t === y[i]);
  const sameVocabulary = (x: TokenizerSnapshot, y: TokenizerSnapshot) => x.kind === y.kind && !!x.lowercase === !!y.lowercase && sameList(x.tokens, y.tokens);
  return sameVocabulary(a.input, b.input) && sameVocabulary(a.target ?? a.input, b.target ?? b.input) && sameList(a.classes, b.classes);
}

/** The dataset's card for a loaded model whose data is not at hand: the bundled one's, or the learner's file's. */
function infoFor(identity: DatasetIdentity, tokenizer: SavedTokenizers, compiled: CompiledModel): DatasetInfo {
  if (identity.kind === 'bundled') {
    const bundled = datasetInfo(identity.id);
    if (bundled) return bundled;
  }
  const task: DatasetTask = tokenizer.classes?.length ? 'classification' : compiled.inputFeeds.includes('decoder_tokens') ? 'seq2seq' : 'lm';
  const name = identity.kind === 'user' ? identity.name : identity.id;
  return {
    id: identity.kind === 'user' ? `user:${identity.name}` : identity.id,
    name,
    task,
    description: 'The data this model was trained on; only its vocabulary is kept in the model file.',
    source: identity.kind === 'user' ? 'Your file (stays on this computer)' : 'A dataset this version of Tensorloom does not bundle',
    licence: identity.kind === 'user' ? 'Yours' : 'unknown',
    size: '–',
  };
}

function nothingToLoad(contents: ModelFileContents): Problem {
  return coded('E_DATA', !contents.trained ? 'studio.noWeightsToProbe' : 'studio.noVocabularyToProbe');
}

/**
 * A copy of a state whose arrays may be transferred: posting a message with transferables empties the
 * sender's buffers, and the worker must keep its own.
 */
function copyState(state: TrainedState): TrainedState {
  return {
    step: state.step,
    weights: state.weights.map((w) => ({ name: w.name, shape: [...w.shape], data: w.data.slice() })),
    ...(state.optimizer ? { optimizer: copyOptimizer(state.optimizer) } : {}),
  };
}

function copyOptimizer(optimizer: OptimizerState | undefined): OptimizerState | undefined {
  if (!optimizer) return undefined;
  return { kind: optimizer.kind, iterations: optimizer.iterations, tensors: optimizer.tensors.map((t) => ({ name: t.name, shape: [...t.shape], data: t.data.slice() })) };
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
  return coded('E_INTERNAL', 'run.unexpected', { detail: message });
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

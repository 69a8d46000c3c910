/**
 * The typed conversation between the studio (UI thread) and the training worker. Both sides import this
 * file, so a message that one side sends and the other does not understand fails to type-check.
 *
 * Every run-scoped message carries the `runId` the UI chose when it pressed Start. The UI keeps only the
 * messages of its current run (`acceptMessage` in renderer/studio/runState.ts), so a late progress event of a stopped run can never
 * repaint the charts of the next one. Large arrays (attention maps, hidden states) travel as transferable
 * `Float32Array` buffers (`transferablesOf`), never as copies.
 *
 * Progress is throttled (a fast run makes hundreds of steps a second; a message each would flood the UI
 * thread), but never lossy: a `progress` message carries every step since the previous one, so the
 * charts get a point for each step whatever the pace.
 *
 * The worker keeps the trained model after a run ends (done, stopped or failed) and after a `loadModel`:
 * the probe, heat-maps and samples keep answering on it, Start can continue it (`mode: 'continue'`), and
 * `exportModel` reads it out for Save. While a run trains, `checkpoint` messages carry its state every few
 * minutes and at its end, so a crash loses minutes, not the run.
 */
import type { BackendName } from '../backend/init';
import type { DatasetInfo, DatasetTask, Example, FeedLengths } from '../data/types';
import type { UserDataSource } from '../data/userData';
import type { Problem } from '../graph/errors';
import type { GraphDoc, TrainingConfig } from '../graph/schema';
import type { DatasetIdentity, ModelFileContents, NamedTensor, SavedTokenizers, TrainedState } from '../io/modelContents';
import type { ConfusionMatrix } from './confusion';
import type { ProgressEvent, TrainingResult } from './types';
import type { WeightTransferPlan } from './weightTransfer';
import type { DatasetFacts } from './datasetFit';

export type BackendChoice = BackendName | 'auto';
export type { UserDataSource };

/** `baseUrl`: where the web build serves the bundled data files (`./data/` next to the page). */
export type DataChoice = { kind: 'bundled'; datasetId: string; baseUrl?: string } | { kind: 'user'; source: UserDataSource };

export interface SamplingSettings {
  /** Softmax temperature for language-model samples; 0 means greedy. */
  temperature: number;
  /** Keep only the k most likely tokens; 0 keeps all. */
  topK: number;
  /** Nucleus sampling: keep the most likely tokens until their probability reaches p; 1 (or absent) keeps all. */
  topP?: number;
  /** Beam width for seq2seq translations. */
  beamWidth: number;
  /** Tokens to generate for a language-model sample. */
  maxTokens: number;
}

export interface RunSettings {
  training: TrainingConfig;
  /** Text run through the inspection model for heat-maps and used as the sample prompt. */
  probeText: string;
  /** Attention snapshots and samples every this many steps (and at the last step). */
  snapshotEvery: number;
  sampling: SamplingSettings;
  /** The run is refused (E_OUT_OF_MEMORY) above this estimate; the studio's pre-flight uses the same figure. */
  memoryBudgetBytes: number;
  /**
   * When to post a `checkpoint` while training (one is always posted when a run that trained ends).
   * Default `{ ms: DEFAULT_CHECKPOINT_MS }`.
   */
  checkpointEvery?: CheckpointEvery;
}

/**
 * By time, not steps: a step of a tiny graph takes a millisecond and one of a large one a second, and what a
 * crash should cost is minutes of work whatever the graph. `steps` is for tests and the command line;
 * `{ steps: 0 }` checkpoints only at the end of a run.
 */
export type CheckpointEvery = { ms: number } | { steps: number };

/** Two minutes of training: reading the weights out costs well under a second even for the largest templates. */
export const DEFAULT_CHECKPOINT_MS = 2 * 60 * 1000;

/** Continue the model the worker holds, or train the graph from fresh weights. */
export type StartMode = 'scratch' | 'continue';

/** Another model's weights to start a from-scratch run from (fine-tuning): matched to this graph block by block. */
export interface InitFrom {
  /** The model file's display name, recorded in the run. */
  name: string;
  doc: GraphDoc;
  weights: NamedTensor[];
}

/** Bytes a run needs, split the way the pre-flight check explains it. */
export interface MemoryBreakdown {
  weights: number;
  optimizer: number;
  activations: number;
  total: number;
}

// ---------------------------------------------------------------- UI → worker

export type ToWorker =
  /**
   * `mode: 'continue'` goes on from the model the worker holds (its weights, optimizer state and step; the
   * schedule runs to `settings.training.steps`, which counts every step); `initFrom` applies only to 'scratch'.
   */
  | { type: 'start'; runId: string; doc: GraphDoc; data: DataChoice; settings: RunSettings; mode: StartMode; initFrom?: InitFrom }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  | { type: 'stop'; runId: string }
  /** New probe input or sampling settings; applied at the next snapshot (or at once when paused/finished). */
  | { type: 'probe'; runId: string; text: string; sampling?: SamplingSettings }
  | { type: 'setBackend'; backend: BackendChoice }
  /** A few examples of a dataset for the picker; built in the worker so a large corpus never blocks the UI. */
  | { type: 'preview'; requestId: string; data: DataChoice; lengths: FeedLengths; seed: number }
  /** Which blocks of `doc` would take which weights of `initFrom`, before a run (“Load weights from…”); answered by `transferPlan`. */
  | { type: 'planTransfer'; requestId: string; doc: GraphDoc; initFrom: InitFrom }
  /** The model held (or being trained) as it is now, for Save; answered by `model`. */
  | { type: 'exportModel'; requestId: string }
  /**
   * A saved model: the worker compiles its graph, puts the weights in and builds what the probe needs from the
   * saved vocabulary, then holds it under `runId` (probes carry that id). Answered by `loaded` or `error`.
   */
  | { type: 'loadModel'; runId: string; contents: ModelFileContents; baseUrl?: string; probeText: string; sampling: SamplingSettings };

// ---------------------------------------------------------------- worker → UI

export interface AttentionMap {
  nodeId: string;
  /** Copy index inside a repeated group (the layer). */
  copy: number;
  heads: number;
  /** Token labels of the query axis (rows) and key axis (columns). */
  rows: string[];
  cols: string[];
  /** heads × rows × cols weights, row-major; transferred, not copied. */
  data: Float32Array;
}

export interface HiddenMap {
  nodeId: string;
  copy: number;
  kind: 'hidden' | 'gates';
  /** Time-step token labels. */
  steps: string[];
  units: number;
  /** steps × units, row-major. */
  data: Float32Array;
}

/**
 * A language model's scores for the token after the probe, before temperature, top-k and top-p: the studio
 * reshapes them itself (nextTokenDistribution), so its bars follow the sliders without asking the worker.
 */
export interface NextTokenScores {
  /** log p of every token id at the probe's last position; transferred, not copied. */
  logProbs: Float32Array;
  /** The most probable ids, most probable first, and how each is shown (whitespace made visible). */
  ids: number[];
  labels: string[];
}

export type SampleBody =
  | { kind: 'lm'; prompt: string; text: string; temperature: number; topK: number; topP?: number; next?: NextTokenScores }
  /** The log-probabilities (Σ log p of the written tokens) say which search found the likelier answer. */
  | { kind: 'seq2seq'; source: string; greedy: string; beam: string; reference?: string; greedyLogProb?: number; beamLogProb?: number }
  /** `confusion`: the classifier's predictions over the validation split against the true classes. */
  | { kind: 'classification'; text: string; label: string; confidence: number; reference?: string; probabilities: { label: string; p: number }[]; confusion?: ConfusionMatrix }
  | { kind: 'tagging'; source: string; output: string; reference?: string }
  /** `filled`: the probe with each [MASK] replaced by the guess; `masks`: each [MASK]'s guess, most probable first. */
  | { kind: 'masked-lm'; text: string; filled: string; masks: MaskedGuess[] };

/** The model's guess at one [MASK] of the probe (`position` in the model's input) and its runners-up. */
export interface MaskedGuess {
  position: number;
  token: string;
  p: number;
  alternatives?: { token: string; p: number }[];
}

/**
 * How a run ended, as the studio shows it: the plain-data part of the engine's TrainingResult (its model and
 * optimizer state stay in the worker), so the two cannot drift. `step` is the global step of the weights the worker
 * holds afterwards: a run stopped before its first step leaves the model before it, and reports that model's step.
 */
export type RunSummary = Pick<TrainingResult, 'steps' | 'step' | 'firstLoss' | 'lastLoss' | 'accuracy' | 'tokensPerSec' | 'status'>;

export type FromWorker =
  | { type: 'ready'; backends: BackendName[]; backend: string }
  | { type: 'backend'; backend: string }
  | {
      type: 'started';
      runId: string;
      backend: string;
      params: number;
      memory: MemoryBreakdown;
      dataset: DatasetInfo;
      task: DatasetTask;
      /** 0 from scratch; the held model's step when continuing. */
      startStep: number;
      totalSteps: number;
      datasetIdentity: DatasetIdentity;
      /** Which blocks took the `initFrom` weights and which kept fresh ones, and why. */
      transfer?: WeightTransferPlan;
    }
  /** `steps`: every step since the previous progress message, oldest first, never empty; the last is the newest. */
  | { type: 'progress'; runId: string; steps: ProgressEvent[] }
  | { type: 'paused'; runId: string; step: number }
  | { type: 'resumed'; runId: string }
  | { type: 'attention'; runId: string; step: number; maps: AttentionMap[] }
  | { type: 'hidden'; runId: string; step: number; states: HiddenMap[] }
  | ({ type: 'sample'; runId: string; step: number } & SampleBody)
  | { type: 'done'; runId: string; summary: RunSummary; problem?: Problem }
  /** `facts`: what the graph must agree with (vocabulary, classes, feeds), checked live on every edit. */
  | { type: 'preview'; requestId: string; examples: Example[]; facts?: DatasetFacts; problem?: undefined }
  | { type: 'preview'; requestId: string; examples?: undefined; facts?: undefined; problem: Problem }
  /** The run's state, to be kept where a crash cannot reach it; buffers transferred. `final` at the end of a run. */
  | { type: 'checkpoint'; runId: string; step: number; state: TrainedState; tokenizer: SavedTokenizers; dataset: DatasetIdentity; final: boolean }
  | { type: 'transferPlan'; requestId: string; plan: WeightTransferPlan; problem?: undefined }
  | { type: 'transferPlan'; requestId: string; plan?: undefined; problem: Problem }
  /** Answer to `exportModel`; no `trained` when the worker holds no trained model. */
  | { type: 'model'; requestId: string; trained?: TrainedState; tokenizer?: SavedTokenizers; dataset?: DatasetIdentity }
  /** A `loadModel` succeeded: the model is held under `runId`; heat-maps and a sample of the probe follow. */
  | { type: 'loaded'; runId: string; backend: string; params: number; step: number; dataset: DatasetInfo; task: DatasetTask }
  /** runId is null for problems outside a run (a backend that failed to start, a crashed worker). */
  | { type: 'error'; runId: string | null; problem: Problem };

/** Buffers to list as transferables when posting a message, so big arrays move instead of being copied. */
export function transferablesOf(msg: FromWorker): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (a: Float32Array) => {
    // A view over a shared or already-listed buffer must not be listed twice (postMessage throws).
    if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  };
  const addState = (t: TrainedState) => {
    for (const w of t.weights) add(w.data);
    for (const m of t.optimizer?.tensors ?? []) add(m.data);
  };
  if (msg.type === 'attention') for (const m of msg.maps) add(m.data);
  if (msg.type === 'hidden') for (const s of msg.states) add(s.data);
  if (msg.type === 'sample' && msg.kind === 'lm' && msg.next) add(msg.next.logProbs);
  if (msg.type === 'checkpoint') addState(msg.state);
  if (msg.type === 'model' && msg.trained) addState(msg.trained);
  return [...buffers];
}

// ---------------------------------------------------------------- what the charts draw

/** One point per training step; validation fields only on the steps where validation ran. */
export interface ChartPoint {
  step: number;
  loss: number;
  accuracy?: number;
  perplexity: number;
  learningRate: number;
  validationLoss?: number;
  validationAccuracy?: number;
  validationPerplexity?: number;
}

export type SampleMessage = Extract<FromWorker, { type: 'sample' }>;

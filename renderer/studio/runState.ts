/**
 * The studio's view of one run, folded from the worker's messages. Pure functions of (state, message), so
 * the same reducer serves the store, the handler tests (which fold a real worker's messages) and the
 * reducer tests.
 *
 * Every run-scoped message is matched against the run id the UI chose at Start: a late progress event of a
 * stopped run can never repaint the charts of the next one.
 */
import type {
  AttentionMap,
  ChartPoint,
  DatasetIdentity,
  DatasetInfo,
  FromWorker,
  HiddenMap,
  MemoryBreakdown,
  Problem,
  ProgressEvent,
  RunSummary,
  SampleMessage,
  WeightTransferPlan,
} from '../../engine';

/** `loading`/`loaded`: a saved model being put into the worker, and then held there for probing without a run. */
export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'done' | 'stopped' | 'failed' | 'loading' | 'loaded';

export interface RunState {
  runId: string | null;
  status: RunStatus;
  backend: string | null;
  params: number;
  memory: MemoryBreakdown | null;
  dataset: DatasetInfo | null;
  /** The latest progress event, for the progress bar, ETA and tokens/s. */
  latest: ProgressEvent | null;
  points: ChartPoint[];
  /** How many held-out examples the run's validation reads, and how many the split has (from its first validation). */
  validationSet: { examples: number; heldOut: number } | null;
  attention: { step: number; maps: AttentionMap[] } | null;
  hidden: { step: number; states: HiddenMap[] } | null;
  /** Newest first, a few kept. */
  samples: SampleMessage[];
  summary: RunSummary | null;
  problem: Problem | null;
  /** Where this run's step count starts: 0 from scratch, the held model's step when continuing. */
  startStep: number;
  /** The global step the model's weights are at now (the latest progress, the end of the run, or a loaded file's). */
  trainedStep: number;
  datasetIdentity: DatasetIdentity | null;
  /** For a run started from another model's weights: which blocks took them. */
  transfer: WeightTransferPlan | null;
}

export const MAX_SAMPLES_KEPT = 8;

export function idleRun(): RunState {
  return {
    runId: null,
    status: 'idle',
    backend: null,
    params: 0,
    memory: null,
    dataset: null,
    latest: null,
    validationSet: null,
    points: [],
    attention: null,
    hidden: null,
    samples: [],
    summary: null,
    problem: null,
    startStep: 0,
    trainedStep: 0,
    datasetIdentity: null,
    transfer: null,
  };
}

/** The UI pressed Start: from now on only messages of `runId` count. */
export function beginRun(runId: string): RunState {
  return { ...idleRun(), runId, status: 'starting' };
}

/** The UI asked the worker to load a saved model under `runId`. */
export function beginLoad(runId: string): RunState {
  return { ...idleRun(), runId, status: 'loading' };
}

/** The UI asked for a pause/stop; shown at once, confirmed by the worker's reply. */
export function requestControl(state: RunState, action: 'pause' | 'resume' | 'stop'): RunState {
  if (!state.runId) return state;
  if (action === 'stop' && (state.status === 'running' || state.status === 'paused' || state.status === 'starting')) {
    return { ...state, status: 'stopping' };
  }
  return state;
}

/** States in which the worker holds the model and only answers probes. */
const FINISHED: readonly RunStatus[] = ['done', 'stopped', 'failed', 'loaded'];

/** A run (or a load) in flight: Start and the run settings wait for it. */
export function isActive(status: RunStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'paused' || status === 'stopping' || status === 'loading';
}

/**
 * Folds one worker message into the run state. Messages of another run (a stale progress event of a run
 * that was stopped, a snapshot posted just before Stop) return the state unchanged — the same object, so
 * React skips the render.
 *
 * Once a run has ended, the worker still holds its model and answers the probe with heat-maps and samples
 * tagged with that run's id; those are taken, while anything that would restart the run's life (a late
 * progress event, a second `done`) is not.
 */
export function acceptMessage(state: RunState, msg: FromWorker): RunState {
  // Checkpoints and exported models are the store's business, not the run's.
  if (msg.type === 'ready' || msg.type === 'backend' || msg.type === 'preview' || msg.type === 'model' || msg.type === 'checkpoint' || msg.type === 'transferPlan') return state;
  if (msg.type === 'error' && msg.runId === null) {
    // A worker-wide failure ends whatever run was in flight.
    if (!state.runId || !isActive(state.status)) return { ...state, problem: msg.problem };
    return { ...state, status: 'failed', problem: msg.problem };
  }
  if (msg.runId !== state.runId) return state;
  if (FINISHED.includes(state.status) && !answersProbe(msg)) return state;

  switch (msg.type) {
    case 'started':
      return {
        ...state,
        status: state.status === 'stopping' ? 'stopping' : 'running',
        backend: msg.backend,
        params: msg.params,
        memory: msg.memory,
        dataset: msg.dataset,
        startStep: msg.startStep,
        trainedStep: msg.startStep,
        datasetIdentity: msg.datasetIdentity,
        transfer: msg.transfer ?? null,
      };
    case 'loaded':
      if (state.status !== 'loading') return state;
      return { ...state, status: 'loaded', backend: msg.backend, params: msg.params, dataset: msg.dataset, trainedStep: msg.step };
    case 'progress': {
      const latest = msg.steps.at(-1);
      if (!latest) return state;
      const validated = [...msg.steps].reverse().find((e) => e.validation)?.validation;
      const validationSet = validated ? { examples: validated.examples, heldOut: validated.heldOut } : state.validationSet;
      return { ...state, latest, validationSet, trainedStep: latest.step, points: state.points.concat(msg.steps.map(chartPointOf)) };
    }
    case 'paused':
      return state.status === 'stopping' ? state : { ...state, status: 'paused' };
    case 'resumed':
      return state.status === 'stopping' ? state : { ...state, status: 'running' };
    case 'attention':
      return { ...state, attention: { step: msg.step, maps: msg.maps } };
    case 'hidden':
      return { ...state, hidden: { step: msg.step, states: msg.states } };
    case 'sample':
      return { ...state, samples: [msg, ...state.samples].slice(0, MAX_SAMPLES_KEPT) };
    case 'done':
      return { ...state, status: msg.summary.status, summary: msg.summary, trainedStep: msg.summary.step, problem: msg.problem ?? state.problem };
    case 'error':
      // A probe that failed on a finished run's model is shown, but the run stays as it ended.
      return FINISHED.includes(state.status) ? { ...state, problem: msg.problem } : { ...state, status: 'failed', problem: msg.problem };
  }
}

/** What the worker sends for a probe of a model it holds: maps, samples, or the probe's own failure. */
function answersProbe(msg: FromWorker): boolean {
  return msg.type === 'attention' || msg.type === 'hidden' || msg.type === 'sample' || msg.type === 'error';
}

function chartPointOf(event: ProgressEvent): ChartPoint {
  const point: ChartPoint = {
    step: event.step,
    loss: event.loss,
    accuracy: event.accuracy,
    perplexity: Math.exp(event.loss),
    learningRate: event.learningRate,
  };
  if (event.validation) {
    point.validationLoss = event.validation.loss;
    point.validationAccuracy = event.validation.accuracy;
    point.validationPerplexity = event.validation.perplexity;
  }
  return point;
}

/**
 * Seconds left at the current pace, or null before there is a pace to go by. `startStep`: where the run
 * began counting (a continued run's elapsed time covers only its own steps).
 */
export function etaSeconds(p: ProgressEvent | null, startStep = 0): number | null {
  const done = p ? p.step - startStep : 0;
  if (!p || done <= 0 || p.elapsedMs <= 0) return null;
  const perStep = p.elapsedMs / done;
  return Math.max(0, ((p.totalSteps - p.step) * perStep) / 1000);
}

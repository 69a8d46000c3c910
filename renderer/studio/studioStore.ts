/**
 * The studio's state: the current run (folded from worker messages by `acceptMessage`), the document's
 * earlier runs for the charts and the comparison, what the worker holds for Continue, the latest checkpoint
 * for autosave, the chosen data, the probe input and sampling settings. The document itself (including its
 * `training` section) stays in the document store.
 *
 * Runs belong to the document: a model file's runs become `runs` when it is opened (`loadTrained`), each run
 * of this session is appended when it ends, and all of them are saved with the file (`exportTrained`). The
 * charts overlay the runs of the graph as it is now by default; the comparison can pick any two, whatever
 * the graph was when they ran.
 */
import { create } from 'zustand';
import { i18n } from '../i18n';
import type {
  DatasetFacts,
  BackendChoice,
  BackendName,
  DataChoice,
  DatasetIdentity,
  DatasetInfo,
  FromWorker,
  GraphDoc,
  InitFrom,
  ModelFileContents,
  Problem,
  RunRecord,
  RunSettings,
  SamplingSettings,
  SavedTokenizers,
  StartMode,
  ToWorker,
  TrainedState,
  UserDataSource,
  WeightTransferPlan,
} from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { dataBaseUrl } from './dataBaseUrl';
import { acceptMessage, beginLoad, beginRun, idleRun, isActive, requestControl, type RunState } from './runState';

export interface UserDataChoice {
  source: UserDataSource;
  info: DatasetInfo;
  /** What a graph must agree with to train on the file, checked live like a bundled dataset's facts. */
  facts: DatasetFacts;
  /** The text's length in UTF-8 bytes (a dropped BOM not counted), as the worker's dataset identity counts it. */
  bytes: number;
}

/** Which attention map is shown: a block, a layer (copy in its repeated group) and a head (or all). */
export interface AttentionFocus {
  nodeId: string;
  copy: number;
  head: number | 'all';
}

/** What the worker holds between runs, as far as deciding on Continue goes. */
export interface TrainedModelInfo {
  graphFingerprint: string;
  /** Node ids frozen when it was trained: the optimizer state covers the others only. */
  frozen: string[];
  step: number;
  dataset: DatasetIdentity | null;
  optimizer: GraphDoc['training']['optimizer'];
}

/** The newest checkpoint of the current run, for autosave: everything of a model file but its graph, which is `graph`. */
export interface LatestCheckpoint {
  bytes?: never;
  contents: Omit<ModelFileContents, 'graph'>;
  /** The graph the weights belong to (the document as the run started). */
  graph: GraphDoc;
  graphFingerprint: string;
  step: number;
  /** The run ended with it: nothing newer will come from this run. */
  final: boolean;
}

/** What a run was started with, kept to write its RunRecord when it ends. */
interface RunMeta {
  graph: GraphDoc;
  graphFingerprint: string;
  label: string;
  startedAt: string;
  frozen: string[];
  initFrom?: string;
}

export interface StartRequest {
  doc: GraphDoc;
  data: DataChoice;
  settings: RunSettings;
  mode: StartMode;
  initFrom?: InitFrom;
}

export interface ExportedTrained {
  trained?: TrainedState;
  tokenizer?: SavedTokenizers;
  dataset?: DatasetIdentity;
  runs: RunRecord[];
}

export type CompareLayout = 'overlay' | 'sideBySide';

export const DEFAULT_SAMPLING: SamplingSettings = { temperature: 0.8, topK: 10, beamWidth: 4, maxTokens: 60 };
/** Snapshots every this many steps: often enough to watch, rare enough not to slow training. */
export const DEFAULT_SNAPSHOT_EVERY = 10;
/** Earlier runs of the graph drawn behind the current one. */
export const MAX_PAST_RUNS = 4;
/** Runs a document keeps: each holds every chart point, and a file should stay small. */
export const MAX_RUNS_KEPT = 24;

export interface StudioState {
  run: RunState;
  /** The document's runs, oldest first: from its file and from this session. */
  runs: RunRecord[];
  /** Run id → fingerprint of the graph it trained, for the runs whose graph is known. */
  runGraphs: Record<string, string>;
  /** What the current run was started with. */
  runMeta: RunMeta | null;
  /** The model the worker holds (after a run or a load), or null. */
  trained: TrainedModelInfo | null;
  latestCheckpoint: LatestCheckpoint | null;
  /** Another model's weights the next from-scratch run starts from (fine-tuning), or null for fresh weights. */
  initFrom: InitFrom | null;
  /** Run ids picked for comparison (at most two). */
  compare: string[];
  compareLayout: CompareLayout;
  backends: BackendName[];
  backendChoice: BackendChoice;
  /** The learner's own file, when chosen instead of a bundled dataset. */
  userData: UserDataChoice | null;
  probeText: string;
  sampling: SamplingSettings;
  focus: AttentionFocus | null;
  /** Sends a message to the worker; set by the worker client. */
  send: ((msg: ToWorker) => void) | null;
  /** The latest dataset preview the worker sent back (matched to a request by its id). */
  preview: Extract<FromWorker, { type: 'preview' }> | null;
  /** What each bundled dataset asks of a graph (vocabulary, classes, feeds), by dataset id, as the worker reported it. */
  datasetFacts: Record<string, DatasetFacts>;

  receive(msg: FromWorker): void;
  requestPreview(msg: Extract<ToWorker, { type: 'preview' }>): void;
  /** Begins a run and returns its id. */
  start(request: StartRequest): string;
  control(action: 'pause' | 'resume' | 'stop'): void;
  setBackend(choice: BackendChoice): void;
  setUserData(choice: UserDataChoice | null): void;
  setProbe(text: string): void;
  setSampling(patch: Partial<SamplingSettings>): void;
  applyProbe(): void;
  setFocus(focus: AttentionFocus | null): void;
  /** Sets (or clears) the weights the next from-scratch run starts from (“Load weights from…”). */
  setInitFrom(initFrom: InitFrom | null): void;
  /** Picks or unpicks a run for comparison; a third pick replaces the older of the two. */
  toggleCompare(runId: string): void;
  setCompareLayout(layout: CompareLayout): void;
  /** A worker that crashed: the run fails with the problem, the UI keeps working. */
  workerFailed(problem: Problem): void;
  /**
   * The trained model and the document's runs, for Save. `trained` is absent when nothing is trained, and
   * when the graph's blocks changed since it was trained (those weights would not load into this graph).
   */
  exportTrained(): Promise<ExportedTrained>;
  /**
   * An opened model file: its runs become the document's, and its weights (if any) go into the worker,
   * ready for the probe and for Continue. Rejects with the worker's problem when the weights do not load.
   */
  loadTrained(contents: ModelFileContents): Promise<void>;
  /** Which blocks of `doc` would take which weights of `initFrom`, asked of the worker (it compiles the graph). */
  planTransfer(doc: GraphDoc, initFrom: InitFrom): Promise<WeightTransferPlan>;
}

let runCounter = 0;
let requestCounter = 0;
const pendingExports = new Map<string, { resolve(m: Extract<FromWorker, { type: 'model' }>): void; reject(err: Error): void }>();
const pendingLoads = new Map<string, { resolve(): void; reject(err: Error): void }>();
const pendingPlans = new Map<string, { resolve(plan: WeightTransferPlan): void; reject(err: Error): void }>();

/** An Error that carries the worker's coded problem, for callers that show `problem.message` and `problem.fix`. */
function problemError(problem: Problem): Error & { problem: Problem } {
  return Object.assign(new Error(problem.message), { problem });
}

/**
 * What makes two documents “the same graph” for comparing runs and for reusing weights: blocks, their
 * parameters and wiring — not positions, names, frozen flags or training settings (those are what a learner
 * varies between runs, and none changes a weight's shape).
 */
export function graphFingerprint(doc: GraphDoc): string {
  const nodes = doc.nodes
    .map((n) => `${n.id}:${n.kind}:${JSON.stringify(Object.entries(n.params).sort(([a], [b]) => (a < b ? -1 : 1)))}:${n.group ?? ''}`)
    .sort();
  const edges = doc.edges.map((e) => `${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`).sort();
  const groups = doc.groups.map((g) => `${g.id}*${g.repeat}`).sort();
  return [...nodes, '|', ...edges, '|', ...groups].join(';');
}

export function frozenNodes(doc: GraphDoc): string[] {
  return doc.nodes.filter((n) => n.frozen).map((n) => n.id).sort();
}

/** “Run 3 · adam lr 0.001 · batch 32”, and what tells fine-tuning runs of one graph apart: loaded weights, frozen blocks. */
export function runLabel(n: number, doc: GraphDoc, loadedWeights = false): string {
  const t = doc.training;
  const frozen = frozenNodes(doc).length;
  return [
    i18n.t('studio.charts.runLabel', { n, optimizer: t.optimizer, lr: t.learningRate, batch: t.batchSize }),
    ...(loadedWeights ? [i18n.t('studio.charts.runLabelLoaded')] : []),
    ...(frozen ? [i18n.t('studio.charts.runLabelFrozen', { count: frozen })] : []),
  ].join(' · ');
}

/** Why Continue cannot be offered for this document and data, or null when it can. */
export type ContinueBlocker = 'nothingTrained' | 'graphChanged' | 'frozenChanged' | 'optimizerChanged' | 'dataChanged' | 'raiseSteps';

export function continueBlocker(trained: TrainedModelInfo | null, doc: GraphDoc, data: DatasetIdentityHint): ContinueBlocker | null {
  if (!trained) return 'nothingTrained';
  if (trained.graphFingerprint !== graphFingerprint(doc)) return 'graphChanged';
  const frozen = frozenNodes(doc);
  if (frozen.length !== trained.frozen.length || frozen.some((id, i) => id !== trained.frozen[i])) return 'frozenChanged';
  if (trained.optimizer !== doc.training.optimizer) return 'optimizerChanged';
  if (trained.dataset && !sameDataHint(trained.dataset, data)) return 'dataChanged';
  if (doc.training.steps <= trained.step) return 'raiseSteps';
  return null;
}

/** The data the studio would train on, as far as the UI thread knows it without hashing the file. */
export type DatasetIdentityHint = { kind: 'bundled'; id: string } | { kind: 'user'; name: string; bytes: number };

export function dataHintOf(doc: GraphDoc, userData: UserDataChoice | null): DatasetIdentityHint {
  if (!userData) return { kind: 'bundled', id: doc.training.dataset };
  return { kind: 'user', name: userData.source.name, bytes: userData.bytes };
}

function sameDataHint(identity: DatasetIdentity, hint: DatasetIdentityHint): boolean {
  if (identity.kind === 'bundled') return hint.kind === 'bundled' && hint.id === identity.id;
  // The worker checks the vocabulary itself; the name and size catch the usual mistake of another file.
  return hint.kind === 'user' && hint.bytes === identity.bytes;
}

/** The record of a run, as far as it has come (status 'stopped' while it still runs: that is what a crash would leave). */
export function recordOf(run: RunState, meta: RunMeta, doc: GraphDoc = meta.graph): RunRecord | null {
  if (!run.runId || !run.points.length) return null;
  const last = run.points.at(-1)!;
  const lastValidated = [...run.points].reverse().find((p) => p.validationLoss !== undefined);
  const status = run.status === 'done' || run.status === 'failed' || run.status === 'stopped' ? run.status : 'stopped';
  return {
    id: run.runId,
    label: meta.label,
    startedAt: meta.startedAt,
    status,
    backend: run.backend ?? '',
    training: doc.training,
    dataset: run.datasetIdentity ?? { kind: 'bundled', id: doc.training.dataset },
    startStep: run.startStep,
    steps: last.step - run.startStep,
    wallMs: run.latest?.elapsedMs ?? 0,
    points: run.points,
    final: {
      loss: last.loss,
      ...(run.summary?.accuracy !== undefined ? { accuracy: run.summary.accuracy } : last.accuracy !== undefined ? { accuracy: last.accuracy } : {}),
      ...(lastValidated ? { validationLoss: lastValidated.validationLoss } : {}),
      ...(lastValidated?.validationAccuracy !== undefined ? { validationAccuracy: lastValidated.validationAccuracy } : {}),
      tokensPerSec: run.summary?.tokensPerSec ?? run.latest?.tokensPerSec ?? 0,
    },
    frozen: meta.frozen,
    ...(meta.initFrom ? { initFrom: meta.initFrom } : {}),
  };
}

export const useStudioStore = create<StudioState>()((set, get) => ({
  run: idleRun(),
  runs: [],
  runGraphs: {},
  runMeta: null,
  trained: null,
  latestCheckpoint: null,
  initFrom: null,
  compare: [],
  compareLayout: 'overlay',
  backends: [],
  backendChoice: 'auto',
  userData: null,
  probeText: '',
  sampling: DEFAULT_SAMPLING,
  focus: null,
  send: null,
  preview: null,
  datasetFacts: {},

  receive(msg) {
    switch (msg.type) {
      case 'ready':
        set({ backends: msg.backends });
        return;
      case 'preview':
        set(msg.facts ? { preview: msg, datasetFacts: { ...get().datasetFacts, [msg.facts.id]: msg.facts } } : { preview: msg });
        return;
      case 'model': {
        const pending = pendingExports.get(msg.requestId);
        pendingExports.delete(msg.requestId);
        pending?.resolve(msg);
        return;
      }
      case 'checkpoint':
        receiveCheckpoint(msg);
        return;
      case 'transferPlan': {
        const pending = pendingPlans.get(msg.requestId);
        pendingPlans.delete(msg.requestId);
        if (msg.plan) pending?.resolve(msg.plan);
        else pending?.reject(problemError(msg.problem));
        return;
      }
    }
    const before = get().run;
    const run = acceptMessage(before, msg);
    if (run === before) return;
    const patch: Partial<StudioState> = { run };
    if (msg.type === 'sample' && !get().probeText) patch.probeText = probeOf(msg);
    const meta = get().runMeta;
    if (msg.type === 'loaded') {
      const load = pendingLoads.get(msg.runId);
      pendingLoads.delete(msg.runId);
      if (get().trained) patch.trained = { ...get().trained!, step: msg.step };
      set(patch);
      load?.resolve();
      return;
    }
    if (msg.type === 'error' && msg.runId !== null && pendingLoads.has(msg.runId)) {
      const load = pendingLoads.get(msg.runId)!;
      pendingLoads.delete(msg.runId);
      // The worker keeps whatever it held before the file that failed.
      set(patch);
      load.reject(problemError(msg.problem));
      return;
    }
    const endedNow = isActive(before.status) && !isActive(run.status) && before.status !== 'loading';
    if (endedNow && meta) {
      const record = recordOf(run, meta);
      if (record) {
        patch.runs = [...get().runs.filter((r) => r.id !== record.id), record].slice(-MAX_RUNS_KEPT);
        patch.runGraphs = { ...get().runGraphs, [record.id]: meta.graphFingerprint };
      }
      // The worker now holds this run's weights; a run that trained no step leaves it holding the model before.
      if ((run.summary?.steps ?? run.points.length) > 0) {
        patch.trained = {
          graphFingerprint: meta.graphFingerprint,
          frozen: meta.frozen,
          step: run.trainedStep,
          dataset: run.datasetIdentity,
          optimizer: meta.graph.training.optimizer,
        };
      }
    }
    set(patch);
  },

  start({ doc, data, settings, mode, initFrom }) {
    const current = get().run;
    if (isActive(current.status) && current.runId) get().send?.({ type: 'stop', runId: current.runId });
    runCounter += 1;
    const runId = `run-${Date.now().toString(36)}-${runCounter}`;
    const meta: RunMeta = {
      graph: doc,
      graphFingerprint: graphFingerprint(doc),
      label: runLabel(get().runs.length + 1, doc, mode === 'scratch' && !!initFrom),
      startedAt: new Date().toISOString(),
      frozen: frozenNodes(doc),
      ...(mode === 'scratch' && initFrom ? { initFrom: initFrom.name } : {}),
    };
    set({ run: beginRun(runId), runMeta: meta, latestCheckpoint: null });
    get().send?.({ type: 'start', runId, doc, data, settings, mode, ...(mode === 'scratch' && initFrom ? { initFrom } : {}) });
    return runId;
  },

  requestPreview(msg) {
    get().send?.(msg);
  },

  control(action) {
    const { run, send } = get();
    if (!run.runId || !isActive(run.status) || run.status === 'loading') return;
    set({ run: requestControl(run, action) });
    send?.({ type: action, runId: run.runId });
  },

  setBackend(choice) {
    set({ backendChoice: choice });
    get().send?.({ type: 'setBackend', backend: choice });
  },

  setUserData(choice) {
    set({ userData: choice });
  },

  setProbe(text) {
    set({ probeText: text });
  },

  setSampling(patch) {
    set({ sampling: { ...get().sampling, ...patch } });
  },

  applyProbe() {
    const { run, send, probeText, sampling } = get();
    if (run.runId) send?.({ type: 'probe', runId: run.runId, text: probeText, sampling });
  },

  setFocus(focus) {
    set({ focus });
  },

  setInitFrom(initFrom) {
    set({ initFrom });
  },

  toggleCompare(runId) {
    const compare = get().compare;
    if (compare.includes(runId)) set({ compare: compare.filter((id) => id !== runId) });
    else set({ compare: [...compare, runId].slice(-2) });
  },

  setCompareLayout(layout) {
    set({ compareLayout: layout });
  },

  workerFailed(problem) {
    // The worker is gone and the model it held with it.
    const error = problemError(problem);
    for (const pending of [pendingExports, pendingLoads, pendingPlans]) {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    }
    get().receive({ type: 'error', runId: null, problem });
    set({ trained: null });
  },

  exportTrained() {
    const { send, trained, run, runMeta } = get();
    const runs = (): RunRecord[] => {
      // A run still in flight is saved as far as it has come.
      const current = isActive(get().run.status) && get().runMeta ? recordOf(get().run, get().runMeta!) : null;
      return current ? [...get().runs.filter((r) => r.id !== current.id), current] : get().runs;
    };
    const doc = useDocumentStore.getState().doc;
    const training = isActive(run.status) && run.status !== 'loading' && run.points.length > 0;
    const fingerprint = training ? runMeta?.graphFingerprint : trained?.graphFingerprint;
    if (!send || !fingerprint || (doc && graphFingerprint(doc) !== fingerprint)) return Promise.resolve({ runs: runs() });
    requestCounter += 1;
    const requestId = `export-${requestCounter}`;
    return new Promise<ExportedTrained>((resolve, reject) => {
      pendingExports.set(requestId, {
        resolve: (m) => resolve({ ...(m.trained ? { trained: m.trained } : {}), ...(m.tokenizer ? { tokenizer: m.tokenizer } : {}), ...(m.dataset ? { dataset: m.dataset } : {}), runs: runs() }),
        reject,
      });
      send({ type: 'exportModel', requestId });
    });
  },

  planTransfer(doc, initFrom) {
    const send = get().send;
    if (!send) return Promise.reject(problemError({ code: 'E_WORKER', message: i18n.t('studio.worker.noStart', { reason: 'not connected' }), fix: i18n.t('studio.worker.noStartFix') }));
    requestCounter += 1;
    const requestId = `plan-${requestCounter}`;
    return new Promise<WeightTransferPlan>((resolve, reject) => {
      pendingPlans.set(requestId, { resolve, reject });
      send({ type: 'planTransfer', requestId, doc, initFrom });
    });
  },

  loadTrained(contents) {
    const fingerprint = graphFingerprint(contents.graph);
    const runGraphs: Record<string, string> = {};
    for (const r of contents.runs) runGraphs[r.id] = fingerprint;
    set({ runs: contents.runs.slice(-MAX_RUNS_KEPT), runGraphs, compare: [], latestCheckpoint: null });
    const { send, run } = get();
    // Another document replaces this one: a run still training the old graph is stopped, not recorded here.
    if (isActive(run.status) && run.runId && run.status !== 'loading') send?.({ type: 'stop', runId: run.runId });
    if (!contents.trained || !contents.tokenizer || !contents.dataset || !send) {
      // Whatever the worker still holds belongs to no document on screen: no Continue, nothing to save.
      set({ run: idleRun(), runMeta: null, trained: null });
      return Promise.resolve();
    }
    runCounter += 1;
    const runId = `load-${Date.now().toString(36)}-${runCounter}`;
    const previousTrained = get().trained;
    set({
      run: beginLoad(runId),
      runMeta: null,
      trained: {
        graphFingerprint: fingerprint,
        frozen: frozenNodes(contents.graph),
        step: contents.trained.step,
        dataset: contents.dataset,
        optimizer: contents.trained.optimizer?.kind ?? contents.graph.training.optimizer,
      },
    });
    const { probeText, sampling } = get();
    return new Promise<void>((resolve, reject) => {
      pendingLoads.set(runId, {
        resolve,
        reject: (err) => {
          // The worker still holds what it held before.
          if (get().run.runId === runId) set({ trained: previousTrained });
          reject(err);
        },
      });
      send({ type: 'loadModel', runId, contents, probeText, sampling, ...loadBaseUrl() });
    });
  },
}));

/** Where the web build serves bundled data, for a loaded model whose probe needs the dataset's vocabulary. */
function loadBaseUrl(): { baseUrl?: string } {
  return typeof document === 'undefined' ? {} : { baseUrl: dataBaseUrl() };
}

function receiveCheckpoint(msg: Extract<FromWorker, { type: 'checkpoint' }>) {
  const { run, runMeta, runs } = useStudioStore.getState();
  if (msg.runId !== run.runId || !runMeta) return;
  // On the final checkpoint the run's record is already among `runs` (it came with `done`).
  const current = msg.final ? null : recordOf(run, runMeta);
  const contents: Omit<ModelFileContents, 'graph'> = {
    trained: msg.state,
    tokenizer: msg.tokenizer,
    dataset: msg.dataset,
    runs: current ? [...runs.filter((r) => r.id !== current.id), current] : runs,
  };
  useStudioStore.setState({ latestCheckpoint: { contents, graph: runMeta.graph, graphFingerprint: runMeta.graphFingerprint, step: msg.step, final: msg.final } });
}

/** Calls `listener` with each new checkpoint of a run (for autosave); returns the unsubscribe function. */
export function onCheckpoint(listener: (checkpoint: LatestCheckpoint) => void): () => void {
  return useStudioStore.subscribe((state, previous) => {
    if (state.latestCheckpoint && state.latestCheckpoint !== previous.latestCheckpoint) listener(state.latestCheckpoint);
  });
}

/** The input a sample was computed on: the worker's default probe becomes the editable one. */
function probeOf(s: Extract<FromWorker, { type: 'sample' }>): string {
  switch (s.kind) {
    case 'lm':
      return s.prompt;
    case 'classification':
    case 'masked-lm':
      return s.text;
    default:
      return s.source;
  }
}

/** The earlier runs of the graph as it is now, for the chart overlay (the current run excluded), newest last. */
export function pastRunsOf(runs: readonly RunRecord[], runGraphs: Record<string, string>, currentRunId: string | null, doc: GraphDoc): RunRecord[] {
  const fingerprint = graphFingerprint(doc);
  return runs.filter((r) => r.id !== currentRunId && runGraphs[r.id] === fingerprint).slice(-MAX_PAST_RUNS);
}

/**
 * The probe text belongs to the document it was typed for: another graph (opened, restored, a template) starts
 * from its own text — the one it had earlier in this session when it comes from the same file, otherwise empty,
 * so the first sample of its data fills it in.
 */
const probeByDocument = new Map<string, string>();
const documentKey = (s: { documentSeq: number; fileName: string | null }) => s.fileName ?? `#${s.documentSeq}`;
useDocumentStore.subscribe((state, prev) => {
  if (state.documentSeq === prev.documentSeq) return;
  probeByDocument.set(documentKey(prev), useStudioStore.getState().probeText);
  useStudioStore.setState({ probeText: probeByDocument.get(documentKey(state)) ?? '' });
});

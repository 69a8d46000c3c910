/**
 * The studio's state: the current run (folded from worker messages by the protocol's `acceptMessage`),
 * earlier runs of the same graph for the chart overlay, the chosen data, the probe input and sampling
 * settings. The document itself (including its `training` section) stays in the document store.
 */
import { create } from 'zustand';
import { i18n } from '../i18n';
import type { BackendName } from '../../engine/backend/init';
import type { DatasetInfo } from '../../engine/data/types';
import type { Problem } from '../../engine/graph/errors';
import type { GraphDoc } from '../../engine/graph/schema';
import { acceptMessage, beginRun, idleRun, isActive, requestControl, type RunState } from './runState';
import {
  type BackendChoice,
  type ChartPoint,
  type FromWorker,
  type SamplingSettings,
  type ToWorker,
  type UserDataSource,
} from '../../engine/train/protocol';

export interface PastRun {
  runId: string;
  /** “Run 2 · lr 0.001 · batch 16”, for the legend. */
  label: string;
  points: ChartPoint[];
}

export interface UserDataChoice {
  source: UserDataSource;
  info: DatasetInfo;
}

/** Which attention map is shown: a block, a layer (copy in its repeated group) and a head (or all). */
export interface AttentionFocus {
  nodeId: string;
  copy: number;
  head: number | 'all';
}

export const DEFAULT_SAMPLING: SamplingSettings = { temperature: 0.8, topK: 10, beamWidth: 4, maxTokens: 60 };
/** Snapshots every this many steps: often enough to watch, rare enough not to slow training. */
export const DEFAULT_SNAPSHOT_EVERY = 10;
/** Earlier runs kept per graph for comparison. */
export const MAX_PAST_RUNS = 4;

export interface StudioState {
  run: RunState;
  /** Earlier runs, by graph fingerprint. */
  history: Record<string, PastRun[]>;
  /** Fingerprint of the graph the current run trains. */
  runGraph: string | null;
  runLabel: string;
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

  receive(msg: FromWorker): void;
  requestPreview(msg: Extract<ToWorker, { type: 'preview' }>): void;
  /** Begins a run and returns its id. */
  start(doc: GraphDoc, startMessage: (runId: string) => ToWorker): string;
  control(action: 'pause' | 'resume' | 'stop'): void;
  setBackend(choice: BackendChoice): void;
  setUserData(choice: UserDataChoice | null): void;
  setProbe(text: string): void;
  setSampling(patch: Partial<SamplingSettings>): void;
  applyProbe(): void;
  setFocus(focus: AttentionFocus | null): void;
  /** A worker that crashed: the run fails with the problem, the UI keeps working. */
  workerFailed(problem: Problem): void;
}

let runCounter = 0;

/**
 * What makes two documents “the same graph” for comparing runs: blocks, their parameters and wiring —
 * not positions, names or training settings (those are what a learner varies between runs).
 */
export function graphFingerprint(doc: GraphDoc): string {
  const nodes = doc.nodes
    .map((n) => `${n.id}:${n.kind}:${JSON.stringify(Object.entries(n.params).sort(([a], [b]) => (a < b ? -1 : 1)))}:${n.group ?? ''}`)
    .sort();
  const edges = doc.edges.map((e) => `${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`).sort();
  const groups = doc.groups.map((g) => `${g.id}*${g.repeat}`).sort();
  return [...nodes, '|', ...edges, '|', ...groups].join(';');
}

export function runLabel(n: number, doc: GraphDoc): string {
  const t = doc.training;
  return i18n.t('studio.charts.runLabel', { n, optimizer: t.optimizer, lr: t.learningRate, batch: t.batchSize });
}

export const useStudioStore = create<StudioState>()((set, get) => ({
  run: idleRun(),
  history: {},
  runGraph: null,
  runLabel: '',
  backends: [],
  backendChoice: 'auto',
  userData: null,
  probeText: '',
  sampling: DEFAULT_SAMPLING,
  focus: null,
  send: null,
  preview: null,

  receive(msg) {
    if (msg.type === 'ready') {
      set({ backends: msg.backends });
      return;
    }
    if (msg.type === 'preview') {
      set({ preview: msg });
      return;
    }
    const before = get().run;
    const run = acceptMessage(before, msg);
    if (run === before) return;
    if (msg.type === 'sample' && !get().probeText) set({ probeText: probeOf(msg) });
    const finishedNow = isActive(before.status) && !isActive(run.status);
    if (finishedNow && get().runGraph && run.points.length) {
      const key = get().runGraph!;
      const past = get().history[key] ?? [];
      const entry: PastRun = { runId: run.runId!, label: get().runLabel, points: run.points };
      set({ run, history: { ...get().history, [key]: [...past, entry].slice(-MAX_PAST_RUNS) } });
      return;
    }
    set({ run });
  },

  start(doc, startMessage) {
    const current = get().run;
    if (isActive(current.status) && current.runId) get().send?.({ type: 'stop', runId: current.runId });
    runCounter += 1;
    const runId = `run-${Date.now().toString(36)}-${runCounter}`;
    set({ run: beginRun(runId), runGraph: graphFingerprint(doc), runLabel: runLabel(runCounter, doc) });
    get().send?.(startMessage(runId));
    return runId;
  },

  requestPreview(msg) {
    get().send?.(msg);
  },

  control(action) {
    const { run, send } = get();
    if (!run.runId || !isActive(run.status)) return;
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

  workerFailed(problem) {
    get().receive({ type: 'error', runId: null, problem });
  },
}));

/** The input a sample was computed on: the worker's default probe becomes the editable one. */
function probeOf(s: Extract<FromWorker, { type: 'sample' }>): string {
  switch (s.kind) {
    case 'lm':
      return s.prompt;
    case 'classification':
      return s.text;
    default:
      return s.source;
  }
}

/** The earlier runs of a graph, for the chart overlay (the current run excluded). */
export function pastRunsOf(history: StudioState['history'], currentRunId: string | null, doc: GraphDoc): PastRun[] {
  const list = history[graphFingerprint(doc)] ?? [];
  return list.filter((r) => r.runId !== currentRunId);
}

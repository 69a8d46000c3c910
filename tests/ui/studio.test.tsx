import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import './flowEnvironment';
import { templateById } from '../../engine/templates/index';
import type { ModelFileContents, RunRecord, TrainedState } from '../../engine/io/modelContents';
import type { FromWorker, ToWorker } from '../../engine/train/protocol';
import { idleRun } from '../../renderer/studio/runState';
import { i18n, setLanguage } from '../../renderer/i18n';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { graphFingerprint, onCheckpoint, pastRunsOf, useStudioStore, type LatestCheckpoint } from '../../renderer/studio/studioStore';
import { useViewStore } from '../../renderer/store/viewStore';
import { setWorkerFactory, type WorkerLike } from '../../renderer/studio/workerClient';

// uPlot reads the device pixel ratio through matchMedia when it loads; jsdom has no media queries.
let StudioPanel: typeof import('../../renderer/studio/StudioPanel').StudioPanel;
beforeAll(async () => {
  (window as unknown as { matchMedia: unknown }).matchMedia ??= () => ({ matches: false, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {} });
  ({ StudioPanel } = await import('../../renderer/studio/StudioPanel'));
});

/** The worker boundary as the studio sees it: messages out, messages and errors in. */
class WorkerDouble implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((ev: ErrorEvent | Event) => void) | null = null;
  postMessage(msg: ToWorker) {
    this.sent.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  reply(msg: FromWorker) {
    act(() => this.onmessage?.({ data: msg } as MessageEvent<FromWorker>));
  }
  crash(message: string) {
    act(() => this.onerror?.({ message } as ErrorEvent));
  }
}

let workers: WorkerDouble[] = [];

beforeEach(() => {
  workers = [];
  setWorkerFactory(() => {
    const w = new WorkerDouble();
    workers.push(w);
    return w;
  });
  useStudioStore.setState({ run: idleRun(), runs: [], runGraphs: {}, runMeta: null, trained: null, latestCheckpoint: null, initFrom: null, compare: [], userData: null, probeText: '', focus: null });
  useDocumentStore.getState().load(templateById('gpt-mini')!.build());
});

afterEach(() => cleanup());

/** Renders the studio closed (as in a short window, or as the learner left it), then opens it by its header. */
function openStudio() {
  useViewStore.setState({ studioOpen: false });
  render(<StudioPanel />);
  fireEvent.click(screen.getByRole('button', { name: /Training studio/ }));
}

function startMessage(): Extract<ToWorker, { type: 'start' }> {
  const start = workers.flatMap((w) => w.sent).find((m) => m.type === 'start');
  if (!start || start.type !== 'start') throw new Error('no start message was sent');
  return start;
}

const started = (runId: string): FromWorker => ({
  type: 'started',
  runId,
  backend: 'wasm',
  params: 10,
  memory: { weights: 1, optimizer: 1, activations: 1, total: 3 },
  dataset: { id: 'moby-dick', name: 'Moby', task: 'lm', description: '', source: '', licence: '', size: '' },
  task: 'lm',
  startStep: 0,
  totalSteps: 100,
  datasetIdentity: { kind: 'bundled', id: 'moby-dick' },
});

const progress = (runId: string, step: number, loss: number): FromWorker => ({
  type: 'progress',
  runId,
  steps: [{ step, totalSteps: 100, loss, learningRate: 0.001, tokensPerSec: 1234, elapsedMs: step * 500 }],
});

describe('training studio', () => {
  it('starts a run with the document’s training settings and shows its progress, ignoring stale runs', () => {
    openStudio();
    // The picker asks the worker for examples of the dataset and lists them.
    const request = workers[0].sent.find((m) => m.type === 'preview');
    expect(request).toMatchObject({ data: { kind: 'bundled', datasetId: 'moby-dick' }, lengths: { tokens: 64 } });
    workers[0].reply({ type: 'preview', requestId: (request as { requestId: string }).requestId, examples: [{ input: 'Call me Ishmael.', target: 'all me Ishmael. ' }] });
    expect(screen.getByRole('list', { name: 'Examples' }).textContent).toContain('Call me Ishmael.');
    fireEvent.change(screen.getByLabelText('Steps'), { target: { value: '100' } });
    expect(useDocumentStore.getState().doc.training.steps).toBe(100);
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));

    const start = startMessage();
    expect(start.settings.training.steps).toBe(100);
    expect(start.data).toMatchObject({ kind: 'bundled', datasetId: 'moby-dick' });
    const worker = workers[0];
    worker.reply(started(start.runId));
    worker.reply(progress(start.runId, 10, 3.2));
    worker.reply(progress('an-older-run', 90, 0.1));

    const status = document.querySelector('.studio-status')!;
    expect(status.getAttribute('data-status')).toBe('running');
    expect(status.textContent).toContain('step 10 / 100');
    expect(status.textContent).toContain('1,234 tokens/s');
    expect(status.textContent).toContain('backend wasm');
    expect(status.textContent).toMatch(/ETA 45 s/);

    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(worker.sent.at(-1)).toEqual({ type: 'pause', runId: start.runId });
    worker.reply({ type: 'paused', runId: start.runId, step: 10 });
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(worker.sent.at(-1)).toEqual({ type: 'resume', runId: start.runId });
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    expect(worker.sent.at(-1)).toEqual({ type: 'stop', runId: start.runId });
  });

  it('shows the NaN message of a failed run', () => {
    openStudio();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const { runId } = startMessage();
    workers[0].reply({
      type: 'done',
      runId,
      summary: { steps: 3, step: 3, firstLoss: 4, lastLoss: 4, tokensPerSec: 1, status: 'failed' },
      problem: { code: 'E_NAN_LOSS', message: 'The loss became NaN at step 3.', fix: 'Lower the learning rate.' },
    });
    expect(screen.getByRole('alert').textContent).toContain('The loss became NaN at step 3. Lower the learning rate.');
    // The worker keeps the weights of the last good step: they can be trained further or replaced.
    expect(screen.getByRole('button', { name: 'Train from scratch' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByRole('button', { name: 'Continue' }).hasAttribute('disabled')).toBe(false);
  });

  it('survives a crashed worker: the run fails with a message and the next Start gets a new worker', () => {
    openStudio();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    workers[0].crash('out of memory');
    expect(workers[0].terminated).toBe(true);
    expect(screen.getByRole('alert').textContent).toMatch(/training worker stopped unexpectedly: out of memory/);
    expect(document.querySelector('.studio-status')!.getAttribute('data-status')).toBe('failed');
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(workers).toHaveLength(2);
    expect(workers[1].sent.some((m) => m.type === 'start')).toBe(true);
  });

  it('refuses a run that will not fit in memory and names the block to shrink', () => {
    useDocumentStore.getState().setTraining({ batchSize: 4096 });
    openStudio();
    const problem = screen.getAllByRole('alert').find((a) => a.getAttribute('data-code') === 'E_OUT_OF_MEMORY')!;
    expect(problem.textContent).toMatch(/largest part is .+’s/);
    expect(problem.textContent).toMatch(/Reduce T or batch/);
    expect(screen.getByRole('button', { name: 'Train' }).hasAttribute('disabled')).toBe(true);
  });

  it('explains what is wrong with a user’s CSV file', async () => {
    openStudio();
    const file = new File(['text,label\nnice,pos\nok, fine,pos\nbad,neg\nmeh,neg\n'], 'reviews.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText('Your data file'), { target: { files: [file] } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/line 3 has 3 columns/));
    expect(useStudioStore.getState().userData).toBeNull();
  });

  it('uses a valid user file for the next run', async () => {
    // A classifier, as the file holds labelled texts (a language model is refused before Train: tests/ui/userDataFit).
    useDocumentStore.getState().load(templateById('encoder-classifier')!.build());
    openStudio();
    const rows = ['text,label', 'good film,pos', 'bad film,neg', 'great,pos', 'awful,neg', 'fine,pos'].join('\n');
    fireEvent.change(screen.getByLabelText('Your data file'), { target: { files: [new File([rows], 'mine.csv')] } });
    await waitFor(() => expect(useStudioStore.getState().userData?.info.size).toBe('5 labelled texts'));
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(startMessage().data).toMatchObject({ kind: 'user', source: { name: 'mine.csv', task: 'classification' } });
  });

  it('opens the attention maps of a block selected on the canvas', () => {
    openStudio();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const { runId } = startMessage();
    const attentionNode = useDocumentStore.getState().doc.nodes.find((n) => n.kind === 'multiHeadAttention')!;
    workers[0].reply({
      type: 'attention',
      runId,
      step: 5,
      maps: [{ nodeId: attentionNode.id, copy: 0, heads: 2, rows: ['a', 'b'], cols: ['a', 'b'], data: new Float32Array([1, 0, 0.5, 0.5, 1, 0, 0.3, 0.7]) }],
    });
    expect(screen.getByRole('tab', { name: 'Charts' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: /Training studio/ }));
    expect(screen.queryByRole('tabpanel')).toBeNull();
    act(() => useDocumentStore.getState().select({ nodes: [attentionNode.id] }));
    expect(screen.getByRole('tabpanel')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Attention' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getAllByRole('img', { name: /2 × 2 heat-map/ })).toHaveLength(2);
  });

  it('keeps finished runs of the same graph for comparison, whatever their training settings', () => {
    openStudio();
    const finish = () => {
      const runId = useStudioStore.getState().run.runId!;
      const w = workers.at(-1)!;
      w.reply(progress(runId, 1, 4));
      w.reply(progress(runId, 2, 3));
      w.reply({ type: 'done', runId, summary: { steps: 2, step: 2, firstLoss: 4, lastLoss: 3, tokensPerSec: 1, status: 'done' } });
    };
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    finish();
    act(() => useDocumentStore.getState().setTraining({ learningRate: 0.01 }));
    fireEvent.click(screen.getByRole('button', { name: 'Train from scratch' }));
    const { runs, runGraphs, run } = useStudioStore.getState();
    const doc = useDocumentStore.getState().doc;
    const past = pastRunsOf(runs, runGraphs, run.runId, doc);
    expect(past).toHaveLength(1);
    expect(past[0].points.map((p) => p.loss)).toEqual([4, 3]);
    expect(past[0].label).toMatch(/lr 0\.003/);
    // A different graph (another head count) is not compared with it.
    const mha = doc.nodes.find((n) => n.kind === 'multiHeadAttention')!;
    act(() => useDocumentStore.getState().setParam(mha.id, 'heads', 2));
    expect(pastRunsOf(runs, runGraphs, run.runId, useDocumentStore.getState().doc)).toHaveLength(0);
  });
});

/** Runs the current run to its end: started, one progress point per loss, done. */
function finishCurrentRun(losses: number[], opts: { startStep?: number; totalSteps?: number; status?: 'done' | 'stopped' } = {}) {
  const { runId } = useStudioStore.getState().run;
  const w = workers.at(-1)!;
  const startStep = opts.startStep ?? 0;
  const totalSteps = opts.totalSteps ?? 100;
  w.reply({ ...(started(runId!) as Extract<FromWorker, { type: 'started' }>), startStep, totalSteps });
  losses.forEach((loss, i) => w.reply({ type: 'progress', runId: runId!, steps: [{ step: startStep + i + 1, totalSteps, loss, learningRate: 0.001, tokensPerSec: 100, elapsedMs: (i + 1) * 10 }] }));
  const step = startStep + losses.length;
  w.reply({ type: 'done', runId: runId!, summary: { steps: losses.length, step, firstLoss: losses[0], lastLoss: losses.at(-1)!, tokensPerSec: 100, status: opts.status ?? 'done' } });
  return runId!;
}

const sentMessages = () => workers.flatMap((w) => w.sent);

function record(id: string, label: string, losses: number[], patch: Partial<RunRecord> = {}): RunRecord {
  const doc = templateById('gpt-mini')!.build();
  return {
    id,
    label,
    startedAt: '2026-01-02T03:04:05.000Z',
    status: 'done',
    backend: 'wasm',
    training: doc.training,
    dataset: { kind: 'bundled', id: 'moby-dick' },
    startStep: 0,
    steps: losses.length,
    wallMs: 1000,
    points: losses.map((loss, i) => ({ step: i + 1, loss, perplexity: Math.exp(loss), learningRate: 0.001 })),
    final: { loss: losses.at(-1)!, tokensPerSec: 100 },
    frozen: [],
    ...patch,
  };
}

function trainedState(step: number): TrainedState {
  return { step, weights: [{ name: 'emb__0__embedding/embeddings', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }], optimizer: { kind: 'adam', iterations: step, tensors: [] } };
}

describe('trained models that last', () => {
  it('offers Continue or Train from scratch once a model is trained, and says why Continue is not possible', () => {
    act(() => useDocumentStore.getState().setTraining({ steps: 3 }));
    openStudio();
    expect(screen.queryByRole('button', { name: 'Continue' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(startMessage().mode).toBe('scratch');
    finishCurrentRun([4, 3, 2.5], { totalSteps: 3 });

    const continueButton = () => screen.getByRole('button', { name: 'Continue' });
    const note = () => document.querySelector('.studio-continue-note')!;
    // All 3 steps are trained: nothing is left to continue until Steps goes up.
    expect(continueButton().hasAttribute('disabled')).toBe(true);
    expect(note().getAttribute('data-continue')).toBe('raiseSteps');
    expect(note().textContent).toBe('The model has trained 3 steps: raise Steps above 3 to continue.');
    expect(screen.getByRole('button', { name: 'Train from scratch' }).hasAttribute('disabled')).toBe(false);

    fireEvent.change(screen.getByLabelText('Steps'), { target: { value: '10' } });
    expect(continueButton().hasAttribute('disabled')).toBe(false);
    expect(note().textContent).toBe('Continue trains the model on from step 3 to step 10.');
    // Training settings may change between the parts of a run; the graph may not.
    act(() => useDocumentStore.getState().setTraining({ learningRate: 0.0005 }));
    expect(continueButton().hasAttribute('disabled')).toBe(false);

    const doc = useDocumentStore.getState().doc;
    const mha = doc.nodes.find((n) => n.kind === 'multiHeadAttention')!;
    act(() => useDocumentStore.getState().setParam(mha.id, 'heads', 2));
    expect(continueButton().hasAttribute('disabled')).toBe(true);
    expect(note().getAttribute('data-continue')).toBe('graphChanged');
    act(() => useDocumentStore.getState().setParam(mha.id, 'heads', mha.params.heads as number));
    act(() => useDocumentStore.getState().setTraining({ optimizer: 'sgd' }));
    expect(note().getAttribute('data-continue')).toBe('optimizerChanged');
    act(() => useDocumentStore.getState().setTraining({ optimizer: 'adam' }));

    fireEvent.click(continueButton());
    const continued = sentMessages().filter((m) => m.type === 'start').at(-1) as Extract<ToWorker, { type: 'start' }>;
    expect(continued).toMatchObject({ mode: 'continue', settings: { training: { steps: 10, learningRate: 0.0005 } } });
    finishCurrentRun([2.4, 2.3], { startStep: 3, totalSteps: 10, status: 'stopped' });
    expect(useStudioStore.getState().trained?.step).toBe(5);
    const runs = useStudioStore.getState().runs;
    expect(runs.map((r) => [r.startStep, r.steps, r.status])).toEqual([
      [0, 3, 'done'],
      [3, 2, 'stopped'],
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Train from scratch' }));
    expect(sentMessages().filter((m) => m.type === 'start').at(-1)).toMatchObject({ mode: 'scratch' });
  });

  it('says when the chosen data is not the data the model learnt', () => {
    act(() => useDocumentStore.getState().setTraining({ steps: 50 }));
    openStudio();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    finishCurrentRun([4, 3]);
    act(() => useDocumentStore.getState().setTraining({ dataset: 'tiny-shakespeare' }));
    expect(document.querySelector('.studio-continue-note')!.getAttribute('data-continue')).toBe('dataChanged');
  });

  it('keeps the latest checkpoint of the current run for autosave, with the run so far, and tells listeners', () => {
    openStudio();
    const seen: LatestCheckpoint[] = [];
    const unsubscribe = onCheckpoint((c) => seen.push(c));
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const { runId } = startMessage();
    const w = workers[0];
    w.reply(started(runId));
    w.reply(progress(runId, 1, 4));
    w.reply(progress(runId, 2, 3.5));
    const tokenizer = { input: { kind: 'char' as const, tokens: ['[PAD]', 'a'] } };
    w.reply({ type: 'checkpoint', runId, step: 2, state: trainedState(2), tokenizer, dataset: { kind: 'bundled', id: 'moby-dick' }, final: false });
    // A checkpoint of another run is not this run's.
    w.reply({ type: 'checkpoint', runId: 'old', step: 9, state: trainedState(9), tokenizer, dataset: { kind: 'bundled', id: 'moby-dick' }, final: true });
    const latest = useStudioStore.getState().latestCheckpoint!;
    expect(latest.step).toBe(2);
    expect(latest.graphFingerprint).toBe(graphFingerprint(useDocumentStore.getState().doc));
    expect(latest.graph).toBe(startMessage().doc);
    expect(latest.contents.trained?.step).toBe(2);
    expect(latest.contents.tokenizer).toEqual(tokenizer);
    expect(latest.contents.runs).toHaveLength(1);
    expect(latest.contents.runs[0]).toMatchObject({ id: runId, status: 'stopped', startStep: 0, steps: 2, dataset: { kind: 'bundled', id: 'moby-dick' } });
    expect(latest.contents.runs[0].points.map((p) => p.loss)).toEqual([4, 3.5]);
    expect(seen.map((c) => c.step)).toEqual([2]);

    w.reply({ type: 'done', runId, summary: { steps: 2, step: 2, firstLoss: 4, lastLoss: 3.5, tokensPerSec: 1, status: 'done' } });
    w.reply({ type: 'checkpoint', runId, step: 2, state: trainedState(2), tokenizer, dataset: { kind: 'bundled', id: 'moby-dick' }, final: true });
    expect(seen.map((c) => c.final)).toEqual([false, true]);
    expect(useStudioStore.getState().latestCheckpoint!.contents.runs[0].status).toBe('done');
    unsubscribe();
  });

  it('exports the trained model with the document’s runs for Save, and nothing trained before a run', async () => {
    openStudio();
    await expect(useStudioStore.getState().exportTrained()).resolves.toEqual({ runs: [] });
    expect(sentMessages().some((m) => m.type === 'exportModel')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const runId = finishCurrentRun([4, 3]);
    const exported = useStudioStore.getState().exportTrained();
    const request = sentMessages().find((m) => m.type === 'exportModel') as Extract<ToWorker, { type: 'exportModel' }>;
    workers[0].reply({ type: 'model', requestId: request.requestId, trained: trainedState(2), tokenizer: { input: { kind: 'char', tokens: ['[PAD]'] } }, dataset: { kind: 'bundled', id: 'moby-dick' } });
    const result = await exported;
    expect(result.trained?.step).toBe(2);
    expect(result.dataset).toEqual({ kind: 'bundled', id: 'moby-dick' });
    expect(result.runs.map((r) => [r.id, r.status, r.points.length])).toEqual([[runId, 'done', 2]]);
    expect(result.runs[0].training).toEqual(useDocumentStore.getState().doc.training);

    // After the graph's blocks change, the weights no longer fit it: Save gets the runs only.
    const mha = useDocumentStore.getState().doc.nodes.find((n) => n.kind === 'multiHeadAttention')!;
    act(() => useDocumentStore.getState().setParam(mha.id, 'heads', 2));
    const stale = await useStudioStore.getState().exportTrained();
    expect(stale.trained).toBeUndefined();
    expect(stale.runs).toHaveLength(1);
  });

  it('rejects a pending export when the worker crashes', async () => {
    openStudio();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    finishCurrentRun([4, 3]);
    const exported = useStudioStore.getState().exportTrained();
    workers[0].crash('gone');
    await expect(exported).rejects.toThrow(/training worker stopped unexpectedly/);
    expect(useStudioStore.getState().trained).toBeNull();
  });

  it('opens a saved model: its runs become the history, the probe answers, and Continue goes on from its step', async () => {
    openStudio();
    const graph = useDocumentStore.getState().doc;
    const contents: ModelFileContents = {
      graph,
      trained: trainedState(40),
      tokenizer: { input: { kind: 'char', tokens: ['[PAD]', 'a'] } },
      dataset: { kind: 'bundled', id: 'moby-dick' },
      runs: [record('r1', 'Run 1 · adam lr 0.003 · batch 16', [4, 3, 2]), record('r2', 'Run 2 · adam lr 0.001 · batch 16', [4, 3.5, 3], { training: { ...graph.training, learningRate: 0.001 } })],
    };
    let loaded = false;
    let loading: Promise<unknown> = Promise.resolve();
    act(() => {
      loading = useStudioStore.getState().loadTrained(contents).then(() => (loaded = true));
    });
    const request = sentMessages().find((m) => m.type === 'loadModel') as Extract<ToWorker, { type: 'loadModel' }>;
    expect(request.contents).toBe(contents);
    expect(document.querySelector('.studio-status')!.getAttribute('data-status')).toBe('loading');
    workers[0].reply({ type: 'loaded', runId: request.runId, backend: 'wasm', params: 10, step: 40, dataset: { id: 'moby-dick', name: 'Moby', task: 'lm', description: '', source: '', licence: '', size: '' }, task: 'lm' });
    await loading;
    expect(loaded).toBe(true);
    const status = document.querySelector('.studio-status')!;
    expect(status.getAttribute('data-status')).toBe('loaded');
    expect(status.textContent).toContain('Model loaded · trained 40 steps');
    workers[0].reply({ type: 'sample', runId: request.runId, step: 40, kind: 'lm', prompt: 'Call', text: ' me', temperature: 0, topK: 0 });
    expect(useStudioStore.getState().run.samples[0]).toMatchObject({ text: ' me' });
    fireEvent.click(screen.getByRole('tab', { name: 'Samples' }));
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(sentMessages().at(-1)).toMatchObject({ type: 'probe', runId: request.runId });

    // The file's runs are the graph's history: drawn behind the next run and listed for comparison.
    const { runs, runGraphs } = useStudioStore.getState();
    expect(pastRunsOf(runs, runGraphs, null, graph).map((r) => r.id)).toEqual(['r1', 'r2']);
    fireEvent.click(screen.getByRole('tab', { name: 'Charts' }));
    const table = screen.getByRole('region', { name: 'Runs of this model' });
    expect(table.querySelectorAll('tbody tr')).toHaveLength(2);

    // gpt-mini trains for more steps than the 40 saved: Continue is offered.
    expect(screen.getByRole('button', { name: 'Continue' }).hasAttribute('disabled')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(startMessage()).toMatchObject({ mode: 'continue' });
  });

  it('reports a model file the worker cannot load and keeps what it held', async () => {
    openStudio();
    const graph = useDocumentStore.getState().doc;
    let loading: Promise<void> = Promise.resolve();
    act(() => {
      loading = useStudioStore.getState().loadTrained({ graph, trained: trainedState(5), tokenizer: { input: { kind: 'char', tokens: [] } }, dataset: { kind: 'bundled', id: 'moby-dick' }, runs: [] });
    });
    const request = sentMessages().find((m) => m.type === 'loadModel') as Extract<ToWorker, { type: 'loadModel' }>;
    const problem = { code: 'E_WEIGHTS_MISMATCH' as const, message: 'Embedding’s “embeddings” is 65 × 128 in the graph but 2 × 2 in the saved weights.', fix: 'Undo the change.' };
    workers[0].reply({ type: 'error', runId: request.runId, problem });
    await expect(loading).rejects.toMatchObject({ problem });
    expect(screen.getByRole('alert').getAttribute('data-code')).toBe('E_WEIGHTS_MISMATCH');
    expect(useStudioStore.getState().trained).toBeNull();
  });

  it('compares any two runs of the document, overlaid or side by side, even after the graph changed', async () => {
    openStudio();
    // A model trained before this document was opened.
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    finishCurrentRun([5, 4]);
    expect(screen.getByRole('button', { name: 'Continue' })).toBeTruthy();
    const graph = useDocumentStore.getState().doc;
    await act(() =>
      useStudioStore.getState().loadTrained({
      graph,
      runs: [
        record('a', 'Run 1 · adam lr 0.003 · batch 16', [4, 3, 2]),
        record('b', 'Run 2 · sgd lr 0.1 · batch 8', [4, 3.8], { training: { ...graph.training, optimizer: 'sgd', learningRate: 0.1, batchSize: 8 }, frozen: ['emb'], initFrom: 'bert.tlgraph' }),
      ],
      }),
    );
    // A graph-only file: nothing goes to the worker, and nothing trained before belongs to it.
    expect(sentMessages().some((m) => m.type === 'loadModel')).toBe(false);
    expect(screen.getByRole('button', { name: 'Train' })).toBeTruthy();
    const mha = graph.nodes.find((n) => n.kind === 'multiHeadAttention')!;
    act(() => useDocumentStore.getState().setParam(mha.id, 'heads', 2));
    // No longer the same graph, so not drawn behind the live charts, but still the document's runs.
    const { runs, runGraphs } = useStudioStore.getState();
    expect(pastRunsOf(runs, runGraphs, null, useDocumentStore.getState().doc)).toEqual([]);
    const table = screen.getByRole('region', { name: 'Runs of this model' });
    const rowB = table.querySelector('tr[data-run="b"]')!;
    expect(rowB.textContent).toContain('sgd');
    expect(rowB.textContent).toContain('0.1');
    expect(rowB.textContent).toContain('emb');
    expect(rowB.textContent).toContain('bert.tlgraph');
    expect(rowB.textContent).toContain('3.800');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Compare Run 1 · adam lr 0.003 · batch 16' }));
    expect(screen.queryByRole('region', { name: 'Comparing two runs' })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Compare Run 2 · sgd lr 0.1 · batch 8' }));
    const compare = screen.getByRole('region', { name: 'Comparing two runs' });
    expect(compare.getAttribute('data-layout')).toBe('overlay');
    // One loss chart with both runs' lines.
    expect(compare.querySelectorAll('[data-chart="Loss (compare)"]')).toHaveLength(1);
    fireEvent.click(screen.getByRole('radio', { name: 'Side by side' }));
    expect(compare.getAttribute('data-layout')).toBe('sideBySide');
    expect([...compare.querySelectorAll('.studio-compare-column')].map((c) => c.getAttribute('data-run'))).toEqual(['a', 'b']);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the live charts' }));
    expect(screen.queryByRole('region', { name: 'Comparing two runs' })).toBeNull();
  });

  it('asks the worker to plan a weight transfer and answers with its plan or its problem', async () => {
    openStudio();
    const doc = useDocumentStore.getState().doc;
    const initFrom = { name: 'pretrained.tlgraph', doc, weights: trainedState(1).weights };
    const planning = useStudioStore.getState().planTransfer(doc, initFrom);
    const request = sentMessages().find((m) => m.type === 'planTransfer') as Extract<ToWorker, { type: 'planTransfer' }>;
    expect(request.initFrom).toBe(initFrom);
    const plan = { loads: [], skipped: [{ nodeId: 'emb', label: 'Token embedding', side: 'target' as const, code: 'NO_MATCH' as const, reason: 'no block of that kind.' }] };
    workers[0].reply({ type: 'transferPlan', requestId: request.requestId, plan });
    await expect(planning).resolves.toEqual(plan);

    const refused = useStudioStore.getState().planTransfer(doc, initFrom);
    const second = sentMessages().filter((m) => m.type === 'planTransfer').at(-1) as Extract<ToWorker, { type: 'planTransfer' }>;
    workers[0].reply({ type: 'transferPlan', requestId: second.requestId, problem: { code: 'E_MISSING_INPUT', message: 'Dense has no input.', fix: 'Connect it.' } });
    await expect(refused).rejects.toMatchObject({ problem: { code: 'E_MISSING_INPUT' } });
  });

  it('starts from another model’s weights when asked, and shows which blocks took them', () => {
    openStudio();
    const doc = useDocumentStore.getState().doc;
    act(() => useStudioStore.getState().setInitFrom({ name: 'pretrained.tlgraph', doc, weights: trainedState(1).weights }));
    expect(screen.getByText(/Train from scratch starts from the weights of pretrained\.tlgraph/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const start = startMessage();
    expect(start.initFrom?.name).toBe('pretrained.tlgraph');
    workers[0].reply({
      ...(started(start.runId) as Extract<FromWorker, { type: 'started' }>),
      transfer: {
        loads: [{ targetNodeId: 'emb', sourceNodeId: 'emb', label: 'Token embedding', matchedBy: 'id', weights: [] }],
        skipped: [{ nodeId: 'head', label: 'Classifier', side: 'target', code: 'SHAPE_MISMATCH', reason: 'its output width differs.' }],
      },
    });
    const report = document.querySelector('.studio-transfer')!;
    expect(report.querySelector('summary')!.textContent).toBe('1 blocks start from the loaded weights, 1 from fresh ones');
    expect(report.querySelector('[data-transfer="fresh"]')!.textContent).toContain('Classifier: fresh weights — its output width differs.');
    finishCurrentRun([3, 2]);
    expect(useStudioStore.getState().runs.at(-1)?.initFrom).toBe('pretrained.tlgraph');
  });
});

describe('training studio in Korean', () => {
  afterEach(() => act(() => setLanguage('en')));

  it('names its tabs, controls, settings and run status in Korean, and switches back', () => {
    act(() => setLanguage('ko'));
    useViewStore.setState({ studioOpen: false });
    render(<StudioPanel />);
    fireEvent.click(screen.getByRole('button', { name: /학습 스튜디오/ }));
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['차트', '어텐션', '은닉 상태', '샘플', '데이터 정보']);
    expect(screen.getByRole('region', { name: '실행 설정' })).toBeTruthy();
    expect(screen.getByLabelText('학습률')).toBeTruthy();
    expect(screen.getByRole('region', { name: '사전 점검' }).textContent).toContain('파라미터');

    fireEvent.click(screen.getByRole('button', { name: '학습' }));
    const { runId } = startMessage();
    workers[0].reply(started(runId));
    workers[0].reply(progress(runId, 10, 2.5));
    const status = document.querySelector('.studio-status')!;
    expect(status.textContent).toContain('학습 중');
    expect(status.textContent).toContain('단계 10 / 100');
    expect(status.textContent).toContain('남은 시간 45초');
    expect(screen.getByRole('button', { name: '일시 정지' })).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '샘플' }));
    expect(screen.getByLabelText('탐침 입력')).toBeTruthy();

    act(() => setLanguage('en'));
    expect(i18n.language).toBe('en');
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['Charts', 'Attention', 'Hidden state', 'Samples', 'About the data']);
    expect(document.querySelector('.studio-status')!.textContent).toContain('Training');
  });

  it('offers Continue and Train from scratch in Korean, and says why Continue waits', () => {
    act(() => setLanguage('ko'));
    act(() => useDocumentStore.getState().setTraining({ steps: 10 }));
    useViewStore.setState({ studioOpen: false });
    render(<StudioPanel />);
    fireEvent.click(screen.getByRole('button', { name: /학습 스튜디오/ }));
    fireEvent.click(screen.getByRole('button', { name: '학습' }));
    finishCurrentRun([3, 2.9, 2.8], { totalSteps: 10, status: 'stopped' });
    expect(screen.getByRole('button', { name: '이어서 학습' }).hasAttribute('disabled')).toBe(false);
    expect(screen.getByRole('button', { name: '처음부터 학습' })).toBeTruthy();
    expect(document.querySelector('.studio-continue-note')!.textContent).toBe('이어서 학습하면 3단계에서 10단계까지 학습합니다.');
    act(() => useDocumentStore.getState().setTraining({ steps: 3 }));
    expect(document.querySelector('.studio-continue-note')!.textContent).toBe('모델은 이미 3단계를 학습했습니다. 이어서 학습하려면 단계 수를 3보다 크게 올리세요.');
    expect(screen.getByRole('region', { name: '이 모델의 실행 기록' })).toBeTruthy();
  });
});

import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import './flowEnvironment';
import { templateById } from '../../engine/templates/index';
import type { FromWorker, ToWorker } from '../../engine/train/protocol';
import { idleRun } from '../../renderer/studio/runState';
import { i18n, setLanguage } from '../../renderer/i18n';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { pastRunsOf, useStudioStore } from '../../renderer/studio/studioStore';
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
  useStudioStore.setState({ run: idleRun(), history: {}, userData: null, probeText: '', focus: null });
  useDocumentStore.getState().load(templateById('gpt-mini')!.build());
});

afterEach(() => cleanup());

function openStudio() {
  render(<StudioPanel />);
  fireEvent.click(screen.getByRole('button', { name: /Training studio/ }));
}

function startMessage(): Extract<ToWorker, { type: 'start' }> {
  const start = workers.flatMap((w) => w.sent).find((m) => m.type === 'start');
  if (!start || start.type !== 'start') throw new Error('no start message was sent');
  return start;
}

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
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));

    const start = startMessage();
    expect(start.settings.training.steps).toBe(100);
    expect(start.data).toMatchObject({ kind: 'bundled', datasetId: 'moby-dick' });
    const worker = workers[0];
    worker.reply({ type: 'started', runId: start.runId, backend: 'wasm', params: 10, memory: { weights: 1, optimizer: 1, activations: 1, total: 3 }, dataset: { id: 'moby-dick', name: 'Moby', task: 'lm', description: '', source: '', licence: '', size: '' }, task: 'lm' });
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
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    const { runId } = startMessage();
    workers[0].reply({
      type: 'done',
      runId,
      summary: { steps: 3, firstLoss: 4, lastLoss: 4, tokensPerSec: 1, status: 'failed' },
      problem: { code: 'E_NAN_LOSS', message: 'The loss became NaN at step 3.', fix: 'Lower the learning rate.' },
    });
    expect(screen.getByRole('alert').textContent).toContain('The loss became NaN at step 3. Lower the learning rate.');
    expect(screen.getByRole('button', { name: 'Start' }).hasAttribute('disabled')).toBe(false);
  });

  it('survives a crashed worker: the run fails with a message and the next Start gets a new worker', () => {
    openStudio();
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    workers[0].crash('out of memory');
    expect(workers[0].terminated).toBe(true);
    expect(screen.getByRole('alert').textContent).toMatch(/training worker stopped unexpectedly: out of memory/);
    expect(document.querySelector('.studio-status')!.getAttribute('data-status')).toBe('failed');
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(workers).toHaveLength(2);
    expect(workers[1].sent.some((m) => m.type === 'start')).toBe(true);
  });

  it('refuses a run that will not fit in memory and names the block to shrink', () => {
    useDocumentStore.getState().setTraining({ batchSize: 4096 });
    openStudio();
    const problem = screen.getAllByRole('alert').find((a) => a.getAttribute('data-code') === 'E_OUT_OF_MEMORY')!;
    expect(problem.textContent).toMatch(/largest part is .+’s/);
    expect(problem.textContent).toMatch(/Reduce T or batch/);
    expect(screen.getByRole('button', { name: 'Start' }).hasAttribute('disabled')).toBe(true);
  });

  it('explains what is wrong with a user’s CSV file', async () => {
    openStudio();
    const file = new File(['text,label\nnice,pos\nok, fine,pos\nbad,neg\nmeh,neg\n'], 'reviews.csv', { type: 'text/csv' });
    fireEvent.change(screen.getByLabelText('Your data file'), { target: { files: [file] } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/line 3 has 3 columns/));
    expect(useStudioStore.getState().userData).toBeNull();
  });

  it('uses a valid user file for the next run', async () => {
    openStudio();
    const rows = ['text,label', 'good film,pos', 'bad film,neg', 'great,pos', 'awful,neg', 'fine,pos'].join('\n');
    fireEvent.change(screen.getByLabelText('Your data file'), { target: { files: [new File([rows], 'mine.csv')] } });
    await waitFor(() => expect(useStudioStore.getState().userData?.info.size).toBe('5 labelled texts'));
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(startMessage().data).toMatchObject({ kind: 'user', source: { name: 'mine.csv', task: 'classification' } });
  });

  it('opens the attention maps of a block selected on the canvas', () => {
    openStudio();
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
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
      w.reply({ type: 'done', runId, summary: { steps: 2, firstLoss: 4, lastLoss: 3, tokensPerSec: 1, status: 'done' } });
    };
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    finish();
    act(() => useDocumentStore.getState().setTraining({ learningRate: 0.01 }));
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    const { history, run } = useStudioStore.getState();
    const doc = useDocumentStore.getState().doc;
    const past = pastRunsOf(history, run.runId, doc);
    expect(past).toHaveLength(1);
    expect(past[0].points.map((p) => p.loss)).toEqual([4, 3]);
    expect(past[0].label).toMatch(/lr 0\.003/);
    // A different graph (another head count) is not compared with it.
    const mha = doc.nodes.find((n) => n.kind === 'multiHeadAttention')!;
    act(() => useDocumentStore.getState().setParam(mha.id, 'heads', 2));
    expect(pastRunsOf(history, run.runId, useDocumentStore.getState().doc)).toHaveLength(0);
  });
});

describe('training studio in Korean', () => {
  afterEach(() => act(() => setLanguage('en')));

  it('names its tabs, controls, settings and run status in Korean, and switches back', () => {
    act(() => setLanguage('ko'));
    render(<StudioPanel />);
    fireEvent.click(screen.getByRole('button', { name: /학습 스튜디오/ }));
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['차트', '어텐션', '은닉 상태', '샘플', '데이터 정보']);
    expect(screen.getByRole('region', { name: '실행 설정' })).toBeTruthy();
    expect(screen.getByLabelText('학습률')).toBeTruthy();
    expect(screen.getByRole('region', { name: '사전 점검' }).textContent).toContain('파라미터');

    fireEvent.click(screen.getByRole('button', { name: '시작' }));
    const { runId } = startMessage();
    workers[0].reply({ type: 'started', runId, backend: 'wasm', params: 10, memory: { weights: 1, optimizer: 1, activations: 1, total: 3 }, dataset: { id: 'moby-dick', name: 'Moby', task: 'lm', description: '', source: '', licence: '', size: '' }, task: 'lm' });
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
});

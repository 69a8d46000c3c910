import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import './flowEnvironment';
import { parseDocument } from '../../engine/graph/parse';
import { templateById } from '../../engine/templates/index';
import type { FromWorker, ToWorker } from '../../engine/train/protocol';
import { setLanguage } from '../../renderer/i18n';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { serializeDoc } from '../../renderer/store/persistence';
import { idleRun } from '../../renderer/studio/runState';
import { useStudioStore } from '../../renderer/studio/studioStore';
import { useViewStore } from '../../renderer/store/viewStore';
import { setWorkerFactory, type WorkerLike } from '../../renderer/studio/workerClient';

// uPlot reads the device pixel ratio through matchMedia when it loads; jsdom has no media queries.
let StudioPanel: typeof import('../../renderer/studio/StudioPanel').StudioPanel;
beforeAll(async () => {
  (window as unknown as { matchMedia: unknown }).matchMedia ??= () => ({ matches: false, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {} });
  ({ StudioPanel } = await import('../../renderer/studio/StudioPanel'));
});

class WorkerDouble implements WorkerLike {
  sent: ToWorker[] = [];
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((ev: ErrorEvent | Event) => void) | null = null;
  postMessage(msg: ToWorker) {
    this.sent.push(msg);
  }
  terminate() {}
  reply(msg: FromWorker) {
    act(() => this.onmessage?.({ data: msg } as MessageEvent<FromWorker>));
  }
}

let worker: WorkerDouble;

beforeEach(() => {
  setWorkerFactory(() => (worker = new WorkerDouble()));
  useStudioStore.setState({ run: idleRun(), runs: [], runGraphs: {}, runMeta: null, trained: null, latestCheckpoint: null, initFrom: null, compare: [], userData: null, probeText: '', focus: null });
  useDocumentStore.getState().load(templateById('gpt-mini')!.build());
});

afterEach(async () => {
  cleanup();
  await setLanguage('en');
});

/** Renders the studio closed (as in a short window, or as the learner left it), then opens it by its header. */
function openStudio() {
  useViewStore.setState({ studioOpen: false });
  render(<StudioPanel />);
  fireEvent.click(screen.getByRole('button', { name: /Training studio|학습 스튜디오/ }));
}

/** Presses Start and returns the interval the worker was asked to checkpoint at; the run is then stopped. */
function startedInterval() {
  fireEvent.click(screen.getByRole('button', { name: 'Train' }));
  const start = worker.sent.filter((m) => m.type === 'start').at(-1);
  if (start?.type !== 'start') throw new Error('no start message was sent');
  worker.reply({ type: 'done', runId: start.runId, summary: { steps: 0, step: 0, firstLoss: NaN, lastLoss: NaN, tokensPerSec: 0, status: 'stopped' } });
  return start.settings.checkpointEvery;
}

describe('checkpoint interval in the run settings', () => {
  it('shows two minutes for a document that never set one, and checkpoints every two minutes', () => {
    openStudio();
    expect(useDocumentStore.getState().doc.training.checkpointMinutes).toBeUndefined();
    expect(screen.getByLabelText('Checkpoint every (min)')).toHaveProperty('value', '2');
    expect(startedInterval()).toEqual({ ms: 120_000 });
  });

  it('sends the learner’s minutes to the worker as milliseconds, and 0 as “only when the run ends”', () => {
    openStudio();
    const field = screen.getByLabelText('Checkpoint every (min)');
    fireEvent.change(field, { target: { value: '0.5' } });
    expect(useDocumentStore.getState().doc.training.checkpointMinutes).toBe(0.5);
    expect(startedInterval()).toEqual({ ms: 30_000 });

    fireEvent.change(field, { target: { value: '0' } });
    expect(useDocumentStore.getState().doc.training.checkpointMinutes).toBe(0);
    // `{ ms: 0 }` would be due at every step; the end-only interval is spelled in steps.
    expect(startedInterval()).toEqual({ steps: 0 });
  });

  it('keeps only intervals the document accepts, and saves the interval with the graph', () => {
    openStudio();
    const field = screen.getByLabelText('Checkpoint every (min)');
    fireEvent.change(field, { target: { value: '5' } });
    fireEvent.change(field, { target: { value: '-1' } });
    expect(useDocumentStore.getState().doc.training.checkpointMinutes).toBe(5);
    fireEvent.change(field, { target: { value: '100000' } });
    expect(useDocumentStore.getState().doc.training.checkpointMinutes).toBe(5);

    const reopened = parseDocument(serializeDoc(useDocumentStore.getState().doc));
    expect(reopened.ok && reopened.doc.training.checkpointMinutes).toBe(5);
  });

  it('is greyed out while a run trains, like the other settings', () => {
    openStudio();
    fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(screen.getByLabelText('Checkpoint every (min)')).toHaveProperty('disabled', true);
  });

  it('speaks Korean', async () => {
    await act(() => setLanguage('ko'));
    openStudio();
    const field = screen.getByLabelText('체크포인트 간격(분)');
    expect(field.closest('label')!.getAttribute('title')).toContain('0이면 실행이 끝날 때만');
  });
});

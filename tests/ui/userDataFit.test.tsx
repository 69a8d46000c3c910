import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import './flowEnvironment';
import { templateById } from '../../engine/templates/index';
import type { FromWorker, ToWorker } from '../../engine/train/protocol';
import { setLanguage } from '../../renderer/i18n';
import { ProblemsList } from '../../renderer/problems/ProblemsList';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { useViewStore } from '../../renderer/store/viewStore';
import { idleRun } from '../../renderer/studio/runState';
import { useStudioStore } from '../../renderer/studio/studioStore';
import { setWorkerFactory, type WorkerLike } from '../../renderer/studio/workerClient';

/**
 * The learner's own data file is checked against the graph as soon as it is chosen, not at Train: its classes,
 * vocabulary and label kind list the same problems (with their quick fixes) as a bundled dataset's, and Train
 * waits, saying why, while one is an error.
 */
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
}

beforeEach(async () => {
  await setLanguage('en');
  setWorkerFactory(() => new WorkerDouble());
  useStudioStore.setState({ run: idleRun(), runs: [], runGraphs: {}, runMeta: null, trained: null, latestCheckpoint: null, initFrom: null, compare: [], userData: null, datasetFacts: {} });
});

afterEach(() => cleanup());

function openWith(template: string) {
  useDocumentStore.getState().load(templateById(template)!.build());
  useViewStore.setState({ studioOpen: true });
  render(
    <>
      <ProblemsList />
      <StudioPanel />
    </>,
  );
}

async function chooseFile(name: string, text: string) {
  fireEvent.change(screen.getByLabelText('Your data file'), { target: { files: [new File([text], name)] } });
  await waitFor(() => expect(useStudioStore.getState().userData?.info.name).toBe(name));
}

const trainButton = () => screen.getByRole('button', { name: 'Train' });
const threeMoods = ['text,label', 'a fine day,happy', 'a sad day,sad', 'an ordinary day,neutral', 'lovely fine weather,happy', 'grey sad rain,sad', 'nothing much,neutral'].join('\n');

describe('a learner’s own data file, checked live', () => {
  it('three classes for a two-class classifier: listed with its fix, Train waits; the fix lets it train', async () => {
    openWith('encoder-classifier');
    expect(trainButton().hasAttribute('disabled')).toBe(false);
    await chooseFile('moods.csv', threeMoods);

    const item = screen.getAllByTestId('problem-item').find((i) => i.textContent!.includes('E_VOCAB_MISMATCH'))!;
    expect(item.textContent).toContain('moods.csv');
    expect(trainButton().hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('train-blocker').getAttribute('data-code')).toBe('E_VOCAB_MISMATCH');

    const fix = within(item.parentElement!).getByTestId('quick-fix');
    expect(fix.textContent).toMatch(/3$/);
    act(() => fix.click());
    expect(screen.queryAllByTestId('problem-item').some((i) => i.textContent!.includes('E_VOCAB_MISMATCH'))).toBe(false);
    expect(trainButton().hasAttribute('disabled')).toBe(false);
  });

  it('labelled texts for a language model: the head has no per-token answers, Train waits; back to the bundled data, it may train', async () => {
    openWith('gpt-mini');
    await chooseFile('moods.csv', threeMoods);
    expect(screen.getByTestId('train-blocker').getAttribute('data-code')).toBe('E_LABEL_KIND');
    expect(trainButton().hasAttribute('disabled')).toBe(true);

    fireEvent.change(screen.getByRole('combobox', { name: 'Dataset' }), { target: { value: 'moby-dick' } });
    expect(useStudioStore.getState().userData).toBeNull();
    expect(screen.queryAllByTestId('problem-item').some((i) => i.textContent!.includes('E_LABEL_KIND'))).toBe(false);
  });
});

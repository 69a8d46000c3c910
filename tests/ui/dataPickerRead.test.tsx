/**
 * The data picker reads the learner's file through the data worker: it shows the phase and percent as the worker
 * reports them, keeps the previous choice while reading, and Cancel stops the worker and leaves nothing chosen.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../renderer/i18n';
import { DataPicker } from '../../renderer/studio/DataPicker';
import { useStudioStore } from '../../renderer/studio/studioStore';
import { setUserDataWorkerFactory } from '../../renderer/studio/userDataReader';
import type { UserDataReadReply, UserDataReadRequest } from '../../renderer/worker/userDataRead';

/** A reply as the test writes it; the double adds the request's id. */
type ReplyBody = UserDataReadReply extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The data worker as the picker sees it: the request it was sent, and replies given by the test. */
class DataWorkerDouble {
  onmessage: ((ev: MessageEvent<UserDataReadReply>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  request: UserDataReadRequest | null = null;
  terminated = false;
  postMessage(request: UserDataReadRequest) {
    this.request = request;
  }
  terminate() {
    this.terminated = true;
  }
  reply(reply: ReplyBody) {
    act(() => this.onmessage?.({ data: { ...reply, id: this.request!.id } as UserDataReadReply } as MessageEvent<UserDataReadReply>));
  }
}

let workers: DataWorkerDouble[] = [];

beforeEach(async () => {
  await setLanguage('en');
  workers = [];
  setUserDataWorkerFactory(() => {
    const w = new DataWorkerDouble();
    workers.push(w);
    return w as unknown as Worker;
  });
  useStudioStore.setState({ userData: null });
});

afterEach(() => {
  cleanup();
  setUserDataWorkerFactory(null);
});

function chooseFile(file: File) {
  fireEvent.change(screen.getByLabelText('Your data file'), { target: { files: [file] } });
}

describe('reading a data file in the picker', () => {
  it('shows the worker’s progress, then uses the file it read', async () => {
    render(<DataPicker />);
    chooseFile(new File(['text,label\n'], 'big.csv'));
    expect(workers).toHaveLength(1);
    expect(workers[0].request).toMatchObject({ name: 'big.csv', task: 'classification' });
    expect(screen.getByRole('status').textContent).toMatch(/^Reading “big\.csv”… 0 %/);

    workers[0].reply({ kind: 'progress', progress: { phase: 'reading', done: 40, total: 100 } });
    expect(screen.getByRole('status').textContent).toMatch(/^Reading “big\.csv”… 40 %/);
    expect(screen.getByLabelText('Progress reading your data file').getAttribute('value')).toBe('40');
    workers[0].reply({ kind: 'progress', progress: { phase: 'checking', done: 3, total: 4 } });
    expect(screen.getByRole('status').textContent).toMatch(/^Checking the rows of “big\.csv”… 75 %/);

    const info = { id: 'user:big.csv', name: 'big.csv', task: 'classification' as const, description: 'd', source: 's', licence: 'Yours', size: '5,000,000 labelled texts' };
    const facts = { id: 'user:big.csv', name: 'big.csv', task: 'classification' as const, feeds: ['tokens', 'labels'] as const, vocabSize: 900, targetVocabSize: 900, classes: 2, sizes: { train: 4_500_000, validation: 500_000 } };
    workers[0].reply({ kind: 'done', source: { name: 'big.csv', text: 'text,label\n', task: 'classification' }, info, facts });
    await waitFor(() => expect(useStudioStore.getState().userData?.info.size).toBe('5,000,000 labelled texts'));
    // The worker's description of the file is kept for the live fit check.
    expect(useStudioStore.getState().userData?.facts).toEqual(facts);
    expect(screen.queryByRole('status')).toBeNull();
    expect(workers[0].terminated).toBe(true);
  });

  it('shows the coded problem the worker found', async () => {
    render(<DataPicker />);
    chooseFile(new File(['x'], 'latin.csv'));
    workers[0].reply({
      kind: 'failed',
      problems: [{ code: 'E_FILE_NOT_TEXT', message: '“latin.csv” is not UTF-8 text: byte 4 (line 1) is not part of a UTF-8 character.', fix: 'Save the file as UTF-8 text.' }],
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('E_FILE_NOT_TEXT: “latin.csv” is not UTF-8 text: byte 4 (line 1) is not part of a UTF-8 character. Fix: Save the file as UTF-8 text.'));
    expect(useStudioStore.getState().userData).toBeNull();
  });

  it('Cancel stops the worker at once and chooses nothing; a late reply is ignored', async () => {
    render(<DataPicker />);
    chooseFile(new File(['text,label\n'], 'big.csv'));
    workers[0].reply({ kind: 'progress', progress: { phase: 'reading', done: 10, total: 100 } });
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(workers[0].terminated).toBe(true);
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    workers[0].reply({
      kind: 'done',
      source: { name: 'big.csv', text: 't', task: 'classification' },
      info: { id: 'u', name: 'big.csv', task: 'classification', description: '', source: '', licence: '', size: '1' },
      facts: { id: 'u', name: 'big.csv', task: 'classification', feeds: ['tokens', 'labels'], vocabSize: 8, targetVocabSize: 8, classes: 2, sizes: { train: 1, validation: 1 } },
    });
    expect(useStudioStore.getState().userData).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('refuses a file over the limit from its size, before any worker starts', async () => {
    render(<DataPicker />);
    const huge = new File(['x'], 'huge.txt');
    Object.defineProperty(huge, 'size', { value: 600_000_000 });
    chooseFile(huge);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/^E_FILE_TOO_LARGE: “huge\.txt” is 572\.2 MiB \(600,000,000 bytes\); data files are at most 76\.3 MiB/));
    expect(workers).toHaveLength(0);
  });

  it('a second file cancels the first read', () => {
    render(<DataPicker />);
    chooseFile(new File(['a'], 'first.csv'));
    chooseFile(new File(['b'], 'second.csv'));
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].terminated).toBe(false);
    expect(screen.getByRole('status').textContent).toMatch(/second\.csv/);
  });
});

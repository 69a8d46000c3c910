/**
 * The learner's data file: its size is checked before a byte is read (a valid 600 MB ASCII file was read whole and
 * then refused as “not UTF-8 text”, V8's string limit), and it is read in slices, decoded as they arrive, and split
 * off the UI thread in a worker of its own, with progress and a cancel (a 20 MB, 5M-row CSV took 3.8 s of decode and
 * parse on the UI thread).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_USER_DATA_BYTES, MAX_USER_DATA_CHARS, parseUserData, userDatasetInfo, type UserDataProgress } from '../../../engine/data/userData';
import { EngineError, type Problem } from '../../../engine/graph/errors';
import { readUserDataFile, setUserDataWorkerFactory, UserDataReadCancelled } from '../../../renderer/studio/userDataReader';
import { readUserDataBlob, USER_DATA_SLICE_BYTES, type UserDataReadReply, type UserDataReadRequest } from '../../../renderer/worker/userDataRead';

afterEach(() => setUserDataWorkerFactory(null));

/** A file that says it is `size` bytes and fails the test if any of it is read. */
function unreadableFile(name: string, size: number): File {
  return { name, size, slice: () => expect.unreachable('the file was read') } as unknown as File;
}

async function problemOf(promise: Promise<unknown>): Promise<Problem> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return (err as EngineError).problems[0];
  }
  throw new Error('expected a coded problem');
}

/** Rows of labelled Korean and English text, long enough to cross several slices, one multi-byte character split at every slice edge. */
function bigCsv(rows: number): string {
  const lines = ['text,label'];
  for (let i = 0; i < rows; i++) lines.push(i % 3 ? `"좋은 영화, 정말 ${i}",pos` : `bad film number ${i},neg`);
  return `${lines.join('\n')}\n`;
}

describe('size before reading', () => {
  it('refuses a 600 MB file with its size and the limit, without reading a byte', async () => {
    const problem = await problemOf(readUserDataBlob(unreadableFile('huge.txt', 600_000_000), 'huge.txt', 'lm'));
    expect(problem).toMatchObject({
      code: 'E_FILE_TOO_LARGE',
      message: `“huge.txt” is 572.2 MiB (600,000,000 bytes); data files are at most 76.3 MiB (${MAX_USER_DATA_BYTES.toLocaleString('en')} bytes).`,
      fix: 'Use a shorter excerpt of the file.',
    });
  });

  it('refuses it in the studio before any worker starts', async () => {
    const factory = vi.fn(() => null);
    setUserDataWorkerFactory(factory);
    const read = readUserDataFile(unreadableFile('huge.txt', 600_000_000), 'lm', () => {});
    expect((await problemOf(read.done)).code).toBe('E_FILE_TOO_LARGE');
    expect(factory).not.toHaveBeenCalled();
  });

  it('lets a file up to the limit through to the character count, which it states', async () => {
    expect(MAX_USER_DATA_BYTES).toBe(4 * MAX_USER_DATA_CHARS);
    const text = 'a'.repeat(MAX_USER_DATA_CHARS + 1);
    const problem = await problemOf(readUserDataBlob(new Blob([text]), 'long.txt', 'lm'));
    expect(problem.code).toBe('E_DATA');
    expect(problem.message).toBe(`“long.txt” has 20,000,001 characters; the studio reads at most 20,000,000.`);
  });
});

describe('reading in slices', () => {
  it('gives what parsing the whole text gives, with progress through both phases', async () => {
    const csv = bigCsv(150_000);
    const blob = new Blob([csv]);
    expect(blob.size).toBeGreaterThan(3 * USER_DATA_SLICE_BYTES);
    const progress: UserDataProgress[] = [];
    const { source, info } = await readUserDataBlob(blob, 'big.csv', 'classification', (p) => progress.push({ ...p }));
    expect(source).toEqual({ name: 'big.csv', text: csv, task: 'classification' });
    expect(info).toEqual(userDatasetInfo(parseUserData({ name: 'big.csv', text: csv, task: 'classification' })));
    expect(info.size).toBe('150,000 labelled texts');

    const reading = progress.filter((p) => p.phase === 'reading');
    const checking = progress.filter((p) => p.phase === 'checking');
    expect(progress.findIndex((p) => p.phase === 'checking')).toBe(reading.length);
    expect(reading.map((p) => p.done)).toEqual([0, ...Array.from({ length: Math.ceil(blob.size / USER_DATA_SLICE_BYTES) }, (_, i) => Math.min(blob.size, (i + 1) * USER_DATA_SLICE_BYTES))]);
    expect(reading.every((p) => p.total === blob.size)).toBe(true);
    expect(checking.length).toBeGreaterThan(2);
    expect(checking.map((p) => p.done)).toEqual([...checking.map((p) => p.done)].sort((a, b) => a - b));
    expect(checking[checking.length - 1]).toEqual({ phase: 'checking', done: csv.length, total: csv.length });
  });

  it('names the byte and line of a Latin-1 byte deep in the file', async () => {
    const head = new TextEncoder().encode(bigCsv(100_000));
    const bytes = new Uint8Array(head.length + 9);
    bytes.set(head);
    bytes.set([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x70, 0x6f, 0x73, 0x0a], head.length);
    const problem = await problemOf(readUserDataBlob(new Blob([bytes]), 'mixed.csv', 'classification'));
    expect(problem.code).toBe('E_FILE_NOT_TEXT');
    expect(problem.message).toContain(`byte ${(head.length + 4).toLocaleString('en')} (line 100,002)`);
  });

  it('stops between slices when cancelled, reading no further', async () => {
    const blob = new Blob([bigCsv(150_000)]);
    let slicesRead = 0;
    const counted = { size: blob.size, slice: (a: number, b: number) => (slicesRead++, blob.slice(a, b)) } as unknown as Blob;
    let cancel = false;
    const read = readUserDataBlob(counted, 'big.csv', 'classification', (p) => {
      if (p.phase === 'reading' && p.done > 0) cancel = true;
    }, () => cancel);
    await expect(read).rejects.toBeInstanceOf(UserDataReadCancelled);
    expect(slicesRead).toBe(1);
  });
});

/** Stands in for the data worker: runs the worker's reading in this process and answers as the worker does. */
class WorkerDouble {
  onmessage: ((ev: MessageEvent<UserDataReadReply>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  terminated = false;
  postMessage(request: UserDataReadRequest) {
    const reply = (r: UserDataReadReply) => !this.terminated && this.onmessage?.({ data: r } as MessageEvent<UserDataReadReply>);
    void readUserDataBlob(request.file, request.name, request.task, (progress) => reply({ id: request.id, kind: 'progress', progress })).then(
      ({ source, info, facts }) => reply({ id: request.id, kind: 'done', source, info, facts }),
      (err: EngineError) => reply({ id: request.id, kind: 'failed', problems: err.problems }),
    );
  }
  terminate() {
    this.terminated = true;
  }
}

describe('the studio’s read through the data worker', () => {
  it('passes on progress and resolves with the file’s text and info', async () => {
    const worker = new WorkerDouble();
    setUserDataWorkerFactory(() => worker as unknown as Worker);
    const csv = bigCsv(5_000);
    const progress: string[] = [];
    const read = readUserDataFile(new File([csv], 'mine.csv'), 'classification', (p) => progress.push(p.phase));
    const choice = await read.done;
    expect(choice.source).toEqual({ name: 'mine.csv', text: csv, task: 'classification' });
    expect(choice.info.size).toBe('5,000 labelled texts');
    expect(progress).toContain('reading');
    expect(progress).toContain('checking');
    expect(worker.terminated).toBe(true);
  });

  it('rejects with the worker’s coded problem', async () => {
    setUserDataWorkerFactory(() => new WorkerDouble() as unknown as Worker);
    const read = readUserDataFile(new File(['text,label\nonly,one\n'], 'tiny.csv'), 'classification', () => {});
    expect((await problemOf(read.done)).message).toMatch(/only 1 example/);
  });

  it('cancels at once: the worker is terminated and the read rejects as cancelled', async () => {
    const worker = new WorkerDouble();
    setUserDataWorkerFactory(() => worker as unknown as Worker);
    const read = readUserDataFile(new File([bigCsv(5_000)], 'big.csv'), 'classification', () => {});
    read.cancel();
    await expect(read.done).rejects.toBeInstanceOf(UserDataReadCancelled);
    expect(worker.terminated).toBe(true);
  });

  it('the worker module answers a request with whole-percent progress, then the result', async () => {
    const replies: UserDataReadReply[] = [];
    const scope = { postMessage: (r: UserDataReadReply) => replies.push(r), onmessage: null as null | ((ev: { data: UserDataReadRequest }) => Promise<void>) };
    vi.stubGlobal('self', scope);
    try {
      await import('../../../renderer/worker/userDataWorker');
      const blob = new Blob([bigCsv(150_000)]);
      await scope.onmessage!({ data: { id: 7, file: blob, name: 'big.csv', task: 'classification' } });
      await scope.onmessage!({ data: { id: 8, file: new Blob([new Uint8Array([0x61, 0xff])]), name: 'bad.csv', task: 'classification' } });
    } finally {
      vi.unstubAllGlobals();
    }
    const first = replies.filter((r) => r.id === 7);
    const shown = first.flatMap((r) => (r.kind === 'progress' ? [`${r.progress.phase}:${Math.floor((100 * r.progress.done) / r.progress.total)}`] : []));
    expect(new Set(shown).size).toBe(shown.length);
    expect(first[first.length - 1]).toMatchObject({ kind: 'done', info: { size: '150,000 labelled texts' } });
    expect(replies.filter((r) => r.id === 8)).toEqual([
      { id: 8, kind: 'progress', progress: { phase: 'reading', done: 0, total: 2 } },
      { id: 8, kind: 'failed', problems: [expect.objectContaining({ code: 'E_FILE_NOT_TEXT', message: expect.stringContaining('byte 2 (line 1)') })] },
    ]);
  });
});

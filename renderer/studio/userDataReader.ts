/**
 * Reads a data file the learner chose, in a worker of its own (renderer/worker/userDataWorker.ts), with progress
 * and a cancel. A file over the size limit is refused here from its size alone, before anything is read. Where
 * workers are missing (jsdom) or the worker cannot start, the same reading runs on this thread.
 */
import { EngineError, userDataSizeProblem, type DatasetFacts, type DatasetInfo, type UserDataProgress, type UserDataSource, type UserDataTask } from '../../engine';
import { readUserDataBlob, UserDataReadCancelled, type UserDataReadReply, type UserDataReadRequest } from '../worker/userDataRead';
import type { UserDataChoice } from './studioStore';

export { UserDataReadCancelled };

export interface UserDataRead {
  /** The file's text, info and facts; rejects with EngineError (coded problems) or UserDataReadCancelled. */
  done: Promise<UserDataChoice>;
  /** Stops the read at once (the worker is terminated); `done` rejects with UserDataReadCancelled. */
  cancel(): void;
}

/** What starts the data worker; replaceable in tests. Null where workers are unavailable. */
export type UserDataWorkerFactory = () => Worker | null;

const defaultFactory: UserDataWorkerFactory = () => {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('../worker/userDataWorker.ts', import.meta.url), { type: 'module', name: 'tensorloom-user-data' });
  } catch {
    return null;
  }
};

let workerFactory = defaultFactory;
let nextId = 1;

export function setUserDataWorkerFactory(factory: UserDataWorkerFactory | null): void {
  workerFactory = factory ?? defaultFactory;
}

export function readUserDataFile(file: File, task: UserDataTask, onProgress: (progress: UserDataProgress) => void): UserDataRead {
  const tooLarge = userDataSizeProblem(file.name, file.size);
  if (tooLarge) return { done: Promise.reject(new EngineError([tooLarge])), cancel: () => {} };

  let cancelled = false;
  let worker: Worker | null = null;
  let rejectDone: (err: Error) => void = () => {};
  const onThisThread = () => readUserDataBlob(file, file.name, task, onProgress, () => cancelled).then(({ source, info, facts }) => choiceOf(source, info, facts));

  const done = new Promise<UserDataChoice>((resolve, reject) => {
    rejectDone = reject;
    worker = workerFactory();
    if (!worker) {
      onThisThread().then(resolve, reject);
      return;
    }
    const id = nextId++;
    const w = worker;
    w.onmessage = (ev: MessageEvent<UserDataReadReply>) => {
      const reply = ev.data;
      if (reply.id !== id || cancelled) return;
      if (reply.kind === 'progress') {
        onProgress(reply.progress);
        return;
      }
      w.terminate();
      if (reply.kind === 'done') resolve(choiceOf(reply.source, reply.info, reply.facts));
      else reject(new EngineError(reply.problems));
    };
    w.onerror = (ev) => {
      // A worker that cannot load: the file is read here instead, and nothing is lost.
      ev.preventDefault?.();
      w.terminate();
      worker = null;
      if (!cancelled) onThisThread().then(resolve, reject);
    };
    w.postMessage({ id, file, name: file.name, task } satisfies UserDataReadRequest);
  });

  return {
    done,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      (worker as Worker | null)?.terminate();
      rejectDone(new UserDataReadCancelled());
    },
  };
}

/** The chosen file as the studio keeps it; its byte count is taken once here, never per render. */
function choiceOf(source: UserDataSource, info: DatasetInfo, facts: DatasetFacts): UserDataChoice {
  return { source, info, facts, bytes: utf8ByteLength(source.text) };
}

/**
 * What `new TextEncoder().encode(text).length` gives, without making the copy (a 20 MB file would need 20 MB
 * more): 1 to 3 bytes a UTF-16 unit, 4 for a surrogate pair, 3 for a lone surrogate (encoded as U+FFFD).
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

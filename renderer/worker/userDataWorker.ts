/// <reference lib="webworker" />
/**
 * Reads the learner's data file off the UI thread: decoding and splitting a 20 MB, five-million-row CSV takes
 * seconds, which on the UI thread froze the studio. Progress goes back once per whole percent and phase; the
 * studio cancels by terminating the worker. The messages are typed in renderer/worker/userDataRead.ts.
 */
import { coded, EngineError } from '../../engine';
import { progressPercent, readUserDataBlob, type UserDataReadReply, type UserDataReadRequest } from './userDataRead';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (ev: MessageEvent<UserDataReadRequest>) => {
  const { id, file, name, task } = ev.data;
  const post = (reply: UserDataReadReply) => self.postMessage(reply);
  let shown = '';
  try {
    const { source, info, facts } = await readUserDataBlob(file, name, task, (progress) => {
      const key = `${progress.phase}:${progressPercent(progress)}`;
      if (key === shown) return;
      shown = key;
      post({ id, kind: 'progress', progress });
    });
    post({ id, kind: 'done', source, info, facts });
  } catch (err) {
    const problems =
      err instanceof EngineError
        ? err.problems
        : [coded('E_DATA', 'data.fileUnreadable', { name, detail: err instanceof Error ? err.message : String(err) })];
    post({ id, kind: 'failed', problems });
  }
};

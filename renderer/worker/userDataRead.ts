/**
 * Reading the learner's own data file: in slices, so the decoder checks each slice as it arrives and progress can
 * be told, then split and checked for its task. Runs in the data worker (renderer/worker/userDataWorker.ts), so a
 * file of millions of rows never holds up the UI thread; where workers are missing (jsdom) the studio runs it on
 * its own thread. The messages between the studio and the worker are typed here.
 */
import {
  readUserData,
  userDataFacts,
  userDatasetInfo,
  type DatasetFacts,
  type DatasetInfo,
  type Problem,
  type UserDataProgress,
  type UserDataSource,
  type UserDataTask,
} from '../../engine';

/** Bytes read at a time: small enough for steady progress, large enough that a 20 MB file takes 20 reads. */
export const USER_DATA_SLICE_BYTES = 1 << 20;

export interface UserDataReadRequest {
  id: number;
  file: Blob;
  name: string;
  task: UserDataTask;
}

export type UserDataReadReply =
  | { id: number; kind: 'progress'; progress: UserDataProgress }
  | { id: number; kind: 'done'; source: UserDataSource; info: DatasetInfo; facts: DatasetFacts }
  | { id: number; kind: 'failed'; problems: Problem[] };

/** Thrown between slices once the read was cancelled. */
export class UserDataReadCancelled extends Error {
  constructor() {
    super('Reading the data file was cancelled.');
    this.name = 'UserDataReadCancelled';
  }
}

/**
 * The file's text, what the picker shows about it, and what a graph must agree with to train on it (vocabularies,
 * classes, feeds, lengths; checked on every edit, as for a bundled dataset). Throws EngineError (E_FILE_TOO_LARGE before any byte is
 * read, E_FILE_NOT_TEXT, E_DATA), or UserDataReadCancelled when `cancelled()` turns true between slices.
 */
export async function readUserDataBlob(
  file: Blob,
  name: string,
  task: UserDataTask,
  onProgress?: (progress: UserDataProgress) => void,
  cancelled: () => boolean = () => false,
): Promise<{ source: UserDataSource; info: DatasetInfo; facts: DatasetFacts }> {
  let offset = 0;
  const slices = {
    async next(): Promise<Uint8Array | null> {
      if (cancelled()) throw new UserDataReadCancelled();
      if (offset >= file.size) return null;
      const end = Math.min(file.size, offset + USER_DATA_SLICE_BYTES);
      const bytes = new Uint8Array(await file.slice(offset, end).arrayBuffer());
      offset = end;
      return bytes;
    },
  };
  const { source, parsed } = await readUserData({ name, bytes: file.size, task }, slices, onProgress);
  if (cancelled()) throw new UserDataReadCancelled();
  const facts = userDataFacts(parsed);
  if (cancelled()) throw new UserDataReadCancelled();
  return { source, info: userDatasetInfo(parsed), facts };
}

/** Whole percent of a progress report, for passing on only the reports that change what is shown. */
export function progressPercent(progress: UserDataProgress): number {
  return progress.total > 0 ? Math.min(100, Math.floor((100 * progress.done) / progress.total)) : 100;
}

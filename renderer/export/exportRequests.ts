/**
 * The UI thread's side of the export worker (renderer/worker/exportWorker.ts): one request, one reply, matched by
 * id. A reply's problems come back as the engine's coded EngineError.
 */
import { EngineError, type DataChoice, type ModelFileContents, type Problem } from '../../engine';
import type { ExportTarget } from '../../engine/runtime';

export interface ExportRequest {
  id: number;
  contents: ModelFileContents;
  target: ExportTarget;
  /** The data the model trained on, for data.py and the vocabulary. */
  data: DataChoice;
  /** The folder the zip puts every file in (its name is the download's). */
  folder: string;
  /** Whether to zip the files as well (the web build's download). */
  zip: boolean;
}

export interface ExportedFile {
  /** Relative, with `/` between folders: `data/vocab.json`. */
  path: string;
  bytes: Uint8Array;
}

export type ExportReply = { id: number; files: ExportedFile[]; zip?: Uint8Array } | { id: number; problems: Problem[] } | { id: number; message: string };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, { resolve(reply: { files: ExportedFile[]; zip?: Uint8Array }): void; reject(err: Error): void }>();

function exportWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../worker/exportWorker.ts', import.meta.url), { type: 'module', name: 'tensorloom-export' });
  w.onmessage = (ev: MessageEvent<ExportReply>) => {
    const reply = ev.data;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if ('files' in reply) waiting.resolve(reply);
    else if ('problems' in reply) waiting.reject(new EngineError(reply.problems));
    else waiting.reject(new Error(reply.message));
  };
  w.onerror = (ev) => {
    worker = null;
    w.terminate();
    const waiting = [...pending.values()];
    pending.clear();
    for (const p of waiting) p.reject(new Error(ev.message || 'The export worker stopped.'));
  };
  worker = w;
  return w;
}

/** The export's files (and zip, when asked), built in the export worker. */
export function requestExport(request: Omit<ExportRequest, 'id'>): Promise<{ files: ExportedFile[]; zip?: Uint8Array }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    exportWorker().postMessage({ ...request, id } satisfies ExportRequest);
  });
}

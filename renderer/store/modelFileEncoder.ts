/**
 * `writeModelFile` run in a worker of its own (renderer/worker/modelFileWorker.ts), so saving and checkpointing
 * a trained model never block the UI thread. Where workers are missing (jsdom) or the worker cannot start, the
 * file is written here instead: the same bytes, only on this thread.
 */
import { EngineError, writeModelFile, type ModelFileContents, type Problem } from '../../engine';

export interface EncodeRequest {
  id: number;
  contents: ModelFileContents;
}

export type EncodeReply = { id: number; bytes: Uint8Array } | { id: number; problems: Problem[] } | { id: number; message: string };

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(err: Error): void;
}

let worker: Worker | null = null;
let workerFailed = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function encoderWorker(): Worker | null {
  if (worker || workerFailed || typeof Worker === 'undefined') return worker;
  try {
    const w = new Worker(new URL('../worker/modelFileWorker.ts', import.meta.url), { type: 'module', name: 'tensorloom-model-file' });
    w.onmessage = (ev: MessageEvent<EncodeReply>) => {
      const reply = ev.data;
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if ('bytes' in reply) waiting.resolve(reply.bytes);
      else if ('problems' in reply) waiting.reject(new EngineError(reply.problems));
      else waiting.reject(new Error(reply.message));
    };
    w.onerror = () => {
      // A worker that cannot load: from now on files are written on this thread, and nothing waiting is lost.
      workerFailed = true;
      worker = null;
      w.terminate();
      const waiting = [...pending.values()];
      pending.clear();
      for (const p of waiting) p.reject(new Error('The model file worker stopped.'));
    };
    worker = w;
  } catch {
    workerFailed = true;
  }
  return worker;
}

/** The bytes of a `.tlgraph`; rejects with the writer's EngineError for contents a reader would refuse. */
export async function encodeModelFile(contents: ModelFileContents): Promise<Uint8Array> {
  const w = encoderWorker();
  if (!w) return writeModelFile(contents);
  const id = nextId++;
  try {
    return await new Promise<Uint8Array>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.postMessage({ id, contents } satisfies EncodeRequest);
    });
  } catch (err) {
    if (err instanceof EngineError || !workerFailed) throw err;
    return writeModelFile(contents);
  }
}

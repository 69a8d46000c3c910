import { Worker } from 'node:worker_threads';
import type { WorkerSpawner } from '../engine/runtime';

/** Starts the wasm matmul's helper thread in Node; unref'd so a finished process exits despite it. */
export const nodeWorkerSpawner: WorkerSpawner = (source) => {
  const worker = new Worker(source, { eval: true });
  worker.unref();
  return worker;
};

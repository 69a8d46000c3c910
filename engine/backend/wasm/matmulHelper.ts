/** The little of a Web Worker (or Node worker_threads Worker) the matmul helper thread needs. */
export interface HelperWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Starts a worker running `source` (classic script in a browser, CommonJS eval in Node). */
export type WorkerSpawner = (source: string) => HelperWorker;

/** batchMatMul's arguments (see matmul.as). */
const ARGUMENTS = 19;
/**
 * Int32 words of the control block: [0] command (0 idle, 1 run, 2 stop), [1] done/ready flag, then the arguments,
 * rounded up to an even count so the timestamps after them are 8-byte aligned.
 */
export const CONTROL_WORDS = 2 + ARGUMENTS + ((2 + ARGUMENTS) % 2);
/** Bytes of the control block shared with the helper: the words, then when it started and finished its share. */
export const CONTROL_BYTES = 4 * CONTROL_WORDS + 2 * 8;

/**
 * The helper thread's script. It instantiates the shared-memory kernel on the memory it is sent, then loops:
 * sleep on control[0] until told to run, run batchMatMul with the arguments from control[2], note when it
 * started and finished (wall-clock milliseconds, comparable across threads), raise control[1] and wake the
 * caller. Plain JavaScript so any bundler or runtime can start it from a string.
 */
export const HELPER_SOURCE = `
const CONTROL_WORDS = ${CONTROL_WORDS};
const nodePort = typeof self === 'undefined' ? require('worker_threads').parentPort : null;
const onFirstMessage = (handler) => {
  if (nodePort) nodePort.once('message', handler);
  else self.onmessage = (event) => handler(event.data);
};
onFirstMessage(({ bytes, memory, control: buffer }) => {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const control = new Int32Array(buffer, 0, CONTROL_WORDS);
  const times = new Float64Array(buffer, 4 * CONTROL_WORDS, 2);
  const clock = () => performance.timeOrigin + performance.now();
  Atomics.store(control, 1, 1);
  Atomics.notify(control, 1);
  for (;;) {
    Atomics.wait(control, 0, 0);
    if (Atomics.load(control, 0) === 2) break;
    times[0] = clock();
    instance.exports.batchMatMul(...Array.from(control.subarray(2, 2 + ${ARGUMENTS})));
    times[1] = clock();
    Atomics.store(control, 0, 0);
    Atomics.store(control, 1, 1);
    Atomics.notify(control, 1);
  }
});
`;

/**
 * The browser's way to start a helper: a classic Worker from a Blob URL, where workers and shared memory are
 * allowed (cross-origin isolated) and the caller itself may block (a worker, not a page's main thread, which
 * may not Atomics.wait). Null elsewhere.
 */
export function browserWorkerSpawner(): WorkerSpawner | null {
  const scope = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown; document?: unknown };
  if (!scope.crossOriginIsolated || typeof scope.Worker !== 'function' || 'document' in globalThis) return null;
  return (source) => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    return new Worker(url);
  };
}

/**
 * The matmul's helper thread: the script it runs, the control block both threads share, and the driver this
 * thread starts shares and waits through.
 */
import { BATCH_MATMUL_PARAMETERS } from './matmulLayout';
import type { Interval } from './shareBalance';

/** The little of a Web Worker (or Node worker_threads Worker) the matmul helper thread needs. */
export interface HelperWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Starts a worker running `source` (classic script in a browser, CommonJS eval in Node). */
export type WorkerSpawner = (source: string) => HelperWorker;

/** batchMatMul's arguments (see matmul.as). */
const ARGUMENTS = BATCH_MATMUL_PARAMETERS.length;
/** Index of the word saying which memory a share's arguments address: OWN_MEMORY or SHARED_HEAP. */
const TARGET_WORD = 2;
/** Index of the word the helper raises while it sleeps, so a start only pays for a wake-up when one is needed. */
const ASLEEP_WORD = 3;
/** Index of the first batchMatMul argument. */
const ARGUMENTS_WORD = 4;
/**
 * How long the helper keeps watching for the next share after finishing one, before it sleeps, where the process
 * has the cores to itself (Node: the CLI, tests, benchmarks). A training step runs its products a few hundred
 * microseconds apart; waking a sleeping thread costs about as long on a loaded machine, and on small models that
 * wake-up, not the arithmetic, was most of the time two threads took. Past this it sleeps, so an idle run costs
 * no CPU. In a browser the helper sleeps at once (see `watchesForShares`).
 */
const HELPER_WATCH_MS = 2;
/** How long the caller watches for the helper's share to finish before it sleeps until woken (same conditions). */
const CALLER_WATCH_MS = 1;

/**
 * Whether the threads watch for work instead of sleeping at once. Not in a browser worker: there the page, its
 * compositor and the GPU process share the cores with training, and a watching thread takes CPU from them and
 * from training itself (the studio bench, GPT-mini batch 8 on 2 cores: 12,200–13,300 tokens/s sleeping at once,
 * 9,800–10,100 watching for 0.25 or 2 ms).
 */
function watchesForShares(): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined';
}
/** The kernel's own (shared) memory, where the helper computes on copies. */
export const OWN_MEMORY = 0;
/** tfjs' heap made shared, where the helper computes on the tensors in place. */
export const SHARED_HEAP = 1;
/**
 * Int32 words of the control block: [0] command (0 idle, 1 run, 2 stop), [1] done/ready flag, [2] target memory,
 * [3] helper asleep, then the arguments, rounded up to an even count so the timestamps after them are 8-byte aligned.
 */
const CONTROL_WORDS = ARGUMENTS_WORD + ARGUMENTS + ((ARGUMENTS_WORD + ARGUMENTS) % 2);
/** Bytes of the control block shared with the helper: the words, then when it started and finished its share. */
const CONTROL_BYTES = 4 * CONTROL_WORDS + 2 * 8;

/** What the helper is sent once, when it starts. */
export interface HelperSetup {
  /** The shared-memory kernel and the memory the calling thread copies the helper's operands to. */
  bytes: Uint8Array;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  /** The kernel built for tfjs' heap made shared, and that heap: shares there run in place, without copies. */
  heapBytes?: Uint8Array;
  heapMemory?: WebAssembly.Memory;
  /** How long the helper watches for the next share before it sleeps (0: at once). */
  watchMs: number;
}

/**
 * The helper thread's script. It instantiates the shared-memory kernel on the memory it is sent (and the heap
 * build on tfjs' shared heap, when sent one), then loops: watch control[0] for a while, then sleep on it (raising
 * control[3] meanwhile) until told to run, run batchMatMul on the target memory with the arguments from control[4],
 * note when it started and finished (wall-clock milliseconds, comparable across threads), raise control[1] and wake
 * the caller. Plain JavaScript so any bundler or runtime can start it from a string.
 */
const HELPER_SOURCE = `
const CONTROL_WORDS = ${CONTROL_WORDS};
const nodePort = typeof self === 'undefined' ? require('worker_threads').parentPort : null;
const onFirstMessage = (handler) => {
  if (nodePort) nodePort.once('message', handler);
  else self.onmessage = (event) => handler(event.data);
};
onFirstMessage(({ bytes, memory, control: buffer, heapBytes, heapMemory, watchMs }) => {
  const instantiate = (b, m) => new WebAssembly.Instance(new WebAssembly.Module(b), { env: { memory: m } }).exports;
  const kernels = [instantiate(bytes, memory), heapBytes && heapMemory ? instantiate(heapBytes, heapMemory) : null];
  const control = new Int32Array(buffer, 0, CONTROL_WORDS);
  const times = new Float64Array(buffer, 4 * CONTROL_WORDS, 2);
  const clock = () => performance.timeOrigin + performance.now();
  Atomics.store(control, 1, 1);
  Atomics.notify(control, 1);
  for (;;) {
    const watchUntil = performance.now() + watchMs;
    while (Atomics.load(control, 0) === 0 && performance.now() < watchUntil) {}
    if (Atomics.load(control, 0) === 0) {
      Atomics.store(control, ${ASLEEP_WORD}, 1);
      Atomics.wait(control, 0, 0);
      Atomics.store(control, ${ASLEEP_WORD}, 0);
    }
    if (Atomics.load(control, 0) === 2) break;
    times[0] = clock();
    kernels[control[${TARGET_WORD}]].batchMatMul(...Array.from(control.subarray(${ARGUMENTS_WORD}, ${ARGUMENTS_WORD + ARGUMENTS})));
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

/** One helper thread running the same module on the same shared memory, driven through the control block. */
export class Helper {
  private readonly buffer = new SharedArrayBuffer(CONTROL_BYTES);
  /** [0] command (0 idle, 1 run, 2 stop), [1] done/ready flag, [2] target memory, [3..] batchMatMul arguments. */
  private readonly control = new Int32Array(this.buffer, 0, CONTROL_WORDS);
  /** When the helper started and finished its last share (see HELPER_SOURCE). */
  private readonly times = new Float64Array(this.buffer, 4 * CONTROL_WORDS, 2);
  private readonly worker: HelperWorker;
  private readonly watches = watchesForShares();

  constructor(spawn: WorkerSpawner, setup: Omit<HelperSetup, 'control' | 'watchMs'>) {
    this.worker = spawn(HELPER_SOURCE);
    this.worker.postMessage({ ...setup, control: this.buffer, watchMs: this.watches ? HELPER_WATCH_MS : 0 } satisfies HelperSetup);
  }

  /** When the helper computed its last share; read after `wait`. */
  get lastShare(): Interval {
    return { start: this.times[0], end: this.times[1] };
  }

  /** Whether the helper has gone to sleep, idle for longer than it watches for the next share. */
  get asleep(): boolean {
    return Atomics.load(this.control, ASLEEP_WORD) === 1;
  }

  get ready(): boolean {
    return Atomics.load(this.control, 1) === 1 && Atomics.load(this.control, 0) === 0;
  }

  /** Starts batchMatMul with `args` (packArguments' order) on the memory `target` names. */
  start(args: number[], target: typeof OWN_MEMORY | typeof SHARED_HEAP = OWN_MEMORY): void {
    this.control[TARGET_WORD] = target;
    this.control.set(args, ARGUMENTS_WORD);
    Atomics.store(this.control, 1, 0);
    Atomics.store(this.control, 0, 1);
    // The helper raises the asleep word before it sleeps and sleeps only while the command is still 0, so one
    // that has not raised it yet sees the command stored above and does not sleep (all accesses sequentially
    // consistent).
    if (Atomics.load(this.control, ASLEEP_WORD) === 1) Atomics.notify(this.control, 0);
  }

  wait(): void {
    if (Atomics.load(this.control, 1) !== 0) return;
    const watchUntil = performance.now() + (this.watches ? CALLER_WATCH_MS : 0);
    while (Atomics.load(this.control, 1) === 0 && performance.now() < watchUntil) { /* the share ends soon */ }
    while (Atomics.load(this.control, 1) === 0) Atomics.wait(this.control, 1, 0);
  }

  stop(): void {
    Atomics.store(this.control, 0, 2);
    Atomics.notify(this.control, 0);
    this.worker.terminate();
  }
}

/**
 * Owns the training worker: creates it on first use, routes its messages into the studio store, and when
 * it crashes (an uncaught error, a failed load) reports the problem and drops it, so the next Start gets a
 * fresh worker and the rest of the UI never notices more than a message.
 */
import type { FromWorker, ToWorker } from '../../engine';
import { i18n } from '../i18n';
import { useStudioStore } from './studioStore';

export interface WorkerLike {
  postMessage(msg: ToWorker): void;
  terminate(): void;
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null;
  onerror: ((ev: ErrorEvent | Event) => void) | null;
  onmessageerror?: ((ev: MessageEvent) => void) | null;
}

export type WorkerFactory = () => WorkerLike;

export const defaultWorkerFactory: WorkerFactory = () =>
  new Worker(new URL('../worker/trainingWorker.ts', import.meta.url), { type: 'module', name: 'tensorloom-training' }) as unknown as WorkerLike;

let worker: WorkerLike | null = null;
let factory: WorkerFactory = defaultWorkerFactory;

/** Tests (and the jsdom environment, which has no Worker) replace how the worker is made. */
export function setWorkerFactory(f: WorkerFactory): void {
  worker?.terminate();
  worker = null;
  factory = f;
}

function ensureWorker(): WorkerLike | null {
  if (worker) return worker;
  const store = useStudioStore.getState();
  try {
    const w = factory();
    w.onmessage = (ev) => useStudioStore.getState().receive(ev.data);
    w.onerror = (ev) => {
      const detail = (ev as ErrorEvent).message;
      if (worker === w) worker = null;
      w.terminate();
      useStudioStore.getState().workerFailed({
        code: 'E_WORKER',
        message: i18n.t('studio.worker.crashed', { detail: detail ? `: ${detail}` : '' }),
        fix: i18n.t('studio.worker.crashedFix'),
      });
    };
    worker = w;
    return w;
  } catch (err) {
    store.workerFailed({
      code: 'E_WORKER',
      message: i18n.t('studio.worker.noStart', { reason: (err as Error)?.message ?? String(err) }),
      fix: i18n.t('studio.worker.noStartFix'),
    });
    return null;
  }
}

/** Connects the store's `send` to the worker (started lazily on the first message). */
export function connectStudioWorker(): () => void {
  useStudioStore.setState({ send: (msg) => ensureWorker()?.postMessage(msg) });
  // Start the worker early so its backend probe runs while the learner is still choosing settings, but not in the
  // page's first seconds: loading tfjs and opening its WebGL context share the GPU process with the first frames of
  // the canvas, and on software GL a large restored graph would stall for seconds. Where the page has no idle
  // callbacks (tests), it starts at once.
  const cancelStart = whenPageSettles(() => ensureWorker());
  return () => {
    cancelStart();
    worker?.terminate();
    worker = null;
    useStudioStore.setState({ send: null });
  };
}

/** How long after connecting the worker waits before it starts on its own (the first message starts it sooner). */
const WORKER_START_DELAY_MS = 2000;

/** Runs `start` once the page has had WORKER_START_DELAY_MS and then an idle moment; returns a cancel function. */
function whenPageSettles(start: () => void): () => void {
  if (typeof globalThis.requestIdleCallback !== 'function') {
    start();
    return () => {};
  }
  let idle: number | null = null;
  const timer = setTimeout(() => {
    idle = requestIdleCallback(() => start(), { timeout: 1000 });
  }, WORKER_START_DELAY_MS);
  return () => {
    clearTimeout(timer);
    if (idle !== null) cancelIdleCallback(idle);
  };
}

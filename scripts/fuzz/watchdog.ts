import { Worker } from 'node:worker_threads';
import type { FuzzOptions } from './args';
import { generateCase } from './caseGenerator';
import { knownSignatures, readPending, writeFoundFixture } from './fixtures';
import { storeInput } from './fuzzCase';
import type { CaseReport, WorkerMessage, WorkerStart } from './protocol';
import type { FailureRecord } from './report';
import { failureSignature } from './signature';
import type { FailureKind } from './verdict';

/**
 * Runs generated cases in a worker thread and watches it. A case that runs past its time bound,
 * or kills its thread (out of memory), is recorded as a failure and the run goes on in a fresh thread from the
 * next case. Prints counts per outcome and error code, and every failure with its seed, case index and
 * reproducer file; exits 1 when a failure is not one of the known ones in tests/fixtures/fuzz/pending.json.
 */
const WORKER_URL = new URL('./worker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');
/** Shrinking the first failure of a kind runs it again and again; it gets this long before it is cut off. */
const SHRINK_TIMEOUT_MS = 90_000;
/** Starting a thread loads tfjs and trains one warm-up step per template. */
const STARTUP_TIMEOUT_MS = 120_000;

function startWorker(start: WorkerStart, workerUrl: string): Worker {
  // Worker threads do not inherit tsx's loader; the worker registers it before importing the TypeScript entry.
  const source = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl)}); });`;
  return new Worker(source, { eval: true, workerData: start, resourceLimits: { maxOldGenerationSizeMb: Math.max(512, Math.round(start.memoryMb / 2)) }, stderr: true, stdout: true });
}

export interface FuzzRun {
  reports: CaseReport[];
  failures: FailureRecord[];
  /** Faults of the fuzzer's own thread outside any case (it did not start, or died between cases). */
  faults: string[];
}

/** `workerUrl` runs another case thread speaking the same protocol (the watchdog's own tests plant a hang there). */
export async function runFuzz(options: FuzzOptions, log: (line: string) => void = () => {}, workerUrl = WORKER_URL): Promise<FuzzRun> {
  const started = Date.now();
  const deadline = started + options.budgetMs;
  const reports: CaseReport[] = [];
  const failures: FailureRecord[] = [];
  const faults: string[] = [];
  const known = knownSignatures();
  const pending = new Set(readPending().map((p) => p.signature));
  for (const s of pending) known.add(s);
  const first = options.only ?? 0;
  const end = options.only !== undefined ? options.only + 1 : options.cases === Infinity ? null : options.cases;
  const lanes = options.only !== undefined ? 1 : Math.max(1, Math.min(options.workers, end ?? Infinity));
  const written = new Set<string>();

  const record = (report: CaseReport) => {
    reports.push(report);
    if (!report.failure) return;
    const signature = report.signature ?? failureSignature(report.failure, report.stage);
    let fixture: string | undefined;
    // Two lanes can meet a new kind of failure at once; the first reproducer to arrive is the one written.
    if (report.reproducer && options.write && !written.has(signature)) {
      written.add(signature);
      fixture = writeFoundFixture({
        description: report.description,
        input: report.reproducer,
        train: generateCase(options.seed, report.index).train,
        backend: options.backend,
        found: { seed: options.seed, case: report.index, family: report.family, stage: report.stage, signature, failure: report.failure },
      });
    }
    known.add(signature);
    failures.push({ seed: options.seed, index: report.index, family: report.family, description: report.description, stage: report.stage, signature, failure: report.failure, known: pending.has(signature), ...(fixture ? { fixture } : {}) });
    log(`case ${report.index}: ${report.failure.kind} at ${report.stage}: ${report.failure.name}: ${report.failure.message.slice(0, 200)}${fixture ? ` → ${fixture}` : ''}`);
  };

  /** A case the thread could not report on (killed for time, or died): made again here to be recorded. */
  const recordLost = (index: number, kind: FailureKind, name: string, message: string) => {
    const fuzzCase = generateCase(options.seed, index);
    const stage = 'parse' as const;
    const failure = { status: 'failure' as const, kind, name, message };
    const signature = failureSignature(failure, stage);
    record({ index, family: fuzzCase.family, description: fuzzCase.description, status: 'failure', stage, codes: [], compiled: false, trained: false, ms: 0, failure, signature, ...(known.has(signature) ? {} : { reproducer: storeInput(fuzzCase.input) }) });
  };

  /**
   * One lane runs every `lanes`-th case from its own first one, in its own thread; with two lanes on two cores a run
   * covers twice the cases, and any case is still the same case by its index.
   */
  const runLane = async (lane: number) => {
    let next = first + lane;
    let lastReported = next - lanes;
    while ((end === null || next < end) && Date.now() < deadline) {
      const outcome = await new Promise<{ next: number }>((resolve) => {
        const worker = startWorker({ seed: options.seed, from: next, to: end, stride: lanes, deadline, backend: options.backend, memoryMb: options.memoryMb, known: [...known] }, workerUrl);
        worker.stdout.resume();
        worker.stderr.resume();
        let current: number | null = null;
        let timer: NodeJS.Timeout | undefined;
        let settled = false;
        const arm = (ms: number, onTimeout: () => void) => {
          clearTimeout(timer);
          timer = setTimeout(onTimeout, ms);
        };
        const finish = (nextIndex: number) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          void worker.terminate();
          resolve({ next: nextIndex });
        };
        arm(STARTUP_TIMEOUT_MS, () => {
          faults.push('the fuzz worker did not start in time');
          finish(end ?? Number.MAX_SAFE_INTEGER);
        });
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'ready') clearTimeout(timer);
          else if (message.type === 'start') {
            current = message.index;
            arm(options.caseTimeoutMs, () => {
              recordLost(message.index, 'timeout', 'time bound', `the case ran past ${options.caseTimeoutMs / 1000} s and was stopped`);
              finish(message.index + lanes);
            });
          } else if (message.type === 'shrinking') arm(SHRINK_TIMEOUT_MS, () => finish(message.index + lanes));
          else if (message.type === 'done') {
            clearTimeout(timer);
            current = null;
            lastReported = message.report.index;
            record(message.report);
          } else if (message.type === 'finished') finish(message.next);
        });
        worker.on('error', (err: Error & { code?: string }) => {
          if (settled) return;
          const index = current;
          if (index === null) {
            faults.push(`the fuzz worker failed outside a case: ${err.stack ?? err.message}`);
            finish(end ?? Number.MAX_SAFE_INTEGER);
            return;
          }
          if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') recordLost(index, 'memory', 'memory bound', `the case filled the JavaScript heap (${err.message})`);
          else recordLost(index, 'crash', err.name, err.message);
          finish(index + lanes);
        });
        worker.on('exit', () => {
          // A thread that ends on its own after a case (over its memory bound) carries on from the next one.
          finish(current !== null ? current + lanes : lastReported + lanes);
        });
      });
      next = outcome.next;
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, lane) => runLane(lane)));
  return { reports, failures, faults };
}

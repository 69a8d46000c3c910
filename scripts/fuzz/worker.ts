import { parentPort, workerData } from 'node:worker_threads';
import { generateCase } from './caseGenerator';
import { nodeFuzzEnv, prepareBackend } from './environment';
import { storeInput } from './fuzzCase';
import { runCaseTwiceOnLeak } from './invariants';
import type { CaseReport, WorkerMessage, WorkerStart } from './protocol';
import { shrinkInput } from './shrink';
import { failureSignature } from './signature';

/**
 * The thread that runs cases, watched by run.ts: it says when each case starts (so a hang can be timed and the
 * thread killed) and reports each outcome. The first failure of each kind is shrunk here, in the same realm.
 */
const start = workerData as WorkerStart;
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);

// tfjs and the layers warn on the console (redundant outputs, backend hints); the report says what matters.
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) console[method] = () => {};

let stray: unknown;
process.on('unhandledRejection', (reason) => {
  stray ??= reason;
});

const env = nodeFuzzEnv();
await prepareBackend(start.backend, env);
post({ type: 'ready' });

const known = new Set(start.known);
const memoryLimit = start.memoryMb * 2 ** 20;
let index = start.from;
for (; (start.to === null || index < start.to) && Date.now() < start.deadline; index += start.stride) {
  post({ type: 'start', index });
  const fuzzCase = generateCase(start.seed, index);
  stray = undefined;
  let run = await runCaseTwiceOnLeak(fuzzCase.input, fuzzCase.train, env);
  // A promise the engine dropped may reject a moment later: give it a turn of the event loop to show.
  await new Promise((resolve) => setImmediate(resolve));
  if (stray !== undefined && run.verdict.status !== 'failure') {
    const e = stray as { name?: string; message?: string };
    run = { ...run, verdict: { status: 'failure', kind: 'uncoded', name: `unhandled rejection: ${e?.name ?? typeof stray}`, message: String(e?.message ?? stray) } };
  }
  const rss = process.memoryUsage().rss;
  const overMemory = rss > memoryLimit;
  if (overMemory && run.verdict.status !== 'failure') {
    run = { ...run, verdict: { status: 'failure', kind: 'memory', name: 'memory bound', message: `the process holds ${Math.round(rss / 2 ** 20)} MiB after the case (bound ${start.memoryMb} MiB)` } };
  }
  const { verdict } = run;
  const report: CaseReport = {
    index,
    family: fuzzCase.family,
    description: fuzzCase.description,
    status: verdict.status,
    stage: run.stage,
    codes: verdict.status === 'failure' ? [] : [...new Set(verdict.codes)],
    compiled: run.compiled,
    trained: run.trained,
    ms: run.ms,
  };
  if (verdict.status === 'failure') {
    const signature = failureSignature(verdict, run.stage);
    report.failure = verdict;
    report.signature = signature;
    if (!known.has(signature)) {
      known.add(signature);
      post({ type: 'shrinking', index });
      const smallest = overMemory
        ? fuzzCase.input
        : await shrinkInput(
            fuzzCase.input,
            async (candidate) => {
              const again = await runCaseTwiceOnLeak(candidate, fuzzCase.train, env);
              return again.verdict.status === 'failure' && failureSignature(again.verdict, again.stage) === signature;
            },
            { attempts: 400, deadline: Date.now() + 45_000 },
          );
      report.reproducer = storeInput(smallest);
    }
  }
  post({ type: 'done', report });
  // Memory the wasm heap or a leak took is not given back: a fresh thread carries on from the next case.
  if (overMemory) process.exit(3);
}
post({ type: 'finished', next: index });

/**
 * The command-line trainer: `tensorloom train <file|template-id> …` and `tensorloom templates`. It reads
 * files and picks the backend, then calls the same engine functions the studio's worker calls.
 *
 * Exit codes: 0 trained (or stopped by Ctrl-C), 1 training failed (e.g. E_NAN_LOSS), 2 bad input (unknown
 * template, unreadable or malformed graph, a dataset that does not fit the graph). Problems go to stderr as
 * `E_CODE: message Fix: …`; with --json, stdout carries only JSON lines.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { initBackend, type BackendName } from '../engine/backend/init';
import { wasmMatmulDescription } from '../engine/backend/wasm/registerWasmKernels';
import { availableParallelism } from 'node:os';
import { nodeWorkerSpawner } from './nodeWorkerSpawner';
import { createDataset } from '../engine/data';
import { analyzeGraph } from '../engine/graph/analyze';
import { EngineError, formatProblem, type Problem } from '../engine/graph/errors';
import { parseDocument } from '../engine/graph/parse';
import type { GraphDoc } from '../engine/graph/schema';
import { templateById, templates } from '../engine/templates';
import { graphFeedLengths } from '../engine/train/datasetFit';
import { runTraining } from '../engine/train/runTraining';
import type { ProgressEvent, RunConfig } from '../engine/train/types';
import { nodeDataSources } from './dataSources';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const consoleIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const USAGE = `Usage:
  tensorloom train <file.json|template-id> [--steps N] [--batch N] [--backend cpu|wasm] [--seed N] [--json]
  tensorloom templates [--json]`;

/** Runs one command; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIO = consoleIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        steps: { type: 'string' },
        batch: { type: 'string' },
        backend: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, subject] = positionals;
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if (command === 'templates') {
    for (const t of templates) {
      io.out(values.json ? JSON.stringify({ event: 'template', id: t.id, title: t.title, dataset: t.dataset, summary: t.summary }) : `${t.id.padEnd(24)}${t.dataset.padEnd(16)}${t.summary}`);
    }
    return 0;
  }
  if (command !== 'train') {
    io.err(`Unknown command “${command}”.\n${USAGE}`);
    return 2;
  }
  if (!subject) {
    io.err(`Say what to train: a graph file or a template id.\n${USAGE}`);
    return 2;
  }

  try {
    const overrides: RunConfig = {
      steps: intOption(values.steps, 'steps', 1),
      batchSize: intOption(values.batch, 'batch', 1),
      seed: intOption(values.seed, 'seed', 0),
    };
    const backend = (values.backend ?? 'wasm') as BackendName;
    if (backend !== 'cpu' && backend !== 'wasm') throw usageProblem(`--backend must be cpu or wasm, not “${backend}”.`, 'Use --backend wasm (fast) or --backend cpu.');
    const doc = await loadDocument(subject);
    // The project's wasm matmul splits big products with a helper thread when a second core is free.
    await initBackend(backend, { spawnHelper: availableParallelism() > 1 ? nodeWorkerSpawner : null });
    const seed = overrides.seed ?? doc.training.seed;
    const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed }, nodeDataSources());
    let interrupted = false;
    // First Ctrl-C: stop after the current step and print the summary. Second: quit at once.
    const onSigint = () => {
      if (interrupted) process.exit(130);
      interrupted = true;
    };
    process.on('SIGINT', onSigint);
    const steps = overrides.steps ?? doc.training.steps;
    const every = Math.max(1, Math.round(steps / 20));
    if (!values.json) {
      const parameters = analyzeGraph(doc).totalParameters.toLocaleString('en');
      // The matmul kernel is most of a step's time on wasm: say which one runs (SIMD flavour, threads).
      const kernel = backend === 'wasm' ? wasmMatmulDescription() : null;
      io.out(`Training “${doc.name}” (${parameters} parameters) on ${dataset.info.id} with the ${backend} backend${kernel ? ` (matmul: ${kernel})` : ''}, ${steps} steps.`);
    }
    const result = await runTraining(doc, dataset, overrides, {
      shouldStop: () => interrupted,
      onProgress(p) {
        if (values.json) io.out(JSON.stringify({ event: 'progress', ...p }));
        else if (p.step % every === 0 || p.step === p.totalSteps || p.validation) io.out(formatProgress(p));
      },
    }).finally(() => process.removeListener('SIGINT', onSigint));
    result.compiled.dispose();
    const done = {
      event: 'done',
      status: result.status,
      steps: result.steps,
      firstLoss: result.firstLoss,
      lastLoss: result.lastLoss,
      accuracy: result.accuracy ?? null,
      tokensPerSec: Math.round(result.tokensPerSec),
      ...(result.error ? { error: result.error } : {}),
    };
    if (values.json) io.out(JSON.stringify(done));
    else {
      io.out(
        `${result.status === 'done' ? 'Done' : result.status === 'stopped' ? 'Stopped' : 'Failed'} after ${result.steps} steps: loss ${fmt(result.firstLoss)} → ${fmt(result.lastLoss)}` +
          `${result.accuracy !== undefined ? `, held-out accuracy ${(100 * result.accuracy).toFixed(1)} %` : ''}, ${Math.round(result.tokensPerSec)} tokens/s.`,
      );
    }
    if (result.error) io.err(formatProblem(result.error));
    return result.status === 'failed' ? 1 : 0;
  } catch (err) {
    if (err instanceof EngineError) {
      for (const p of err.problems) io.err(formatProblem(p));
      return 2;
    }
    io.err(`Unexpected error: ${(err as Error)?.stack ?? String(err)}`);
    return 2;
  }
}

/** A template id, or the path of a saved graph (parsed with the same checks as the app's Open). */
async function loadDocument(subject: string): Promise<GraphDoc> {
  const template = templateById(subject);
  if (template && !existsSync(subject)) return template.build();
  if (!existsSync(subject)) {
    throw new EngineError([
      {
        code: 'E_UNKNOWN_TEMPLATE',
        message: `There is no template or file called “${subject}”.`,
        fix: `Give the path of a saved graph (.json), or one of: ${templates.map((t) => t.id).join(', ')}.`,
      },
    ]);
  }
  let text: string;
  try {
    text = await readFile(subject, 'utf8');
  } catch (err) {
    throw new EngineError([{ code: 'E_DATA', message: `“${subject}” could not be read (${(err as Error).message}).`, fix: 'Check the path and that it is a file you may read.' }]);
  }
  const parsed = parseDocument(text);
  if (!parsed.ok) throw new EngineError(parsed.problems);
  return parsed.doc;
}

function intOption(v: string | undefined, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw usageProblem(`--${name} must be a whole number ≥ ${min}, not “${v}”.`, `Pass e.g. --${name} ${Math.max(min, 1) * 10}.`);
  return n;
}

function usageProblem(message: string, fix: string): EngineError {
  const problem: Problem = { code: 'E_BAD_PARAM', message, fix };
  return new EngineError([problem]);
}

function formatProgress(p: ProgressEvent): string {
  const parts = [`step ${String(p.step).padStart(String(p.totalSteps).length)}/${p.totalSteps}`, `loss ${fmt(p.loss)}`];
  if (p.accuracy !== undefined) parts.push(`acc ${(100 * p.accuracy).toFixed(1)} %`);
  parts.push(`lr ${p.learningRate.toExponential(1)}`, `${Math.round(p.tokensPerSec)} tok/s`);
  if (p.validation) {
    parts.push(`| val loss ${fmt(p.validation.loss)} ppl ${p.validation.perplexity.toFixed(2)}${p.validation.accuracy !== undefined ? ` acc ${(100 * p.validation.accuracy).toFixed(1)} %` : ''}`);
  }
  return parts.join('  ');
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : String(x);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

import { availableParallelism } from 'node:os';

/**
 * `npm run fuzz -- [--seed N] [--budget 60s|10m|1h] [--cases N] [--case I] [--json] [--backend wasm|cpu]
 * [--case-timeout 30s] [--memory 3072] [--workers N] [--no-write]`. Without --budget or --cases the run lasts 60 s; without
 * --seed it picks one and prints it, so any run can be repeated.
 */
export interface FuzzOptions {
  seed: number;
  /** Wall-clock budget in ms (Infinity when only --cases bounds the run). */
  budgetMs: number;
  /** Stop after this many cases (Infinity: only the budget bounds the run). */
  cases: number;
  /** Run only this case index. */
  only?: number;
  json: boolean;
  backend: 'wasm' | 'cpu';
  caseTimeoutMs: number;
  /** Resident memory, in MiB, past which a case counts as a memory failure (and its thread is restarted). */
  memoryMb: number;
  /** Write reproducers of new failures to tests/fixtures/fuzz/found. */
  write: boolean;
  /** Threads running cases side by side (default: 2 where there are two cores or more). */
  workers: number;
}

export class UsageError extends Error {}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `60s`, `10m`, `1h`, `500ms`; a bare number is seconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} takes a duration such as 60s, 10m or 1h (got “${text}”).`);
  const ms = Number(match[1]) * UNITS[match[2] ?? 's'];
  if (!(ms > 0)) throw new UsageError(`${flag} must be longer than zero (got “${text}”).`);
  return ms;
}

function count(text: string | undefined, flag: string, min: number): number {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${flag} takes a whole number of at least ${min} (got “${text ?? ''}”).`);
  }
  return Number(text);
}

export function parseFuzzArgs(argv: readonly string[], randomSeed: () => number = () => Math.floor(Math.random() * 2 ** 31), cores = availableParallelism()): FuzzOptions {
  const options: FuzzOptions = { seed: NaN, budgetMs: NaN, cases: Infinity, json: false, backend: 'wasm', caseTimeoutMs: 30_000, memoryMb: 3072, write: true, workers: Math.min(2, cores) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--seed':
        options.seed = count(value(), '--seed', 0);
        break;
      case '--budget':
        options.budgetMs = parseDuration(value() ?? '', '--budget');
        break;
      case '--cases':
        options.cases = count(value(), '--cases', 1);
        break;
      case '--case':
        options.only = count(value(), '--case', 0);
        break;
      case '--json':
        options.json = true;
        break;
      case '--backend': {
        const backend = value();
        if (backend !== 'wasm' && backend !== 'cpu') throw new UsageError(`--backend is wasm or cpu (got “${backend ?? ''}”).`);
        options.backend = backend;
        break;
      }
      case '--case-timeout':
        options.caseTimeoutMs = parseDuration(value() ?? '', '--case-timeout');
        break;
      case '--memory':
        options.memoryMb = count(value(), '--memory', 256);
        break;
      case '--workers':
        options.workers = count(value(), '--workers', 1);
        break;
      case '--no-write':
        options.write = false;
        break;
      default:
        throw new UsageError(`Unknown option “${arg}”. Options: --seed N, --budget 60s|10m, --cases N, --case I, --json, --backend wasm|cpu, --case-timeout 30s, --memory MiB, --workers N, --no-write.`);
    }
  }
  if (Number.isNaN(options.seed)) options.seed = randomSeed();
  if (options.only !== undefined) options.cases = 1;
  if (Number.isNaN(options.budgetMs)) options.budgetMs = options.cases === Infinity ? 60_000 : Infinity;
  return options;
}

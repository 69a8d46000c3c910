/**
 * `npm run bench [-- --quick]`: the training benchmark against PyTorch on this machine.
 *
 * Measures the machine's sgemm peak and PyTorch CPU training tokens/s for the reference GPT-mini
 * (bench/pytorch_gpt.py, Debian's python3-torch), computes the model's training FLOPs per token, then trains
 * the app's own gpt-mini template through its compiler and runTraining: in Node (wasm, and cpu briefly) and in
 * headless Chromium on every backend that works there. Then every template (bench/templateJobs.ts) against
 * its PyTorch twin (bench/pytorchTwin.ts), and PyTorch once more at the end: ratios are to the mean of
 * PyTorch's two runs. Writes bench/results.json and bench/results.md.
 * --quick keeps every run short (about 10 minutes in all) and leaves out the full-run-only templates (gpt-small); the
 * full run (about 15 minutes on an idle machine, more with gpt-small) also trains 1,000 steps on wasm in Chromium to
 * show the tensor count stays flat.
 * --only <id>[,<id>…] (bench/templateJobs.ts ids) measures just those templates against their twins (the machine's
 * sgemm peak first, for the share-of-peak column) and merges their rows into the existing results, replacing
 * earlier rows of the same templates; everything else in the results is left as it was.
 */
import { execFile } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { NODE_WASM_FLAGS } from '../scripts/node-wasm-flags.mjs';
import { runInChromium, type BrowserRunRequest } from './browserTraining';
import { referenceJob, trainingFlopsPerToken } from './referenceJob';
import type { KernelProfile } from './kernelProfile';
import { exportTwin, measureTwin, type PytorchTwinResult } from './pytorchTwin';
import { renderResultsMarkdown, runMemoryOf, type BenchResults, type RunResult, type TemplateBench } from './results';
import { benchTemplatesFor, type BenchTemplate } from './templateJobs';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : null;
const PYTHON = '/usr/bin/python3';
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const lastJsonLine = (text: string) => JSON.parse(text.trim().split('\n').filter((l) => l.startsWith('{')).pop() ?? '{}');

type Timed = { settleMs: number; measureMs: number };
/**
 * Every training run on wasm, the app's and PyTorch's (the reference GPT and each template's twin), warms up for
 * at least settleMs and is measured for at least measureMs (as well as its minimum step counts). Three seconds of
 * warm-up is when the smallest template's steps stop getting faster in Node.
 */
const SETTLED_TIMING: Timed = { settleMs: 3000, measureMs: quick ? 3000 : 5000 };

async function measurePytorch() {
  log('PyTorch CPU reference and sgemm peak…');
  const config = { ...referenceJob, steps: quick ? 15 : 50, warmup: quick ? 3 : 5, ...SETTLED_TIMING };
  const { stdout } = await run(PYTHON, [join(root, 'bench/pytorch_gpt.py'), JSON.stringify(config)], { timeout: 15 * 60_000 });
  return lastJsonLine(stdout) as { tokensPerSec: number; peakGflops: number; threads: number; torchVersion: string; parameters: number };
}

async function measureNode(backend: 'wasm' | 'cpu', steps: number, warmup: number, model: 'app' | 'reference', matmulThreads = 1, template = 'gpt-mini', timed?: Timed): Promise<RunResult> {
  log(`node ${backend} (${model === 'app' ? template : model}, ${steps} steps, matmul threads ${matmulThreads})…`);
  const timing = timed ? ['--settle-ms', String(timed.settleMs), '--measure-ms', String(timed.measureMs)] : [];
  try {
    const { stdout } = await run(
      process.execPath,
      [...NODE_WASM_FLAGS, '--import', 'tsx', join(root, 'bench/nodeTraining.ts'), '--backend', backend, '--steps', String(steps), '--warmup', String(warmup), '--model', model, '--matmul-threads', String(matmulThreads), '--template', template, ...timing],
      { cwd: root, timeout: (quick ? 6 : 40) * 60_000, maxBuffer: 64 * 2 ** 20 },
    );
    return lastJsonLine(stdout);
  } catch (err) {
    return { runtime: 'node', backend, model, error: String(err).slice(0, 2000) };
  }
}

/**
 * Every template against its PyTorch twin: the twins are timed before and after the app's runs (Node wasm with
 * the CLI's two matmul threads, and Chromium wasm as the studio trains), each ratio to the mean of the two.
 * A template below half of PyTorch in Chromium gets a short profiled run: the kernels its step spends time in.
 */
async function measureTemplates(peakGflops: number, benchTemplates: BenchTemplate[]): Promise<TemplateBench[]> {
  // The app's steps keep getting faster for the first seconds of a run (tfjs and V8 warming up, the wasm heap
  // growing; a small model's steps more than halve); PyTorch settles after one or two. Both sides follow the same
  // rule: warm up for at least SETTLED_TIMING.settleMs, then measure for at least measureMs, and take the median,
  // or the ratio measures start-up rather than training speed.
  const twinSteps = quick ? 8 : 12;
  const twinWarmup = 3;
  const appSteps = quick ? 20 : 30;
  const warmup = 6;
  const timed = SETTLED_TIMING;
  const exported = new Map<string, string | null>();
  for (const t of benchTemplates) {
    log(`PyTorch twin of ${t.id}: export…`);
    exported.set(t.id, await exportTwin(t.id));
  }
  const twins = async (): Promise<Map<string, PytorchTwinResult>> => {
    const measured = new Map<string, PytorchTwinResult>();
    for (const t of benchTemplates) {
      const failed = exported.get(t.id);
      if (failed) measured.set(t.id, { template: t.id, error: failed });
      else {
        log(`PyTorch twin of ${t.id}…`);
        measured.set(t.id, await measureTwin(t.id, twinSteps, twinWarmup, timed));
      }
    }
    return measured;
  };
  const before = await twins();
  const nodeRuns = new Map<string, RunResult>();
  for (const t of benchTemplates) nodeRuns.set(t.id, await measureNode('wasm', appSteps, warmup, 'app', 2, t.id, timed));
  const chromium = (await runInChromium(
    benchTemplates.map((t) => ({ backend: 'wasm' as const, steps: appSteps, warmup, timed, model: 'app' as const, template: t.id, timeoutMs: 8 * 60_000 })),
    log,
  )) as RunResult[];
  const after = await twins();

  const benches: TemplateBench[] = benchTemplates.map((t, i) => {
    const pair = [before.get(t.id), after.get(t.id)].filter((r): r is PytorchTwinResult => typeof r?.tokensPerSec === 'number');
    const pytorchTokensPerSec = pair.length ? pair.reduce((sum, r) => sum + r.tokensPerSec!, 0) / pair.length : null;
    const flopsPerToken = pair[0]?.flopsPerToken ?? null;
    const runs = [nodeRuns.get(t.id)!, chromium[i]].map((r) => {
      const tokensPerSec = typeof r.tokensPerSec === 'number' ? r.tokensPerSec : undefined;
      const achievedGflops = tokensPerSec && flopsPerToken ? (tokensPerSec * flopsPerToken) / 1e9 : undefined;
      return {
        runtime: r.runtime,
        backend: r.backend,
        tokensPerSec,
        ratioToPytorch: tokensPerSec && pytorchTokensPerSec ? tokensPerSec / pytorchTokensPerSec : undefined,
        achievedGflops,
        shareOfPeak: achievedGflops ? achievedGflops / peakGflops : undefined,
        kernels: r.kernels as string | undefined,
        memory: runMemoryOf(r),
        error: r.error,
      };
    });
    return {
      id: t.id,
      describes: t.describes,
      pytorchTokensPerSec,
      pytorchTwin: pair[0]?.twin ?? null,
      pytorch: { before: before.get(t.id)!, after: after.get(t.id)! },
      flopsPerToken,
      parameters: pair[0]?.parameters ?? null,
      runs,
    };
  });

  const short = benches.filter((b) => {
    const ratio = b.runs.find((r) => r.runtime === 'chromium')?.ratioToPytorch;
    return typeof ratio === 'number' && ratio < 0.5;
  });
  if (short.length) {
    const profiled = (await runInChromium(
      short.map((b) => ({ backend: 'wasm' as const, steps: 3, warmup: 2, model: 'app' as const, template: b.id, timeoutMs: 8 * 60_000, profileKernels: [] })),
      log,
    )) as RunResult[];
    short.forEach((b, i) => {
      const p = profiled[i];
      if (p && !p.error && p.profile) b.profile = { msPerStep: median((p.stepMs as number[]).slice(1)), profile: p.profile as KernelProfile };
    });
  }
  return benches;
}

async function main() {
  const started = Date.now();
  const loadBefore = loadavg();
  const flopsPerToken = trainingFlopsPerToken(referenceJob);
  const pytorch = await measurePytorch();
  log(`PyTorch ${pytorch.tokensPerSec.toFixed(0)} tokens/s, sgemm peak ${pytorch.peakGflops.toFixed(1)} GFLOP/s`);

  const runs: RunResult[] = [];
  runs.push(await measureNode('wasm', quick ? 40 : 100, 5, 'app', 1, 'gpt-mini', SETTLED_TIMING));
  runs.push(await measureNode('wasm', quick ? 15 : 40, 3, 'app', 2, 'gpt-mini', SETTLED_TIMING));
  runs.push(await measureNode('wasm', quick ? 15 : 40, 3, 'reference', 1, 'gpt-mini', SETTLED_TIMING));
  runs.push(await measureNode('cpu', 3, 1, 'app'));

  // The long Chromium wasm run (the studio's own setting) doubles as the leak check: tensors at step 10
  // against the last step. The slow backends get a few steps each.
  const browserRequests: BrowserRunRequest[] = [
    { backend: 'wasm', steps: quick ? 30 : 1000, warmup: 5, timed: SETTLED_TIMING, model: 'app', timeoutMs: (quick ? 8 : 25) * 60_000 },
    { backend: 'webgl', steps: quick ? 6 : 10, warmup: 2, model: 'app', timeoutMs: 8 * 60_000 },
    { backend: 'webgpu', steps: quick ? 2 : 3, warmup: 1, model: 'app', timeoutMs: 8 * 60_000 },
    { backend: 'cpu', steps: quick ? 2 : 3, warmup: 1, model: 'app', timeoutMs: 8 * 60_000 },
  ];
  // Last, a short profiled run of the studio's path: the per-kernel table in results.md says where time goes.
  browserRequests.push({ backend: 'wasm', steps: 4, warmup: 3, model: 'app', timeoutMs: 8 * 60_000, profileKernels: ['BatchMatMul', '_FusedMatMul'] });
  const browserRuns = (await runInChromium(browserRequests, log)) as RunResult[];
  const profiled = browserRuns.pop();
  runs.push(...browserRuns);
  const chromiumWasmProfile =
    profiled && !profiled.error && profiled.profile
      ? { msPerStep: median((profiled.stepMs as number[]).slice(1)), profile: profiled.profile as KernelProfile }
      : null;

  // PyTorch again after the app's runs: the machine's speed drifts over minutes, so each ratio is taken against
  // the mean of the two, which a drift during the run moves half as much as either end alone.
  const templateBenches = await measureTemplates(pytorch.peakGflops, benchTemplatesFor({ quick }));

  const pytorchAfter = await measurePytorch();
  log(`PyTorch after the app's runs ${pytorchAfter.tokensPerSec.toFixed(0)} tokens/s`);
  const pytorchTokensPerSec = (pytorch.tokensPerSec + pytorchAfter.tokensPerSec) / 2;
  for (const r of runs) {
    if (typeof r.tokensPerSec === 'number') r.ratioToPytorch = r.tokensPerSec / pytorchTokensPerSec;
    if (typeof r.tokensPerSec === 'number') r.achievedGflops = (r.tokensPerSec * flopsPerToken) / 1e9;
  }
  const best = runs
    .filter((r) => r.model !== 'reference' && typeof r.tokensPerSec === 'number')
    .sort((x, y) => (y.tokensPerSec as number) - (x.tokensPerSec as number))[0];
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
    job: referenceJob,
    flopsPerToken,
    peakGflops: pytorch.peakGflops,
    pytorchTokensPerSec,
    pytorch: { ...pytorch, tokensPerSecBefore: pytorch.tokensPerSec, tokensPerSecAfter: pytorchAfter.tokensPerSec, tokensPerSec: pytorchTokensPerSec },
    durationSec: (Date.now() - started) / 1000,
    best: best ? { runtime: best.runtime, backend: best.backend, tokensPerSec: best.tokensPerSec!, ratioToPytorch: best.ratioToPytorch! } : null,
    runs: runs.map(({ stepMs, ...rest }) => ({ ...rest, stepMsFirst5: (stepMs as number[] | undefined)?.slice(0, 5) })),
    chromiumWasmProfile,
    templates: templateBenches,
    templateTiming: SETTLED_TIMING,
  };
  await writeFile(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(root, 'bench/results.md'), renderResultsMarkdown(results));
  log(`wrote bench/results.json and bench/results.md in ${results.durationSec.toFixed(0)} s`);
  console.log(renderResultsMarkdown(results));
}

/**
 * `--only`: the named templates against their twins, merged into bench/results.json (rows of other templates and
 * the GPT-mini runs stay as they were); each new row records when and how it was measured.
 */
async function mainOnly(ids: string[]) {
  const chosen = benchTemplatesFor({ quick, only: ids });
  const started = Date.now();
  const loadBefore = loadavg();
  const pytorch = await measurePytorch();
  log(`sgemm peak ${pytorch.peakGflops.toFixed(1)} GFLOP/s`);
  const measured = await measureTemplates(pytorch.peakGflops, chosen);
  const path = join(root, 'bench/results.json');
  const results = JSON.parse(await readFile(path, 'utf8')) as BenchResults;
  const measuredSeparately = {
    at: new Date().toISOString(),
    mode: quick ? ('quick' as const) : ('full' as const),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg(),
    peakGflops: pytorch.peakGflops,
    durationSec: (Date.now() - started) / 1000,
  };
  const rows = [...(results.templates ?? [])];
  for (const bench of measured) {
    const row = { ...bench, measuredSeparately };
    const at = rows.findIndex((r) => r.id === bench.id);
    if (at >= 0) rows[at] = row;
    else rows.push(row);
  }
  results.templates = rows;
  results.templateTiming = SETTLED_TIMING;
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(root, 'bench/results.md'), renderResultsMarkdown(results));
  log(`merged ${measured.map((b) => b.id).join(', ')} into bench/results.json and bench/results.md in ${measuredSeparately.durationSec.toFixed(0)} s`);
  console.log(renderResultsMarkdown(results));
}

if (only) await mainOnly(only);
else await main();
// The served app's esbuild service would otherwise keep the process alive after the results are written.
process.exit(0);

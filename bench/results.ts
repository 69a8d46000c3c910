import type { KernelProfile } from './kernelProfile';
import type { ReferenceJob } from './referenceJob';

/** One training measurement; failed runs carry `error` instead of numbers. */
export interface RunResult {
  runtime: 'node' | 'chromium';
  backend: string;
  model?: 'app' | 'reference';
  tokensPerSec?: number;
  ratioToPytorch?: number;
  achievedGflops?: number;
  error?: string;
  [key: string]: unknown;
}

export interface BenchResults {
  generatedAt: string;
  mode: 'quick' | 'full';
  machine: { cores: number; cpu: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  job: ReferenceJob;
  flopsPerToken: number;
  peakGflops: number;
  pytorchTokensPerSec: number;
  pytorch: Record<string, unknown>;
  durationSec: number;
  /** The app's fastest run (its own template and training loop). */
  best: { runtime: string; backend: string; tokensPerSec: number; ratioToPytorch: number } | null;
  runs: RunResult[];
  /** Per-kernel profile of the app's step in Chromium on wasm (the studio's path), when it could be taken. */
  chromiumWasmProfile?: { msPerStep: number; profile: KernelProfile } | null;
}

const mib = (bytes: unknown) => (typeof bytes === 'number' && bytes > 0 ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : '–');
const num = (v: unknown, digits = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '–');

function leakCell(r: RunResult): string {
  const at10 = r.numTensorsAtStep10;
  const last = r.numTensorsAtLastStep;
  if (typeof at10 !== 'number' || typeof last !== 'number') return '–';
  return `${at10} → ${last} (step ${r.steps})${at10 === last ? '' : ' ⚠'}`;
}

/** ", the mean of X before and Y after the app's runs" where both were measured (ratios use that mean). */
function pytorchBeforeAfter(results: BenchResults): string {
  const { tokensPerSecBefore: before, tokensPerSecAfter: after } = results.pytorch as { tokensPerSecBefore?: number; tokensPerSecAfter?: number };
  if (typeof before !== 'number' || typeof after !== 'number') return '';
  return `, the mean of ${num(before)} before and ${num(after)} after the app's runs (every ratio below is to that mean),`;
}

export function renderResultsMarkdown(results: BenchResults): string {
  const rows = results.runs.map((r) => {
    if (r.error) return `| ${r.runtime} | ${r.backend} | ${r.model ?? 'app'} | failed: ${String(r.error).split('\n')[0].slice(0, 120)} | | | | | | |`;
    const memory = `${mib(r.peakRssBytes)} RSS, ${mib(r.peakTensorBytes)} tensors`;
    return `| ${r.runtime} | ${r.backend} | ${r.model ?? 'app'} | ${num(r.tokensPerSec)} | ${num(r.ratioToPytorch, 3)}× | ${num(r.achievedGflops, 1)} | ${num(r.timeToFirstStepMs)} ms | ${memory} | ${leakCell(r)} | ${r.kernels ?? ''} |`;
  });
  return `${header(results, rows)}${profileSection(results)}${footer}`;
}

/**
 * Where a step's time goes, by kernel, against what PyTorch takes for a whole step: the gap to the goal
 * (0.5× PyTorch) in milliseconds per step, next to the kernels that could close it.
 */
function profileSection(results: BenchResults): string {
  const taken = results.chromiumWasmProfile;
  if (!taken) return '';
  const { profile, msPerStep } = taken;
  const tokensPerStep = results.job.batch * results.job.context;
  const pytorchMs = (1000 * tokensPerStep) / results.pytorchTokensPerSec;
  const kernelRows = profile.byKernel
    .slice(0, 12)
    .map((k) => `| ${k.name} | ${k.msPerStep.toFixed(1)} | ${((100 * k.msPerStep) / profile.kernelMsPerStep).toFixed(0)} % | ${k.callsPerStep.toFixed(0)} |`);
  const shapeRows = profile.byShape.slice(0, 10).map((k) => `| ${k.name} | ${k.msPerStep.toFixed(1)} | ${k.callsPerStep.toFixed(0)} |`);
  return `
## Where a step goes (Chromium, wasm, tfjs profiler)

A short profiled run (a few steps after warm-up) took ${msPerStep.toFixed(0)} ms a step (median; the profiler adds a little) and
its kernels ${profile.kernelMsPerStep.toFixed(0)} ms a step on average; the rest is JavaScript between kernels (tfjs bookkeeping, the
gradient tape). PyTorch takes ${pytorchMs.toFixed(0)} ms for the same step; 0.5× PyTorch means ${(2 * pytorchMs).toFixed(0)} ms. Compare the
short run with the long wasm run above: a gap between them is time lost over a sustained run, not in the kernels.

| kernel | ms/step | share | calls/step |
| --- | --- | --- | --- |
${kernelRows.join('\n')}

| matmul by operand shapes | ms/step | calls/step |
| --- | --- | --- |
${shapeRows.join('\n')}
`;
}

function header(results: BenchResults, rows: string[]): string {
  const [l1, l5] = results.machine.loadAverageBefore;
  const [a1, a5] = results.machine.loadAverageAfter;
  return `# Training benchmark: Tensorloom vs PyTorch CPU

Generated ${results.generatedAt} (${results.mode} run, ${results.durationSec.toFixed(0)} s) on ${results.machine.cores} × ${results.machine.cpu};
load average before ${l1.toFixed(2)} / ${l5.toFixed(2)}, after ${a1.toFixed(2)} / ${a5.toFixed(2)} (1 / 5 min). The machine is shared:
numbers taken under load understate everything.

Job: char-level GPT-mini (vocab ${results.job.vocab}, T ${results.job.context}, d_model ${results.job.dModel}, ${results.job.heads} heads,
${results.job.blocks} blocks, FFN ${results.job.ffn}), batch ${results.job.batch}, Adam.
Training work ${(results.flopsPerToken / 1e6).toFixed(2)} MFLOP/token; sgemm peak ${results.peakGflops.toFixed(1)} GFLOP/s
(so at most ≈ ${num((results.peakGflops * 1e9) / results.flopsPerToken)} tokens/s).
**PyTorch ${String(results.pytorch.torchVersion)} CPU: ${num(results.pytorchTokensPerSec)} tokens/s**${pytorchBeforeAfter(results)} with its best thread count
(${Object.entries((results.pytorch.tokensPerSecByThreads ?? {}) as Record<string, number>).map(([t, v]) => `${t} thread${t === '1' ? '' : 's'}: ${num(v)}`).join(', ')}; with OpenBLAS's own threads underneath, more
intra-op threads than free cores oversubscribe).
${results.best ? `**The app's best: ${results.best.runtime} ${results.best.backend}, ${num(results.best.tokensPerSec)} tokens/s = ${num(results.best.ratioToPytorch, 2)}× PyTorch.**` : ''}

| runtime | backend | model | tokens/s | × PyTorch | GFLOP/s | Train → first step | peak memory | numTensors step 10 → last | kernels |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

\`app\` is the gpt-mini template through the app's compiler and \`runTraining\` (what the studio runs);
\`reference\` is the same network written directly in tfjs ops (bench/referenceGpt.ts), for comparison.
Tokens/s is the median step after warm-up. Peak memory: resident memory of the Node process, or of all Chromium
processes (browser, renderer, GPU, workers), and the peak bytes held in tensors.
`;
}

const footer = `
Rerun: \`npm run bench\` (full, about 15 minutes on an idle machine, includes a 1,000-step wasm run in Chromium)
or \`npm run bench -- --quick\` (about 10 minutes). Per-kernel profile of a step: \`npx tsx bench/profileBrowser.ts\` (Chromium) or
\`npx tsx bench/profileStep.ts app wasm simd 4 --threads 2\` (Node).
Needs Debian's \`python3-torch\`, \`libopenblas0-pthread\` and \`chromium\`.
`;

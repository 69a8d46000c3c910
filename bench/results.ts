import type { KernelProfile } from './kernelProfile';
import type { PytorchTwinResult } from './pytorchTwin';
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

/** One template's app runs against its PyTorch twin (bench/pytorchTwin.ts). */
export interface TemplateBench {
  id: string;
  describes: string;
  /** Mean of the twin's best before and after the app's runs; null where the twin failed. */
  pytorchTokensPerSec: number | null;
  /** Which twin was faster: `exported` (the app's own PyTorch export) or `idiomatic` (nn.LSTM / nn.GRU). */
  pytorchTwin: string | null;
  pytorch: { before: PytorchTwinResult; after: PytorchTwinResult };
  /** Matmul FLOPs per token of a training step, counted in PyTorch's run of the same model. */
  flopsPerToken: number | null;
  parameters: number | null;
  runs: {
    runtime: string;
    backend: string;
    tokensPerSec?: number;
    ratioToPytorch?: number;
    achievedGflops?: number;
    /** Achieved matmul GFLOP/s over the machine's sgemm peak. */
    shareOfPeak?: number;
    kernels?: string;
    /** Measured peak memory of the steps after the first (bench/memoryPeak.ts) beside the pre-flight estimate. */
    memory?: RunMemory;
    error?: string;
  }[];
  /** Where a Chromium wasm step goes, for templates below half of PyTorch. */
  profile?: { msPerStep: number; profile: KernelProfile };
  /** Set where the row comes from a `--only` run, merged into an earlier run's results. */
  measuredSeparately?: { at: string; mode: 'quick' | 'full'; loadAverageBefore: number[]; loadAverageAfter: number[]; peakGflops: number; durationSec: number };
}

/** A run's memory: the pre-flight estimate and what was measured (absent fields were not measured). */
export interface RunMemory {
  estimateBytes?: number;
  /** Peak of distinct tensor buffers: what the estimate describes. */
  peakBufferBytes?: number;
  /** Peak of tf.memory().numBytes, which counts a buffer once per tensor viewing it. */
  peakNumBytes?: number;
  /** The wasm heap's high-water mark: tensors, kernel scratch and the allocator's slack. */
  wasmHeapBytes?: number;
}

/** The memory fields of a probe's result (bench/trainingProbe.ts), where it has them. */
export function runMemoryOf(r: RunResult): RunMemory | undefined {
  const pick = (v: unknown) => (typeof v === 'number' && v > 0 ? v : undefined);
  const memory: RunMemory = {
    estimateBytes: pick(r.memoryEstimateBytes),
    peakBufferBytes: pick(r.peakBufferBytes),
    peakNumBytes: pick(r.peakTensorBytes),
    wasmHeapBytes: pick(r.wasmHeapBytes),
  };
  return Object.values(memory).some((v) => v !== undefined) ? memory : undefined;
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
  /** Every template against its PyTorch twin. */
  templates?: TemplateBench[];
  /** How long every template run (app and twin) warmed up and was measured at least. */
  templateTiming?: { settleMs: number; measureMs: number };
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
    const memory = `${mib(r.peakRssBytes)} RSS, ${mib(r.peakBufferBytes ?? r.peakTensorBytes)} tensors`;
    return `| ${r.runtime} | ${r.backend} | ${r.model ?? 'app'} | ${num(r.tokensPerSec)} | ${num(r.ratioToPytorch, 3)}× | ${num(r.achievedGflops, 1)} | ${num(r.timeToFirstStepMs)} ms | ${memory} | ${leakCell(r)} | ${r.kernels ?? ''} |`;
  });
  return `${header(results, rows)}${profileSection(results)}${templateSection(results)}${footer}`;
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

const pct = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(0)} %` : '–');

function settleRule(timing: BenchResults['templateTiming']): string {
  if (!timing) return "Tokens/s is the median step once both have settled: the app's first 6 steps and PyTorch's first 3 are left out.";
  const seconds = (ms: number) => `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s`;
  return (
    `Tokens/s is the median step once both have settled, by one rule for both: each run warms up for at least ${seconds(timing.settleMs)} ` +
    `(and at least 6 steps for the app, 3 for PyTorch), then is measured for at least ${seconds(timing.measureMs)}. ` +
    "The app's steps keep getting faster for its first seconds as V8 optimises; PyTorch settles after one or two."
  );
}

/** One row per template: PyTorch's twin, then each app run with its ratio and share of the matmul peak. */
function templateSection(results: BenchResults): string {
  const benches = results.templates;
  if (!benches?.length) return '';
  const rows = benches.map((b) => {
    const cells = ['node', 'chromium'].map((runtime) => {
      const r = b.runs.find((x) => x.runtime === runtime);
      if (!r) return '– | –';
      if (r.error || typeof r.tokensPerSec !== 'number') return `failed: ${String(r.error ?? 'no result').split('\n')[0].slice(0, 60)} | –`;
      return `${num(r.tokensPerSec)} (${pct(r.shareOfPeak)} of peak) | **${num(r.ratioToPytorch, 2)}×**`;
    });
    const twin = b.pytorchTokensPerSec === null ? `failed: ${String(b.pytorch.before.error ?? '').split('\n')[0].slice(0, 60)}` : `${num(b.pytorchTokensPerSec)} (${b.pytorchTwin})`;
    return `| ${b.id}${b.measuredSeparately ? ' †' : ''} | ${b.describes} | ${b.flopsPerToken ? (b.flopsPerToken / 1e6).toFixed(2) : '–'} | ${twin} | ${cells.join(' | ')} |`;
  });
  const profiles = benches
    .filter((b) => b.profile)
    .map((b) => {
      const { profile, msPerStep } = b.profile!;
      const top = profile.byKernel.slice(0, 6).map((k) => `${k.name} ${k.msPerStep.toFixed(1)} ms (${k.callsPerStep.toFixed(0)} calls)`);
      return `- **${b.id}**: ${msPerStep.toFixed(0)} ms a step, kernels ${profile.kernelMsPerStep.toFixed(0)} ms: ${top.join(', ')}.`;
    });
  return `
## Every template against its PyTorch twin

Each template's twin is the app's own PyTorch export of it (\`model.py\`, the same network and batches) trained with
stock \`torch.optim.Adam\`; for char-rnn and char-gru also \`nn.Embedding → nn.LSTM / nn.GRU → nn.Linear\` with the same
sizes, and the faster twin counts. PyTorch is timed before and after the app's runs (best thread count) and each ratio is
to the mean. Tokens per step: batch × (source + target positions). FLOPs: the matrix products of one training step,
forward and backward, counted as PyTorch runs them. Node runs with the CLI's two matmul threads; Chromium as the studio.
${settleRule(results.templateTiming)}

| template | model | MFLOP/token | PyTorch tokens/s (twin) | Node wasm tokens/s | × PyTorch | Chromium wasm tokens/s | × PyTorch |
| --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
${separateNote(benches)}${profiles.length ? `\nBelow half of PyTorch in Chromium, where the step goes (tfjs profiler, a few steps):\n\n${profiles.join('\n')}\n` : ''}${memorySection(benches)}`;
}

/** The rows (†) measured by a later `--only` run: when, in which mode, and under what load. */
function separateNote(benches: TemplateBench[]): string {
  const notes = benches
    .filter((b) => b.measuredSeparately)
    .map((b) => {
      const m = b.measuredSeparately!;
      return `${b.id} at ${m.at.slice(0, 16).replace('T', ' ')} UTC (${m.mode}, ${num(m.durationSec)} s, load ${num(m.loadAverageBefore[0], 2)} → ${num(m.loadAverageAfter[0], 2)}, sgemm peak ${num(m.peakGflops, 1)} GFLOP/s)`;
    });
  if (!notes.length) return '';
  return `
† Measured by itself (\`npm run bench -- --only <ids>\`) and merged into this run's results: ${notes.join('; ')}. Its ratio
is to its own twin timed in that run, so it compares with the rows above only as far as the machine's load allows:
on a shared machine absolute tokens/s move with the load; a ratio taken within one run is what counts.
`;
}

/** “412 MiB (0.93×)”: a measured peak and the estimate over it. */
function measuredCell(measured: number | undefined, estimate: number | undefined): string {
  if (!measured) return '–';
  return estimate ? `${mib(measured)} (${num(estimate / measured, 2)}×)` : mib(measured);
}

/** The pre-flight estimate beside the peaks measured in each runtime, for the templates whose runs measured them. */
function memorySection(benches: TemplateBench[]): string {
  const rows = benches.flatMap((b) =>
    b.runs
      .filter((r) => r.memory?.peakBufferBytes)
      .map((r) => {
        const m = r.memory!;
        return `| ${b.id} | ${r.runtime} ${r.backend} | ${mib(m.estimateBytes)} | ${measuredCell(m.peakBufferBytes, m.estimateBytes)} | ${measuredCell(m.wasmHeapBytes, m.estimateBytes)} | ${mib(m.peakNumBytes)} |`;
      }),
  );
  if (!rows.length) return '';
  return `
### Training memory: the pre-flight estimate against the measured peak

The estimate is the studio's pre-flight (engine/train/memory.ts: weights, their gradients, Adam's two moments, the
activations kept for the backward pass and a gradient of each, which tfjs holds until the pass ends). Measured over
the steps after the first (bench/memoryPeak.ts): the peak of the distinct tensor buffers tfjs holds, which is what
the estimate describes; the wasm heap's high-water mark, which adds kernel scratch and the allocator's slack; and
the peak of \`tf.memory().numBytes\`, which counts a buffer again for every tensor viewing it (the gradient tape's
saved copies, reshapes), so it runs well above what is allocated. In brackets: estimate ÷ measured.

| template | runtime | estimate | tensor buffers peak | wasm heap high-water | tf.memory().numBytes peak |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
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
Tokens/s is the median step after warm-up${results.templateTiming ? ` (on wasm and for PyTorch: at least ${results.templateTiming.settleMs / 1000} s of warm-up, then at least ${results.templateTiming.measureMs / 1000} s measured, as for the templates below)` : ''}.
Peak memory: resident memory of the Node process, or of all Chromium processes (browser, renderer, GPU, workers),
and the peak bytes held in tensors.
`;
}

const footer = `
Rerun: \`npm run bench\` (full, about 15 minutes on an idle machine, includes a 1,000-step wasm run in Chromium)
or \`npm run bench -- --quick\` (about 10 minutes, without gpt-small); \`npm run bench -- --only gpt-small\` measures the named
templates alone and merges their rows into these results. Per-kernel profile of a step: \`npx tsx bench/profileBrowser.ts\` (Chromium) or
\`npx tsx bench/profileStep.ts app wasm simd 4 --threads 2\` (Node).
Needs Debian's \`python3-torch\`, \`libopenblas0-pthread\` and \`chromium\`.
`;

/**
 * GFLOP/s of the wasm matmul on GPT-mini's products (batch 32 × 64 tokens = 2048 rows, d_model 128, FFN 512,
 * q/k/v 384, vocabulary head 69) in each form training runs them: the forward product (nn), the input gradient
 * dY·Wᵀ (nt) and the weight gradient Xᵀ·dY (tn). Each is run in place on a shared heap, on one thread and on both,
 * and by PyTorch (`torch.matmul`, one thread, on transposed views as its backward does) in the same rounds,
 * interleaved so load from other processes on the machine falls on all of them alike; medians over the rounds.
 *
 * `npx tsx bench/matmulShapes.ts [--rounds 15] [--reps 3] [--baseline <dir>] [--no-torch] [--cpu-time]`
 * `--cpu-time`: GFLOP per second of CPU time (every thread of the process) instead of wall-clock time: on a machine
 * other processes keep busy, the one-thread figures then stay close to what a quiet machine measures (two threads
 * show the work both do, not the time saved).
 * `--baseline <dir>`: a copy of engine/backend/wasm's matmul files (matmulModule.ts and what it imports,
 * generated/matmulWasm.ts) from another build, measured interleaved with this one.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { nodeWorkerSpawner } from '../app/nodeWorkerSpawner';
import { WasmMatmul, type BatchMatMulShape } from '../engine/backend/wasm/matmulModule';

const option = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const rounds = Number(option('--rounds') ?? 15);
const reps = Number(option('--reps') ?? 3);
const baselineDir = option('--baseline');
const withTorch = !process.argv.includes('--no-torch');
const only = option('--only');
const cpuTime = process.argv.includes('--cpu-time');

interface Case {
  name: string;
  shape: BatchMatMulShape;
}

/** The forward product m x k by k x n and its two gradients' products. */
function forms(name: string, m: number, k: number, n: number): Case[] {
  const plain = { batchA: 1, batchB: 1 };
  return [
    { name: `${name} nn ${m}x${k}·${k}x${n}`, shape: { ...plain, m, k, n, transposeA: false, transposeB: false } },
    { name: `${name} nt ${m}x${n}·(${k}x${n})ᵀ`, shape: { ...plain, m, k: n, n: k, transposeA: false, transposeB: true } },
    { name: `${name} tn (${m}x${k})ᵀ·${m}x${n}`, shape: { ...plain, m: k, k: m, n, transposeA: true, transposeB: false } },
  ];
}

const CASES: Case[] = [
  ...forms('qkv', 2048, 128, 384),
  ...forms('ffn1', 2048, 128, 512),
  ...forms('ffn2', 2048, 512, 128),
  ...forms('proj', 2048, 128, 128),
  ...forms('head', 2048, 128, 69),
].filter((c) => !only || c.name.startsWith(only));

interface MatmulClass {
  create(options?: { spawnHelper?: typeof nodeWorkerSpawner; heapMemory?: WebAssembly.Memory | null }): WasmMatmul | null;
}

/** 256 MiB of shared heap: operands, result and scratch of the largest case, far apart. */
const heap = new WebAssembly.Memory({ initial: 4096, maximum: 65536, shared: true });

async function kernels(module: MatmulClass) {
  const single = module.create();
  const both = module.create({ spawnHelper: nodeWorkerSpawner, heapMemory: heap });
  if (!single || !both) throw new Error('No SIMD matmul in this Node.');
  // The helper starts asynchronously.
  for (let i = 0; i < 200 && both.threads < 2; i++) await new Promise((r) => setTimeout(r, 10));
  if (both.threads < 2) throw new Error('The matmul helper thread did not start.');
  return { single, both };
}

const builds: Array<{ label: string; single: WasmMatmul; both: WasmMatmul }> = [];
builds.push({ label: 'this build', ...(await kernels(WasmMatmul)) });
if (baselineDir) {
  const baseline = (await import(resolve(baselineDir, 'matmulModule.ts'))) as { WasmMatmul: MatmulClass };
  builds.push({ label: 'baseline', ...(await kernels(baseline.WasmMatmul)) });
}

const A_AT = 1 << 20;
const B_AT = 64 << 20;
const C_AT = 96 << 20;
const SCRATCH_AT = 128 << 20;
{
  const values = new Float32Array(heap.buffer, A_AT, (B_AT - A_AT) / 4);
  for (let i = 0; i < values.length; i++) values[i] = Math.sin(i * 0.37);
  const valuesB = new Float32Array(heap.buffer, B_AT, (C_AT - B_AT) / 4);
  for (let i = 0; i < valuesB.length; i++) valuesB[i] = Math.cos(i * 0.11);
}

/** Milliseconds of wall-clock time, or of CPU time with --cpu-time. */
function now(): number {
  if (!cpuTime) return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function timeKernel(kernel: WasmMatmul, shape: BatchMatMulShape): number {
  const operands = { memory: heap, a: A_AT, b: B_AT, c: C_AT, scratch: SCRATCH_AT };
  const start = now();
  for (let r = 0; r < reps; r++) kernel.runOnHeap(shape, operands);
  return (now() - start) / reps;
}

/** PyTorch in a child process, one thread, answering "m k n ta tb reps" with its mean milliseconds per product. */
function startTorch() {
  const script = `
import sys, time, torch
torch.set_num_threads(1)
cpu_time = ${cpuTime ? 'True' : 'False'}
cache = {}
for line in sys.stdin:
    m, k, n, ta, tb, reps = map(int, line.split())
    key = (m, k, n, ta, tb)
    if key not in cache:
        a = torch.randn(k, m) if ta else torch.randn(m, k)
        b = torch.randn(n, k) if tb else torch.randn(k, n)
        cache[key] = (a.t() if ta else a, b.t() if tb else b)
        torch.matmul(*cache[key])
    a, b = cache[key]
    clock = time.process_time if cpu_time else time.perf_counter
    start = clock()
    for _ in range(reps):
        torch.matmul(a, b)
    print((clock() - start) * 1000 / reps, flush=True)
`;
  const child = spawn('/usr/bin/python3', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' } });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async time(shape: BatchMatMulShape): Promise<number> {
      child.stdin.write(`${shape.m} ${shape.k} ${shape.n} ${shape.transposeA ? 1 : 0} ${shape.transposeB ? 1 : 0} ${reps}\n`);
      const { value } = await lines.next();
      return Number(value);
    },
    stop: () => child.kill(),
  };
}

const torch = withTorch ? startTorch() : null;
const columns = [...builds.flatMap((b) => [`${b.label} 1t`, `${b.label} 2t`]), ...(torch ? ['torch 1t'] : [])];
const samples = new Map<string, number[]>();
const sample = (c: Case, column: string) => samples.get(`${c.name}|${column}`) ?? samples.set(`${c.name}|${column}`, []).get(`${c.name}|${column}`)!;

for (let round = -1; round < rounds; round++) {
  for (const c of CASES) {
    // Round -1 warms every path up (compilation, scratch, the learned shares) and is not recorded.
    for (const build of builds) {
      const one = timeKernel(build.single, c.shape);
      const two = timeKernel(build.both, c.shape);
      if (round >= 0) {
        sample(c, `${build.label} 1t`).push(one);
        sample(c, `${build.label} 2t`).push(two);
      }
    }
    if (torch) {
      const ms = await torch.time(c.shape);
      if (round >= 0) sample(c, 'torch 1t').push(ms);
    }
  }
}
torch?.stop();

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
console.log(`GFLOP per ${cpuTime ? 'CPU' : 'wall-clock'} second, median of ${rounds} rounds × ${reps} products (${builds[0].single.variant}); load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
// Load from other processes changes from round to round: ratios within a round are steadier than either time.
const ratioColumns: Array<readonly [string, string]> = [
  ...(baselineDir ? ([['this build 1t', 'baseline 1t'], ['this build 2t', 'baseline 2t']] as const) : []),
  ...(torch ? ([['this build 2t', 'torch 1t']] as const) : []),
];
const ratioOf = (c: Case, [ours, theirs]: readonly [string, string]) => median(sample(c, theirs).map((t, i) => t / sample(c, ours)[i]));
const header = [...columns, ...ratioColumns.map(([ours, theirs]) => `${ours} ÷ ${theirs} (speed)`)];
console.log(`| product | ${header.join(' | ')} |`);
console.log(`| --- | ${header.map(() => '---').join(' | ')} |`);
let totals = columns.map(() => 0);
for (const c of CASES) {
  const { m, k, n } = c.shape;
  const gflop = (2 * m * k * n) / 1e9;
  const ms = columns.map((column) => median(sample(c, column)));
  totals = totals.map((t, i) => t + ms[i]);
  const ratios = ratioColumns.map((pair) => `${ratioOf(c, pair).toFixed(2)}×`);
  console.log(`| ${c.name} | ${[...ms.map((t) => (gflop / (t / 1000)).toFixed(1)), ...ratios].join(' | ')} |`);
}
console.log(`| all (ms, sum of medians) | ${totals.map((t) => t.toFixed(2)).join(' | ')} |`);
process.exit(0);

/**
 * One measured training run in this Node process, printed as a JSON line (bench/run.ts starts one process
 * per backend so each gets a fresh heap). `npx tsx bench/nodeTraining.ts --backend wasm --steps 60 [--model app|reference] [--template id] [--matmul-threads 2] [--settle-ms 3000 --measure-ms 3000]`
 * With `--settle-ms`/`--measure-ms`, `--steps` and `--warmup` are minimums (see ProbeOptions.timed).
 */
import { parseArgs } from 'node:util';
import { nodeDataSources } from '../app/dataSources';
import { initBackend, type BackendName } from '../engine/backend/init';
import { wasmMatmulDescription } from '../engine/backend/wasm/registerWasmKernels';
import { nodeWorkerSpawner } from '../app/nodeWorkerSpawner';
import { runProbe, type ProbeModel } from './trainingProbe';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    model: { type: 'string', default: 'app' },
    template: { type: 'string', default: 'gpt-mini' },
    // 2: the wasm matmul gets a worker_threads helper (the CLI runs with 1).
    'matmul-threads': { type: 'string', default: '1' },
    'settle-ms': { type: 'string' },
    'measure-ms': { type: 'string' },
  },
});
const backend = values.backend as BackendName;
await initBackend(backend, { spawnHelper: values['matmul-threads'] === '2' ? nodeWorkerSpawner : null });
let peakRssBytes = process.memoryUsage().rss;
const result = await runProbe({
  model: values.model as ProbeModel,
  template: values.template,
  steps: Number(values.steps),
  warmupSteps: Number(values.warmup),
  timed: values['settle-ms'] || values['measure-ms'] ? { settleMs: Number(values['settle-ms'] ?? 0), measureMs: Number(values['measure-ms'] ?? 0) } : undefined,
  sources: nodeDataSources(),
  onStep: () => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  },
});
console.log(JSON.stringify({
  runtime: 'node',
  backend,
  kernels: backend === 'wasm' ? `project matmul (${wasmMatmulDescription() ?? 'no SIMD: tfjs matmul, explicit transposes'})` : 'tfjs',
  nodeVersion: process.version,
  peakRssBytes,
  ...result,
}));

/**
 * Per-kernel profile of training steps on a tfjs backend in Node.
 * `npx tsx bench/profileStep.ts [app|reference] [wasm|cpu] [simd|transposing|tfjs] [steps]` prints kernels by
 * time per step. The app profile runs the gpt-mini template through runTraining (its compile-time kernels are
 * included, spread over the steps).
 */
import * as tf from '@tensorflow/tfjs';
import { nodeDataSources } from '../app/dataSources';
import { initBackend, type BackendName } from '../engine/backend/init';
import { registerWasmKernels, type WasmMatmulMode } from '../engine/backend/wasm/registerWasmKernels';
import { runProbe, type ProbeModel } from './trainingProbe';

const model = (process.argv[2] ?? 'app') as ProbeModel;
const backend = (process.argv[3] ?? 'wasm') as BackendName;
const mode = (process.argv[4] ?? 'simd') as WasmMatmulMode;
const steps = Number(process.argv[5] ?? 3);
await initBackend(backend);
if (backend === 'wasm') registerWasmKernels(mode);
const sources = nodeDataSources();
const warm = await runProbe({ model, steps: 2, warmupSteps: 1, sources });
let probe = warm;
const info = await tf.profile(async () => {
  probe = await runProbe({ model, steps, warmupSteps: 0, sources });
});
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of info.kernels) {
  const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += ((await k.kernelTimeMs) as number) / steps;
  entry.calls += 1 / steps;
  byKernel.set(k.name, entry);
}
// Chosen kernels (default: the matmuls) by operand shapes: where the dominant kernels spend their time.
const byShape = new Map<string, { ms: number; calls: number }>();
const detailed = new Set((process.env.PROFILE_KERNELS ?? 'BatchMatMul,_FusedMatMul').split(','));
for (const k of info.kernels.filter((k) => detailed.has(k.name))) {
  const key = `${k.name} ${k.inputShapes.slice(0, 2).map((s) => `[${s}]`).join(' x ')}`;
  const entry = byShape.get(key) ?? { ms: 0, calls: 0 };
  entry.ms += ((await k.kernelTimeMs) as number) / steps;
  entry.calls += 1 / steps;
  byShape.set(key, entry);
}
const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
const stepMs = probe.stepMs.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, probe.stepMs.length - 1);
console.log(`${model} ${backend}/${mode}: ${stepMs.toFixed(0)} ms/step while profiling; kernels ${total.toFixed(0)} ms/step`);
for (const [name, e] of [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(`${name.padEnd(24)} ${e.ms.toFixed(1).padStart(8)} ms ${(100 * e.ms / total).toFixed(1).padStart(5)}%  ${e.calls.toFixed(0)} calls`);
}
console.log(`\n${[...detailed].join(', ')} by operand shapes (per step):`);
for (const [key, e] of [...byShape.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) {
  console.log(`${e.ms.toFixed(1).padStart(8)} ms  ${e.calls.toFixed(0)}×  ${key}`);
}

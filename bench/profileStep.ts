/**
 * Per-kernel profile of one training step of the reference GPT-mini on a tfjs backend in Node.
 * `npx tsx bench/profileStep.ts [wasm|cpu] [simd|transposing|tfjs]` prints kernels by total time.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '../engine/backend/init';
import { registerWasmKernels, type WasmMatmulMode } from '../engine/backend/wasm/registerWasmKernels';
import { createReferenceGpt } from './referenceGpt';
import { referenceJob } from './referenceJob';

const backend = (process.argv[2] ?? 'wasm') as BackendName;
const mode = (process.argv[3] ?? 'simd') as WasmMatmulMode;
await initBackend(backend);
if (backend === 'wasm') registerWasmKernels(mode);
const job = referenceJob;
const model = createReferenceGpt(job);
const batch = () => {
  const ids = tf.randomUniform([job.batch, job.context + 1], 0, job.vocab, 'int32');
  const inputs = ids.slice([0, 0], [job.batch, job.context]) as tf.Tensor2D;
  const targets = ids.slice([0, 1], [job.batch, job.context]) as tf.Tensor2D;
  ids.dispose();
  return { inputs, targets };
};
const timed: number[] = [];
for (let i = 0; i < 4; i++) {
  const { inputs, targets } = batch();
  const start = performance.now();
  await model.step(inputs, targets);
  timed.push(performance.now() - start);
  tf.dispose([inputs, targets]);
}
const { inputs, targets } = batch();
const info = await tf.profile(() => model.step(inputs, targets));
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of info.kernels) {
  const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += (await k.kernelTimeMs) as number;
  entry.calls += 1;
  byKernel.set(k.name, entry);
}
const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
const stepMs = timed.slice(1).sort((a, b) => a - b)[1];
console.log(`${backend}/${mode}: step ${stepMs.toFixed(0)} ms = ${((job.batch * job.context) / stepMs * 1000).toFixed(0)} tokens/s; kernels sum ${total.toFixed(0)} ms`);
for (const [name, e] of [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
  console.log(`${name.padEnd(22)} ${e.ms.toFixed(1).padStart(8)} ms ${(100 * e.ms / total).toFixed(1).padStart(5)}%  ${e.calls} calls`);
}
tf.dispose([inputs, targets]);
model.dispose();

/**
 * Per-kernel profile of training steps on a tfjs backend in Node.
 * `npx tsx bench/profileStep.ts [app|reference] [wasm|cpu] [simd|transposing|tfjs] [steps] [--threads 2] [--template id]`
 * prints kernels by time per step (`--threads 2`: the wasm matmul gets its worker_threads helper, as the bench's
 * threaded Node run; `--template`: which bench template `app` trains, bench/templateJobs.ts, gpt-mini by default). PROFILE_KERNELS=BatchMatMul,Add,… chooses the kernels split by operand shapes. The app
 * profile runs the gpt-mini template through runTraining (its compile-time kernels are included, spread over
 * the steps). The browser's profile: bench/profileBrowser.ts.
 */
import { nodeDataSources } from '../app/dataSources';
import { nodeWorkerSpawner } from '../app/nodeWorkerSpawner';
import { initBackend, type BackendName } from '../engine/backend/init';
import { registerWasmKernels, wasmMatmulDescription, type WasmMatmulMode } from '../engine/backend/wasm/registerWasmKernels';
import { formatKernelProfile, profileKernels } from './kernelProfile';
import { runProbe, type ProbeModel } from './trainingProbe';

const OPTIONS = ['--threads', '--template'];
const args = process.argv.slice(2).filter((a, i, all) => !OPTIONS.includes(a) && !OPTIONS.includes(all[i - 1]));
const option = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const threads = Number(option('--threads') ?? 1);
const template = option('--template');
const model = (args[0] ?? 'app') as ProbeModel;
const backend = (args[1] ?? 'wasm') as BackendName;
const mode = (args[2] ?? 'simd') as WasmMatmulMode;
const steps = Number(args[3] ?? 3);
await initBackend(backend, { spawnHelper: threads === 2 ? nodeWorkerSpawner : null });
if (backend === 'wasm' && mode !== 'simd') registerWasmKernels(mode);
// The helper thread starts asynchronously; the warm-up steps give it time.
const sources = nodeDataSources();
await runProbe({ model, template, steps: 2, warmupSteps: 1, sources });
let stepMs = 0;
const profile = await profileKernels(async () => {
  const probe = await runProbe({ model, template, steps, warmupSteps: 0, sources });
  stepMs = probe.stepMs.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, probe.stepMs.length - 1);
}, steps, (process.env.PROFILE_KERNELS ?? 'BatchMatMul,_FusedMatMul').split(','));
console.log(`${model}${template ? ` ${template}` : ''} ${backend}/${mode} (${wasmMatmulDescription() ?? 'tfjs kernels'}): ${stepMs.toFixed(0)} ms/step while profiling; kernels ${profile.kernelMsPerStep.toFixed(0)} ms/step`);
console.log(formatKernelProfile(profile));
process.exit(0);

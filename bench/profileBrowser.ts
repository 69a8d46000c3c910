/**
 * Per-kernel profile of the app's training in headless Chromium (the studio's path: wasm with the project's
 * kernels and the matmul's helper thread under cross-origin isolation).
 * `npx tsx bench/profileBrowser.ts [app|reference] [wasm|webgl|webgpu|cpu] [steps]`; PROFILE_KERNELS as in
 * bench/profileStep.ts.
 */
import { runInChromium } from './browserTraining';
import { formatKernelProfile, type KernelProfile } from './kernelProfile';

const model = (process.argv[2] ?? 'app') as 'app' | 'reference';
const backend = (process.argv[3] ?? 'wasm') as 'wasm' | 'webgl' | 'webgpu' | 'cpu';
const steps = Number(process.argv[4] ?? 5);
const [result] = await runInChromium(
  [{ backend, model, steps, warmup: 3, timeoutMs: 10 * 60_000, profileKernels: (process.env.PROFILE_KERNELS ?? 'BatchMatMul,_FusedMatMul').split(',') }],
  (line) => console.error(line),
);
if (result.error || !result.profile) {
  console.error(result.error ?? 'no profile came back');
  process.exit(1);
}
const stepMs = (result.stepMs as number[]).slice(1);
console.log(
  `chromium ${model} ${backend} (${String(result.kernels)}): ${(stepMs.reduce((a, b) => a + b, 0) / stepMs.length).toFixed(0)} ms/step while profiling; kernels ${(result.profile as KernelProfile).kernelMsPerStep.toFixed(0)} ms/step`,
);
console.log(formatKernelProfile(result.profile as KernelProfile));
// Playwright's browser server can keep the event loop alive after closing; the profile is printed.
process.exit(0);

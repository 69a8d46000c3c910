/**
 * Per-kernel time of training steps, from tfjs' own profiler: kernels by total time per step, and chosen kernels
 * split by operand shapes. Pure engine-side code, so the Node profiler (bench/profileStep.ts) and the browser one
 * (bench/profileBrowser.ts, inside the bench worker) print the same table.
 */
import * as tf from '@tensorflow/tfjs';

export interface KernelTime {
  name: string;
  msPerStep: number;
  callsPerStep: number;
}

export interface KernelProfile {
  /** Sum of kernel times per step (excludes JavaScript between kernels). */
  kernelMsPerStep: number;
  byKernel: KernelTime[];
  /** `detailed` kernels keyed by name and operand shapes, e.g. `BatchMatMul [2048,128] x [128,128]`. */
  byShape: KernelTime[];
}

export async function profileKernels(run: () => Promise<void>, steps: number, detailed: string[]): Promise<KernelProfile> {
  const info = await tf.profile(run);
  const byKernel = new Map<string, KernelTime>();
  const byShape = new Map<string, KernelTime>();
  const add = (table: Map<string, KernelTime>, name: string, ms: number) => {
    const entry = table.get(name) ?? { name, msPerStep: 0, callsPerStep: 0 };
    entry.msPerStep += ms / steps;
    entry.callsPerStep += 1 / steps;
    table.set(name, entry);
  };
  for (const k of info.kernels) {
    const ms = (await k.kernelTimeMs) as number;
    add(byKernel, k.name, ms);
    if (detailed.includes(k.name)) add(byShape, `${k.name} ${k.inputShapes.slice(0, 2).map((s) => `[${s}]`).join(' x ')}`, ms);
  }
  const sorted = (table: Map<string, KernelTime>) => [...table.values()].sort((a, b) => b.msPerStep - a.msPerStep);
  const all = sorted(byKernel);
  return { kernelMsPerStep: all.reduce((s, e) => s + e.msPerStep, 0), byKernel: all, byShape: sorted(byShape) };
}

export function formatKernelProfile(profile: KernelProfile, top = 25): string {
  const lines = profile.byKernel.slice(0, top).map(
    (e) => `${e.name.padEnd(24)} ${e.msPerStep.toFixed(1).padStart(8)} ms ${((100 * e.msPerStep) / profile.kernelMsPerStep).toFixed(1).padStart(5)}%  ${e.callsPerStep.toFixed(0)} calls`,
  );
  lines.push('', 'by operand shapes (per step):');
  for (const e of profile.byShape.slice(0, top)) lines.push(`${e.msPerStep.toFixed(1).padStart(8)} ms  ${e.callsPerStep.toFixed(0)}×  ${e.name}`);
  return lines.join('\n');
}

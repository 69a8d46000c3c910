import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from './wasm/registerWasmKernels';

export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

/**
 * Activates a tfjs backend and returns the name actually in use. Callers (CLI, worker, tests) go through
 * here so backend-specific kernel registrations happen in one place: on wasm, the project's SIMD matmul
 * replaces tfjs' BatchMatMul (see engine/backend/wasm/).
 */
export async function initBackend(name: BackendName): Promise<string> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`The ${name} backend is not available here.`);
  await tf.ready();
  if (name === 'wasm') registerWasmKernels();
  return tf.getBackend();
}

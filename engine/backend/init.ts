import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import { helperSpawnerFor, registerWasmKernels, type WasmKernelOptions } from './wasm/registerWasmKernels';
import { withSharedWasmHeap } from './wasm/sharedHeap';
import { registerChunkedWebgpuAddN } from './webgpu/chunkedAddN';

export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

let wasmThreadsChosen = false;

/**
 * tfjs-wasm runs on half the cores by default (tfjs#8513); training wants them all. Threads exist only where
 * the page is cross-origin isolated (SharedArrayBuffer); tfjs never uses them in Node. The count must be set
 * before the wasm backend first initialises.
 */
function chooseWasmThreads(): void {
  if (wasmThreadsChosen) return;
  wasmThreadsChosen = true;
  const scope = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  const cores = scope.navigator?.hardwareConcurrency;
  if (scope.crossOriginIsolated && cores && cores > 1) setThreadsCount(cores);
}

/**
 * Activates a tfjs backend and returns the name actually in use. Callers (CLI, worker, tests) go through
 * here so backend-specific kernel registrations happen in one place: on wasm, the project's SIMD matmul
 * replaces tfjs' BatchMatMul (see engine/backend/wasm/); on webgpu, AddN adds as many inputs per shader as the
 * device can bind (engine/backend/webgpu/chunkedAddN.ts); `options` may hand it a way to start its helper
 * thread where the default (a Web Worker in an isolated worker) does not apply, e.g. Node's worker_threads.
 */
export async function initBackend(name: BackendName, options: WasmKernelOptions = {}): Promise<string> {
  if (name === 'wasm') chooseWasmThreads();
  const start = () => tf.setBackend(name);
  // With a helper thread for the matmul, tfjs' heap is made shared so the helper can work on tensors in place
  // (no copies of its operands or results); this takes effect only when this call first starts the backend.
  const shareHeap = name === 'wasm' && helperSpawnerFor(options) !== null;
  const { result: ok, memory: heapMemory } = shareHeap ? await withSharedWasmHeap(start) : { result: await start(), memory: null };
  if (!ok) throw new Error(`The ${name} backend is not available here.`);
  await tf.ready();
  if (name === 'wasm') registerWasmKernels('simd', { heapMemory, ...options });
  if (name === 'webgpu') registerChunkedWebgpuAddN();
  return tf.getBackend();
}

/// <reference lib="webworker" />
/**
 * Runs one measured training in a Web Worker, as the studio trains (renderer/worker/): the page posts
 * `{ backend, steps, warmup, model }` and gets the probe's result (or `{ error }`) back.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { initBackend, type BackendName } from '../../engine/backend/init';
import { wasmMatmulDescription } from '../../engine/backend/wasm/registerWasmKernels';
import { fetchDataSources } from '../../engine/data/sources';
import { runProbe, type ProbeModel } from '../trainingProbe';

declare const self: DedicatedWorkerGlobalScope;

setWasmPaths('/wasm/');

interface BenchRequest {
  backend: BackendName;
  steps: number;
  warmup: number;
  model: ProbeModel;
}

self.onmessage = async (event: MessageEvent<BenchRequest>) => {
  const { backend, steps, warmup, model } = event.data;
  try {
    const active = await initBackend(backend);
    const result = await runProbe({ model, steps, warmupSteps: warmup, sources: fetchDataSources('/data/') });
    self.postMessage({
      ...result,
      backend: active,
      crossOriginIsolated: self.crossOriginIsolated,
      kernels:
        backend === 'wasm'
          ? `project matmul (${wasmMatmulDescription() ?? 'no SIMD'}), tfjs ${getThreadsCount()} thread(s)`
          : `tfjs ${tf.getBackend()}`,
    });
  } catch (err) {
    self.postMessage({ error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) });
  }
};

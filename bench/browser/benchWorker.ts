/// <reference lib="webworker" />
/**
 * Runs one measured training in a Web Worker, as the studio trains (renderer/worker/): the page posts
 * `{ backend, steps, warmup, model, template }` and gets the probe's result (or `{ error }`) back.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { initBackend, type BackendName } from '../../engine/backend/init';
import { wasmMatmulDescription } from '../../engine/backend/wasm/registerWasmKernels';
import { fetchDataSources } from '../../engine/data/sources';
import { profileKernels } from '../kernelProfile';
import { runProbe, type ProbeModel, type ProbeOptions } from '../trainingProbe';

declare const self: DedicatedWorkerGlobalScope;

setWasmPaths('/wasm/');
// The studio's worker (renderer/worker/trainingWorker.ts) runs tfjs' single-threaded wasm build, whose heap the
// engine makes shared and the project's kernels (both matmul threads) work on in place; the benchmark measures
// that same configuration.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

interface BenchRequest {
  backend: BackendName;
  steps: number;
  warmup: number;
  /** Warm-up and measured steps last at least this long too (ProbeOptions.timed). */
  timed?: ProbeOptions['timed'];
  model: ProbeModel;
  template?: string;
  /** Kernels to split by operand shapes; when set, the measured steps run under tfjs' profiler. */
  profileKernels?: string[];
}

self.onmessage = async (event: MessageEvent<BenchRequest>) => {
  const { backend, steps, warmup, timed, model, template, profileKernels: detailed } = event.data;
  try {
    const active = await initBackend(backend);
    const sources = fetchDataSources('/data/');
    let profile = null;
    let result;
    if (detailed) {
      // Warm-up outside the profiler: compilation and first-call kernel setup are not step time.
      await runProbe({ model, template, steps: warmup, warmupSteps: 0, sources });
      profile = await profileKernels(async () => {
        result = await runProbe({ model, template, steps, warmupSteps: 0, sources });
      }, steps, detailed);
    } else {
      result = await runProbe({ model, template, steps, warmupSteps: warmup, timed, sources });
    }
    self.postMessage({
      ...result,
      ...(profile ? { profile } : {}),
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

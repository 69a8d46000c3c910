/// <reference types="vite/client" />
/// <reference lib="webworker" />
/**
 * The training worker: a thin shell around `createTrainingHandler`. All training, inspection and sampling
 * happen here, off the UI thread.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { fetchDataSources, type DataSources, type FromWorker, type ToWorker } from '../../engine';
import { probeBackends } from './backendProbe';
import { createTrainingEngine } from './engineBindings';
import { announceReady, createTrainingHandler, toProblem, type HandlerOptions } from './trainingHandler';

declare const self: DedicatedWorkerGlobalScope;

// The bundler gives the .wasm files hashed names; tfjs must be told where they went.
// tfjs would pick its threaded WASM build on a cross-origin isolated page, but that build starts its
// thread workers with importScripts() of the main script, which a module worker (this one) cannot serve:
// the worker died at the first WASM op. SIMD without threads is the measured fast path that works here; the
// engine makes that build's heap shared instead (engine/backend/wasm/sharedHeap.ts), so the project's matmul
// computes on two threads in place.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

// One source per data folder, so a corpus is fetched once per worker, not once per run.
const sourcesByBase = new Map<string, DataSources>();
function sourcesFor(baseUrl: string): DataSources {
  let s = sourcesByBase.get(baseUrl);
  if (!s) sourcesByBase.set(baseUrl, (s = fetchDataSources(baseUrl)));
  return s;
}

const options: HandlerOptions = {
  engine: createTrainingEngine({
    sources: (data) => sourcesFor(data.kind === 'bundled' && data.baseUrl ? data.baseUrl : new URL('../data/', self.location.href).href),
    probe: probeBackends,
  }),
  post: (msg: FromWorker, transfer: ArrayBuffer[]) => self.postMessage(msg, transfer),
  now: () => performance.now(),
};

const handler = createTrainingHandler(options);

self.onmessage = (event: MessageEvent<ToWorker>) => {
  handler.handle(event.data).catch((err) => self.postMessage({ type: 'error', runId: null, problem: toProblem(err) } satisfies FromWorker));
};

void announceReady(options);

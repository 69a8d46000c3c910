/**
 * The wasm backend with every project kernel (SIMD matmul with its helper thread computing in place on tfjs' heap
 * made shared, and its row, column and depth splits, fused layer normalisation, fused Adam, SIMD Exp and Transpose, shared Identity and Cast) trains a
 * small causal Transformer to the same losses as tfjs' plain cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeWorkerSpawner } from '../../../app/nodeWorkerSpawner';
import { initBackend } from '../../../engine/backend/init';
import { wasmMatmulDescription } from '../../../engine/backend/wasm/registerWasmKernels';
import { createDataset } from '../../../engine/data';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { runTraining } from '../../../engine/train/runTraining';
import { tinyTaggerDoc } from './tinyGraphs';

async function losses(steps: number): Promise<number[]> {
  const doc = tinyTaggerDoc({ T: 16, d: 32, causal: true });
  const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 5 });
  const out: number[] = [];
  const result = await runTraining(doc, dataset, { steps, batchSize: 16, seed: 5, validateEvery: 0 }, { onProgress: (p) => out.push(p.loss) });
  result.compiled.dispose();
  return out;
}

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('wasm with the project kernels', () => {
  it('trains to the cpu backend’s losses', async () => {
    await initBackend('cpu');
    const onCpu = await losses(8);
    await initBackend('wasm', { spawnHelper: nodeWorkerSpawner });
    // The helper thread starts asynchronously; wait for it so the products really are split.
    for (let i = 0; i < 200 && !wasmMatmulDescription()?.includes('2 threads'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(wasmMatmulDescription()).toContain('2 threads');
    // tfjs' heap was made shared, so the helper computes on the tensors in place (engine/backend/wasm/sharedHeap.ts).
    expect(wasmMatmulDescription()).toContain('shared heap');
    expect((tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer).toBeInstanceOf(SharedArrayBuffer);
    const onWasm = await losses(8);
    expect(onWasm).toHaveLength(8);
    expect(onWasm[7]).toBeLessThan(onWasm[0]);
    for (let i = 0; i < 8; i++) expect(Math.abs(onWasm[i] - onCpu[i]) / onCpu[i]).toBeLessThan(1e-3);
  }, 60_000);
});

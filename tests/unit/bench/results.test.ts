import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileKernels } from '../../../bench/kernelProfile';
import { referenceJob } from '../../../bench/referenceJob';
import { renderResultsMarkdown, type BenchResults } from '../../../bench/results';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('profileKernels', () => {
  it('averages kernel calls and times over the steps and splits chosen kernels by operand shapes', async () => {
    const a = tf.ones([8, 4]);
    const b = tf.ones([4, 3]);
    const steps = 2;
    const profile = await profileKernels(async () => {
      for (let step = 0; step < steps; step++) {
        tf.tidy(() => tf.add(tf.matMul(a, b), 1));
      }
    }, steps, ['BatchMatMul']);
    tf.dispose([a, b]);
    const matmul = profile.byKernel.find((k) => k.name === 'BatchMatMul');
    expect(matmul?.callsPerStep).toBe(1);
    expect(profile.byShape.map((k) => k.name)).toEqual(['BatchMatMul [8,4] x [4,3]']);
    expect(profile.kernelMsPerStep).toBeCloseTo(profile.byKernel.reduce((s, k) => s + k.msPerStep, 0), 9);
  });
});

describe('renderResultsMarkdown', () => {
  const results: BenchResults = {
    generatedAt: '2026-01-01T00:00:00.000Z',
    mode: 'quick',
    machine: { cores: 2, cpu: 'Test CPU', loadAverageBefore: [0, 0, 0], loadAverageAfter: [1, 1, 1] },
    job: referenceJob,
    flopsPerToken: 2.61e6,
    peakGflops: 200,
    // 2,048 tokens per step at 20,480 tokens/s: PyTorch takes 100 ms a step, so 0.5× means 200 ms.
    pytorchTokensPerSec: (1000 * referenceJob.batch * referenceJob.context) / 100,
    pytorch: { torchVersion: '1.13', tokensPerSecByThreads: { 1: 20480 } },
    durationSec: 60,
    best: { runtime: 'chromium', backend: 'wasm', tokensPerSec: 6827, ratioToPytorch: 0.333 },
    runs: [{ runtime: 'chromium', backend: 'wasm', model: 'app', tokensPerSec: 6827, ratioToPytorch: 0.333, achievedGflops: 17.8 }],
    chromiumWasmProfile: {
      msPerStep: 310,
      profile: {
        kernelMsPerStep: 280,
        byKernel: [{ name: 'BatchMatMul', msPerStep: 210, callsPerStep: 76 }, { name: 'Add', msPerStep: 70, callsPerStep: 197 }],
        byShape: [{ name: 'BatchMatMul [2048,128] x [128,128]', msPerStep: 50, callsPerStep: 18 }],
      },
    },
  };

  it('says PyTorch is the mean of its runs before and after the app, when both were measured', () => {
    expect(renderResultsMarkdown(results)).not.toContain('before and');
    const withBoth = { ...results, pytorch: { ...results.pytorch, tokensPerSecBefore: 19000, tokensPerSecAfter: 21960 } };
    expect(renderResultsMarkdown(withBoth)).toContain('20480 tokens/s**, the mean of 19000 before and 21960 after the app\'s runs');
  });

  it('states the step time against PyTorch and the goal, and where the time goes', () => {
    expect(referenceJob.batch * referenceJob.context).toBe(2048);
    const md = renderResultsMarkdown(results);
    expect(md).toContain('PyTorch takes 100 ms for the same step');
    expect(md).toContain('0.5× PyTorch means 200 ms');
    expect(md).toContain('took 310 ms a step (median');
    expect(md).toContain('| BatchMatMul | 210.0 | 75 % | 76 |');
    expect(md).toContain('| BatchMatMul [2048,128] x [128,128] | 50.0 | 18 |');
    expect(md).toContain('**The app\'s best: chromium wasm, 6827 tokens/s = 0.33× PyTorch.**');
  });

  it('leaves the section out when no profile was taken', () => {
    expect(renderResultsMarkdown({ ...results, chromiumWasmProfile: null })).not.toContain('Where a step goes');
  });
});

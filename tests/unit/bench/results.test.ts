import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { profileKernels } from '../../../bench/kernelProfile';
import { referenceJob } from '../../../bench/referenceJob';
import { renderResultsMarkdown, runMemoryOf, type BenchResults } from '../../../bench/results';
import { BENCH_TEMPLATES, benchTemplateById, benchTemplatesFor, tokensPerStep } from '../../../bench/templateJobs';

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

describe('renderResultsMarkdown', () => {
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

describe('every template against its PyTorch twin', () => {
  it('counts a step as batch × (source + target positions), segment ids not counted twice', () => {
    const byId = Object.fromEntries(BENCH_TEMPLATES.map((t) => [t.id, tokensPerStep(t.build())]));
    expect(byId['gpt-mini']).toBe(referenceJob.batch * referenceJob.context);
    const seq2seq = benchTemplateById('seq2seq-attention').build();
    const lengths = seq2seq.nodes.filter((n) => n.kind === 'tokenInput').map((n) => Number(n.params.length));
    expect(byId['seq2seq-attention']).toBe(seq2seq.training.batchSize * lengths.reduce((a, b) => a + b, 0));
    const bert = benchTemplateById('bert-mini').build();
    const tokens = bert.nodes.find((n) => n.kind === 'tokenInput' && n.params.feed === 'tokens')!;
    expect(byId['bert-mini']).toBe(bert.training.batchSize * Number(tokens.params.length));
  });

  it('builds char-gru as char-rnn with the LSTM swapped for a GRU, every other block the same', () => {
    const rnn = benchTemplateById('char-rnn').build();
    const gru = benchTemplateById('char-gru').build();
    expect(gru.nodes.map((n) => n.kind)).toEqual(rnn.nodes.map((n) => (n.kind === 'lstm' ? 'gru' : n.kind)));
    expect(gru.edges).toEqual(rnn.edges);
  });

  it('renders one row per template with each runtime\'s ratio and share of the peak, and the profile of a slow one', () => {
    const twin = { template: 'char-rnn', tokensPerSec: 40000 };
    const md = renderResultsMarkdown({
      ...results,
      templates: [
        {
          id: 'char-rnn',
          describes: 'LSTM',
          pytorchTokensPerSec: 40000,
          pytorchTwin: 'idiomatic',
          pytorch: { before: twin, after: twin },
          flopsPerToken: 0.64e6,
          parameters: 112645,
          runs: [
            { runtime: 'node', backend: 'wasm', tokensPerSec: 10000, ratioToPytorch: 0.25, achievedGflops: 6.4, shareOfPeak: 0.032 },
            { runtime: 'chromium', backend: 'wasm', error: 'no result within 480 s' },
          ],
          profile: { msPerStep: 200, profile: { kernelMsPerStep: 150, byKernel: [{ name: 'Slice', msPerStep: 40, callsPerStep: 128 }], byShape: [] } },
        },
      ],
    });
    expect(md).toContain('| char-rnn | LSTM | 0.64 | 40000 (idiomatic) | 10000 (3 % of peak) | **0.25×** | failed: no result within 480 s | – |');
    expect(md).toContain('- **char-rnn**: 200 ms a step, kernels 150 ms: Slice 40.0 ms (128 calls).');
    expect(renderResultsMarkdown(results)).not.toContain('Every template against');
  });
});

describe('the large model and --only', () => {
  it('trains gpt-small at 16 × 256 tokens a step, in the full run and where --only names it', () => {
    expect(tokensPerStep(benchTemplateById('gpt-small').build())).toBe(16 * 256);
    const quickIds = benchTemplatesFor({ quick: true }).map((t) => t.id);
    expect(quickIds).not.toContain('gpt-small');
    expect(quickIds).toEqual(BENCH_TEMPLATES.filter((t) => t.id !== 'gpt-small').map((t) => t.id));
    expect(benchTemplatesFor({ quick: false })).toEqual(BENCH_TEMPLATES);
    expect(benchTemplatesFor({ quick: true, only: ['gpt-small', 'char-rnn'] }).map((t) => t.id)).toEqual(['gpt-small', 'char-rnn']);
    expect(() => benchTemplatesFor({ quick: false, only: ['gpt-huge'] })).toThrow(/No benchmark template “gpt-huge”; one of .*gpt-small/);
    expect(() => benchTemplatesFor({ quick: false, only: [] })).toThrow(/--only needs template ids/);
  });

  it('puts each run\'s measured peaks beside the estimate (estimate ÷ measured), and marks a row measured by itself', () => {
    const mib = 2 ** 20;
    const probe = { runtime: 'node' as const, backend: 'wasm', memoryEstimateBytes: 778 * mib, peakBufferBytes: 728 * mib, peakTensorBytes: 1544 * mib, wasmHeapBytes: 862 * mib };
    expect(runMemoryOf(probe)).toEqual({ estimateBytes: 778 * mib, peakBufferBytes: 728 * mib, peakNumBytes: 1544 * mib, wasmHeapBytes: 862 * mib });
    expect(runMemoryOf({ runtime: 'node', backend: 'wasm', error: 'timed out' })).toBeUndefined();
    const twin = { template: 'gpt-small', tokensPerSec: 2000 };
    const md = renderResultsMarkdown({
      ...results,
      templates: [
        {
          id: 'gpt-small',
          describes: 'big',
          pytorchTokensPerSec: 2000,
          pytorchTwin: 'exported',
          pytorch: { before: twin, after: twin },
          flopsPerToken: 22e6,
          parameters: 3259973,
          runs: [{ runtime: 'node', backend: 'wasm', tokensPerSec: 500, ratioToPytorch: 0.25, memory: runMemoryOf(probe) }],
          measuredSeparately: { at: '2026-01-02T03:04:05.000Z', mode: 'quick', loadAverageBefore: [3, 3, 3], loadAverageAfter: [4, 4, 4], peakGflops: 90, durationSec: 321 },
        },
      ],
    });
    expect(md).toContain('| gpt-small † | big |');
    expect(md).toContain('gpt-small at 2026-01-02 03:04 UTC (quick, 321 s, load 3.00 → 4.00, sgemm peak 90.0 GFLOP/s)');
    expect(md).toContain('| gpt-small | node wasm | 778 MiB | 728 MiB (1.07×) | 862 MiB (0.90×) | 1544 MiB |');
    expect(renderResultsMarkdown(results)).not.toContain('Training memory');
  });
});

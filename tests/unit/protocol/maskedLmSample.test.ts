import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryDataSources } from '../../../engine/data/sources';
import { DATASET_SIZES } from '../../../engine/templates/datasetSizes';
import { templateById } from '../../../engine/templates/index';
import type { FromWorker, SampleMessage } from '../../../engine/train/protocol';
import { acceptMessage, beginRun } from '../../../renderer/studio/runState';
import { createTrainingEngine } from '../../../renderer/worker/engineBindings';
import { createTrainingHandler } from '../../../renderer/worker/trainingHandler';

/** A small book for the sentence data set: enough sentences to split into training and validation. */
const BOOK = Array.from({ length: 60 }, (_, i) => `The cat sat on the mat number ${i}. A dog ran to the sea and the ship sailed on.`).join(' ');

const engine = createTrainingEngine({ sources: () => memoryDataSources({ 'moby-dick.txt': BOOK }), probe: async () => ['cpu'] });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('masked language model samples', () => {
  it('posts a masked-lm sample that fills each [MASK] of the probe, during the run and after it, and the studio keeps it', async () => {
    const doc = templateById('bert-mini')!.build();
    // The small book's vocabulary: its 16 distinct words and sentence marks plus the special tokens.
    const bookVocab = 22;
    const fullVocab = DATASET_SIZES['sentences-mlm'].vocab;
    for (const node of doc.nodes) {
      const params = node.params as Record<string, unknown>;
      for (const key of ['vocabSize', 'units']) if (params[key] === fullVocab) params[key] = bookVocab;
    }
    const messages: FromWorker[] = [];
    const handler = createTrainingHandler({ engine, now: () => 0, post: (msg) => messages.push(msg) });
    const runId = 'mlm';
    await handler.handle({
      type: 'start',
      runId,
      doc,
      data: { kind: 'bundled', datasetId: doc.training.dataset },
      settings: {
        training: { ...doc.training, steps: 4, batchSize: 4, warmupSteps: 1 },
        probeText: 'the cat sat on the [MASK] .',
        snapshotEvery: 2,
        sampling: { temperature: 0, topK: 0, beamWidth: 1, maxTokens: 8 },
        memoryBudgetBytes: 2 ** 30,
      },
      mode: 'scratch',
    });
    await handler.idle();
    expect(messages.filter((m) => m.type === 'error')).toEqual([]);
    const duringRun = messages.filter((m): m is SampleMessage => m.type === 'sample');
    expect(duringRun.length).toBeGreaterThan(0);
    expect(duringRun.every((s) => s.kind === 'masked-lm' && s.masks.length === 1)).toBe(true);

    const before = messages.length;
    await handler.handle({ type: 'probe', runId, text: 'a [MASK] and a [MASK]' });
    const sample = messages.slice(before).find((m): m is SampleMessage => m.type === 'sample');
    expect(sample?.kind).toBe('masked-lm');
    if (sample?.kind !== 'masked-lm') return;
    expect(sample.text).toBe('a [MASK] and a [MASK]');
    expect(sample.masks).toHaveLength(2);
    expect(sample.filled).not.toContain('[MASK]');
    for (const mask of sample.masks) {
      expect(mask.token).not.toBe('');
      expect(sample.filled).toContain(mask.token);
      const alternatives = mask.alternatives ?? [];
      expect(alternatives.length).toBeGreaterThan(1);
      // The guess is the most probable token, the alternatives follow in falling probability.
      expect(alternatives[0]).toEqual({ token: mask.token, p: mask.p });
      for (let i = 1; i < alternatives.length; i++) expect(alternatives[i].p).toBeLessThanOrEqual(alternatives[i - 1].p);
      expect(alternatives.reduce((sum, a) => sum + a.p, 0)).toBeLessThanOrEqual(1 + 1e-5);
    }
    expect(sample.masks[0].position).toBeLessThan(sample.masks[1].position);

    const ui = messages.reduce(acceptMessage, beginRun(runId));
    expect(ui.samples.some((s) => s.kind === 'masked-lm' && s.text === 'a [MASK] and a [MASK]')).toBe(true);
  });
});

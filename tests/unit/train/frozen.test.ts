import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph } from '../../../engine/compile/compile';
import { createDataset } from '../../../engine/data';
import { analyzeGraph } from '../../../engine/graph/analyze';
import { EngineError } from '../../../engine/graph/errors';
import type { GraphDoc } from '../../../engine/graph/schema';
import { templateById } from '../../../engine/templates';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { readWeights } from '../../../engine/train/modelState';
import { parameterCounts } from '../../../engine/train/parameterCounts';
import { runTraining } from '../../../engine/train/runTraining';

/** The reverse template (encoder group ×2) with the token embedding and the self-attention block frozen. */
function frozenReverse(): GraphDoc {
  const doc = templateById('reverse')!.build();
  for (const n of doc.nodes) if (n.id === 'embed' || n.id === 'enc_attn') n.frozen = true;
  return doc;
}

const isFrozen = (name: string) => name.startsWith('embed__') || name.startsWith('enc_attn__');

describe('frozen blocks', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  afterAll(async () => {
    await initBackend('wasm');
  });

  it.each(['adam', 'sgd'] as const)('keep their weights (every copy in a repeated group) while the others train, with %s', async (optimizer) => {
    const doc = frozenReverse();
    const initialModel = compileGraph(doc);
    const initial = await readWeights(initialModel);
    initialModel.dispose();
    const dataset = await createDataset('reverse', { lengths: graphFeedLengths(doc), seed: 1 });
    const result = await runTraining(doc, dataset, { steps: 4, batchSize: 8, optimizer, learningRate: optimizer === 'adam' ? 1e-2 : 0.5, validateEvery: 0 });
    try {
      expect(result.status).toBe('done');
      const trained = new Map((await readWeights(result.compiled)).map((w) => [w.name, w]));
      const frozenNames = initial.filter((w) => isFrozen(w.name)).map((w) => w.name);
      // The embedding and both copies' eight attention weights.
      expect(frozenNames.length).toBe(17);
      expect(frozenNames).toContain('enc_attn__1__mha/output_kernel');
      for (const w of initial) {
        if (isFrozen(w.name)) expect(trained.get(w.name)!.data, w.name).toEqual(w.data);
        else expect(trained.get(w.name)!.data, w.name).not.toEqual(w.data);
      }
      const state = result.optimizerState!;
      expect(state.iterations).toBe(4);
      if (optimizer === 'adam') {
        const moments = state.tensors.map((t) => t.name);
        expect(moments.filter(isFrozen)).toEqual([]);
        expect(moments.length).toBe(2 * (initial.length - frozenNames.length));
      } else {
        expect(state.tensors).toEqual([]);
      }
    } finally {
      result.compiled.dispose();
    }
  });

  it('are counted apart from the trainable parameters, each copy of a repeated block counted', () => {
    const doc = frozenReverse();
    const analysis = analyzeGraph(doc);
    const counts = parameterCounts(analysis, doc);
    const embedding = 27 * 32;
    const attentionPerCopy = 4 * (32 * 32 + 32);
    expect(counts.frozen).toBe(embedding + 2 * attentionPerCopy);
    expect(counts.trainable + counts.frozen).toBe(analysis.totalParameters);
    const model = compileGraph(doc);
    try {
      const total = model.model.weights.reduce((sum, w) => sum + tf.util.sizeFromShape(w.shape as number[]), 0);
      expect(total).toBe(analysis.totalParameters);
    } finally {
      model.dispose();
    }
  });

  it('refuses a run in which every block with weights is frozen', async () => {
    const doc = templateById('reverse')!.build();
    for (const n of doc.nodes) n.frozen = true;
    const dataset = await createDataset('reverse', { lengths: graphFeedLengths(doc), seed: 1 });
    const before = tf.memory().numTensors;
    const err = await runTraining(doc, dataset, { steps: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).problems).toEqual([expect.objectContaining({ code: 'E_NOTHING_TO_TRAIN', fix: expect.stringMatching(/Unfreeze/) })]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

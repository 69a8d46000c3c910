import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph, type CompiledModel } from '../../../engine/compile/compile';
import { createDataset, createRng, type Batch, type Dataset } from '../../../engine/data';
import { EngineError } from '../../../engine/graph/errors';
import { templates } from '../../../engine/templates';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { applyModel, disposeBatch, toDeviceBatch } from '../../../engine/train/feeds';
import { assignWeights, readTrainedState, readWeights } from '../../../engine/train/modelState';
import { runTraining } from '../../../engine/train/runTraining';
import { tinySeq2seqDoc, tinyTaggerDoc } from './tinyGraphs';

const sources = nodeDataSources();

/** Every head's logits for one batch, inference mode, as plain arrays. */
function logits(compiled: CompiledModel, batch: Batch): Float32Array[] {
  const device = toDeviceBatch(compiled, batch);
  try {
    return tf.tidy(() => applyModel(compiled, device.inputs, false).map((t) => t.dataSync() as Float32Array));
  } finally {
    disposeBatch(device);
  }
}

async function problemsOf(fn: () => unknown) {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return (err as EngineError).problems;
  }
  throw new Error('expected an EngineError');
}

describe('model state', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  afterAll(async () => {
    await initBackend('wasm');
  });

  it('names every weight the same on every compile of a graph, though tfjs numbers its variables apart', () => {
    const doc = tinySeq2seqDoc();
    const a = compileGraph(doc);
    const b = compileGraph(doc);
    try {
      const names = (c: CompiledModel) => c.model.weights.map((w) => w.name);
      // tfjs' own names differ between the two compiles …
      expect(names(b)).not.toEqual(names(a));
      return Promise.all([readWeights(a), readWeights(b)]).then(([wa, wb]) => {
        // … the saved names do not, and there is one per weight.
        expect(wb.map((w) => w.name)).toEqual(wa.map((w) => w.name));
        expect(new Set(wa.map((w) => w.name)).size).toBe(a.model.weights.length);
        expect(wa.map((w) => w.name)).toContain('enc_attn__0__mha/query_kernel');
        expect(wa.find((w) => w.name === 'out__0__dense/kernel')!.shape).toEqual([16, 18]);
      });
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  describe.each(templates.map((t) => [t.id, t] as const))('%s', (_id, template) => {
    it('trains 3 steps; its weights put into a fresh compile give bit-identical logits', async () => {
      const doc = template.build();
      // Short sequences keep this quick on cpu; every block and weight is as the template has it.
      for (const n of doc.nodes) if (n.kind === 'tokenInput') n.params.length = Math.min(Number(n.params.length), 8);
      const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 1 }, sources);
      const batch = dataset.batch(2, 'train', createRng(5));
      const oneBatch: Dataset = { ...dataset, batch: () => batch };
      const result = await runTraining(doc, oneBatch, { steps: 3, batchSize: 2, validateEvery: 0, validationBatches: 0 });
      const fresh = compileGraph(doc, { seed: doc.training.seed + 1 });
      try {
        expect(result.status).toBe('done');
        const state = await readTrainedState(result.compiled, result.step, result.optimizerState);
        expect(state.step).toBe(3);
        expect(state.weights.length).toBe(result.compiled.model.weights.length);
        for (const w of state.weights) expect(w.data.length, w.name).toBe(w.shape.reduce((a, b) => a * b, 1));
        const trained = logits(result.compiled, batch);
        expect(logits(fresh, batch)).not.toEqual(trained);
        assignWeights(fresh, state.weights);
        expect(logits(fresh, batch)).toEqual(trained);
      } finally {
        result.compiled.dispose();
        fresh.dispose();
      }
    });
  });

  describe('assignWeights', () => {
    it('refuses a wrong shape, a missing weight or an extra one, naming the block and both shapes, and changes nothing', async () => {
      const doc = tinyTaggerDoc({ d: 8 });
      const source = compileGraph(doc, { seed: 1 });
      const target = compileGraph(doc, { seed: 2 });
      try {
        const saved = await readWeights(source);
        const before = await readWeights(target);
        const kernel = saved.findIndex((w) => w.name === 'out__0__dense/kernel');
        const wrongShape = saved.map((w, i) => (i === kernel ? { ...w, shape: [w.shape[0], 26], data: new Float32Array(w.shape[0] * 26) } : w));
        // Every other weight fits: the one that does not must leave even those untouched.
        const shapeProblems = await problemsOf(() => assignWeights(target, wrongShape));
        expect(shapeProblems).toEqual([
          expect.objectContaining({ code: 'E_WEIGHTS_MISMATCH', nodeId: 'out', message: 'out’s “kernel” is 8×27 in the graph but 8×26 in the saved weights.' }),
        ]);
        expect(await readWeights(target)).toEqual(before);

        const missing = await problemsOf(() => assignWeights(target, saved.filter((w) => !w.name.startsWith('enc_norm1__'))));
        expect(missing.map((p) => p.code)).toEqual(['E_WEIGHTS_MISMATCH', 'E_WEIGHTS_MISMATCH']);
        expect(missing[0].nodeId).toBe('enc_norm1');
        expect(missing[0].message).toMatch(/has a weight “gamma” \(8\) that the saved weights do not have/);
        expect(missing[0].fix).toMatch(/fine-tuning/);

        const extra = await problemsOf(() => assignWeights(target, [...saved, { name: 'ghost__0__dense/kernel', shape: [2, 2], data: new Float32Array(4) }]));
        expect(extra).toEqual([expect.objectContaining({ code: 'E_WEIGHTS_MISMATCH', message: expect.stringMatching(/“ghost__0__dense\/kernel” \(2×2\), which no block of the graph has/) })]);
        expect(await readWeights(target)).toEqual(before);

        const tensors = tf.memory().numTensors;
        assignWeights(target, saved);
        expect(tf.memory().numTensors).toBe(tensors);
        expect(await readWeights(target)).toEqual(saved);
      } finally {
        source.dispose();
        target.dispose();
      }
    });
  });
});

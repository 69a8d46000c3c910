import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph } from '../../../engine/compile/compile';
import { createDataset } from '../../../engine/data';
import { EngineError } from '../../../engine/graph/errors';
import type { GraphDoc } from '../../../engine/graph/schema';
import { templateById } from '../../../engine/templates';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { readWeights } from '../../../engine/train/modelState';
import { runTraining } from '../../../engine/train/runTraining';
import { applyWeightTransfer, planWeightTransfer } from '../../../engine/train/weightTransfer';
import { tinyTaggerDoc } from './tinyGraphs';

/** The doc with a node's id changed everywhere it is referred to. */
function renamed(doc: GraphDoc, from: string, to: string): GraphDoc {
  const id = (x: string) => (x === from ? to : x);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
    edges: doc.edges.map((e) => ({ ...e, source: id(e.source), target: id(e.target) })),
  };
}

describe('weight transfer (fine-tuning from another model)', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });
  afterAll(async () => {
    await initBackend('wasm');
  });

  it('plans BERT-mini → encoder classifier: the shared encoder blocks load, the rest are skipped with reasons', async () => {
    const sourceDoc = templateById('bert-mini')!.build();
    const targetDoc = templateById('encoder-classifier')!.build();
    const source = compileGraph(sourceDoc, { seed: 1 });
    const target = compileGraph(targetDoc, { seed: 2 });
    try {
      const sourceWeights = await readWeights(source);
      const before = await readWeights(target);
      const plan = planWeightTransfer({ doc: targetDoc, compiled: target }, { doc: sourceDoc, weights: sourceWeights });
      expect(plan.loads.map((l) => [l.targetNodeId, l.sourceNodeId, l.matchedBy, l.weights.length])).toEqual([
        // Both copies of each block of the ×2 encoder group.
        ['enc_attn', 'enc_attn', 'id', 16],
        ['enc_norm1', 'enc_norm1', 'id', 4],
        ['enc_ffn', 'enc_ffn', 'id', 8],
        ['enc_norm2', 'enc_norm2', 'id', 4],
      ]);
      expect(plan.loads[0].weights[0]).toEqual({ target: 'enc_attn__0__mha/query_kernel', source: 'enc_attn__0__mha/query_kernel', shape: [64, 64] });
      const sentimentVocab = targetDoc.nodes.find((n) => n.id === 'embed')!.params.vocabSize;
      const mlmVocab = sourceDoc.nodes.find((n) => n.id === 'embed')!.params.vocabSize;
      expect(plan.skipped).toEqual([
        {
          nodeId: 'embed',
          label: 'Token embedding',
          side: 'target',
          code: 'SHAPE_MISMATCH',
          reason: `Vocabulary size ${sentimentVocab} vs ${mlmVocab} (embeddings ${sentimentVocab}×64 vs ${mlmVocab}×64)`,
        },
        { nodeId: 'logits', label: 'To classes', side: 'target', code: 'SHAPE_MISMATCH', reason: `shape B×2 vs B×T×${mlmVocab}` },
        { nodeId: 'segment_embed', label: 'Segment embedding', side: 'source', code: 'NOT_USED', reason: 'no block of this kind (Segment Embedding) in this model' },
        { nodeId: 'pos', label: 'Positions', side: 'source', code: 'NOT_USED', reason: 'the Positional Encoding blocks of this model have no weights' },
        { nodeId: 'is_next', label: 'Is next?', side: 'source', code: 'NOT_USED', reason: 'no Dense block of this model took its weights' },
      ]);

      const tensors = tf.memory().numTensors;
      expect(applyWeightTransfer(target, plan, sourceWeights)).toBe(32);
      expect(tf.memory().numTensors).toBe(tensors);
      const after = new Map((await readWeights(target)).map((w) => [w.name, w]));
      const sourceByName = new Map(sourceWeights.map((w) => [w.name, w]));
      for (const w of before) {
        const loaded = w.name.startsWith('enc_');
        expect(after.get(w.name)!.data, w.name).toEqual(loaded ? sourceByName.get(w.name)!.data : w.data);
      }
    } finally {
      source.dispose();
      target.dispose();
    }
  });

  it('matches by name where ids differ, then by shapes where only one block fits, and says when several do', async () => {
    const sourceDoc = tinyTaggerDoc({ d: 8 });
    // `out` keeps its label under a new id; the embedding (no label) is the only one of its kind; the two
    // Add & Norm blocks (no labels) have the same shapes, so neither can be told which source block is its own.
    let targetDoc = renamed(sourceDoc, 'out', 'project');
    targetDoc = renamed(targetDoc, 'embed', 'table');
    targetDoc = renamed(renamed(targetDoc, 'enc_norm1', 'norm_a'), 'enc_norm2', 'norm_b');
    const source = compileGraph(sourceDoc, { seed: 1 });
    const target = compileGraph(targetDoc, { seed: 2 });
    try {
      const plan = planWeightTransfer({ doc: targetDoc, compiled: target }, { doc: sourceDoc, weights: await readWeights(source) });
      expect(plan.loads.map((l) => [l.targetNodeId, l.sourceNodeId, l.matchedBy])).toEqual([
        ['pos', 'pos', 'id'],
        ['enc_attn', 'enc_attn', 'id'],
        ['enc_ffn', 'enc_ffn', 'id'],
        ['project', 'out', 'label'],
        ['table', 'embed', 'shape'],
      ]);
      expect(plan.loads.find((l) => l.targetNodeId === 'project')!.weights.map((w) => [w.target, w.source])).toEqual([
        ['project__0__dense/kernel', 'out__0__dense/kernel'],
        ['project__0__dense/bias', 'out__0__dense/bias'],
      ]);
      expect(plan.skipped.map((s) => [s.nodeId, s.side, s.code])).toEqual([
        ['norm_a', 'target', 'AMBIGUOUS'],
        ['norm_b', 'target', 'AMBIGUOUS'],
        ['enc_norm1', 'source', 'NOT_USED'],
        ['enc_norm2', 'source', 'NOT_USED'],
      ]);
      expect(plan.skipped[0].reason).toMatch(/^2 Add & Norm blocks of the source model have these shapes/);
    } finally {
      source.dispose();
      target.dispose();
    }
  });

  it('refuses to apply a plan to weights it was not made for, changing nothing', async () => {
    const doc = tinyTaggerDoc({ d: 8 });
    const source = compileGraph(doc, { seed: 1 });
    const target = compileGraph(doc, { seed: 2 });
    try {
      const weights = await readWeights(source);
      const plan = planWeightTransfer({ doc, compiled: target }, { doc, weights });
      const before = await readWeights(target);
      const short = weights.map((w) => (w.name === 'out__0__dense/bias' ? { ...w, shape: [26], data: w.data.slice(0, 26) } : w));
      let err: unknown;
      try {
        applyWeightTransfer(target, plan, short);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).problems).toEqual([expect.objectContaining({ code: 'E_WEIGHTS_MISMATCH', nodeId: 'out' })]);
      expect(await readWeights(target)).toEqual(before);
    } finally {
      source.dispose();
      target.dispose();
    }
  });

  it('fine-tunes the classifier from the pre-trained encoder with the encoder frozen: loaded weights stay, the head learns', async () => {
    const sourceDoc = templateById('bert-reviews')!.build();
    const targetDoc = templateById('sentiment-finetune')!.build();
    const encoderIds = new Set(['embed', 'pos', 'enc_attn', 'enc_norm1', 'enc_ffn', 'enc_norm2']);
    for (const n of targetDoc.nodes) if (encoderIds.has(n.id)) n.frozen = true;
    const source = compileGraph(sourceDoc, { seed: 9 });
    const planning = compileGraph(targetDoc);
    let sourceWeights;
    let plan;
    let initial;
    try {
      sourceWeights = await readWeights(source);
      // The run compiles with the same seed, so it starts from these weights where nothing is loaded.
      initial = await readWeights(planning);
      plan = planWeightTransfer({ doc: targetDoc, compiled: planning }, { doc: sourceDoc, weights: sourceWeights });
    } finally {
      source.dispose();
      planning.dispose();
    }
    expect(plan.loads.map((l) => l.targetNodeId).sort()).toEqual([...encoderIds].sort());
    const dataset = await createDataset(targetDoc.training.dataset, { lengths: graphFeedLengths(targetDoc), seed: 1 }, nodeDataSources());
    const result = await runTraining(targetDoc, dataset, { steps: 3, batchSize: 4, validateEvery: 0, validationBatches: 0, initialWeights: { weights: sourceWeights, plan } });
    try {
      expect(result.step).toBe(3);
      expect(result.optimizerState!.iterations).toBe(3);
      const trained = new Map((await readWeights(result.compiled)).map((w) => [w.name, w]));
      for (const w of sourceWeights) if (trained.has(w.name)) expect(trained.get(w.name)!.data, w.name).toEqual(w.data);
      expect([...trained.keys()].filter((n) => !sourceWeights.some((w) => w.name === n))).toEqual(['classify__0__dense/kernel', 'classify__0__dense/bias']);
      expect(trained.get('classify__0__dense/kernel')!.data).not.toEqual(initial.find((w) => w.name === 'classify__0__dense/kernel')!.data);
      expect(result.optimizerState!.tensors.map((t) => t.name).sort()).toEqual(
        ['classify__0__dense/bias/m', 'classify__0__dense/bias/v', 'classify__0__dense/kernel/m', 'classify__0__dense/kernel/v'],
      );
    } finally {
      result.compiled.dispose();
    }
  });
});

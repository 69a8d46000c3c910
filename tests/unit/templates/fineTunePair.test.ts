import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { compileGraph } from '../../../engine/compile/compile';
import type { GraphDoc } from '../../../engine/graph/schema';
import { templateById } from '../../../engine/templates';
import { REVIEWS_ENCODER_GROUP, REVIEWS_ENCODER_NODE_IDS } from '../../../engine/templates/reviewsEncoder';
import { graphFeedLengths } from '../../../engine/train/datasetFit';

/**
 * `bert-reviews` pre-trains the encoder that `sentiment-finetune` fine-tunes: weights carry over by node id,
 * so every block of the encoder must have the same id, kind, parameters and shapes in both graphs, and the
 * two datasets must number their words the same way.
 */
describe('the pre-training / fine-tuning pair', () => {
  const pretrain = templateById('bert-reviews')!.build();
  const finetune = templateById('sentiment-finetune')!.build();

  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('share the encoder block for block: same ids, kinds, parameters and group', () => {
    for (const id of ['tokens', ...REVIEWS_ENCODER_NODE_IDS]) {
      const a = pretrain.nodes.find((n) => n.id === id);
      const b = finetune.nodes.find((n) => n.id === id);
      expect(a, id).toBeDefined();
      expect({ kind: b!.kind, params: b!.params, group: b!.group }, id).toEqual({ kind: a!.kind, params: a!.params, group: a!.group });
    }
    const group = (doc: GraphDoc) => doc.groups.find((g) => g.id === REVIEWS_ENCODER_GROUP);
    expect(group(finetune)).toEqual(group(pretrain));
    expect(group(pretrain)!.repeat).toBe(2);
  });

  it('compile to the same encoder weights, name for name and shape for shape, and to no other shared name', () => {
    /** Each weight's shape, and the node that owns it, by the weight's name. */
    const weightsOf = (doc: GraphDoc) => {
      const compiled = compileGraph(doc);
      try {
        const weights = new Map<string, { shape: number[]; nodeId: string | undefined }>();
        for (const layer of compiled.model.layers) {
          for (const w of layer.weights) weights.set(w.originalName, { shape: w.shape.map(Number), nodeId: compiled.layerOwners[layer.name]?.nodeId });
        }
        return weights;
      } finally {
        compiled.dispose();
      }
    };
    const pre = weightsOf(pretrain);
    const fine = weightsOf(finetune);
    const encoder = new Set<string>(REVIEWS_ENCODER_NODE_IDS);
    const encoderWeights = [...pre.keys()].filter((name) => encoder.has(pre.get(name)!.nodeId ?? ''));
    // Token embedding, learned positions, and per block: attention Q/K/V/O, two layer norms, two FFN layers.
    expect(encoderWeights.length).toBeGreaterThanOrEqual(2 + 2 * 4);
    for (const id of REVIEWS_ENCODER_NODE_IDS) expect(encoderWeights.some((name) => pre.get(name)!.nodeId === id), id).toBe(true);
    for (const name of encoderWeights) expect(fine.get(name), name).toEqual(pre.get(name));
    // The heads (vocabulary projection, class projection) have names of their own: nothing of one head lands on the other.
    const sharedNames = [...fine.keys()].filter((name) => pre.has(name));
    expect(sharedNames.sort()).toEqual(encoderWeights.sort());
  });

  it('read the same 32 token positions with d_model 64, 4 heads and a 128-wide feed-forward', () => {
    for (const doc of [pretrain, finetune]) {
      const byId = new Map(doc.nodes.map((n) => [n.id, n]));
      expect(byId.get('tokens')!.params.length).toBe(32);
      expect(byId.get('embed')!.params.dModel).toBe(64);
      expect(byId.get('pos')!.params).toMatchObject({ encoding: 'learned', maxLength: 32 });
      expect(byId.get('enc_attn')!.params).toMatchObject({ heads: 4, causal: false });
      expect(byId.get('enc_ffn')!.params.hidden).toBe(128);
    }
    expect(pretrain.training.dataset).toBe('reviews-mlm');
    expect(finetune.training.dataset).toBe('sentiment');
  });

  it('number the words the same way in both datasets', async () => {
    const sources = nodeDataSources();
    const mlm = await createDataset('reviews-mlm', { lengths: graphFeedLengths(pretrain), seed: 1 }, sources);
    const sentiment = await createDataset('sentiment', { lengths: graphFeedLengths(finetune), seed: 1 }, sources);
    expect(mlm.vocab.tokens).toEqual(sentiment.vocab.tokens);
    expect(finetune.nodes.find((n) => n.id === 'embed')!.params.vocabSize).toBe(sentiment.vocab.size);
  });
});

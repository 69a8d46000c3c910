import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph } from '../../../engine/compile/compile';
import { createDataset, createRng, type Dataset } from '../../../engine/data';
import { errorsOnly, analyzeGraph } from '../../../engine/graph/analyze';
import { parseDocumentObject } from '../../../engine/graph/parse';
import { templateById, templates } from '../../../engine/templates';
import { checkDatasetFit, graphFeedLengths } from '../../../engine/train/datasetFit';
import { runTraining } from '../../../engine/train/runTraining';

const sources = nodeDataSources();

describe('templates', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('are listed once each, under the ids the command line and gallery use', () => {
    expect(templates.map((t) => t.id).sort()).toEqual(
      ['bert-mini', 'bert-reviews', 'char-rnn', 'encoder-classifier', 'gpt-mini', 'gpt-small', 'reverse', 'sentiment-finetune', 'seq2seq-attention', 'transformer-translate'].sort(),
    );
    for (const t of templates) expect(templateById(t.id)).toBe(t);
  });

  describe.each(templates.map((t) => [t.id, t] as const))('%s', (_id, template) => {
    it('is a valid document, laid out left to right with labelled blocks', () => {
      const doc = template.build();
      const parsed = parseDocumentObject(JSON.parse(JSON.stringify(doc)));
      expect(parsed.ok ? parsed.warnings : parsed.problems).toEqual([]);
      expect(errorsOnly(analyzeGraph(doc).problems)).toEqual([]);
      expect(doc.training.dataset).toBe(template.dataset);
      const byId = new Map(doc.nodes.map((n) => [n.id, n]));
      for (const e of doc.edges) expect(byId.get(e.source)!.position.x, e.id).toBeLessThan(byId.get(e.target)!.position.x);
      const positions = doc.nodes.map((n) => `${n.position.x},${n.position.y}`);
      expect(new Set(positions).size).toBe(positions.length);
      for (const n of doc.nodes) expect(n.label, n.id).toBeTruthy();
      // A fresh document each call.
      expect(template.build()).not.toBe(doc);
      expect(template.build()).toEqual(doc);
    });

    it('has exactly the vocabulary and class sizes of its dataset, and expands its repeated groups', async () => {
      const doc = template.build();
      const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 1 }, sources);
      for (const n of doc.nodes.filter((x) => x.kind === 'embedding')) {
        const source = doc.nodes.find((x) => doc.edges.some((e) => e.source === x.id && e.target === n.id))!;
        const vocab = source.params.feed === 'decoder_tokens' ? dataset.targetVocab : dataset.vocab;
        expect(n.params.vocabSize, n.id).toBe(vocab.size);
      }
      const compiled = compileGraph(doc);
      try {
        expect(checkDatasetFit(doc, compiled, dataset)).toEqual([]);
        for (const g of doc.groups) {
          const member = doc.nodes.find((n) => n.group === g.id)!;
          const copies = new Set(compiled.model.layers.map((l) => l.name.match(new RegExp(`^${member.id}__(\\d+)__`))?.[1]).filter(Boolean));
          expect(copies.size, `${g.label} ×${g.repeat}`).toBe(g.repeat);
        }
      } finally {
        compiled.dispose();
      }
    });

    it('trains on its dataset: the loss on a batch of it falls', async () => {
      const doc = template.build();
      const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 1 }, sources);
      // One batch, repeated: the loss must fall if gradients reach the weights through every block, and
      // batch-to-batch noise cannot hide or fake that in a handful of steps.
      const batch = dataset.batch(4, 'train', createRng(3));
      const oneBatch: Dataset = { ...dataset, batch: () => batch };
      const result = await runTraining(doc, oneBatch, { steps: 6, batchSize: 4, schedule: 'constant', learningRate: 3e-3, validateEvery: 0, validationBatches: 0 });
      result.compiled.dispose();
      expect(result.status).toBe('done');
      expect(result.lastLoss).toBeLessThan(result.firstLoss * 0.9);
    });
  });
});

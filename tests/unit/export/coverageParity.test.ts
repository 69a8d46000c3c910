/**
 * Parity of the PyTorch export on graphs that use every block kind and option (tests/fixtures/export/coverageGraphs):
 * logits within 1e-4 with dropout present (eval mode), and 20 training steps within 2e-3 without it (dropout masks
 * are random on both sides), frozen blocks and SGD included. Skipped, saying so, without /usr/bin/python3 + torch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { createRng } from '../../../engine/data/rng';
import { exportPyTorch, initialWeights, planModel } from '../../../engine/export';
import type { GraphDoc } from '../../../engine/graph/schema';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { gruTranslator, everySequenceBlock, vectorsAndStates } from '../../fixtures/export/coverageGraphs';
import { appLogits, appLosses, jsonLines, perturbed, python, pythonLogits, pythonUnavailable, relativeError, withLeftPadding, writeFiles } from '../../fixtures/export/harness';

const unavailable = pythonUnavailable();
if (unavailable) console.warn(`PyTorch parity tests skipped: ${unavailable}.`);

const STEPS = 20;
const dir = mkdtempSync(join(tmpdir(), 'tensorloom-export-coverage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: Array<{ name: string; graph: (dropout: number) => GraphDoc }> = [
  { name: 'every-sequence-block', graph: everySequenceBlock },
  { name: 'vectors-and-states', graph: vectorsAndStates },
  { name: 'gru-translator', graph: () => gruTranslator() },
];

async function exported(doc: GraphDoc, name: string, seed: number) {
  doc = { ...doc, training: { ...doc.training, steps: STEPS, batchSize: 4 } };
  const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: doc.training.seed }, nodeDataSources());
  const weights = perturbed(await initialWeights(doc), seed);
  const out = join(dir, name);
  writeFiles(out, exportPyTorch({ graph: doc, trained: { step: 0, weights }, runs: [] }, { dataset }));
  return { doc, dataset, weights, out };
}

describe.skipIf(unavailable !== null)('PyTorch export of every block kind and option', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  // Every forward check first (cpu), then every training run (wasm): the backend changes once.
  cases.forEach(({ name, graph }, index) => {
    it(`${name}: same logits (dropout in the graph, eval mode)`, async () => {
      const { doc, dataset, weights, out } = await exported(graph(0.2), `${name}-forward`, 300 + index);
      const plan = planModel(doc);
      const batch = withLeftPadding(dataset.batch(3, 'validation', createRng(11)), plan.feeds, 3);
      const app = appLogits(doc, weights, batch);
      const torch = pythonLogits(out, plan.feeds, batch);
      plan.heads.forEach((head, i) => {
        const error = relativeError(torch[i].data, app.get(head.nodeId)!.data);
        console.log(`${name}: logits relative error ${error.toExponential(2)}`);
        expect(error).toBeLessThan(1e-4);
      });
    });
  });

  cases.forEach(({ name, graph }, index) => {
    it(`${name}: the same 20-step loss curve`, async () => {
      await initBackend('wasm');
      const { doc, dataset, weights, out } = await exported(graph(0), `${name}-train`, 400 + index);
      const expected = await appLosses(doc, dataset, weights);
      const r = python(['train.py', '--json', '--no-save'], out);
      expect(r.status, r.stderr).toBe(0);
      const losses = jsonLines(r.stdout).map((l) => l.loss);
      expect(losses).toHaveLength(STEPS);
      const worst = Math.max(...losses.map((l, i) => Math.abs(l - expected[i])));
      console.log(`${name}: loss ${expected[0].toFixed(4)} → ${expected[STEPS - 1].toFixed(4)}, largest difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(2e-3);
    });
  });
});

/**
 * Every template exported to PyTorch computes what the app computes: the same logits for the same weights and ids
 * (within 1e-4 of the largest logit), and the same losses over 20 training steps from the same weights on the same
 * batches (within 2e-3), with data.py drawing the batches itself. The app's logits come from tfjs' cpu backend, its
 * training from the wasm backend with the project's kernels (what the app trains on; cpu would take minutes). The exported Python compiles and imports nothing
 * it does not use. Runs Debian's /usr/bin/python3 with torch; skipped, saying so, where that is missing.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { createRng } from '../../../engine/data/rng';
import { exportPyTorch, initialWeights, planModel } from '../../../engine/export';
import { templates } from '../../../engine/templates';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import {
  appLogits,
  appLosses,
  CHECK_IMPORTS,
  jsonLines,
  perturbed,
  python,
  pythonLogits,
  pythonUnavailable,
  relativeError,
  shortRun,
  withLeftPadding,
  writeFiles,
} from '../../fixtures/export/harness';

const unavailable = pythonUnavailable();
if (unavailable) console.warn(`PyTorch parity tests skipped: ${unavailable}.`);

const STEPS = 20;
const BATCH = 4;
/** Language-model windows shortened to keep the runs quick on a shared machine (the model's positions follow). */
const LM_LENGTH = 16;
/** Most of a case's time is Python start-ups and torch imports (four per template), so the larger templates need more than the default. */
const PARITY_TIMEOUT_MS = 360_000;

const dir = mkdtempSync(join(tmpdir(), 'tensorloom-export-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(unavailable !== null)('PyTorch export of every template', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  templates.forEach((template, index) => {
    it(`${template.id}: same logits, same 20-step loss curve`, async () => {
      const doc = shortRun(template.build(), { steps: STEPS, batchSize: BATCH, lmLength: LM_LENGTH });
      const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: doc.training.seed }, nodeDataSources());
      const weights = perturbed(await initialWeights(doc), 100 + index);
      const out = join(dir, template.id);
      writeFiles(out, exportPyTorch({ graph: doc, trained: { step: 0, weights }, runs: [] }, { dataset }));

      const sources = readdirSync(out).filter((f) => f.endsWith('.py'));
      expect(sources.sort()).toEqual(['data.py', 'model.py', 'predict.py', 'train.py']);
      const compiled = python(['-m', 'py_compile', ...sources], out);
      expect(compiled.stderr).toBe('');
      const imports = python([CHECK_IMPORTS, ...sources], out);
      expect(imports.stdout.trim(), 'unused imports').toBe('');

      // Forward on tfjs' cpu backend: a validation batch whose first row is left-padded, so masks and fully masked queries are exercised.
      const plan = planModel(doc);
      const batch = withLeftPadding(dataset.batch(3, 'validation', createRng(7)), plan.feeds, 3);
      await initBackend('cpu');
      const app = appLogits(doc, weights, batch);
      const torch = pythonLogits(out, plan.feeds, batch);
      plan.heads.forEach((head, i) => {
        const expected = app.get(head.nodeId)!;
        expect(torch[i].shape).toEqual(expected.shape);
        const error = relativeError(torch[i].data, expected.data);
        console.log(`${template.id} ${head.label}: logits relative error ${error.toExponential(2)}`);
        expect(error).toBeLessThan(1e-4);
      });

      // Training: the same run, once in the app (on wasm, the backend it trains on, fused kernels included) and once
      // by train.py.
      await initBackend('wasm');
      const expected = await appLosses(doc, dataset, weights);
      const trained = python(['train.py', '--steps', String(STEPS), '--json', '--no-save'], out);
      expect(trained.status, trained.stderr).toBe(0);
      const losses = jsonLines(trained.stdout).map((l) => l.loss);
      expect(losses).toHaveLength(STEPS);
      const worst = Math.max(...losses.map((l, i) => Math.abs(l - expected[i])));
      console.log(`${template.id}: loss ${expected[0].toFixed(4)} → ${expected[STEPS - 1].toFixed(4)}, largest difference over ${STEPS} steps ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(2e-3);
    }, PARITY_TIMEOUT_MS);
  });
});

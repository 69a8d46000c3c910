/**
 * The exported training code validates on the app's validation set: the same held-out examples in the same order
 * (engine/data/heldOut.ts), so train.py's held-out loss and accuracy are the app's numbers for the same weights.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { validationBatches } from '../../../engine/data/heldOut';
import { exportPyTorch, initialWeights } from '../../../engine/export';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { runTraining } from '../../../engine/train/runTraining';
import { jsonLines, python, pythonUnavailable, writeFiles } from '../../fixtures/export/harness';
import { tinyTaggerDoc } from '../train/tinyGraphs';

const unavailable = pythonUnavailable();
if (unavailable) console.warn(`PyTorch validation parity skipped: ${unavailable}.`);

const dir = mkdtempSync(join(tmpdir(), 'tensorloom-export-validation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STEPS = 4;

describe('the exported validation set', () => {
  it('holds the app’s validation rows in order, and train.py measures the app’s held-out loss and accuracy', async () => {
    const base = tinyTaggerDoc({ d: 8 });
    const doc = { ...base, training: { ...base.training, steps: STEPS, batchSize: 7, schedule: 'constant' as const } };
    const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: doc.training.seed });
    await initBackend('wasm');
    const weights = await initialWeights(doc);
    const files = exportPyTorch({ graph: doc, runs: [] }, { dataset, initialWeights: weights });

    const meta = JSON.parse(files.get('data/data.json') as string) as {
      validation: Record<string, { file: string; dtype: string; shape: number[] }>;
      validationBatchSize: number;
    };
    const expected = validationBatches(dataset, 7);
    const rows = expected.reduce((n, b) => n + b.tokens!.shape[0], 0);
    expect(rows).toBe(dataset.sizes.validation);
    expect(meta.validationBatchSize).toBe(7);
    expect(meta.validation.tokens.shape).toEqual([rows, expected[0].tokens!.shape[1]]);

    let app: { loss: number; accuracy?: number } | undefined;
    const result = await runTraining(doc, dataset, { initialState: { step: 0, weights }, validateEvery: STEPS }, {
      onProgress: (p) => void (p.validation && (app = p.validation)),
    });
    result.compiled.dispose();
    expect(app).toBeDefined();
    if (unavailable) return;

    writeFiles(dir, files);
    const r = python(['train.py', '--json', '--no-save', '--validate-every', String(STEPS)], dir);
    expect(r.status, r.stderr).toBe(0);
    const last = jsonLines(r.stdout).at(-1)!;
    console.log(`held-out loss: app ${app!.loss.toFixed(5)}, train.py ${last.validation_loss.toFixed(5)} over ${rows} examples`);
    expect(Math.abs(last.validation_loss - app!.loss)).toBeLessThan(2e-3);
    expect(Math.abs(last.validation_accuracy - app!.accuracy!)).toBeLessThan(2e-3);
    expect(readFileSync(join(dir, 'data.py'), 'utf8')).toContain('validationBatchSize');
  });
});

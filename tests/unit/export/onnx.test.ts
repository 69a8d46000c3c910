/**
 * `tensorloom export --to onnx`: model.onnx made from the exported PyTorch model passes Debian's onnx checker, for
 * GPT-mini and for the graph with every sequence block; an opset that lacks an operator names the blocks that use
 * it. Skipped, saying so, without /usr/bin/python3 with torch and onnx.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../app/cli';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { exportOnnx, initialWeights } from '../../../engine/export';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { everySequenceBlock } from '../../fixtures/export/coverageGraphs';
import { CHECK_IMPORTS, python, pythonUnavailable, writeFiles } from '../../fixtures/export/harness';

const torchMissing = pythonUnavailable();
const unavailable = torchMissing ?? (python(['-c', 'import onnx'], tmpdir()).status === 0 ? null : '/usr/bin/python3 has no onnx');
if (unavailable) console.warn(`ONNX export tests skipped: ${unavailable}.`);

const dir = mkdtempSync(join(tmpdir(), 'tensorloom-export-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What onnx's checker and the graph's signature say about a file: input and output names. */
function checked(file: string): { inputs: string[]; outputs: string[] } {
  const r = python(
    ['-c', 'import json, sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m); print(json.dumps([[i.name for i in m.graph.input], [o.name for o in m.graph.output]]))', file],
    dir,
  );
  expect(r.status, r.stderr).toBe(0);
  const [inputs, outputs] = JSON.parse(r.stdout) as string[][];
  return { inputs, outputs };
}

describe.skipIf(unavailable !== null)('ONNX export through PyTorch', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  it('tensorloom export gpt-mini --to onnx writes a model.onnx that onnx.checker accepts', async () => {
    const out = join(dir, 'gpt-mini-onnx');
    const err: string[] = [];
    const code = await runCli(['export', 'gpt-mini', '--to', 'onnx', '--out', out], { out: () => {}, err: (l) => err.push(l) });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['model.onnx', 'export_onnx.py', 'model.py', 'weights.safetensors']));
    expect(checked(join(out, 'model.onnx'))).toEqual({ inputs: ['tokens'], outputs: ['logits'] });
  });

  it('every sequence block has an ONNX form; an opset without tril names the causal blocks', async () => {
    const doc = everySequenceBlock(0.1);
    const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 1 }, nodeDataSources());
    const out = join(dir, 'every-block');
    writeFiles(out, exportOnnx({ graph: doc, runs: [] }, { dataset, initialWeights: await initialWeights(doc) }));
    expect(python([CHECK_IMPORTS, 'export_onnx.py'], out).stdout.trim()).toBe('');
    const made = python(['export_onnx.py'], out);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/onnx.checker found no problem/);
    expect(checked(join(out, 'model.onnx')).inputs).toEqual(['tokens']);

    const old = python(['export_onnx.py', '--opset', '13', '--out', 'old.onnx'], out);
    expect(old.status).toBe(1);
    expect(old.stderr).toMatch(/No ONNX form at opset 13: .*aten::tril.* It is used by: Scaled Dot-Product Attention \(sdpa\)\./);
    expect(existsSync(join(out, 'old.onnx'))).toBe(false);
  });
});

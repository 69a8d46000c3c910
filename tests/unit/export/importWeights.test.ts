/**
 * `tensorloom import-weights`: weights trained for 20 steps by the exported train.py come back as a model file
 * whose logits in the app equal PyTorch's on the same input, and which `tensorloom predict` answers with.
 * Weights that do not fit the graph are refused with coded problems naming the block, and nothing is written.
 * The checks against a file need no Python; the round trip runs Debian's /usr/bin/python3 with torch.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { createRng } from '../../../engine/data/rng';
import { importTorchWeights, initialWeights, planModel, readSafetensors, torchWeights, writeSafetensors } from '../../../engine/export';
import { EngineError } from '../../../engine/graph/errors';
import { readModelFile } from '../../../engine/io/modelFile';
import { templateById } from '../../../engine/templates';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { appLogits, python, pythonLogits, pythonUnavailable, relativeError } from '../../fixtures/export/harness';
import { runCliCaptured } from '../../fixtures/cli';

const unavailable = pythonUnavailable();
if (unavailable) console.warn(`PyTorch round-trip test skipped: ${unavailable}.`);

const dir = mkdtempSync(join(tmpdir(), 'tensorloom-import-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCliCaptured;

function problemsOf(fn: () => unknown): Array<[string, string | undefined, string]> {
  try {
    fn();
  } catch (err) {
    if (err instanceof EngineError) return err.problems.map((p) => [p.code, p.nodeId, p.message]);
    throw err;
  }
  throw new Error('expected an EngineError');
}

describe('importing PyTorch weights: checks', () => {
  const doc = templateById('reverse')!.build();
  let reference: Awaited<ReturnType<typeof initialWeights>>;
  let torch: ReturnType<typeof torchWeights>;

  beforeAll(async () => {
    await initBackend('cpu');
    reference = await initialWeights(doc);
    torch = torchWeights(planModel(doc).weights, reference);
  });

  it('reads back exactly what the export wrote', () => {
    const back = importTorchWeights(doc, writeSafetensors(torch, { step: '7' }), reference);
    expect(back.step).toBe(7);
    expect(back.weights.map((w) => w.name)).toEqual(reference.map((w) => w.name));
    back.weights.forEach((w, i) => expect(w.data).toEqual(reference[i].data));
  });

  it('a tensor of another shape, a missing one and a stranger each name their block', () => {
    const embedding = torch.findIndex((t) => t.shape.length === 2 && t.name.includes('embed'));
    const embedNode = planModel(doc).weights[embedding].nodeId;
    const label = doc.nodes.find((n) => n.id === embedNode)!.label || embedNode;
    const wrong = torch.map((t, i) => (i === embedding ? { name: t.name, shape: [t.shape[0] - 1, t.shape[1]], data: t.data.subarray(t.shape[1]) } : t));
    const [shape] = problemsOf(() => importTorchWeights(doc, writeSafetensors(wrong), reference, 'trained.safetensors'));
    expect(shape[0]).toBe('E_WEIGHTS_MISMATCH');
    expect(shape[1]).toBe(embedNode);
    expect(shape[2]).toContain(`${label}: “${torch[embedding].name}” is ${torch[embedding].shape[0] - 1}×${torch[embedding].shape[1]} in “trained.safetensors”, but the graph needs ${torch[embedding].shape.join('×')}`);

    const missing = problemsOf(() => importTorchWeights(doc, writeSafetensors(torch.filter((_, i) => i !== embedding)), reference));
    expect(missing).toEqual([['E_WEIGHTS_MISMATCH', embedNode, expect.stringContaining(`has no “${torch[embedding].name}”`)]]);

    const extra = problemsOf(() => importTorchWeights(doc, writeSafetensors([...torch, { name: 'head.extra', shape: [2], data: new Float32Array(2) }]), reference));
    expect(extra).toEqual([['E_WEIGHTS_MISMATCH', undefined, expect.stringContaining('has “head.extra” (2), which no block of')]]);
  });

  it('refuses bytes that are not float32 safetensors and weights that are not finite', () => {
    expect(problemsOf(() => importTorchWeights(doc, new TextEncoder().encode('not a tensor file'), reference))[0][0]).toBe('E_MODEL_WEIGHTS');
    const nan = torch.map((t, i) => (i === 0 ? { ...t, data: t.data.map((v, j) => (j === 0 ? Number.NaN : v)) } : t));
    const [p] = problemsOf(() => importTorchWeights(doc, writeSafetensors(nan), reference));
    expect(p[0]).toBe('E_MODEL_WEIGHTS');
    expect(p[1]).toBe(planModel(doc).weights[0].nodeId);
  });

  it('the command writes nothing when the weights do not fit', async () => {
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, writeSafetensors(torch.slice(1)));
    const out = join(dir, 'refused.tlgraph');
    const r = await cli('import-weights', 'reverse', bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/^E_WEIGHTS_MISMATCH: .*“bad\.safetensors” has no/);
    expect(existsSync(out)).toBe(false);
    expect((await cli('import-weights', 'reverse', bad)).err.join('\n')).toMatch(/^E_USAGE_ARGUMENTS: Say which graph, which weights and where to/);
  });
});

describe.skipIf(unavailable !== null)('importing PyTorch weights: the round trip', () => {
  it('char-rnn trained 20 steps by train.py: the imported model gives PyTorch’s logits and answers predict', async () => {
    await initBackend('cpu');
    const folder = join(dir, 'char-rnn-pytorch');
    const exported = await cli('export', 'char-rnn', '--to', 'pytorch', '--out', folder);
    expect(exported.err).toEqual([]);
    const trained = python(['train.py', '--steps', '20', '--batch-size', '4', '--validate-every', '0'], folder);
    expect(trained.status, trained.stderr).toBe(0);
    const weightsFile = join(folder, 'trained.safetensors');
    expect(readSafetensors(new Uint8Array(readFileSync(weightsFile))).metadata.step).toBe('20');

    const model = join(dir, 'char-rnn-imported.tlgraph');
    const imported = await cli('import-weights', 'char-rnn', weightsFile, '--out', model, '--json');
    expect(imported.err).toEqual([]);
    expect(JSON.parse(imported.out[0])).toMatchObject({ event: 'imported', step: 20 });
    const read = readModelFile(new Uint8Array(readFileSync(model)));
    if (!read.ok) throw new Error(read.problems.map((p) => p.message).join('\n'));
    const { graph, trained: state, tokenizer } = read.contents;
    expect(state!.step).toBe(20);
    expect(tokenizer).toBeDefined();
    // PyTorch trained the LSTM's bias_hh too (zero in the export): it is folded into the app's one bias.
    const fresh = await initialWeights(graph);
    expect(state!.weights.map((w) => w.name)).toEqual(fresh.map((w) => w.name));

    const dataset = await createDataset(graph.training.dataset, { lengths: graphFeedLengths(graph), seed: 1 }, nodeDataSources());
    const plan = planModel(graph);
    const batch = dataset.batch(3, 'validation', createRng(5));
    const app = appLogits(graph, state!.weights, batch).get(plan.heads[0].nodeId)!;
    const [torch] = pythonLogits(folder, plan.feeds, batch, weightsFile);
    const error = relativeError(torch.data, app.data);
    console.log(`char-rnn after 20 PyTorch steps, imported: logits relative error ${error.toExponential(2)}`);
    expect(error).toBeLessThan(1e-5);

    const answer = await cli('predict', model, 'Call me', '--max-tokens', '20', '--backend', 'cpu');
    expect(answer.code, answer.err.join('\n')).toBe(0);
    expect(answer.out.join('\n').length).toBeGreaterThan(0);
  });
});

/**
 * The exported GPT-mini as a PyTorch user runs it: model.py stays short enough to read, torchrun with two processes
 * (gloo on CPU) trains exactly as one process with the same global batch, --resume continues a saved run, weights
 * trained in PyTorch load back into the app with the same logits, and predict.py continues a prompt.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { createRng } from '../../../engine/data/rng';
import { exportPyTorch, initialWeights, planModel, readSafetensors, tfjsWeights } from '../../../engine/export';
import type { GraphDoc } from '../../../engine/graph/schema';
import type { NamedTensor } from '../../../engine/io/modelContents';
import { templateById } from '../../../engine/templates';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { appLogits, jsonLines, python, pythonLogits, pythonUnavailable, relativeError, run, shortRun, writeFiles } from '../../fixtures/export/harness';

const unavailable = pythonUnavailable();
if (unavailable) console.warn(`PyTorch export tests skipped: ${unavailable}.`);

const dir = mkdtempSync(join(tmpdir(), 'tensorloom-export-gpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Model.py's budget: a file a learner reads top to bottom. */
const MODEL_LINES = 170;
const STEPS = 6;

describe.skipIf(unavailable !== null)('exported GPT-mini, outside the app', () => {
  let doc: GraphDoc;
  let weights: NamedTensor[];
  let single: number[];

  beforeAll(async () => {
    await initBackend('cpu');
    // A constant learning rate, so a run stopped at step 3 and resumed follows the same schedule as one that was not.
    const base = shortRun(templateById('gpt-mini')!.build(), { steps: STEPS, batchSize: 4, lmLength: 16 });
    doc = { ...base, training: { ...base.training, schedule: 'constant' } };
    const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: doc.training.seed }, nodeDataSources());
    weights = await initialWeights(doc);
    writeFiles(dir, exportPyTorch({ graph: doc, runs: [] }, { dataset, initialWeights: weights }));
    const r = python(['train.py', '--json', '--no-save'], dir);
    expect(r.status, r.stderr).toBe(0);
    single = jsonLines(r.stdout).map((l) => l.loss);
  });

  it(`model.py reads like a textbook: at most ${MODEL_LINES} lines, none wider than 120 characters`, () => {
    const lines = readFileSync(join(dir, 'model.py'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(MODEL_LINES);
    expect(lines.filter((l) => l.length > 120)).toEqual([]);
    const text = lines.join('\n');
    expect(text).toContain('class GPTMini(nn.Module):');
    expect(text).toContain('self.decoder = nn.ModuleList(DecoderBlock(c) for _ in range(c.n_layers))  # Decoder block ×2');
    expect(text).toContain('# (B, h, T_q, T_k)');
    expect(text).toContain('attn = self.attn(x)  # Masked self-attention: (B, T, 128)');
  });

  it('torchrun --nproc_per_node=2 (gloo) gives the one-process losses for the same global batch; both ranks exit 0', () => {
    expect(single).toHaveLength(STEPS);
    // Debian's torchrun (PyTorch 1.13 on Python 3.11) cannot parse its default log options: name them.
    const launcher = existsSync('/usr/bin/torchrun') ? ['/usr/bin/torchrun'] : ['/usr/bin/python3', '-m', 'torch.distributed.run'];
    const r = run(launcher[0], [...launcher.slice(1), '--standalone', '--nproc_per_node=2', '--redirects', '1', '--tee', '1', 'train.py', '--json', '--no-save'], dir);
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    expect(r.stderr).not.toMatch(/failed|Traceback/);
    const rank0 = jsonLines(r.stdout, 0).map((l) => l.loss);
    expect(jsonLines(r.stdout, 1)).toEqual([]);
    const worst = Math.max(...rank0.map((l, i) => Math.abs(l - single[i])));
    console.log(`torchrun ×2 vs one process over ${STEPS} steps: largest loss difference ${worst.toExponential(2)}`);
    expect(rank0).toHaveLength(STEPS);
    expect(worst).toBeLessThan(1e-4);
  });

  it('--resume continues a saved run as if it had never stopped', () => {
    const first = python(['train.py', '--steps', '3', '--json', '--out', 'checkpoint.pt'], dir);
    expect(first.status, first.stderr).toBe(0);
    expect(existsSync(join(dir, 'checkpoint.pt'))).toBe(true);
    const rest = python(['train.py', '--resume', 'checkpoint.pt', '--json', '--no-save'], dir);
    expect(rest.status, rest.stderr).toBe(0);
    const losses = [...jsonLines(first.stdout), ...jsonLines(rest.stdout)].map((l) => l.loss);
    expect(losses).toHaveLength(STEPS);
    expect(Math.max(...losses.map((l, i) => Math.abs(l - single[i])))).toBeLessThan(1e-6);
  });

  it('weights trained by train.py load back into the app and give the same logits there', async () => {
    // The previous test's first run saved trained.safetensors after 3 steps.
    const trained = readSafetensors(new Uint8Array(readFileSync(join(dir, 'trained.safetensors'))));
    expect(trained.metadata.step).toBe('3');
    const plan = planModel(doc);
    const back = tfjsWeights(plan.weights, trained.tensors, weights);
    expect(back.map((w) => w.name).sort()).toEqual(weights.map((w) => w.name).sort());
    expect(back.find((w) => w.name.endsWith('/embeddings'))!.data).not.toEqual(weights.find((w) => w.name.endsWith('/embeddings'))!.data);
    const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: 1 }, nodeDataSources());
    const batch = dataset.batch(3, 'validation', createRng(3));
    const app = appLogits(doc, back, batch).get(plan.heads[0].nodeId)!;
    const [torch] = pythonLogits(dir, plan.feeds, batch, join(dir, 'trained.safetensors'));
    expect(relativeError(torch.data, app.data)).toBeLessThan(1e-4);
  });

  it('predict.py continues a prompt', () => {
    const r = python(['predict.py', 'Call me', '--max-tokens', '8', '--temperature', '0.8', '--top-k', '5'], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.startsWith('Call me')).toBe(true);
    expect(r.stdout.trimEnd().length).toBeGreaterThan('Call me'.length);
  });
});

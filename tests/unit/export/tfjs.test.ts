/**
 * `--to tfjs`: every template (and the graphs that use every other block kind and option) exported as a tfjs
 * layers model loads in a separate Node process that has only @tensorflow/tfjs and the exported
 * tensorloom-layers.js — none of Tensorloom's code — and gives the app's logits on the same (cpu) backend within
 * 1e-6. The layer module shipped in the export is what engine/layers/ bundle to now.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../app/cli';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { createDataset } from '../../../engine/data';
import { createRng } from '../../../engine/data/rng';
import type { Batch } from '../../../engine/data/types';
import { exportTfjs, initialWeights, type TfjsSignature } from '../../../engine/export';
import type { GraphDoc } from '../../../engine/graph/schema';
import type { NamedTensor } from '../../../engine/io/modelContents';
import { templates } from '../../../engine/templates';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { LAYERS_MODULE_PATH, layersModuleSource } from '../../../scripts/build-tfjs-layers';
import { everySequenceBlock, gruTranslator, vectorsAndStates } from '../../fixtures/export/coverageGraphs';
import { appLogits, perturbed, relativeError, withLeftPadding, writeFiles } from '../../fixtures/export/harness';

const REPO = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'tensorloom-export-tfjs-'));
// The exported module imports the bare name '@tensorflow/tfjs', which Node resolves from the folder upwards.
symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The README's Node snippet, looped over folders: each model's outputs for the request's ids, written as float32. */
const LOADER = String.raw`
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';

const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const shapes = {};
const errors = {};
for (const job of jobs) {
  try {
    await import(pathToFileURL(join(job.folder, 'tensorloom-layers.js')).href);
    const json = JSON.parse(readFileSync(join(job.folder, 'model.json'), 'utf8'));
    const weightData = Buffer.concat(json.weightsManifest[0].paths.map((p) => readFileSync(join(job.folder, p))));
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(weightData).buffer }),
    );
    const inputs = json.userDefinedMetadata.tensorloom.inputs.map((i) => tf.tensor(job.inputs[i.feed], job.shapes[i.feed], 'int32'));
    const out = model.predict(inputs.length === 1 ? inputs[0] : inputs);
    const list = Array.isArray(out) ? out : [out];
    shapes[job.folder] = list.map((t) => t.shape);
    writeFileSync(join(job.folder, 'logits.bin'), Buffer.concat(list.map((t) => Buffer.from(t.dataSync().buffer))));
  } catch (err) {
    errors[job.folder] = String(err && err.stack || err);
  }
}
console.log(JSON.stringify({ backend: tf.getBackend(), shapes, errors }));
`;

interface Case {
  name: string;
  doc: GraphDoc;
}

const cases: Case[] = [
  ...templates.map((t) => ({ name: t.id, doc: t.build() })),
  { name: 'every-sequence-block', doc: everySequenceBlock(0.2) },
  { name: 'vectors-and-states', doc: vectorsAndStates(0.2) },
  { name: 'gru-translator', doc: gruTranslator() },
];

interface Exported {
  name: string;
  doc: GraphDoc;
  weights: NamedTensor[];
  batch: Batch;
  folder: string;
  signature: TfjsSignature;
}

describe('tfjs export', () => {
  const exported: Exported[] = [];
  let loaded: { backend: string; shapes: Record<string, number[][]>; errors: Record<string, string> };

  beforeAll(async () => {
    await initBackend('cpu');
    for (const [index, { name, doc }] of cases.entries()) {
      const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: doc.training.seed }, nodeDataSources());
      const weights = perturbed(await initialWeights(doc), 500 + index);
      const folder = join(dir, name);
      // Small shards, so models of a few hundred KiB are split too and the loader must join them.
      writeFiles(folder, await exportTfjs({ graph: doc, trained: { step: 12, weights }, runs: [] }, { dataset, shardBytes: 256 * 1024 }));
      const signature = (JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { userDefinedMetadata: { tensorloom: TfjsSignature } }).userDefinedMetadata.tensorloom;
      const feeds = signature.inputs.map((i) => i.feed);
      const batch = withLeftPadding(dataset.batch(3, 'validation', createRng(17)), feeds, 3);
      exported.push({ name, doc, weights, batch, folder, signature });
    }
    const jobs = exported.map((e) => ({
      folder: e.folder,
      inputs: Object.fromEntries(e.signature.inputs.map((i) => [i.feed, Array.from(e.batch[i.feed as keyof Batch]!.data)])),
      shapes: Object.fromEntries(e.signature.inputs.map((i) => [i.feed, e.batch[i.feed as keyof Batch]!.shape])),
    }));
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify(jobs));
    writeFileSync(join(dir, 'load.mjs'), LOADER);
    const r = spawnSync(process.execPath, [join(dir, 'load.mjs'), join(dir, 'jobs.json')], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`the loader failed:\n${r.stderr}`);
    loaded = JSON.parse(r.stdout.trim().split('\n').pop()!) as typeof loaded;
  }, 600_000);

  it('writes model.json with its shards, the layer module, the vocabulary and a README', () => {
    const gpt = exported.find((e) => e.name === 'gpt-mini')!;
    const files = readdirSync(gpt.folder).sort();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'model.json', 'tensorloom-layers.js', 'vocab.json']));
    const shards = files.filter((f) => /^group1-shard\d+of\d+\.bin$/.test(f));
    expect(shards.length).toBeGreaterThan(1);
    const json = JSON.parse(readFileSync(join(gpt.folder, 'model.json'), 'utf8')) as { format: string; weightsManifest: Array<{ paths: string[]; weights: Array<{ shape: number[] }> }> };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(shards.sort((a, b) => Number(/shard(\d+)/.exec(a)![1]) - Number(/shard(\d+)/.exec(b)![1])));
    const values = json.weightsManifest[0].weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(shards.reduce((n, f) => n + readFileSync(join(gpt.folder, f)).length, 0)).toBe(4 * values);
    expect(gpt.signature).toMatchObject({ inputs: [{ feed: 'tokens' }], task: 'lm', step: 12 });
    const vocab = JSON.parse(readFileSync(join(gpt.folder, 'vocab.json'), 'utf8')) as { task: string; input: { tokens: string[] } };
    expect(vocab.task).toBe('lm');
    expect(vocab.input.tokens.slice(0, 3)).toEqual(['[PAD]', '[UNK]', '[BOS]']);
    const readme = readFileSync(join(gpt.folder, 'README.md'), 'utf8');
    expect(readme).toContain("import './tensorloom-layers.js';");
    expect(readme).toContain("tf.loadLayersModel('./model.json')");
  });

  cases.forEach(({ name }) => {
    it(`${name}: loads with only tfjs and tensorloom-layers.js and gives the app's logits`, () => {
      const e = exported.find((x) => x.name === name)!;
      expect(loaded.backend).toBe('cpu');
      expect(loaded.errors[e.folder], loaded.errors[e.folder]).toBeUndefined();
      const app = appLogits(e.doc, e.weights, e.batch);
      const shapes = loaded.shapes[e.folder];
      const bytes = readFileSync(join(e.folder, 'logits.bin'));
      const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      let at = 0;
      e.signature.outputs.forEach((o, i) => {
        const expected = app.get(o.head)!;
        expect(shapes[i]).toEqual(expected.shape);
        const n = shapes[i].reduce((a, b) => a * b, 1);
        const error = relativeError(all.slice(at, at + n), expected.data);
        at += n;
        console.log(`${name} ${o.label}: tfjs export logits relative error ${error.toExponential(2)}`);
        expect(error).toBeLessThan(1e-6);
      });
    });
  });

  it('tensorloom export --to tfjs writes the folder', async () => {
    const out = join(dir, 'cli-reverse');
    const err: string[] = [];
    const lines: string[] = [];
    const code = await runCli(['export', 'reverse', '--to', 'tfjs', '--out', out, '--json'], { out: (l) => lines.push(l), err: (l) => err.push(l) });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(JSON.parse(lines[0])).toMatchObject({ event: 'exported', to: 'tfjs' });
    expect(readdirSync(out).sort()).toEqual(['README.md', 'group1-shard1of1.bin', 'model.json', 'tensorloom-layers.js', 'vocab.json']);
  });

  it('the shipped tensorloom-layers.js is what engine/layers/ bundle to now (npm run build:tfjs-layers)', async () => {
    expect(existsSync(LAYERS_MODULE_PATH)).toBe(true);
    expect(readFileSync(LAYERS_MODULE_PATH, 'utf8')).toBe(await layersModuleSource());
  });
});

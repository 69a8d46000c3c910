/**
 * `tensorloom export`: a template, a graph file or a trained model becomes a PyTorch folder; an unknown target, a
 * folder that already holds files (without --force) and a graph with problems are refused with coded errors before
 * anything is written. Needs no Python.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPyTorch, planModel, readSafetensors, torchWeights } from '../../../engine/export';
import { EngineError } from '../../../engine/graph/errors';
import { readModelFile } from '../../../engine/io/modelFile';
import { templateById } from '../../../engine/templates';
import { makeDoc } from '../../fixtures/docBuilder';
import { runCliCaptured } from '../../fixtures/cli';

const dir = mkdtempSync(join(tmpdir(), 'tensorloom-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCliCaptured;

const EXPORTED = ['README.md', 'data', 'data.py', 'model.py', 'predict.py', 'train.py', 'weights.safetensors'];

/** A graph whose attention has no query and whose head has no targets. */
function brokenGraph(): string {
  const doc = makeDoc(
    {
      tokens: { kind: 'tokenInput', params: { length: 8 } },
      embed: { kind: 'embedding', params: { vocabSize: 27, dModel: 16 }, label: 'Symbols in' },
      attn: { kind: 'multiHeadAttention', params: { heads: 3 }, label: 'Look around' },
      logits: { kind: 'dense', params: { units: 27 } },
      loss: { kind: 'lmHead', label: 'Loss' },
    },
    ['tokens.out -> embed.in', 'embed.out -> attn.query', 'attn.out -> logits.in', 'logits.out -> loss.logits'],
  );
  return JSON.stringify({ ...doc, training: { ...doc.training, dataset: 'reverse' } });
}

describe('tensorloom export', () => {
  it('writes a template as a PyTorch folder', async () => {
    const out = join(dir, 'reverse-pytorch');
    const r = await cli('export', 'reverse', '--to', 'pytorch', '--out', out, '--json');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(EXPORTED);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]); // the staging folder is gone
    const event = JSON.parse(r.out[0]) as { event: string; files: string[] };
    expect(event.event).toBe('exported');
    expect(event.files).toContain('model.py');
    expect(readFileSync(join(out, 'model.py'), 'utf8')).toContain('class Reverse(nn.Module):');
  });

  it('exports a trained model with its step, weights and Adam moments', async () => {
    const saved = join(dir, 'trained.tlgraph');
    expect((await cli('train', 'reverse', '--steps', '2', '--batch', '4', '--backend', 'cpu', '--save', saved, '--json')).code).toBe(0);
    const out = join(dir, 'trained-export');
    const r = await cli('export', saved, '--to', 'pytorch', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/trained for 2 steps/);
    expect(readdirSync(out)).toContain('optimizer.safetensors');
    expect(readFileSync(join(out, 'train.py'), 'utf8')).toContain('START_STEP = 2');
    const model = readModelFile(new Uint8Array(readFileSync(saved)));
    if (!model.ok) throw new Error('unreadable model');
    const expected = torchWeights(planModel(model.contents.graph).weights, model.contents.trained!.weights);
    const written = readSafetensors(new Uint8Array(readFileSync(join(out, 'weights.safetensors'))));
    expect(written.metadata.step).toBe('2');
    expect(written.tensors.map((t) => t.name)).toEqual(expected.map((t) => t.name));
    written.tensors.forEach((t, i) => expect(t.data).toEqual(expected[i].data));
    const moments = readSafetensors(new Uint8Array(readFileSync(join(out, 'optimizer.safetensors'))));
    expect(moments.metadata.iterations).toBe('2');
    expect(moments.tensors.length).toBe(2 * model.contents.trained!.weights.length);
  });

  it('refuses an unknown target with E_EXPORT_TARGET and writes nothing', async () => {
    const out = join(dir, 'keras');
    const r = await cli('export', 'reverse', '--to', 'keras', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/^E_EXPORT_TARGET: There is no exporter for “keras”\. Fix: Export with --to pytorch/);
    expect(existsSync(out)).toBe(false);
    expect((await cli('export', 'reverse', '--out', out)).err.join('\n')).toMatch(/^E_BAD_PARAM: Say what to export to/);
  });

  it('does not write into a folder that holds files unless told to (--force)', async () => {
    const out = join(dir, 'occupied');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const refused = await cli('export', 'gpt-mini', '--to', 'pytorch', '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/^E_EXPORT_EXISTS: The folder “.*occupied” already holds 1 file \(notes\.txt\); nothing was written\./);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    const forced = await cli('export', 'gpt-mini', '--to', 'pytorch', '--out', out, '--force');
    expect(forced.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([...EXPORTED, 'notes.txt'].sort());
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('names the problems of a broken graph and writes nothing', async () => {
    const graph = join(dir, 'broken.json');
    writeFileSync(graph, brokenGraph());
    const out = join(dir, 'broken-export');
    const r = await cli('export', graph, '--to', 'pytorch', '--out', out);
    expect(r.code).toBe(2);
    const text = r.err.join('\n');
    expect(text).toMatch(/E_HEADS_DIVIDE: .*Look around/);
    expect(text).toMatch(/E_MISSING_INPUT: Loss has nothing connected to its “targets” input/);
    expect(existsSync(out)).toBe(false);
  });

  it('the engine function refuses a broken graph with the same coded problems', () => {
    const doc = JSON.parse(brokenGraph());
    let error: unknown;
    try {
      exportPyTorch({ graph: doc, runs: [] }, { dataset: undefined as never, initialWeights: [] });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).problems.map((p) => [p.code, p.nodeId])).toEqual(
      expect.arrayContaining([
        ['E_HEADS_DIVIDE', 'attn'],
        ['E_MISSING_INPUT', 'loss'],
      ]),
    );
    // A graph with no head has nothing to train.
    const headless = templateById('reverse')!.build();
    headless.nodes = headless.nodes.filter((n) => n.kind !== 'lmHead');
    headless.edges = headless.edges.filter((e) => e.target !== 'loss');
    expect(() => exportPyTorch({ graph: headless, runs: [] }, { dataset: undefined as never })).toThrow(/E_NO_HEAD/);
  });
});

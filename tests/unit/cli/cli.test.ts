import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { templateById, templates } from '../../../engine/templates';
import { runCliCaptured } from '../../fixtures/cli';

const BIN = resolve(__dirname, '../../../bin/tensorloom.mjs');
const dir = mkdtempSync(join(tmpdir(), 'tensorloom-cli-'));

const cli = runCliCaptured;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tensorloom command line', () => {
  it('trains a template with --json from any directory: progress lines, then a done line', () => {
    const run = spawnSync(process.execPath, [BIN, 'train', 'reverse', '--steps', '3', '--batch', '4', '--seed', '7', '--json'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const progress = lines.filter((l) => l.event === 'progress');
    expect(progress.map((p) => p.step)).toEqual([1, 2, 3]);
    const done = lines[lines.length - 1];
    expect(done).toMatchObject({ event: 'done', status: 'done', steps: 3, firstLoss: progress[0].loss, lastLoss: progress[2].loss });
    expect(done.firstLoss).toBeGreaterThan(0);
    expect(done.accuracy).toBeGreaterThanOrEqual(0);
    expect(done.accuracy).toBeLessThanOrEqual(1);
    expect(done.tokensPerSec).toBeGreaterThan(0);
  });

  it('exits non-zero with the code on stderr for an unknown template, through the bin too', () => {
    const run = spawnSync(process.execPath, [BIN, 'train', 'no-such-model', '--json'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^E_UNKNOWN_TEMPLATE: There is no template or file called “no-such-model”/);
  });

  it('reports a missing file, malformed JSON and an invalid graph by code', async () => {
    const missing = await cli('train', join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/^E_UNKNOWN_TEMPLATE/);

    const malformed = await cli('train', file('broken.json', '{"formatVersion": 1, "nodes": ['));
    expect(malformed.code).toBe(2);
    expect(malformed.err[0]).toMatch(/^E_PARSE_JSON/);

    const doc = templateById('reverse')!.build();
    doc.edges = doc.edges.filter((e) => e.targetPort !== 'logits');
    const unwired = await cli('train', file('unwired.json', JSON.stringify(doc)));
    expect(unwired.code).toBe(2);
    expect(unwired.err.join('\n')).toMatch(/^E_MISSING_INPUT: Per-token loss has nothing connected to its “logits” input/m);
  });

  it('refuses a graph whose output width does not match its dataset', async () => {
    const doc = templateById('reverse')!.build();
    doc.nodes.find((n) => n.id === 'logits')!.params.units = 30;
    const result = await cli('train', file('wide.json', JSON.stringify(doc)), '--steps', '1');
    expect(result.code).toBe(2);
    expect(result.err).toEqual(['E_VOCAB_MISMATCH: Dense ‘To symbols’ has 30 units but the dataset has 27 tokens. Fix: Set units to 27.']);
  });

  it('checks its options', async () => {
    const steps = await cli('train', 'reverse', '--steps', 'many');
    expect(steps.code).toBe(2);
    expect(steps.err[0]).toMatch(/^E_BAD_PARAM: --steps must be a whole number/);
    const backend = await cli('train', 'reverse', '--backend', 'gpu');
    expect(backend.code).toBe(2);
    expect(backend.err[0]).toMatch(/^E_BAD_PARAM: --backend must be cpu or wasm/);
    expect((await cli('fly')).code).toBe(2);
    expect((await cli()).code).toBe(2);
  });

  it('lists the templates, as text or JSON lines', async () => {
    const text = await cli('templates');
    expect(text.code).toBe(0);
    expect(text.out).toHaveLength(templates.length);
    expect(text.out[0].startsWith('reverse')).toBe(true);
    const json = await cli('templates', '--json');
    expect(json.out.map((l) => JSON.parse(l).id)).toEqual(templates.map((t) => t.id));
  });
});

describe('warnings before a run', () => {
  it('says on stderr (or as a JSON line) which output goes nowhere, and trains anyway', async () => {
    const doc = templateById('reverse')!.build();
    const logits = doc.nodes.find((n) => n.kind === 'dense')!;
    const input = doc.edges.find((e) => e.target === logits.id)!;
    doc.nodes.push({ ...logits, id: 'spare', label: 'Spare dense' });
    doc.edges.push({ ...input, id: 'to-spare', target: 'spare' });
    const path = file('spare.json', JSON.stringify(doc));

    const plain = await cli('train', path, '--steps', '1', '--batch', '2');
    expect(plain.code).toBe(0);
    expect(plain.err.filter((l) => l.startsWith('warning '))).toEqual([expect.stringMatching(/^warning E_UNUSED_OUTPUT: The output of .*Spare dense.* goes nowhere/)]);

    const json = await cli('train', path, '--steps', '1', '--batch', '2', '--json');
    expect(json.code).toBe(0);
    const events = json.out.map((l) => JSON.parse(l));
    expect(events.find((e) => e.event === 'warning')).toMatchObject({ code: 'E_UNUSED_OUTPUT', nodeId: 'spare' });
  });
});

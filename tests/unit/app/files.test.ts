import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultAtomicWriteFs, type AtomicWriteFs } from '../../../app/atomicWrite';
import { MAX_MODEL_FILE_BYTES, openModelFile, safeSuggestedName, saveModelFile, writeExportFile } from '../../../app/files';
import { writeModelFile } from '../../../engine/io/modelFile';
import { makeDoc } from '../../fixtures/docBuilder';

const graphText = JSON.stringify(makeDoc({ layer1: { kind: 'dense' } }, []), null, 2);
/** A small trained model: one dense block's kernel after five steps. */
const trainedBytes = writeModelFile({
  graph: makeDoc({ layer1: { kind: 'dense' } }, []),
  trained: { step: 5, weights: [{ name: 'layer1/kernel', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }] },
  runs: [],
});

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-files-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('openModelFile', () => {
  it('returns the name and exact bytes of a trained model, read back whole by the engine', async () => {
    const result = await openModelFile(write('model.tlgraph', Buffer.from(trainedBytes)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file.name).toBe('model.tlgraph');
    expect([...result.file.bytes]).toEqual([...trainedBytes]);
    expect(result.contents.trained?.step).toBe(5);
    expect([...result.contents.trained!.weights[0].data]).toEqual([1, 2, 3, 4]);
  });

  it('still opens an older .tlgraph.json graph, as a graph without weights', async () => {
    const result = await openModelFile(write('old.tlgraph.json', graphText));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(new TextDecoder().decode(result.file.bytes)).toBe(graphText);
    expect(result.contents.graph.nodes.map((n) => n.kind)).toEqual(['dense']);
    expect(result.contents.trained).toBeUndefined();
  });

  it.each([
    ['not JSON at all', 'this is { not json', 'E_MODEL_NOT_ZIP'],
    ['a prototype-polluting key', '{"formatVersion":1,"nodes":[],"edges":[],"__proto__":{"polluted":true}}', 'E_SCHEMA'],
    ['an array instead of a graph', '[1,2,3]', 'E_MODEL_NOT_ZIP'],
    ['a node of unknown kind', graphText.replace('"kind": "dense"', '"kind": "warpDrive"'), 'E_UNKNOWN_KIND'],
  ])('refuses %s with a coded error listing the engine problems', async (_what, content, problemCode) => {
    const result = await openModelFile(write('bad.tlgraph.json', content));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('E_FILE_INVALID');
    expect(result.error.message).toContain('bad.tlgraph.json');
    expect(result.error.problems?.[0]?.code).toBe(problemCode);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a damaged model file: cut short, or with a byte flipped inside the weights', async () => {
    const cut = await openModelFile(write('cut.tlgraph', Buffer.from(trainedBytes.subarray(0, trainedBytes.length - 40))));
    expect(cut.ok ? 'opened' : cut.error.code).toBe('E_FILE_INVALID');
    const flipped = Buffer.from(trainedBytes);
    flipped[Math.floor(flipped.length / 2)] ^= 0xff;
    const bad = await openModelFile(write('flipped.tlgraph', flipped));
    expect(bad.ok ? 'opened' : bad.error.code).toBe('E_FILE_INVALID');
    expect(bad.ok ? [] : bad.error.problems?.map((p) => p.code)).not.toHaveLength(0);
  });

  it('refuses binary data that is no model', async () => {
    const result = await openModelFile(write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0xc3])));
    expect(result.ok ? 'opened' : result.error.code).toBe('E_FILE_INVALID');
  });

  it('refuses a file over the size limit without reading it', async () => {
    const file = path.join(dir, 'huge.tlgraph');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_MODEL_FILE_BYTES + 1);
    const result = await openModelFile(file);
    expect(result.ok ? 'opened' : result.error.code).toBe('E_FILE_TOO_LARGE');
  });

  it('reports a missing file and a folder with their own codes', async () => {
    const missing = await openModelFile(path.join(dir, 'gone.tlgraph'));
    expect(missing.ok ? 'opened' : missing.error.code).toBe('E_FILE_NOT_FOUND');
    const folder = await openModelFile(dir);
    expect(folder.ok ? 'opened' : folder.error.code).toBe('E_FILE_ACCESS');
    // Each carries its coded problem, keyed, so the file dialog can say it in the UI language.
    for (const result of [missing, folder]) {
      const problem = result.ok ? undefined : result.error.problems?.[0];
      expect(problem?.key).toEqual(expect.any(String));
      expect(problem?.message).toBe(result.ok ? '' : result.error.message);
    }
  });
});

describe('saveModelFile', () => {
  it('round-trips bytes exactly, and keeps the previous version as .bak', async () => {
    const file = path.join(dir, 'model.tlgraph');
    const graphOnly = writeModelFile({ graph: makeDoc({ layer1: { kind: 'dense' } }, []), runs: [] });
    expect(await saveModelFile(file, graphOnly)).toEqual({ ok: true, name: 'model.tlgraph' });
    expect(await saveModelFile(file, trainedBytes)).toEqual({ ok: true, name: 'model.tlgraph' });
    const reopened = await openModelFile(file);
    expect(reopened.ok && [...reopened.file.bytes]).toEqual([...trainedBytes]);
    expect([...fs.readFileSync(`${file}.bak`)]).toEqual([...graphOnly]);
  });

  it('refuses bytes the engine rejects and leaves the file on disk untouched', async () => {
    const file = write('model.tlgraph', Buffer.from(trainedBytes));
    const hostile = new TextEncoder().encode('{"formatVersion":1,"nodes":[{"id":"a","kind":"nope"}],"edges":[]}');
    const result = await saveModelFile(file, hostile);
    expect(result.ok ? 'saved' : result.error.code).toBe('E_FILE_INVALID');
    expect([...fs.readFileSync(file)]).toEqual([...trainedBytes]);
    expect(fs.readdirSync(dir)).toEqual(['model.tlgraph']);
  });

  it('refuses a payload that is not bytes, and a graph-only copy that carries weights', async () => {
    const notBytes = await saveModelFile(path.join(dir, 'x.tlgraph'), graphText);
    expect(notBytes.ok ? 'saved' : notBytes.error.code).toBe('E_PAYLOAD');
    const leaky = await saveModelFile(path.join(dir, 'x.tlgraph'), trainedBytes, { graphOnly: true });
    expect(leaky.ok ? 'saved' : leaky.error.code).toBe('E_PAYLOAD');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses bytes over the size limit before the engine parses them', async () => {
    const oversized = new Uint8Array(MAX_MODEL_FILE_BYTES + 1);
    const result = await saveModelFile(path.join(dir, 'big.tlgraph'), oversized);
    expect(result.ok ? 'saved' : result.error.code).toBe('E_FILE_TOO_LARGE');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('turns a full disk into a coded error and keeps the previous version', async () => {
    const file = write('model.tlgraph', Buffer.from(trainedBytes));
    const fullDisk: AtomicWriteFs = {
      ...defaultAtomicWriteFs,
      rename: async () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
    };
    const result = await saveModelFile(file, writeModelFile({ graph: makeDoc({ other: { kind: 'dense' } }, []), runs: [] }), { fs: fullDisk });
    expect(result.ok ? 'saved' : result.error.code).toBe('E_FILE_WRITE');
    expect(result.ok ? '' : result.error.message).toMatch(/previous version is unchanged/);
    expect([...fs.readFileSync(file)]).toEqual([...trainedBytes]);
  });
});

describe('writeExportFile', () => {
  it('writes text and bytes exactly', async () => {
    const code = path.join(dir, 'model.py');
    const weights = path.join(dir, 'weights.bin');
    expect((await writeExportFile(code, 'import torch\n')).ok).toBe(true);
    expect((await writeExportFile(weights, new Uint8Array([1, 2, 255]))).ok).toBe(true);
    expect(fs.readFileSync(code, 'utf8')).toBe('import torch\n');
    expect([...fs.readFileSync(weights)]).toEqual([1, 2, 255]);
  });
});

describe('safeSuggestedName', () => {
  it('reduces whatever the UI suggests to a plain file name', () => {
    expect(safeSuggestedName('../../etc/passwd', 'x')).toBe('passwd');
    expect(safeSuggestedName('C:\\Users\\me\\model.tlgraph.json', 'x')).toBe('model.tlgraph.json');
    expect(safeSuggestedName('..', 'fallback')).toBe('fallback');
    expect(safeSuggestedName('.hidden', 'fallback')).toBe('hidden');
    expect(safeSuggestedName('tab\there', 'x')).toBe('tabhere');
    expect(safeSuggestedName(42, 'fallback')).toBe('fallback');
  });
});

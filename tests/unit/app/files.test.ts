import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultAtomicWriteFs, type AtomicWriteFs } from '../../../app/atomicWrite';
import { openGraphFile, safeSuggestedName, saveGraphFile, writeExportFile } from '../../../app/files';
import { MAX_DOCUMENT_BYTES } from '../../../engine/graph/parse';
import { makeDoc } from '../../fixtures/docBuilder';

const graphText = JSON.stringify(makeDoc({ layer1: { kind: 'dense' } }, []), null, 2);

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-files-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('openGraphFile', () => {
  it('returns the file name and text of a valid graph', async () => {
    const result = await openGraphFile(write('model.tlgraph.json', graphText));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file).toEqual({ name: 'model.tlgraph.json', text: graphText });
    expect(result.doc.nodes.map((n) => n.kind)).toEqual(['dense']);
  });

  it('accepts a UTF-8 byte-order mark, as some editors write one', async () => {
    const result = await openGraphFile(write('bom.tlgraph.json', `\uFEFF${graphText}`));
    expect(result.ok).toBe(true);
  });

  it.each([
    ['not JSON at all', 'this is { not json', 'E_PARSE_JSON'],
    ['a prototype-polluting key', '{"formatVersion":1,"nodes":[],"edges":[],"__proto__":{"polluted":true}}', 'E_SCHEMA'],
    ['an array instead of a graph', '[1,2,3]', 'E_SCHEMA'],
    ['a node of unknown kind', graphText.replace('"kind": "dense"', '"kind": "warpDrive"'), 'E_UNKNOWN_KIND'],
  ])('refuses %s with a coded error listing the engine problems', async (_what, content, problemCode) => {
    const result = await openGraphFile(write('bad.tlgraph.json', content));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('E_FILE_INVALID');
    expect(result.error.message).toContain('bad.tlgraph.json');
    expect(result.error.problems?.[0]?.code).toBe(problemCode);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses binary data as not text', async () => {
    const result = await openGraphFile(write('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0xc3])));
    expect(result.ok ? 'opened' : result.error.code).toBe('E_FILE_NOT_TEXT');
  });

  it('refuses a file over the size limit without reading it into a graph', async () => {
    const file = path.join(dir, 'huge.tlgraph.json');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_DOCUMENT_BYTES + 1);
    const result = await openGraphFile(file);
    expect(result.ok ? 'opened' : result.error.code).toBe('E_FILE_TOO_LARGE');
  });

  it('reports a missing file and a folder with their own codes', async () => {
    const missing = await openGraphFile(path.join(dir, 'gone.tlgraph.json'));
    expect(missing.ok ? 'opened' : missing.error.code).toBe('E_FILE_NOT_FOUND');
    const folder = await openGraphFile(dir);
    expect(folder.ok ? 'opened' : folder.error.code).toBe('E_FILE_ACCESS');
  });
});

describe('saveGraphFile', () => {
  it('round-trips: what is saved opens again unchanged, and the previous version is kept as .bak', async () => {
    const file = path.join(dir, 'model.tlgraph.json');
    expect(await saveGraphFile(file, graphText)).toEqual({ ok: true, name: 'model.tlgraph.json' });
    const edited = graphText.replace('"name": "test"', '"name": "edited"');
    expect(await saveGraphFile(file, edited)).toEqual({ ok: true, name: 'model.tlgraph.json' });
    const reopened = await openGraphFile(file);
    expect(reopened.ok && reopened.file.text).toBe(edited);
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe(graphText);
  });

  it('refuses a graph the engine rejects and leaves the file on disk untouched', async () => {
    const file = write('model.tlgraph.json', graphText);
    const result = await saveGraphFile(file, '{"formatVersion":1,"nodes":[{"id":"a","kind":"nope"}],"edges":[]}');
    expect(result.ok ? 'saved' : result.error.code).toBe('E_FILE_INVALID');
    expect(fs.readFileSync(file, 'utf8')).toBe(graphText);
    expect(fs.readdirSync(dir)).toEqual(['model.tlgraph.json']);
  });

  it('refuses a payload that is not text', async () => {
    const result = await saveGraphFile(path.join(dir, 'x.tlgraph.json'), { nodes: [] });
    expect(result.ok ? 'saved' : result.error.code).toBe('E_PAYLOAD');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('turns a full disk into a coded error and keeps the previous version', async () => {
    const file = write('model.tlgraph.json', graphText);
    const fullDisk: AtomicWriteFs = {
      ...defaultAtomicWriteFs,
      rename: async () => {
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      },
    };
    const result = await saveGraphFile(file, graphText.replace('"test"', '"changed"'), { fs: fullDisk });
    expect(result.ok ? 'saved' : result.error.code).toBe('E_FILE_WRITE');
    expect(result.ok ? '' : result.error.message).toMatch(/previous version is unchanged/);
    expect(fs.readFileSync(file, 'utf8')).toBe(graphText);
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

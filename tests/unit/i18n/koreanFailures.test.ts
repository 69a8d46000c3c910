/**
 * Failures whose words come from outside Tensorloom's own sentences — a library (zod, JSON.parse, the zip
 * reader's inflater), the system (a full disk, a refused write) or main's checks of what the page sent — read
 * as Korean sentences in the Korean UI: Hangul, no English sentence left in them, the library's own words kept
 * only as a secondary detail; in English they read as the CLI and the logs write them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAtomicWriteFs, type AtomicWriteFs } from '../../../app/atomicWrite';
import { checkExportFiles, writeExportFolder } from '../../../app/exportFolder';
import { saveModelFile, writeExportFile } from '../../../app/files';
import { createIpcService } from '../../../app/ipc/handlers';
import type { PlatformErrorInfo } from '../../../app/ipc/contract';
import { parseMenuDescription } from '../../../app/menu';
import { MESSAGES, parseDocument, type MessageKey, type Problem } from '../../../engine';
import { readModelFile, writeModelFile } from '../../../engine/io';
import { hostileModelFiles } from '../../fixtures/io/hostileModelFiles';
import { makeDoc } from '../../fixtures/docBuilder';
import { koMessages } from '../../../renderer/i18n/problems.ko';
import { PlatformError } from '../../../renderer/platform/PlatformError';
import { failureText, problemText } from '../../../renderer/problems/problemText';

/** Three or more Latin words in a row, outside “quoted” names: an English sentence (or most of one). */
function englishRun(text: string): string | undefined {
  const unquoted = text.replace(/“[^”]*”/g, '“…”');
  return /[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){2,}/.exec(unquoted)?.[0];
}

function expectKorean(text: string, what: string): void {
  expect(text, what).toMatch(/[가-힣]/);
  expect(englishRun(text), `${what}: ${text}`).toBeUndefined();
}

const validGraph = makeDoc({ tok: { kind: 'tokenInput' }, emb: { kind: 'embedding' } }, ['tok.out -> emb.in']);

describe('a graph file the JSON parser or the schema refuses', () => {
  it('says a JSON syntax error in Korean with its line and column, keeping the parser’s words as the detail', () => {
    const read = parseDocument('{\n  "name": "x",\n  "nodes": [1,, 2]\n}');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const [p] = read.problems;
    expect(p.code).toBe('E_PARSE_JSON');
    expect(problemText(p, 'en')).toEqual({ message: p.message, fix: p.fix });
    const korean = problemText(p, 'ko');
    expectKorean(korean.message, 'message');
    expect(korean.message).toContain('3번째 줄 15번째 글자');
    expect(korean.detail).toBe(p.params?.detail);
    expect(korean.detail).toMatch(/JSON/);
  });

  it('says a file cut short in Korean', () => {
    const read = parseDocument('{"name": "x", "nodes": [');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expectKorean(problemText(read.problems[0], 'ko').message, 'message');
  });

  it('says each schema issue as its path and what the field must be, in Korean', () => {
    const broken = { ...validGraph, name: 42, nodes: validGraph.nodes.map((n, i) => (i === 1 ? { ...n, position: { x: 'left', y: 0 } } : n)) };
    const read = parseDocument(JSON.stringify(broken));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const byPath = new Map(read.problems.map((p) => [p.path, p]));
    const name = byPath.get('name')!;
    const x = byPath.get('nodes.1.position.x')!;
    expect(problemText(name, 'ko').message).toBe('name: 문자열이어야 합니다.');
    expect(problemText(x, 'ko').message).toBe('nodes.1.position.x: 숫자여야 합니다.');
    for (const p of read.problems) {
      expect(problemText(p, 'en')).toEqual({ message: p.message, fix: p.fix });
      const korean = problemText(p, 'ko');
      expectKorean(korean.message, String(p.path));
      expectKorean(korean.fix, String(p.path));
      expect(korean.detail, String(p.path)).toBe(p.params?.detail);
    }
  });

  it('says a value out of range or not among the options in Korean, with the bound grouped as Korean writes it', () => {
    const broken = { ...validGraph, training: { ...validGraph.training, steps: -5, optimizer: 'sgd-nesterov' } };
    const read = parseDocument(JSON.stringify(broken));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    for (const p of read.problems) expectKorean(problemText(p, 'ko').message, String(p.path));
  });
});

describe('a model file the zip reader or its entries’ checks refuse', () => {
  it('says every damaged, hostile or malformed model file in Korean without an English sentence', () => {
    for (const c of hostileModelFiles) {
      const read = readModelFile(c.bytes(), { limits: c.limits });
      if (read.ok) continue;
      for (const p of read.problems) {
        expect(problemText(p, 'en'), c.name).toEqual({ message: p.message, fix: p.fix });
        expectKorean(problemText(p, 'ko').message, c.name);
      }
    }
  });

  it('keeps the inflater’s own words as the detail of a damaged entry, and says the sentence in Korean', () => {
    const bytes = writeModelFile({ graph: validGraph, runs: [] });
    // Deflated data of graph.json: overwrite the middle of the file, where the first entry's data lie.
    const damaged = bytes.slice();
    for (let i = 80; i < 140; i++) damaged[i] = 0xff;
    const read = readModelFile(damaged);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const [p] = read.problems;
    const korean = problemText(p, 'ko');
    expectKorean(korean.message, p.message);
    if (p.params?.detailKey === 'detail.zip.inflateDamaged') expect(korean.detail).toBe(p.params.detail);
  });

  it('says an entry’s size in megabytes or in 바이트, never in English “bytes”', () => {
    const tooLarge = hostileModelFiles.find((c) => c.says.includes('model files are at most 500 bytes'))!;
    const read = readModelFile(tooLarge.bytes(), { limits: tooLarge.limits });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const korean = problemText(read.problems[0], 'ko').message;
    expect(korean).toContain('500바이트');
    expect(korean).not.toMatch(/bytes/);
  });
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-ko-failures-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function failingFs(code: string): AtomicWriteFs {
  return {
    ...defaultAtomicWriteFs,
    rename: async () => {
      throw Object.assign(new Error(`${code}: the system's own English words`), { code });
    },
  };
}

function sayBoth(error: PlatformErrorInfo, what: string): void {
  expect(error.key, what).toBeDefined();
  const err = new PlatformError(error);
  expect(failureText(err, 'en'), what).toBe(`${error.code}: ${error.message} Fix: ${error.fix}`);
  expectKorean(failureText(err, 'ko'), what);
}

describe('a save or an export that fails in the desktop app', () => {
  const model = writeModelFile({ graph: validGraph, runs: [] });

  it('says a refused, full-disk or failing save in Korean', async () => {
    for (const code of ['EACCES', 'ENOSPC', 'EIO']) {
      const result = await saveModelFile(path.join(dir, 'model.tlgraph'), model, { fs: failingFs(code) });
      expect(result.ok, code).toBe(false);
      if (!result.ok) sayBoth(result.error, code);
    }
  });

  it('says a failing export file and a refused export folder in Korean', async () => {
    const written = await writeExportFile(path.join(dir, 'model.py'), 'print(1)\n', { fs: failingFs('ENOSPC') });
    expect(written.ok).toBe(false);
    if (!written.ok) sayBoth(written.error, 'export file');
    fs.mkdirSync(path.join(dir, 'taken'));
    fs.writeFileSync(path.join(dir, 'taken', 'x.txt'), 'x');
    const folder = await writeExportFolder(path.join(dir, 'taken'), [{ path: 'model.py', bytes: new Uint8Array([1]) }]);
    expect(folder.ok).toBe(false);
    if (!folder.ok) sayBoth(folder.error, 'occupied folder');
  });

  it('says every malformed request (a bug in Tensorloom, E_PAYLOAD) in Korean', async () => {
    const errors: PlatformErrorInfo[] = [];
    const bad = [[], [{ path: '../up', bytes: new Uint8Array(1) }], [{ path: 'a', bytes: 'text' }], [{ path: 'a', bytes: new Uint8Array(1) }, { path: 'A', bytes: new Uint8Array(1) }]];
    for (const files of bad) {
      const checked = checkExportFiles(files);
      if (!checked.ok) errors.push(checked.error);
    }
    const menu = parseMenuDescription({ sections: 'none' });
    if (!menu.ok) errors.push(menu.error);
    const graphOnly = await saveModelFile(path.join(dir, 'copy.tlgraph'), writeModelFile({ graph: validGraph, runs: [], trained: { step: 1, weights: [] } }), { graphOnly: true });
    if (!graphOnly.ok) errors.push(graphOnly.error);
    const service = createIpcService({
      chooseFileToOpen: async () => null,
      chooseFileToSave: async () => null,
      recent: {} as never,
      autosave: {} as never,
    });
    for (const response of [
      await service.handlers['tensorloom:saveModel']('not bytes', 'x'),
      await service.handlers['tensorloom:exportFile']('x', 'text', 'not a mime'),
      await service.handlers['tensorloom:openRecent'](42),
    ]) {
      if (!response.ok) errors.push(response.error);
    }
    expect(errors.map((e) => e.code)).toEqual(Array(errors.length).fill('E_PAYLOAD'));
    expect(errors.length).toBe(9);
    errors.forEach((e, i) => sayBoth(e, `payload ${i}: ${e.message}`));
  });
});

describe('every sentence main and the browser platform report has Korean', () => {
  /** The keys the desktop app's file, export, IPC and menu code and the browser platform name as literals. */
  function keysNamedIn(files: string[]): Set<MessageKey> {
    const keys = new Set<MessageKey>();
    for (const file of files) {
      const source = fs.readFileSync(path.resolve(__dirname, '../../..', file), 'utf8');
      for (const [, key] of source.matchAll(/'((?:save|payload|export|file|detail|zip)\.[A-Za-z.]+)'/g)) {
        if (key in MESSAGES) keys.add(key as MessageKey);
      }
    }
    return keys;
  }

  it('has a Korean template, not the English one, for each of them', () => {
    const keys = keysNamedIn(['app/files.ts', 'app/exportFolder.ts', 'app/ipc/handlers.ts', 'app/menu.ts', 'renderer/platform/browser.ts', 'engine/io/zipReader.ts', 'engine/graph/libraryDetails.ts']);
    expect(keys.size).toBeGreaterThan(40);
    const missing = [...keys].filter((k) => !koMessages[k]?.message.trim() || koMessages[k].message === MESSAGES[k].message || (MESSAGES[k].fix !== '' && koMessages[k].fix === MESSAGES[k].fix));
    expect(missing).toEqual([]);
  });

  it('says an error from outside Tensorloom (a worker that stopped) under a Korean sentence, and keeps one already in Korean', () => {
    const stopped = new Error('The model file worker stopped.');
    expect(failureText(stopped, 'en')).toBe('The model file worker stopped.');
    const korean = failureText(stopped, 'ko');
    expect(korean).toMatch(/^[가-힣]/);
    expect(korean).toContain('(The model file worker stopped.)');
    expect(failureText(new Error('데이터 파일이 없습니다.'), 'ko')).toBe('데이터 파일이 없습니다.');
  });

  it('says a platform failure without a key under its code’s Korean summary', () => {
    const unkeyed: Problem | PlatformErrorInfo = { code: 'E_FILE_WRITE', message: 'Something the system said.', fix: 'Try again.' };
    expect(problemText(unkeyed, 'ko').message).toMatch(/^파일을 쓰지 못했습니다\./);
  });
});

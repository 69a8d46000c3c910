/**
 * One decoder for every text file a user hands Tensorloom (graph files in the app and the command line, data
 * files in the studio): a byte-order mark is dropped, anything that is not UTF-8 is E_FILE_NOT_TEXT with the byte
 * and line, and the size is checked first. Reproducers: a graph with a UTF-8 BOM (opened in the app, E_PARSE_JSON in
 * the command line) and a graph with one Latin-1 byte (trained in the command line, refused in the app).
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../app/cli';
import { openModelFile } from '../../../app/files';
import { createRng } from '../../../engine/data/rng';
import { decodeUserBytes } from '../../../engine/data/userData';
import { EngineError } from '../../../engine/graph/errors';
import { MAX_DOCUMENT_BYTES } from '../../../engine/graph/parse';
import { readGraphOrModelFile } from '../../../engine/io/modelFile';
import { decodeTextFile, firstInvalidUtf8, TextFileDecoder, type TextFileRules } from '../../../engine/io/textFile';
import { templateById } from '../../../engine/templates';

const dir = mkdtempSync(join(tmpdir(), 'tensorloom-decode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RULES: TextFileRules = { kind: 'data', maxBytes: 1000 };
const encode = (text: string) => new TextEncoder().encode(text);
const BOM = [0xef, 0xbb, 0xbf];

function bytesOf(...parts: (string | number[])[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? encode(p) : new Uint8Array(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The decoder fed `bytes` in pieces cut at `cuts`; the text, or the problem it threw. */
function decodeInChunks(bytes: Uint8Array, cuts: number[], rules: TextFileRules = RULES): { text?: string; code?: string; message?: string } {
  const decoder = new TextFileDecoder('f.txt', rules);
  try {
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      decoder.push(bytes.slice(from, cut));
      from = cut;
    }
    return { text: decoder.finish() };
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    return { code: err.problems[0].code, message: err.problems[0].message };
  }
}

function graphText(): string {
  return JSON.stringify(templateById('reverse')!.build());
}

describe('the text decoder', () => {
  it('drops a UTF-8 byte-order mark and keeps every other character', () => {
    expect(decodeTextFile('a.txt', bytesOf(BOM, 'héllo 한국어 🙂'), RULES)).toEqual({ ok: true, text: 'héllo 한국어 🙂' });
    expect(decodeTextFile('a.txt', bytesOf('a', BOM), RULES)).toEqual({ ok: true, text: 'a\ufeff' });
    expect(decodeTextFile('a.txt', new Uint8Array(0), RULES)).toEqual({ ok: true, text: '' });
  });

  it('names the byte and line of the first byte that is not UTF-8', () => {
    const read = decodeTextFile('latin.csv', bytesOf('text,label\nsehr gut,pos\ncaf', [0xe9], ',pos\n'), RULES);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0].code).toBe('E_FILE_NOT_TEXT');
    expect(read.problems[0].message).toBe(
      '“latin.csv” is not UTF-8 text: byte 28 (line 3) is not part of a UTF-8 character (the file may be in another encoding such as Latin-1 or Windows-1252, or not text at all).',
    );
    expect(read.problems[0].fix).toMatch(/UTF-8/);
  });

  it('refuses overlong forms, surrogates, code points past U+10FFFF and a cut-off last character', () => {
    for (const bad of [[0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0x80], [0xe2, 0x82]]) {
      const read = decodeTextFile('x.txt', bytesOf('ok ', bad), RULES);
      expect(read.ok ? 'decoded' : read.problems[0].code, bad.join(' ')).toBe('E_FILE_NOT_TEXT');
      if (!read.ok) expect(read.problems[0].message, bad.join(' ')).toContain('byte 4 (line 1)');
    }
  });

  it('says UTF-16 for a UTF-16 file and binary for a file with NUL bytes', () => {
    const utf16 = decodeTextFile('wide.txt', new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]), RULES);
    expect(!utf16.ok && utf16.problems[0]).toMatchObject({ code: 'E_FILE_NOT_TEXT', message: '“wide.txt” is saved as UTF-16, not UTF-8.' });
    const binary = decodeTextFile('x.bin', bytesOf('ab\ncd', [0], 'e'), RULES);
    expect(!binary.ok && binary.problems[0]).toMatchObject({ code: 'E_FILE_NOT_TEXT', message: '“x.bin” has a NUL byte at byte 6 (line 2), so it is a binary file, not text.' });
  });

  it('checks the size before decoding: the declared size, then the bytes as they arrive', () => {
    expect(() => new TextFileDecoder('big.txt', RULES, 1001)).toThrow('E_FILE_TOO_LARGE: “big.txt” is 1 KiB (1,001 bytes); data files are at most 1 KiB (1,000 bytes).');
    const declaredSmall = new TextFileDecoder('grows.txt', RULES, 10);
    declaredSmall.push(new Uint8Array(600).fill(0x61));
    let problem: unknown;
    try {
      declaredSmall.push(new Uint8Array(401).fill(0x61));
    } catch (err) {
      problem = (err as EngineError).problems[0];
    }
    expect(problem).toMatchObject({ code: 'E_FILE_TOO_LARGE', message: expect.stringContaining('(1,001 bytes)') });
    expect(decodeTextFile('exact.txt', new Uint8Array(1000).fill(0x61), RULES).ok).toBe(true);
  });

  it('decodes the same text, or finds the same byte, wherever the chunks are cut', () => {
    const good = bytesOf(BOM, 'a€b\n한🙂c\n');
    for (let cut = 0; cut <= good.length; cut++) {
      for (let second = cut; second <= good.length; second++) {
        expect(decodeInChunks(good, [cut, second]).text, `cuts ${cut},${second}`).toBe('a€b\n한🙂c\n');
      }
    }
    // A four-byte character with its last byte replaced by ASCII: the bad sequence starts at byte 7 (line 2).
    const bad = bytesOf('ab\ncd', [0xf0, 0x9f, 0x99], 'x\n');
    const whole = decodeInChunks(bad, []);
    expect(whole).toMatchObject({ code: 'E_FILE_NOT_TEXT', message: expect.stringContaining('byte 6 (line 2)') });
    for (let cut = 0; cut <= bad.length; cut++) {
      for (let second = cut; second <= bad.length; second++) expect(decodeInChunks(bad, [cut, second]), `cuts ${cut},${second}`).toEqual(whole);
    }
  });

  it('finds the first invalid byte exactly where TextDecoder (fatal) refuses, on random bytes', () => {
    const rng = createRng(11);
    const alphabet = [0x41, 0x0a, 0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f];
    for (let n = 0; n < 3000; n++) {
      const bytes = Uint8Array.from({ length: 1 + rng.int(8) }, () => alphabet[rng.int(alphabet.length)]);
      const at = firstInvalidUtf8(bytes, true);
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        valid = false;
      }
      expect(at === -1, Array.from(bytes).join(' ')).toBe(valid);
      if (at > 0) expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, at))).not.toThrow();
    }
  });
});

describe('graph files decode alike in the engine, the app and the command line', () => {
  const withBom = () => bytesOf(BOM, graphText());
  const withLatin1 = () => {
    const bytes = encode(graphText().replace('"name":"', '"name":"caf\u00e9 '));
    const at = bytes.indexOf(0xc3);
    return bytesOf(Array.from(bytes.subarray(0, at)), [0xe9], Array.from(bytes.subarray(at + 2)));
  };

  it('the engine reader opens a graph with a byte-order mark and refuses one Latin-1 byte', () => {
    expect(readGraphOrModelFile(withBom()).ok).toBe(true);
    const read = readGraphOrModelFile(withLatin1(), { name: 'cafe.tlgraph.json' });
    expect(!read.ok && read.problems[0]).toMatchObject({ code: 'E_FILE_NOT_TEXT', message: expect.stringMatching(/^“cafe\.tlgraph\.json” is not UTF-8 text: byte \d+ \(line 1\)/) });
    const huge = new Uint8Array(MAX_DOCUMENT_BYTES + 2).fill(0x20);
    huge[0] = 0x7b;
    huge[huge.length - 1] = 0x7d;
    const tooLarge = readGraphOrModelFile(huge);
    expect(!tooLarge.ok && tooLarge.problems[0].code).toBe('E_FILE_TOO_LARGE');
  });

  it('the app opens the BOM graph and refuses the Latin-1 one as E_FILE_NOT_TEXT', async () => {
    writeFileSync(join(dir, 'bom.tlgraph.json'), withBom());
    writeFileSync(join(dir, 'cafe.tlgraph.json'), withLatin1());
    const bom = await openModelFile(join(dir, 'bom.tlgraph.json'));
    expect(bom.ok).toBe(true);
    const latin = await openModelFile(join(dir, 'cafe.tlgraph.json'));
    expect(latin.ok ? 'opened' : latin.error.code).toBe('E_FILE_NOT_TEXT');
    if (!latin.ok) expect(latin.error.message).toMatch(/^“cafe\.tlgraph\.json” is not UTF-8 text/);
    // Not a zip, so a graph: refused from its size, not read (a sparse file).
    const big = join(dir, 'big.tlgraph.json');
    writeFileSync(big, '{');
    truncateSync(big, MAX_DOCUMENT_BYTES + 1);
    const refused = await openModelFile(big);
    expect(refused.ok ? 'opened' : refused.error).toMatchObject({ code: 'E_FILE_TOO_LARGE', message: expect.stringMatching(/^“big\.tlgraph\.json” is 20\.0 MiB \(20,971,521 bytes\); graph files are at most 20\.0 MiB/) });
  });

  it('the command line reads the BOM graph and refuses the Latin-1 one with the same problem, exit 2', async () => {
    writeFileSync(join(dir, 'bom.json'), withBom());
    writeFileSync(join(dir, 'cafe.json'), withLatin1());
    const run = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
      return { code, out, err };
    };
    const bom = await run('train', join(dir, 'bom.json'), '--steps', '1', '--batch', '2', '--backend', 'cpu', '--json');
    expect(bom.err).toEqual([]);
    expect(bom.code).toBe(0);
    expect(JSON.parse(bom.out[bom.out.length - 1])).toMatchObject({ event: 'done', status: 'done', steps: 1 });
    const latin = await run('train', join(dir, 'cafe.json'), '--steps', '1');
    expect(latin.code).toBe(2);
    expect(latin.out).toEqual([]);
    expect(latin.err[0]).toMatch(/^E_FILE_NOT_TEXT: “cafe\.json” is not UTF-8 text: byte \d+ \(line 1\)/);
  });

  it('the studio decodes data files with the same decoder', () => {
    expect(decodeUserBytes('a.txt', bytesOf(BOM, 'one,two'))).toBe('one,two');
    expect(() => decodeUserBytes('cafe.csv', bytesOf('caf', [0xe9]))).toThrow(/“cafe\.csv” is not UTF-8 text: byte 4 \(line 1\)/);
  });
});

import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readModelFile } from '../../../engine/io';
import { crc32, inflateLimited, readZipEntry, type ZipEntry } from '../../../engine/io/zipReader';
import { handBuilt, hostileModelFiles as cases, validModelFile as valid } from '../../fixtures/io/hostileModelFiles';
import { TINY_TOKENS } from '../../fixtures/io/modelFixtures';
import { buildZip } from '../../fixtures/io/zipBytes';

const encoder = new TextEncoder();
const MiB = 1024 * 1024;

describe('readModelFile refuses hostile and damaged files', () => {
  it('reads the valid file the hostile ones are made from', () => {
    const read = readModelFile(valid);
    expect(read.ok && read.warnings).toEqual([]);
  });

  it('has at least 30 distinct hostile files', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const read = readModelFile(c.bytes(), { limits: c.limits });
    expect(read.ok, 'the file was accepted').toBe(false);
    if (read.ok) return;
    const [first] = read.problems;
    expect(first.code).toBe(c.code);
    for (const s of c.says) expect(first.message).toContain(s);
    expect(first.fix.length).toBeGreaterThan(10);
    if (c.nodeId) expect(first.nodeId).toBe(c.nodeId);
    if (c.path) expect(first.path).toBe(c.path);
  });

  it('never throws on a file with random bytes changed, and never fails for a reason it did not foresee', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
    for (let trial = 0; trial < 300; trial++) {
      const bytes = valid.slice();
      const flips = 1 + (next() % 4);
      for (let k = 0; k < flips; k++) bytes[next() % bytes.length] = next() & 0xff;
      const read = readModelFile(bytes);
      if (!read.ok) expect(read.problems.map((p) => p.code)).not.toContain('E_INTERNAL');
    }
  });
});

describe('inflating with a limit', () => {
  it('stops a stream that inflates past its limit within about 17 MB of it, whatever the stream’s real size', () => {
    const bomb = deflateSync(new Uint8Array(96 * MiB), { level: 9 });
    expect(bomb.length).toBeLessThan(150_000);
    const limit = 2 * MiB;
    const result = inflateLimited(bomb, limit);
    expect(result.ok).toBe(false);
    if (result.ok || result.reason !== 'too-large') throw new Error('expected too-large');
    expect(result.produced).toBeGreaterThan(limit);
    expect(result.produced).toBeLessThan(limit + 16.2 * MiB + 128 * 1024);
  });

  it('inflates a stream exactly at its limit', () => {
    const data = encoder.encode('tensorloom '.repeat(10_000));
    const result = inflateLimited(deflateSync(data), data.length);
    expect(result.ok && result.data).toEqual(data);
  });

  it('checks the declared size and checksum of an entry', () => {
    const data = encoder.encode('{"a": 1}');
    const zip = buildZip([{ name: 'runs.json', data, method: 0 }]);
    const entry: ZipEntry = { name: 'runs.json', method: 0, crc32: crc32(data), compressedSize: data.length, size: data.length, headerOffset: 0, dataOffset: 30 + 9, index: 0 };
    expect(readZipEntry(zip, entry, 100)).toEqual({ ok: true, data });
    expect(readZipEntry(zip, entry, 4)).toMatchObject({ ok: false, fault: 'too-large' });
    expect(readZipEntry(zip, { ...entry, crc32: entry.crc32 ^ 1 }, 100)).toMatchObject({ ok: false, fault: 'corrupt', detail: expect.stringContaining('CRC-32') });
  });

  it('knows the CRC-32 of a standard check string', () => {
    expect(crc32(encoder.encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('the fixtures behave', () => {
  it('hand-built zips of valid entries read as the valid file does', () => {
    const read = readModelFile(handBuilt(() => undefined));
    expect(read.ok).toBe(true);
    expect(TINY_TOKENS).toHaveLength(12);
  });
});

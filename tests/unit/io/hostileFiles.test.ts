import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readModelFile, writeModelFile, type ModelFileLimits } from '../../../engine/io';
import { crc32, inflateLimited, readZipEntry, type ZipEntry } from '../../../engine/io/zipReader';
import { craft, fullContents, jsonOf, setJson, TINY_TOKENS, tinyLmDoc } from '../../fixtures/io/modelFixtures';
import { buildZip, directoryOf, directoryRecordOf, entriesOf, zipEntries, type RawEntry } from '../../fixtures/io/zipBytes';

/**
 * Files made to break the reader: each is derived from a valid file (or built by hand where no zip
 * library would write it) and must be refused with its own code and a message that says what is wrong.
 */

const valid = writeModelFile(fullContents());
const validEntries = () => entriesOf(valid);
const encoder = new TextEncoder();
const MiB = 1024 * 1024;

type Json = Record<string, unknown>;
type TensorIndex = { step?: number; kind?: string; iterations?: number; tensors: { name: string; dtype: string; shape: number[]; offset: number; byteLength: number }[] };

/** The valid file's entries rebuilt by hand, in order, with changes to some of them. */
function handBuilt(change: (entries: RawEntry[]) => RawEntry[] | void): Uint8Array {
  const entries: RawEntry[] = [...validEntries()].map(([name, data]) => ({ name, data }));
  return buildZip(change(entries) ?? entries);
}

function editJson<T>(name: string, edit: (value: T) => void): (entries: Map<string, Uint8Array>) => void {
  return (entries) => {
    const value = jsonOf(entries, name) as T;
    edit(value);
    setJson(entries, name, value);
  };
}

function patchBytes(bytes: Uint8Array, edit: (copy: Uint8Array, view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  edit(copy, new DataView(copy.buffer));
  return copy;
}

/** Writes a float32 into `weights.bin` (or another .bin) at value index `k`. */
function setFloat(entry: string, k: number, value: number): (entries: Map<string, Uint8Array>) => void {
  return (entries) => {
    const bin = entries.get(entry)!.slice();
    new DataView(bin.buffer).setFloat32(4 * k, value, true);
    entries.set(entry, bin);
  };
}

interface HostileCase {
  name: string;
  bytes: () => Uint8Array;
  limits?: Partial<ModelFileLimits>;
  code: string;
  /** Every string must appear in the first problem's message. */
  says: string[];
  nodeId?: string;
  path?: string;
}

const cases: HostileCase[] = [
  { name: 'empty bytes', bytes: () => new Uint8Array(0), code: 'E_MODEL_NOT_ZIP', says: ['empty'] },
  { name: 'a PNG image', bytes: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), code: 'E_MODEL_NOT_ZIP', says: ['not a zip'] },
  { name: 'a JSON graph given to the zip reader', bytes: () => encoder.encode(JSON.stringify(tinyLmDoc())), code: 'E_MODEL_NOT_ZIP', says: ['not a zip'] },
  { name: 'cut in half', bytes: () => valid.slice(0, valid.length >> 1), code: 'E_MODEL_CORRUPT', says: ['cut short'] },
  { name: 'last byte cut off', bytes: () => valid.slice(0, valid.length - 1), code: 'E_MODEL_CORRUPT', says: ['cut short'] },
  { name: 'stray bytes after the end', bytes: () => new Uint8Array([...valid, 1, 2, 3]), code: 'E_MODEL_CORRUPT', says: ['stray bytes'] },
  {
    name: 'a flipped byte inside the compressed weights',
    bytes: () => {
      const record = directoryRecordOf(valid, 'weights.bin');
      const view = new DataView(valid.buffer, valid.byteOffset);
      const header = view.getUint32(record + 42, true);
      const dataStart = header + 30 + view.getUint16(header + 26, true) + view.getUint16(header + 28, true);
      return patchBytes(valid, (b) => (b[dataStart + 200] ^= 0x5a));
    },
    code: 'E_MODEL_CORRUPT',
    says: ['weights.bin', 'damaged'],
    path: 'weights.bin',
  },
  {
    name: 'a wrong CRC-32 in the directory',
    bytes: () => patchBytes(valid, (_b, v) => v.setUint32(directoryRecordOf(valid, 'graph.json') + 16, 0xdeadbeef, true)),
    code: 'E_MODEL_CORRUPT',
    says: ['graph.json', 'checksum'],
  },
  {
    name: 'a stored entry whose bytes changed after its CRC was taken',
    bytes: () =>
      handBuilt((entries) => {
        const runs = entries.find((e) => e.name === 'runs.json')!;
        runs.method = 0;
        runs.crc = crc32(runs.data);
        runs.data = runs.data.slice();
        runs.data[runs.data.length - 2] ^= 1;
      }),
    code: 'E_MODEL_CORRUPT',
    says: ['runs.json', 'checksum'],
  },
  {
    name: 'a zip bomb that declares its size: 4 MiB of zeros in a 1 MiB-per-entry reader',
    bytes: () => handBuilt((entries) => void entries.splice(7, 1, { name: 'dataset.json', data: new Uint8Array(4 * MiB) })),
    limits: { jsonEntryBytes: MiB },
    code: 'E_MODEL_TOO_LARGE',
    says: ['dataset.json', '4.2 MB', '1.0 MB'],
  },
  {
    name: 'weights that declare 2 GiB',
    bytes: () => handBuilt((entries) => void (entries[3].declaredSize = 2 ** 31)),
    code: 'E_MODEL_TOO_LARGE',
    says: ['weights.bin', '2147.5 MB', '536.9 MB'],
  },
  {
    name: 'a zip bomb that lies about its size: 16 MiB of zeros declared as 100 bytes',
    bytes: () =>
      handBuilt((entries) => {
        expect(entries[7].name).toBe('dataset.json');
        entries.splice(7, 1, { name: 'dataset.json', data: new Uint8Array(16 * MiB), declaredSize: 100 });
        // The manifest agrees with the lie, so only inflating can catch it.
        const manifest = JSON.parse(new TextDecoder().decode(entries[0].data)) as { entries: { name: string; bytes: number }[] };
        manifest.entries.find((e) => e.name === 'dataset.json')!.bytes = 100;
        entries[0].data = encoder.encode(JSON.stringify(manifest));
      }),
    code: 'E_MODEL_CORRUPT',
    says: ['dataset.json', 'more than the 100 bytes it declares'],
  },
  {
    name: 'entries that are each allowed but too large together',
    bytes: () => valid,
    limits: { totalBytes: 1000 },
    code: 'E_MODEL_TOO_LARGE',
    says: ['in all', '1000 bytes'],
  },
  { name: 'a file larger than the reader takes', bytes: () => valid, limits: { fileBytes: 500 }, code: 'E_MODEL_TOO_LARGE', says: ['model files are at most 500 bytes'] },
  {
    name: 'too many entries',
    bytes: () => buildZip(Array.from({ length: 17 }, (_, i) => ({ name: `e${i}.json`, data: encoder.encode('{}') }))),
    code: 'E_MODEL_ENTRY',
    says: ['17 entries', 'at most 16'],
  },
  { name: 'an entry that climbs out with ../', bytes: () => handBuilt((e) => void e.push({ name: '../../evil.sh', data: encoder.encode('x') })), code: 'E_MODEL_ENTRY', says: ['../../evil.sh', '“..”'] },
  { name: 'an absolute path', bytes: () => handBuilt((e) => void e.push({ name: '/etc/passwd', data: encoder.encode('x') })), code: 'E_MODEL_ENTRY', says: ['/etc/passwd', 'absolute'] },
  { name: 'a backslash path', bytes: () => handBuilt((e) => void e.push({ name: '..\\..\\evil.dll', data: encoder.encode('x') })), code: 'E_MODEL_ENTRY', says: ['backslash'] },
  { name: 'a drive letter', bytes: () => handBuilt((e) => void e.push({ name: 'C:graph.json', data: encoder.encode('x') })), code: 'E_MODEL_ENTRY', says: ['C:graph.json', 'drive letter'] },
  {
    name: 'a NUL inside a name',
    bytes: () => handBuilt((e) => void e.push({ name: new Uint8Array([...encoder.encode('graph.json'), 0, ...encoder.encode('.exe')]), data: encoder.encode('x') })),
    code: 'E_MODEL_ENTRY',
    says: ['graph.json\\x00.exe', 'NUL'],
  },
  { name: 'a name that is not UTF-8', bytes: () => handBuilt((e) => void e.push({ name: new Uint8Array([0x67, 0xff, 0xfe]), data: encoder.encode('x') })), code: 'E_MODEL_ENTRY', says: ['g\\xff\\xfe', 'UTF-8'] },
  {
    name: 'an entry the format does not have',
    bytes: () => craft(valid, (e) => void e.set('notes.txt', encoder.encode('hi'))),
    code: 'E_MODEL_ENTRY',
    says: ['notes.txt'],
    path: 'notes.txt',
  },
  {
    name: 'two entries named graph.json',
    bytes: () => handBuilt((e) => void e.push({ name: 'graph.json', data: encoder.encode('{}') })),
    code: 'E_MODEL_ENTRY',
    says: ['two entries named “graph.json”'],
  },
  { name: 'no manifest', bytes: () => craft(valid, (e) => void e.delete('manifest.json')), code: 'E_MODEL_MANIFEST', says: ['no manifest.json'] },
  {
    name: 'the manifest not first',
    bytes: () => {
      const entries = [...validEntries()];
      return zipEntries([...entries.slice(1, 3), entries[0], ...entries.slice(3)]);
    },
    code: 'E_MODEL_MANIFEST',
    says: ['manifest.json is not the first entry'],
  },
  {
    name: 'a manifest from a newer Tensorloom',
    bytes: () => craft(valid, editJson<Json>('manifest.json', (m) => (m.version = 2))),
    code: 'E_VERSION',
    says: ['version 2', 'newer Tensorloom'],
  },
  {
    name: 'a newer file with an entry this version does not know gets the version problem, not the entry problem',
    bytes: () =>
      craft(valid, (e) => {
        editJson<Json>('manifest.json', (m) => (m.version = 3))(e);
        e.set('attention.bin', new Uint8Array(8));
      }),
    code: 'E_VERSION',
    says: ['version 3'],
  },
  { name: 'a manifest of another format', bytes: () => craft(valid, editJson<Json>('manifest.json', (m) => (m.format = 'keras-model'))), code: 'E_MODEL_MANIFEST', says: ['keras-model'] },
  { name: 'a manifest that is not JSON', bytes: () => craft(valid, (e) => void e.set('manifest.json', encoder.encode('{"format": "tensorloom-model",')), { keepManifest: true }), code: 'E_PARSE_JSON', says: ['manifest.json', 'not valid JSON'] },
  {
    name: 'a manifest whose sizes disagree with the entries',
    bytes: () => craft(valid, editJson<{ entries: { bytes: number }[] }>('manifest.json', (m) => (m.entries[0].bytes += 1)), { keepManifest: true }),
    code: 'E_MODEL_MANIFEST',
    says: ['manifest.json lists', 'graph.json'],
  },
  {
    name: 'a manifest that hides the optimizer state',
    bytes: () => craft(valid, editJson<{ contains: Json }>('manifest.json', (m) => (m.contains.optimizer = false))),
    code: 'E_MODEL_MANIFEST',
    says: ['optimizer'],
  },
  { name: 'graph.json that is not JSON', bytes: () => craft(valid, (e) => void e.set('graph.json', encoder.encode('{"nodes": [}'))), code: 'E_PARSE_JSON', says: ['graph.json', 'not valid JSON'] },
  {
    name: 'a graph with a block kind this version does not know',
    bytes: () => craft(valid, editJson<{ nodes: { kind: string }[] }>('graph.json', (g) => (g.nodes[2].kind = 'quantumLayer'))),
    code: 'E_UNKNOWN_KIND',
    says: ['quantumLayer'],
    nodeId: 'logits',
  },
  {
    name: 'a graph from a newer format',
    bytes: () => craft(valid, editJson<Json>('graph.json', (g) => (g.formatVersion = 99))),
    code: 'E_VERSION',
    says: ['99'],
  },
  {
    name: 'a graph with a prototype-polluting key',
    bytes: () => craft(valid, (e) => void e.set('graph.json', encoder.encode(new TextDecoder().decode(e.get('graph.json')).replace('"params": {', '"params": {"__proto__": {"polluted": true},')))),
    code: 'E_SCHEMA',
    says: ['__proto__'],
  },
  {
    name: 'weights whose places in weights.bin overlap',
    bytes: () => craft(valid, editJson<TensorIndex>('weights.json', (w) => ((w.tensors[1].offset -= 16), (w.tensors[2].offset -= 16)))),
    code: 'E_MODEL_WEIGHTS',
    says: ['overlap', 'embed__0__embedding/embeddings', 'logits__0__dense/kernel'],
  },
  {
    name: 'a weight that runs past the end of weights.bin',
    bytes: () => craft(valid, editJson<TensorIndex>('weights.json', (w) => (w.tensors[2].offset += 64))),
    code: 'E_MODEL_WEIGHTS',
    says: ['logits__0__dense/bias', 'past the end of weights.bin'],
    nodeId: 'logits',
  },
  {
    name: 'a shape whose size does not match the bytes',
    bytes: () => craft(valid, editJson<TensorIndex>('weights.json', (w) => (w.tensors[0].shape = [12, 5]))),
    code: 'E_MODEL_WEIGHTS',
    says: ['embed__0__embedding/embeddings', '[12, 5]', '60 values'],
    nodeId: 'embed',
    path: 'weights.json:tensors.0.byteLength',
  },
  { name: 'a weight stored as float16', bytes: () => craft(valid, editJson<TensorIndex>('weights.json', (w) => (w.tensors[1].dtype = 'float16'))), code: 'E_MODEL_WEIGHTS', says: ['float16', 'float32 only'] },
  { name: 'a negative dimension', bytes: () => craft(valid, editJson<TensorIndex>('weights.json', (w) => (w.tensors[2].shape = [-12]))), code: 'E_MODEL_WEIGHTS', says: ['[-12]', 'whole number'] },
  {
    name: 'a shape of a trillion values',
    bytes: () => craft(valid, editJson<TensorIndex>('weights.json', (w) => (w.tensors[0].shape = [1_000_000, 1_000_000]))),
    code: 'E_MODEL_WEIGHTS',
    says: ['[1000000, 1000000]', 'more than'],
  },
  {
    name: 'a weight name that is a path',
    bytes: () => craft(valid, editJson<TensorIndex>('weights.json', (w) => (w.tensors[0].name = '../../etc/passwd'))),
    code: 'E_MODEL_WEIGHTS',
    says: ['../../etc/passwd'],
    path: 'weights.json:tensors.0.name',
  },
  {
    name: 'the same weight listed twice',
    bytes: () => craft(valid, editJson<TensorIndex>('weights.json', (w) => (w.tensors[2].name = w.tensors[1].name))),
    code: 'E_MODEL_WEIGHTS',
    says: ['logits__0__dense/kernel', 'twice'],
  },
  {
    name: 'bytes in weights.bin that no weight accounts for',
    bytes: () => craft(valid, (e) => void e.set('weights.bin', new Uint8Array([...e.get('weights.bin')!, 0, 0, 0, 0]))),
    code: 'E_MODEL_WEIGHTS',
    says: ['weights.bin has', 'accounts for'],
  },
  { name: 'a NaN weight', bytes: () => craft(valid, setFloat('weights.bin', 7, Number.NaN)), code: 'E_MODEL_WEIGHTS', says: ['embed__0__embedding/embeddings', 'NaN', 'position 7'], nodeId: 'embed' },
  {
    name: 'an infinite Adam moment',
    bytes: () => craft(valid, setFloat('optimizer.bin', 0, Number.NEGATIVE_INFINITY)),
    code: 'E_MODEL_WEIGHTS',
    says: ['embed__0__embedding/embeddings/m', '-Infinity', 'optimizer state'],
  },
  {
    name: 'optimizer state for a weight the file does not have',
    bytes: () => craft(valid, editJson<TensorIndex>('optimizer.json', (o) => (o.tensors[0].name = 'ghost__0__dense/kernel/m'))),
    code: 'E_MODEL_WEIGHTS',
    says: ['ghost__0__dense/kernel/m', 'no stored weight'],
  },
  { name: 'a weight index without weights.bin', bytes: () => craft(valid, (e) => void e.delete('weights.bin')), code: 'E_MODEL_ENTRY', says: ['weights.json but no weights.bin'] },
  { name: 'weights.json that is not JSON', bytes: () => craft(valid, (e) => void e.set('weights.json', encoder.encode('[1, 2'))), code: 'E_PARSE_JSON', says: ['weights.json'] },
  {
    name: 'a vocabulary too big for the embedding',
    bytes: () => craft(valid, editJson<{ input: { tokens: string[] } }>('tokenizer.json', (t) => t.input.tokens.push('f', 'g'))),
    code: 'E_VOCAB_MISMATCH',
    says: ['Token embedding', '12 rows', '14 tokens'],
    nodeId: 'embed',
  },
  {
    name: 'a vocabulary smaller than the output layer',
    bytes: () => craft(valid, editJson<{ input: { tokens: string[] } }>('tokenizer.json', (t) => t.input.tokens.pop())),
    code: 'E_VOCAB_MISMATCH',
    says: ['To vocabulary', '12 units', '11 tokens'],
    nodeId: 'logits',
  },
  {
    name: 'a vocabulary with a token twice',
    bytes: () => craft(valid, editJson<{ input: { tokens: string[] } }>('tokenizer.json', (t) => (t.input.tokens[11] = 'a'))),
    code: 'E_MODEL_TOKENIZER',
    says: ['“a” twice', 'ids 7 and 11'],
  },
  {
    name: 'special tokens out of place',
    bytes: () => craft(valid, editJson<{ input: { tokens: string[] } }>('tokenizer.json', (t) => ([t.input.tokens[2], t.input.tokens[3]] = [t.input.tokens[3], t.input.tokens[2]]))),
    code: 'E_MODEL_TOKENIZER',
    says: ['[EOS]', 'id 2', '[BOS] belongs'],
  },
  {
    name: 'a character vocabulary with a multi-character token',
    bytes: () => craft(valid, editJson<{ input: { tokens: string[] } }>('tokenizer.json', (t) => (t.input.tokens[9] = 'cc'))),
    code: 'E_MODEL_TOKENIZER',
    says: ['character-level', '“cc”'],
  },
  {
    name: 'runs.json with a status the schema does not have',
    bytes: () => craft(valid, editJson<Json[]>('runs.json', (r) => (r[0].status = 'exploded'))),
    code: 'E_SCHEMA',
    says: ['runs.json', 'status'],
    path: 'runs.json:0.status',
  },
  {
    name: 'runs.json with a loss that is text',
    bytes: () => craft(valid, editJson<{ points: Json[] }[]>('runs.json', (r) => (r[0].points[1].loss = 'low'))),
    code: 'E_SCHEMA',
    says: ['runs.json at 0.points.1.loss'],
  },
  {
    name: 'more runs than the manifest counts',
    bytes: () => craft(valid, editJson<Json[]>('runs.json', (r) => r.push(r[0]))),
    code: 'E_MODEL_MANIFEST',
    says: ['2 runs', 'holds 3'],
  },
  {
    name: 'a dataset identity with a malformed hash',
    bytes: () => craft(valid, editJson<Json>('dataset.json', (d) => (d.sha256 = 'not-a-hash'))),
    code: 'E_SCHEMA',
    says: ['dataset.json', 'SHA-256'],
  },
  {
    name: 'an encrypted entry',
    bytes: () => handBuilt((entries) => void (entries[1].flags = 0x801)),
    code: 'E_MODEL_CORRUPT',
    says: ['graph.json', 'encrypted'],
  },
  {
    name: 'an entry compressed with bzip2 (method 12)',
    bytes: () => handBuilt((entries) => void (entries[1].method = 12)),
    code: 'E_MODEL_CORRUPT',
    says: ['compression method 12'],
  },
  {
    name: 'a local header whose name disagrees with the directory',
    bytes: () => handBuilt((entries) => void (entries[1].localName = 'graph.jsoN')),
    code: 'E_MODEL_CORRUPT',
    says: ['graph.json', 'local header disagrees'],
  },
  {
    name: 'entries whose compressed data overlap (the overlapping-file bomb)',
    bytes: () => handBuilt((entries) => void (entries[1].directoryCompressedSizeExtra = 40)),
    code: 'E_MODEL_CORRUPT',
    says: ['overlap', 'graph.json'],
  },
  {
    name: 'a directory that claims more records than it holds',
    bytes: () =>
      patchBytes(valid, (_b, v) => {
        const { end, count } = directoryOf(valid);
        v.setUint16(end + 8, count + 1, true);
        v.setUint16(end + 10, count + 1, true);
      }),
    code: 'E_MODEL_CORRUPT',
    says: ['damaged', 'record 10 of 10'],
  },
];

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

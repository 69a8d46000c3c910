import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../../engine/graph/errors';
import { documentForSaving, parseDocument } from '../../../engine/graph/parse';
import { readGraphOrModelFile, readModelFile, writeModelFile, type ModelFileContents, type NamedTensor } from '../../../engine/io';
import { templates } from '../../../engine/templates';
import { adamMoments, fullContents, tinyClassifierDoc, tinyLmDoc, tinyLmWeights, TINY_TOKENS } from '../../fixtures/io/modelFixtures';

function readBack(bytes: Uint8Array): ModelFileContents {
  const read = readModelFile(bytes);
  if (!read.ok) throw new Error(read.problems.map((p) => `${p.code}: ${p.message}`).join('\n'));
  expect(read.warnings).toEqual([]);
  return read.contents;
}

function bitsOf(tensors: NamedTensor[]): { name: string; shape: number[]; bits: number[] }[] {
  return tensors.map((t) => ({ name: t.name, shape: t.shape, bits: Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length)) }));
}

function codeOfWrite(contents: ModelFileContents): { code: string; messages: string } {
  try {
    writeModelFile(contents);
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    const err = e as EngineError;
    return { code: err.code, messages: err.problems.map((p) => p.message).join('\n') };
  }
  throw new Error('writeModelFile accepted contents it should refuse');
}

describe('writeModelFile / readModelFile', () => {
  afterEach(() => vi.useRealTimers());

  it('round-trips everything a file holds: graph, weights bit for bit, Adam state, vocabulary, data identity, runs', () => {
    const contents = fullContents();
    // Values whose bits a careless encoder changes: −0, the smallest subnormal, the largest float32.
    contents.trained!.weights[2].data.set([-0, 1.401298464324817e-45, 3.4028234663852886e38, -1e-30]);
    const back = readBack(writeModelFile(contents));
    expect(back.graph).toEqual(contents.graph);
    expect(bitsOf(back.trained!.weights)).toEqual(bitsOf(contents.trained!.weights));
    expect(Object.is(back.trained!.weights[2].data[0], -0)).toBe(true);
    expect(back.trained!.step).toBe(5);
    expect(back.trained!.optimizer!.kind).toBe('adam');
    expect(back.trained!.optimizer!.iterations).toBe(5);
    expect(bitsOf(back.trained!.optimizer!.tensors)).toEqual(bitsOf(contents.trained!.optimizer!.tensors));
    expect(back.tokenizer).toEqual(contents.tokenizer);
    expect(back.dataset).toEqual(contents.dataset);
    // The diverged run's NaN loss comes back as NaN (JSON writes it as null).
    expect(back.runs).toEqual(contents.runs);
    expect(back.runs[1].final.loss).toBeNaN();
    expect(back.runs[1].points[0].loss).toBeNaN();
  });

  it('round-trips word vocabularies that fold case, a separate target vocabulary and class names', () => {
    const doc = tinyClassifierDoc(3);
    const contents: ModelFileContents = {
      graph: doc,
      tokenizer: {
        input: { kind: 'word', tokens: [...TINY_TOKENS.slice(0, 7), 'bad', 'good', 'it', 'was', 'very'], lowercase: true },
        classes: ['negative', 'neutral', 'positive'],
      },
      dataset: { kind: 'bundled', id: 'sentiment' },
      runs: [],
    };
    expect(readBack(writeModelFile(contents))).toEqual(contents);
  });

  it('writes a graph-only file (no weights) that reads back as a graph with its runs', () => {
    const contents: ModelFileContents = { graph: tinyLmDoc(), runs: [] };
    const bytes = writeModelFile(contents);
    expect(Object.keys(unzipSync(bytes))).toEqual(['manifest.json', 'graph.json', 'runs.json']);
    const back = readBack(bytes);
    expect(back).toEqual(contents);
    expect(back.trained).toBeUndefined();
  });

  it('round-trips every bundled template as a graph-only file', () => {
    for (const t of templates) {
      const graph = t.build();
      expect(readBack(writeModelFile({ graph, runs: [] })).graph, t.id).toEqual(graph);
    }
  });

  it('keeps weights without optimizer state when none is given', () => {
    const contents = fullContents();
    delete contents.trained!.optimizer;
    const bytes = writeModelFile(contents);
    expect(Object.keys(unzipSync(bytes))).not.toContain('optimizer.bin');
    expect(readBack(bytes).trained!.optimizer).toBeUndefined();
  });

  it('gives the same bytes for the same contents, whenever it is written', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2020-02-02T12:00:00Z'));
    const first = writeModelFile(fullContents());
    vi.setSystemTime(new Date('2031-07-15T03:30:00Z'));
    const second = writeModelFile(fullContents());
    expect(second).toEqual(first);
    const other = fullContents();
    other.trained!.weights[0].data[0] += 1;
    expect(writeModelFile(other)).not.toEqual(first);
  });

  it('is a plain zip, manifest first, whose weights any tool can read from the index without tfjs', () => {
    const contents = fullContents();
    const bytes = writeModelFile(contents);
    const entries = unzipSync(bytes);
    expect(Object.keys(entries)).toEqual(['manifest.json', 'graph.json', 'weights.json', 'weights.bin', 'optimizer.json', 'optimizer.bin', 'tokenizer.json', 'dataset.json', 'runs.json']);
    const text = (name: string) => JSON.parse(new TextDecoder().decode(entries[name]));
    const manifest = text('manifest.json');
    expect(manifest).toMatchObject({ format: 'tensorloom-model', version: 1, contains: { weights: true, optimizer: true, tokenizer: true, dataset: true, runs: 2 } });
    expect(manifest.entries).toEqual(Object.keys(entries).slice(1).map((name) => ({ name, bytes: entries[name].length })));
    expect(text('graph.json')).toEqual(JSON.parse(JSON.stringify(documentForSaving(contents.graph))));

    const index = text('weights.json') as { step: number; tensors: { name: string; dtype: string; shape: number[]; offset: number; byteLength: number }[] };
    expect(index.step).toBe(5);
    const bin = entries['weights.bin'];
    const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
    for (const [i, t] of index.tensors.entries()) {
      const original = contents.trained!.weights[i];
      expect(t).toMatchObject({ name: original.name, dtype: 'float32', shape: original.shape, byteLength: original.data.length * 4 });
      for (const k of [0, original.data.length - 1]) expect(view.getFloat32(t.offset + 4 * k, true)).toBe(original.data[k]);
    }
    expect(text('optimizer.json')).toMatchObject({ kind: 'adam', iterations: 5 });
  });

  it('refuses to write weights that are not finite or do not fill their shape, so a saved file always opens', () => {
    const nan = fullContents();
    nan.trained!.weights[1].data[3] = Number.NaN;
    expect(codeOfWrite(nan)).toMatchObject({ code: 'E_MODEL_WEIGHTS', messages: expect.stringContaining('logits__0__dense/kernel') });

    const short = fullContents();
    short.trained!.weights[0] = { ...short.trained!.weights[0], data: new Float32Array(3) };
    expect(codeOfWrite(short)).toMatchObject({ code: 'E_MODEL_WEIGHTS', messages: expect.stringContaining('3 values') });

    const infiniteMoment = fullContents();
    infiniteMoment.trained!.optimizer!.tensors[1].data[0] = Number.POSITIVE_INFINITY;
    expect(codeOfWrite(infiniteMoment)).toMatchObject({ code: 'E_MODEL_WEIGHTS', messages: expect.stringContaining('Infinity') });
  });

  it('refuses to write a vocabulary that does not fit the graph', () => {
    const contents = fullContents();
    contents.graph = tinyLmDoc(TINY_TOKENS.length - 2);
    contents.trained = { step: 1, weights: tinyLmWeights(TINY_TOKENS.length - 2) };
    expect(codeOfWrite(contents)).toMatchObject({ code: 'E_VOCAB_MISMATCH', messages: expect.stringContaining('Token embedding') });
  });

  it('refuses to write optimizer state that belongs to no weight', () => {
    const contents = fullContents();
    contents.trained!.optimizer!.tensors = adamMoments([{ name: 'ghost/kernel', shape: [2], data: new Float32Array(2) }]);
    expect(codeOfWrite(contents)).toMatchObject({ code: 'E_MODEL_WEIGHTS', messages: expect.stringContaining('ghost/kernel/m') });
  });
});

describe('readGraphOrModelFile', () => {
  it('opens an older .tlgraph.json graph as a graph-only model with no runs', () => {
    const doc = tinyLmDoc();
    const text = JSON.stringify(doc, null, 2);
    const read = readGraphOrModelFile(new TextEncoder().encode(text));
    const parsed = parseDocument(text);
    expect(read.ok && parsed.ok).toBe(true);
    if (!read.ok || !parsed.ok) return;
    expect(read.contents).toEqual({ graph: parsed.doc, runs: [] });
    expect(read.contents.trained).toBeUndefined();
  });

  it('reads a UTF-8 graph with a byte-order mark and non-ASCII labels', () => {
    const doc = tinyLmDoc();
    doc.nodes[1].label = '토큰 임베딩 · émbedding';
    const bytes = new TextEncoder().encode(`\uFEFF${JSON.stringify(doc)}`);
    const read = readGraphOrModelFile(bytes);
    expect(read.ok && read.contents.graph.nodes[1].label).toBe('토큰 임베딩 · émbedding');
  });

  it('opens a .tlgraph zip exactly as readModelFile does', () => {
    const bytes = writeModelFile(fullContents());
    expect(readGraphOrModelFile(bytes)).toEqual(readModelFile(bytes));
  });

  it('passes on the graph parser’s problems for a broken JSON graph', () => {
    const read = readGraphOrModelFile(new TextEncoder().encode('{"formatVersion": 1, "nodes": ['));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems[0].code).toBe('E_PARSE_JSON');
    expect(read.problems[0].message).toContain('not valid JSON');
  });

  it('refuses bytes that are neither a zip nor a JSON graph', () => {
    for (const bytes of [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), new Uint8Array([0xff, 0xfe, 0x00]), new TextEncoder().encode('hello'), new Uint8Array(0)]) {
      const read = readGraphOrModelFile(bytes);
      expect(read.ok).toBe(false);
      if (read.ok) continue;
      expect(read.problems[0].code).toBe('E_MODEL_NOT_ZIP');
      expect(read.problems[0].message).toContain('.tlgraph');
    }
  });
});

import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readGraphOrModelFile, readModelFile, writeModelFile, type ReadModelResult } from '../../../engine/io';
import { fullContents, tinyLmDoc } from '../../fixtures/io/modelFixtures';

/**
 * Bytes handed over by a worker, an iframe or jsdom are Uint8Arrays of another global: `instanceof Uint8Array`
 * is false for them in this realm. Node's `vm` makes such arrays here.
 */
const foreignRealm = vm.createContext({});

function foreignCopy(bytes: Uint8Array): Uint8Array {
  const copy = vm.runInContext(`new Uint8Array(${bytes.length})`, foreignRealm) as Uint8Array;
  copy.set(bytes);
  return copy;
}

function contentsOf(read: ReadModelResult) {
  if (!read.ok) throw new Error(read.problems.map((p) => `${p.code}: ${p.message}`).join('\n'));
  return read.contents;
}

function codesOf(read: ReadModelResult): string[] {
  return read.ok ? [] : read.problems.map((p) => p.code);
}

describe('model file bytes from another realm', () => {
  it('is a Uint8Array this realm does not recognise by instanceof', () => {
    const bytes = foreignCopy(new Uint8Array([1, 2, 3]));
    expect(bytes instanceof Uint8Array).toBe(false);
    expect(ArrayBuffer.isView(bytes)).toBe(true);
  });

  it('reads a .tlgraph the same as bytes of this realm: graph, weights bit for bit, runs', () => {
    const original = fullContents();
    const bytes = writeModelFile(original);
    const local = contentsOf(readModelFile(bytes));
    for (const read of [readModelFile(foreignCopy(bytes)), readGraphOrModelFile(foreignCopy(bytes))]) {
      const foreign = contentsOf(read);
      expect(foreign.graph).toEqual(local.graph);
      expect(foreign.runs).toEqual(local.runs);
      expect(foreign.trained!.step).toBe(original.trained!.step);
      expect(foreign.trained!.weights.map((w) => [w.name, w.shape, Array.from(w.data)])).toEqual(local.trained!.weights.map((w) => [w.name, w.shape, Array.from(w.data)]));
    }
  });

  it('opens an older .tlgraph.json graph from another realm as a graph-only model', () => {
    const doc = tinyLmDoc();
    const read = contentsOf(readGraphOrModelFile(foreignCopy(new TextEncoder().encode(JSON.stringify(doc)))));
    expect(read.graph.nodes.map((n) => n.id)).toEqual(doc.nodes.map((n) => n.id));
    expect(read.trained).toBeUndefined();
    expect(read.runs).toEqual([]);
  });

  it('still refuses what is not bytes, and other typed arrays, with E_MODEL_NOT_ZIP', () => {
    const zip = writeModelFile(fullContents());
    const notBytes: unknown[] = [
      Array.from(zip),
      new Uint16Array(zip.buffer.slice(0, zip.length - (zip.length % 2))),
      vm.runInContext('new Float32Array(16)', foreignRealm),
      new DataView(zip.buffer),
      'PK\u0003\u0004',
      null,
    ];
    for (const value of notBytes) {
      expect(codesOf(readGraphOrModelFile(value as Uint8Array))).toEqual(['E_MODEL_NOT_ZIP']);
      expect(codesOf(readModelFile(value as Uint8Array))).toEqual(['E_MODEL_NOT_ZIP']);
    }
    expect(codesOf(readModelFile(foreignCopy(new Uint8Array(0))))).toEqual(['E_MODEL_NOT_ZIP']);
  });
});

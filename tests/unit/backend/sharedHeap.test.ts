import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importMemoryAsShared, withSharedWasmHeap } from '../../../engine/backend/wasm/sharedHeap';

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value & 0x7f;
    value >>>= 7;
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return out;
}

function section(id: number, payload: number[]): number[] {
  return [id, ...leb(payload.length), ...payload];
}

const ascii = (text: string) => [...leb(text.length), ...[...text].map((c) => c.charCodeAt(0))];

/**
 * A module in the shape of tfjs-backend-wasm's: it defines its memory (pages `initial`..`maximum`) and exports it
 * as `mem`, with `grow(pages)` (memory.grow) and `get(address)` (i32.load); `importLog` adds a function import, as
 * Emscripten modules have.
 */
function moduleDefiningMemory(initial: number, maximum: number | null, importLog = true): Uint8Array<ArrayBuffer> {
  const types = section(1, [2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 1, 0x7f, 0]);
  const imports = importLog ? section(2, [1, ...ascii('env'), ...ascii('log'), 0, 1]) : [];
  const firstOwn = importLog ? 1 : 0;
  const functions = section(3, [2, 0, 0]);
  const memory = section(5, [1, ...(maximum === null ? [0, ...leb(initial)] : [1, ...leb(initial), ...leb(maximum)])]);
  const exports = section(7, [3, ...ascii('mem'), 2, 0, ...ascii('grow'), 0, firstOwn, ...ascii('get'), 0, firstOwn + 1]);
  const grow = [0, 0x20, 0, 0x40, 0, 0x0b];
  const get = [0, 0x20, 0, 0x28, 2, 0, 0x0b];
  const code = section(10, [2, grow.length, ...grow, get.length, ...get]);
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports, ...functions, ...memory, ...exports, ...code]);
}

interface Exports {
  mem: WebAssembly.Memory;
  grow(pages: number): number;
  get(address: number): number;
}

describe('importMemoryAsShared', () => {
  it('turns a defined memory into an imported shared one with the same limits; the code runs unchanged on it', () => {
    const original = moduleDefiningMemory(2, 10);
    expect(WebAssembly.validate(original)).toBe(true);
    const rewrite = importMemoryAsShared(original);
    expect(rewrite).not.toBeNull();
    expect(rewrite!.initial).toBe(2);
    expect(rewrite!.maximum).toBe(10);
    const module = new WebAssembly.Module(rewrite!.bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'log', kind: 'function' },
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 10, shared: true });
    const exports = new WebAssembly.Instance(module, { env: { log: () => {}, memory } }).exports as unknown as Exports;
    // The export is the very memory handed in, so Emscripten's glue finds its heap where it always did.
    expect(exports.mem).toBe(memory);
    new Int32Array(memory.buffer)[100] = 1234567;
    expect(exports.get(400)).toBe(1234567);
    expect(exports.grow(3)).toBe(2);
    expect(memory.buffer.byteLength).toBe(5 * 65536);
    expect(new Int32Array(memory.buffer)[100]).toBe(1234567);
  });

  it('adds an import section where a module had none, and gives a memory without a maximum 4 GiB', () => {
    const rewrite = importMemoryAsShared(moduleDefiningMemory(1, null, false));
    expect(rewrite).not.toBeNull();
    expect(rewrite!.maximum).toBe(65536);
    const module = new WebAssembly.Module(rewrite!.bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
  });

  it('leaves other modules alone: no memory, an imported memory, a shared memory, or not a module at all', () => {
    const noMemory = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(importMemoryAsShared(noMemory)).toBeNull();
    const imported = importMemoryAsShared(moduleDefiningMemory(2, 10))!.bytes;
    expect(importMemoryAsShared(imported)).toBeNull();
    expect(importMemoryAsShared(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]))).toBeNull();
    const truncated = moduleDefiningMemory(2, 10).subarray(0, 30);
    expect(importMemoryAsShared(truncated)).toBeNull();
  });

  it('rewrites the tfjs-backend-wasm SIMD build itself into a valid module importing its 16 MiB..4 GiB heap', () => {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    const bytes = readFileSync(join(dist, 'dist/tfjs-backend-wasm-simd.wasm'));
    const rewrite = importMemoryAsShared(bytes);
    expect(rewrite).not.toBeNull();
    expect(rewrite!.initial).toBe(256);
    expect(rewrite!.maximum).toBe(65536);
    expect(WebAssembly.validate(rewrite!.bytes)).toBe(true);
    const module = new WebAssembly.Module(rewrite!.bytes);
    const memories = WebAssembly.Module.imports(module).filter((i) => i.kind === 'memory');
    expect(memories).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(module).filter((e) => e.kind === 'memory')).toHaveLength(1);
  });
});

describe('withSharedWasmHeap', () => {
  it('hands the first memory-defining module instantiated during init a shared memory, then restores WebAssembly', async () => {
    const instantiate = WebAssembly.instantiate;
    const { result, memory } = await withSharedWasmHeap(async () => {
      const first = await WebAssembly.instantiate(moduleDefiningMemory(2, 10), { env: { log: () => {} } });
      const second = await WebAssembly.instantiate(moduleDefiningMemory(2, 10), { env: { log: () => {} } });
      return [first.instance.exports as unknown as Exports, second.instance.exports as unknown as Exports];
    });
    expect(WebAssembly.instantiate).toBe(instantiate);
    expect(memory).not.toBeNull();
    expect(result[0].mem).toBe(memory);
    expect(memory!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(result[1].mem.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('instantiates the module as it came when the rewritten one cannot be (here: an import it lacks), and restores on error', async () => {
    const instantiate = WebAssembly.instantiate;
    const { memory } = await withSharedWasmHeap(async () => {
      // No env.log: the rewritten module fails, and so does the original, whose error the caller sees.
      await expect(WebAssembly.instantiate(moduleDefiningMemory(2, 10), {})).rejects.toThrow();
    });
    expect(memory).toBeNull();
    await expect(withSharedWasmHeap(async () => { throw new Error('init failed'); })).rejects.toThrow('init failed');
    expect(WebAssembly.instantiate).toBe(instantiate);
  });
});

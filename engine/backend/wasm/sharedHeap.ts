/**
 * tfjs-backend-wasm's single-threaded build keeps its heap in a memory the module defines itself: no other thread
 * can see it, so the matmul's helper thread had to be sent copies of its share of every product and return its
 * part of the result the same way. Instantiated under `withSharedWasmHeap`, that module's memory definition is
 * rewritten into an import of a *shared* memory with the same limits, which this code creates and hands in. The
 * module's code is unchanged (it uses no atomics; its heap is only ever touched by one thread at a time: the
 * helper works while the calling thread waits inside the same kernel), and its exports still include the memory,
 * so tfjs' Emscripten glue finds and grows it as before. Anything that cannot be rewritten is instantiated as it
 * came, and everything keeps working on an unshared heap (with copies for the helper).
 */

const MAGIC_AND_VERSION_BYTES = 8;
const TYPE_SECTION = 1;
const IMPORT_SECTION = 2;
const MEMORY_SECTION = 5;
const MEMORY_KIND = 2;
/** Limits flags: bit 0 a maximum follows, bit 1 shared, bit 2 64-bit. */
const HAS_MAXIMUM = 1;
const SHARED = 2;
const MEMORY64 = 4;
/** 4 GiB in 64 KiB pages: the most a 32-bit memory can have, and a shared memory must declare a maximum. */
const MAX_PAGES = 65536;

interface Section {
  id: number;
  /** Byte range of the whole section (id, size and payload) and of its payload. */
  start: number;
  payloadStart: number;
  end: number;
}

class Reader {
  constructor(private readonly bytes: Uint8Array, public at: number) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new Error('truncated module');
    return this.bytes[this.at++];
  }

  /** An unsigned LEB128 number of up to 32 bits. */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
    }
    throw new Error('malformed LEB128 number');
  }

  skip(count: number): void {
    this.at += count;
  }

  limits(): { flags: number; initial: number; maximum: number | null } {
    const flags = this.byte();
    const initial = this.u32();
    const maximum = flags & HAS_MAXIMUM ? this.u32() : null;
    return { flags, initial, maximum };
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...leb(bytes.length), ...bytes];
}

function sectionsOf(bytes: Uint8Array): Section[] {
  const sections: Section[] = [];
  const reader = new Reader(bytes, MAGIC_AND_VERSION_BYTES);
  while (reader.at < bytes.length) {
    const start = reader.at;
    const id = reader.byte();
    const size = reader.u32();
    const payloadStart = reader.at;
    reader.skip(size);
    if (reader.at > bytes.length) throw new Error('truncated section');
    sections.push({ id, start, payloadStart, end: reader.at });
  }
  return sections;
}

/** Counts the memories a module imports, walking every import entry (their sizes depend on their kinds). */
function importedMemories(bytes: Uint8Array, section: Section): { entries: number; memories: number } {
  const reader = new Reader(bytes, section.payloadStart);
  const entries = reader.u32();
  let memories = 0;
  for (let i = 0; i < entries; i++) {
    reader.skip(reader.u32()); // module name
    reader.skip(reader.u32()); // field name
    const kind = reader.byte();
    if (kind === 0) reader.u32(); // function: type index
    else if (kind === 1) { reader.byte(); reader.limits(); } // table: element type, limits
    else if (kind === MEMORY_KIND) { reader.limits(); memories++; }
    else if (kind === 3) { reader.byte(); reader.byte(); } // global: value type, mutability
    else if (kind === 4) { reader.byte(); reader.u32(); } // tag: attribute, type index
    else throw new Error(`unknown import kind ${kind}`);
  }
  if (reader.at !== section.end) throw new Error('import section size mismatch');
  return { entries, memories };
}

export interface SharedMemoryRewrite {
  /** The module with its memory imported as env.memory, shared. */
  bytes: Uint8Array<ArrayBuffer>;
  /** Pages of the memory the module defined: create the shared one with these. */
  initial: number;
  maximum: number;
}

/**
 * Rewrites a module that defines exactly one 32-bit, unshared memory (and imports none) into one that imports it as
 * `env.memory`, shared, with the same initial size and its maximum (4 GiB where it had none). Null for any other
 * module. Memory index 0 stays the same memory, so no instruction or export changes.
 */
export function importMemoryAsShared(bytes: Uint8Array): SharedMemoryRewrite | null {
  let sections: Section[];
  try {
    sections = sectionsOf(bytes);
    const memorySections = sections.filter((s) => s.id === MEMORY_SECTION);
    if (memorySections.length !== 1) return null;
    const memory = new Reader(bytes, memorySections[0].payloadStart);
    if (memory.u32() !== 1) return null;
    const { flags, initial, maximum } = memory.limits();
    if (flags & (SHARED | MEMORY64) || memory.at !== memorySections[0].end) return null;
    const imports = sections.find((s) => s.id === IMPORT_SECTION);
    const existing = imports ? importedMemories(bytes, imports) : { entries: 0, memories: 0 };
    if (existing.memories > 0) return null;
    const limitMaximum = Math.min(maximum ?? MAX_PAGES, MAX_PAGES);
    const entry = [...name('env'), ...name('memory'), MEMORY_KIND, HAS_MAXIMUM | SHARED, ...leb(initial), ...leb(limitMaximum)];
    let oldEntries: Uint8Array = new Uint8Array(0);
    if (imports) {
      const reader = new Reader(bytes, imports.payloadStart);
      reader.u32();
      oldEntries = bytes.subarray(reader.at, imports.end);
    }
    const payload = [...leb(existing.entries + 1), ...oldEntries, ...entry];
    const importSection = [IMPORT_SECTION, ...leb(payload.length), ...payload];
    const parts: ArrayLike<number>[] = [bytes.subarray(0, MAGIC_AND_VERSION_BYTES)];
    let placed = false;
    for (const section of sections) {
      if (section.id === MEMORY_SECTION) continue;
      if (section.id === IMPORT_SECTION) {
        parts.push(importSection);
        placed = true;
        continue;
      }
      // A module without imports gets the section where the order requires it: after the types.
      if (!placed && section.id !== 0 && section.id > TYPE_SECTION) {
        parts.push(importSection);
        placed = true;
      }
      parts.push(bytes.subarray(section.start, section.end));
    }
    if (!placed) parts.push(importSection);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return { bytes: out, initial, maximum: limitMaximum };
  } catch {
    return null;
  }
}

/** Whether this engine can make shared memories at all (threads support; cross-origin isolation in a browser). */
export function sharedMemorySupported(): boolean {
  if (typeof SharedArrayBuffer !== 'function' || typeof WebAssembly !== 'object') return false;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

type Imports = WebAssembly.Imports | undefined;

function isBufferSource(source: unknown): source is ArrayBuffer | ArrayBufferView {
  return source instanceof ArrayBuffer || ArrayBuffer.isView(source);
}

function asBytes(source: ArrayBuffer | ArrayBufferView): Uint8Array {
  return source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
}

/**
 * Runs `init` (tfjs-backend-wasm's initialisation) with WebAssembly.instantiate and instantiateStreaming replaced by
 * versions that give a module defining its own memory a shared one instead (see importMemoryAsShared), and returns
 * that memory with init's result: null when nothing was rewritten (no shared memory here, a module of another shape,
 * or the rewritten module failed to instantiate, in which case the original was instantiated instead). Only the
 * first such module is rewritten, and the originals are restored when init settles.
 */
export async function withSharedWasmHeap<T>(init: () => Promise<T>): Promise<{ result: T; memory: WebAssembly.Memory | null }> {
  if (!sharedMemorySupported()) return { result: await init(), memory: null };
  const wasm = WebAssembly as unknown as {
    instantiate: (source: unknown, imports?: Imports) => Promise<unknown>;
    instantiateStreaming?: (source: unknown, imports?: Imports) => Promise<unknown>;
  };
  const originalInstantiate = wasm.instantiate;
  const originalStreaming = wasm.instantiateStreaming;
  let memory: WebAssembly.Memory | null = null;
  const instantiate = async (source: unknown, imports?: Imports): Promise<unknown> => {
    const rewrite = memory === null && isBufferSource(source) ? importMemoryAsShared(asBytes(source)) : null;
    if (!rewrite) return originalInstantiate.call(WebAssembly, source, imports);
    try {
      const shared = new WebAssembly.Memory({ initial: rewrite.initial, maximum: rewrite.maximum, shared: true });
      const env = Object.assign({}, imports?.env, { memory: shared });
      const result = await originalInstantiate.call(WebAssembly, rewrite.bytes, { ...imports, env });
      memory = shared;
      return result;
    } catch {
      return originalInstantiate.call(WebAssembly, source, imports);
    }
  };
  wasm.instantiate = instantiate;
  if (originalStreaming) {
    // The streaming path compiles as bytes arrive; the rewrite needs them all first.
    wasm.instantiateStreaming = async (source: unknown, imports?: Imports) => {
      const response = (await source) as Response;
      return instantiate(await response.arrayBuffer(), imports);
    };
  }
  try {
    const result = await init();
    return { result, memory };
  } finally {
    wasm.instantiate = originalInstantiate;
    if (originalStreaming) wasm.instantiateStreaming = originalStreaming;
  }
}

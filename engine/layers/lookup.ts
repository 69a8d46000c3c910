/**
 * How an embedding looks its rows up, decided without tfjs (the memory estimate reads it on the UI thread too).
 *
 * 'gather' indexes the table; 'onehot' multiplies a one-hot matrix (B·T × V) by it. 'auto' gathers on every backend
 * and at every vocabulary size. On wasm that rests on the project's row-copying GatherV2 (engine/backend/wasm/
 * heapGather.ts): with it, a lookup's forward and backward (bench/lookupChoice.ts, interleaved, median) took
 * 0.2 ms against one-hot's 0.4 ms at B·T 512, V 27, d 32 (the smallest bundled case), 1.0 against 3.6 ms at
 * B·T 2,048, V 65, d 128, and 0.6 against 39 ms at B·T 1,024, V 2,143, d 64 — the one-hot product's cost grows with
 * B·T·V·d, gather's with B·T·d. A one-hot matrix also takes B·T·V floats twice (int32, then float32).
 * The backend and table size are arguments so that a backend where the product wins can say so here.
 */
export type LookupMode = 'auto' | 'gather' | 'onehot';

export function resolveLookup(mode: LookupMode, _backend: string, _rows: number): 'gather' | 'onehot' {
  return mode === 'auto' ? 'gather' : mode;
}

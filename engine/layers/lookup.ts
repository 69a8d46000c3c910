/**
 * How an embedding looks its rows up, decided without tfjs (the memory estimate reads it on the UI thread too).
 *
 * 'gather' indexes the table; 'onehot' multiplies a one-hot matrix (B·T × V) by it. 'auto' uses one-hot on wasm for
 * vocabularies up to ONE_HOT_AUTO_MAX_ROWS — what wasm has always run for the bundled datasets (at most 3,457
 * tokens), on the project's packed matmul — and gathers everywhere else: a one-hot matrix grows with B·T·V and
 * takes a tenth of a GiB already at B·T = 2,048 and V = 8,192, where gather needs nothing beyond its output.
 */
export type LookupMode = 'auto' | 'gather' | 'onehot';

export const ONE_HOT_AUTO_MAX_ROWS = 4096;

export function resolveLookup(mode: LookupMode, backend: string, rows: number): 'gather' | 'onehot' {
  if (mode !== 'auto') return mode;
  return backend === 'wasm' && rows <= ONE_HOT_AUTO_MAX_ROWS ? 'onehot' : 'gather';
}

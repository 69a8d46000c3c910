import type { Dim } from '../../engine';

/** 421632 → "421.6k"; small counts stay exact. */
export function formatCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${trim(n / 1e3)}k`;
  if (n < 1e9) return `${trim(n / 1e6)}M`;
  return `${trim(n / 1e9)}G`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 ** 2) return `${trim(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${trim(bytes / 1024 ** 2)} MB`;
  return `${trim(bytes / 1024 ** 3)} GB`;
}

/** A memory term's dims as a product with powers: ['B', 4, 'T', 'T'] → "B·4·T²". */
export function formatDims(dims: readonly Dim[]): string {
  const counts = new Map<string, number>();
  for (const d of dims) counts.set(String(d), (counts.get(String(d)) ?? 0) + 1);
  return [...counts].map(([d, k]) => (k === 1 ? d : `${d}${superscript(k)}`)).join('·');
}

function superscript(k: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return String(k)
    .split('')
    .map((c) => digits[Number(c)])
    .join('');
}

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1).replace(/\.0$/, '') : x.toFixed(2).replace(/\.?0+$/, '');
}

import type { Rng } from './rng';

/**
 * Draws up to `count` distinct items (by `key`) that are not in `exclude`, giving up after a bounded
 * number of tries so a tiny space of possibilities (say, length-1 sequences) cannot loop forever.
 * The keys drawn are added to `exclude`, so a later call for another split never repeats them.
 */
export function drawDistinct<T>(count: number, rng: Rng, make: (rng: Rng) => T, key: (item: T) => string, exclude: Set<string>): T[] {
  const out: T[] = [];
  const maxTries = count * 8 + 100;
  for (let tries = 0; tries < maxTries && out.length < count; tries++) {
    const item = make(rng);
    const k = key(item);
    if (exclude.has(k)) continue;
    exclude.add(k);
    out.push(item);
  }
  return out;
}

/** Fisher–Yates with the caller's rng: the same seed gives the same order. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A stable 32-bit hash of a string (FNV-1a), to derive per-dataset seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Draws distinct examples and splits them: validation gets its share of whatever could be drawn, so
 * even a tiny space of possibilities leaves both splits non-empty and disjoint.
 */
export function drawSplit<T>(
  sizes: { train: number; validation: number },
  rng: Rng,
  make: (rng: Rng) => T,
  key: (item: T) => string,
): { train: T[]; validation: T[] } {
  const total = sizes.train + sizes.validation;
  const items = drawDistinct(total, rng, make, key, new Set());
  const validationCount = Math.min(items.length - 1, Math.max(1, Math.round((items.length * sizes.validation) / total)));
  return { validation: items.slice(0, validationCount), train: items.slice(validationCount) };
}

/**
 * Remembers the last few results of a pure, seeded generator. The studio re-creates a dataset on many
 * graph edits with the same seed and lengths; the examples it would generate are the same every time.
 */
export function rememberRecent<T>(capacity: number): (key: string, make: () => T) => T {
  const entries = new Map<string, T>();
  return (key, make) => {
    const hit = entries.get(key);
    if (hit !== undefined) {
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = make();
    entries.set(key, value);
    if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
    return value;
  };
}

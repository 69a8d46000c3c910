import { createRng, type Rng } from '../../engine/data/rng';

/** The fuzzer's seeded choices. Every case draws from its own generator, seeded by (run seed, case index). */
export class FuzzRandom {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  static forCase(seed: number, index: number): FuzzRandom {
    // Mixes the two so neighbouring cases and neighbouring seeds start far apart.
    let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x27d4eb2f);
    return new FuzzRandom((h ^ (h >>> 15)) >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.rng.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : this.rng.int(n);
  }

  /** Uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** Integers spread over orders of magnitude: as many 2–20 as 200–2000. */
  logInt(lo: number, hi: number): number {
    return Math.round(Math.exp(Math.log(lo) + this.next() * (Math.log(hi) - Math.log(lo))));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('FuzzRandom.pick of an empty list');
    return items[this.int(items.length)];
  }

  /** One of the entries, chosen in proportion to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
}

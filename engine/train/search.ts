import type { Rng } from '../data/rng';

/**
 * Decoding strategies over an abstract next-token model, so the same search code serves a language model,
 * a seq2seq decoder or a hand-written table in a test. `next` receives several prefixes at once (the
 * beams) and returns, for each, the log-probabilities of every next token.
 */
export type NextLogProbs = (prefixes: readonly (readonly number[])[]) => Promise<Float64Array[]>;

export interface Hypothesis {
  /** The generated tokens (the prefix handed in is not repeated), ending with `eos` when one was produced. */
  tokens: number[];
  /** Σ log p of the generated tokens. */
  logProb: number;
  /** logProb / length^lengthPenalty: comparable across lengths (higher is better). */
  score: number;
}

export interface SearchOptions {
  /** Maximum number of tokens to generate. */
  maxTokens: number;
  /** Generation stops when this token is produced (seq2seq: [EOS]); none for a free-running LM. */
  eos?: number;
}

/** Length-normalised score: without it beam search favours short outputs, since every token costs log p < 0. */
export function scoreOf(logProb: number, length: number, lengthPenalty = 1): number {
  return length > 0 ? logProb / Math.pow(length, lengthPenalty) : 0;
}

export async function greedySearch(next: NextLogProbs, prefix: readonly number[], opts: SearchOptions): Promise<Hypothesis> {
  const tokens: number[] = [];
  let logProb = 0;
  for (let i = 0; i < opts.maxTokens; i++) {
    const [lp] = await next([[...prefix, ...tokens]]);
    const id = argMax(lp);
    tokens.push(id);
    logProb += lp[id];
    if (id === opts.eos) break;
  }
  return { tokens, logProb, score: scoreOf(logProb, tokens.length) };
}

export interface BeamOptions extends SearchOptions {
  width: number;
  /** Exponent of the length normalisation; 1 divides by the length, 0 compares raw sums. */
  lengthPenalty?: number;
}

/**
 * Beam search: keeps the `width` most probable partial outputs, expands each by its best tokens, and keeps
 * the best `width` again. A hypothesis that emits `eos` is finished; the search ends when `width`
 * hypotheses have finished or `maxTokens` is reached, and returns the best by length-normalised score.
 * Live beams always have equal length, so ranking them by the raw sum is ranking them by the score.
 *
 * Plain beam search can prune the greedy path and end with a worse answer than greedy (the “beam search
 * curse”). So the greedy line is decoded alongside, as one more row of the same model calls, and wins when
 * it scores better: widening the beam never makes the answer worse. With width 1 both lines coincide and
 * this is exactly greedy search.
 */
export async function beamSearch(next: NextLogProbs, prefix: readonly number[], opts: BeamOptions): Promise<Hypothesis> {
  const width = Math.max(1, Math.floor(opts.width));
  const penalty = opts.lengthPenalty ?? 1;
  let live: { tokens: number[]; logProb: number }[] = [{ tokens: [], logProb: 0 }];
  const finished: Hypothesis[] = [];
  const greedy = { tokens: [] as number[], logProb: 0, done: false };
  for (let step = 0; step < opts.maxTokens; step++) {
    const beamsActive = live.length > 0 && finished.length < width;
    if (!beamsActive && greedy.done) break;
    const rows = beamsActive ? live.map((h) => [...prefix, ...h.tokens]) : [];
    if (!greedy.done) rows.push([...prefix, ...greedy.tokens]);
    const lps = await next(rows);
    if (!greedy.done) {
      const lp = lps[rows.length - 1];
      const id = argMax(lp);
      greedy.tokens.push(id);
      greedy.logProb += lp[id];
      greedy.done = id === opts.eos;
    }
    if (!beamsActive) continue;
    const candidates: { from: number; id: number; logProb: number }[] = [];
    live.forEach((h, b) => {
      // Only the top `width` tokens of each beam can survive the cut below.
      for (const id of topIndices(lps[b], width)) candidates.push({ from: b, id, logProb: h.logProb + lps[b][id] });
    });
    candidates.sort((a, c) => c.logProb - a.logProb || a.from - c.from || a.id - c.id);
    const nextLive: typeof live = [];
    for (const c of candidates) {
      if (nextLive.length >= width || finished.length >= width) break;
      if (c.logProb === -Infinity) break;
      const tokens = [...live[c.from].tokens, c.id];
      if (c.id === opts.eos) finished.push({ tokens, logProb: c.logProb, score: scoreOf(c.logProb, tokens.length, penalty) });
      else nextLive.push({ tokens, logProb: c.logProb });
    }
    live = nextLive;
  }
  const scored = (h: { tokens: number[]; logProb: number }): Hypothesis => ({ tokens: h.tokens, logProb: h.logProb, score: scoreOf(h.logProb, h.tokens.length, penalty) });
  const all = [...finished, ...live.map(scored), scored(greedy)];
  // A stable sort keeps beam results ahead of an equally scored greedy line.
  all.sort((a, b) => b.score - a.score);
  return all[0];
}

export interface SampleOptions extends SearchOptions, SamplingFilter {
  rng: Rng;
}

/** How the next token is drawn from a model's distribution. */
export interface SamplingFilter {
  /** Divides the logits: < 1 sharper, > 1 flatter; 0 (or less) is greedy. */
  temperature: number;
  /** Sample only among the k most probable tokens; 0 = all. */
  topK: number;
  /**
   * Nucleus sampling: keep the smallest set of most probable tokens whose probability (after temperature and
   * top-k) reaches p, then renormalise. 1 (or absent) keeps them all.
   */
  topP?: number;
}

/** The tokens a sampler can still draw and their renormalised probabilities, most probable first. */
export interface NextTokenDistribution {
  ids: number[];
  probs: number[];
}

/**
 * The distribution the sampler draws from: temperature first (it reshapes the probabilities), then top-k
 * (the k highest logits; temperature does not change which), then top-p over what top-k left, renormalised
 * after each cut. The order is the one Hugging Face's `generate` uses, so the numbers a learner sees here
 * are the ones they will meet there. Temperature 0 puts all the mass on the most probable token.
 */
export function nextTokenDistribution(logProbs: ArrayLike<number>, filter: SamplingFilter): NextTokenDistribution {
  const k = filter.topK > 0 ? Math.min(filter.topK, logProbs.length) : logProbs.length;
  const ids = topIndices(logProbs, k);
  if (ids.length === 1 || !(filter.temperature > 0)) return { ids: [ids[0]], probs: [1] };
  const t = filter.temperature;
  const top = logProbs[ids[0]] / t;
  const weights = ids.map((id) => Math.exp(logProbs[id] / t - top));
  const total = weights.reduce((a, b) => a + b, 0);
  const probs = weights.map((w) => w / total);
  const p = filter.topP ?? 1;
  if (!(p < 1)) return { ids, probs };
  let kept = 0;
  let mass = 0;
  // The smallest prefix whose mass reaches p: a token is kept while the mass before it is still short of p.
  // The tolerance keeps a prefix that reaches p exactly (0.5 + 0.3 = 0.8 in float64 is 0.8000000000000002).
  while (kept < probs.length && (kept === 0 || mass < p - 1e-12)) mass += probs[kept++];
  return { ids: ids.slice(0, kept), probs: probs.slice(0, kept).map((q) => q / mass) };
}

/** Temperature, top-k and top-p sampling with a seeded generator (the same seed gives the same text). */
export async function sampleSearch(next: NextLogProbs, prefix: readonly number[], opts: SampleOptions): Promise<Hypothesis> {
  const tokens: number[] = [];
  let logProb = 0;
  for (let i = 0; i < opts.maxTokens; i++) {
    const [lp] = await next([[...prefix, ...tokens]]);
    const id = sampleToken(lp, opts, opts.rng);
    tokens.push(id);
    logProb += lp[id];
    if (id === opts.eos) break;
  }
  return { tokens, logProb, score: scoreOf(logProb, tokens.length) };
}

/** One draw from `nextTokenDistribution(logProbs, filter)`. */
export function sampleToken(logProbs: ArrayLike<number>, filter: SamplingFilter, rng: Rng): number {
  const { ids, probs } = nextTokenDistribution(logProbs, filter);
  if (ids.length === 1) return ids[0];
  let r = rng.next();
  for (let i = 0; i < ids.length; i++) {
    r -= probs[i];
    if (r < 0) return ids[i];
  }
  return ids[ids.length - 1];
}

export function argMax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/** Indices of the k largest values, largest first (ties: lower index first, as argMax). */
export function topIndices(xs: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: xs.length }, (_, i) => i);
  idx.sort((a, b) => xs[b] - xs[a] || a - b);
  return idx.slice(0, Math.max(1, Math.min(k, xs.length)));
}

/** log softmax of a row, in float64. */
export function logSoftmax(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  const lse = max + Math.log(sum);
  const out = new Float64Array(row.length);
  for (let i = 0; i < row.length; i++) out[i] = row[i] - lse;
  return out;
}

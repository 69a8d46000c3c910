import { describe, expect, it } from 'vitest';
import { createRng } from '../../../engine/data/rng';
import { beamSearch, greedySearch, sampleSearch, scoreOf, type NextLogProbs } from '../../../engine/train/search';

/** A next-token model given as a function of the prefix: log of a probability table. */
function tableModel(probs: (prefix: readonly number[]) => number[]): NextLogProbs {
  return async (prefixes) => prefixes.map((p) => Float64Array.from(probs(p), Math.log));
}

/** A seeded random table: each prefix gets its own fixed distribution over V tokens. */
function randomModel(seed: number, V: number): NextLogProbs {
  return tableModel((prefix) => {
    let h = seed;
    for (const t of prefix) h = (Math.imul(h ^ t, 2654435761) + 97) >>> 0;
    const rng = createRng(h);
    const w = Array.from({ length: V }, () => Math.pow(rng.next(), 3) + 1e-3);
    const s = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / s);
  });
}

const EOS = 3;

describe('decoding search', () => {
  it('beam search with width 1 is greedy search', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const model = randomModel(seed, 6);
      const greedy = await greedySearch(model, [0], { maxTokens: 7, eos: EOS });
      const beam = await beamSearch(model, [0], { maxTokens: 7, eos: EOS, width: 1 });
      expect(beam.tokens).toEqual(greedy.tokens);
      expect(beam.logProb).toBeCloseTo(greedy.logProb, 12);
    }
  });

  it('beam search escapes the trap that greedy falls into', async () => {
    // Token 1 looks best first (0.6), but everything after it is uncertain; token 2 (0.4) leads to a sure 0.9.
    const model = tableModel((prefix) => {
      if (prefix.length === 1) return [0, 0.6, 0.4, 0];
      if (prefix[1] === 1) return [0.25, 0.25, 0.25, 0.25];
      return [0.9, 0.05, 0.05, 0];
    });
    const greedy = await greedySearch(model, [0], { maxTokens: 2 });
    const beam = await beamSearch(model, [0], { maxTokens: 2, width: 2 });
    expect(greedy.tokens).toEqual([1, 0]);
    expect(beam.tokens).toEqual([2, 0]);
    expect(beam.logProb).toBeCloseTo(Math.log(0.4 * 0.9), 12);
  });

  it('beam search never scores worse than greedy on seeded toy models', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const model = randomModel(seed, 5);
      const greedy = await greedySearch(model, [0], { maxTokens: 6, eos: EOS });
      const beam = await beamSearch(model, [0], { maxTokens: 6, eos: EOS, width: 4 });
      expect(beam.score).toBeGreaterThanOrEqual(greedy.score - 1e-12);
    }
  });

  it('ranks finished outputs by length-normalised log-probability', async () => {
    // [EOS] at once has p = 0.5; [2, 2, EOS] has p = 0.5·0.7·0.9 ≈ 0.315 but ≈ 0.68 per token.
    const model = tableModel((prefix) => [[0, 0, 0.5, 0.5], [0, 0, 0.7, 0.3], [0, 0, 0.1, 0.9]][Math.min(prefix.length - 1, 2)]);
    const normalised = await beamSearch(model, [0], { maxTokens: 3, eos: EOS, width: 3 });
    expect(normalised.tokens).toEqual([2, 2, EOS]);
    expect(normalised.score).toBeCloseTo(Math.log(0.5 * 0.7 * 0.9) / 3, 12);
    expect(normalised.score).toBeCloseTo(scoreOf(normalised.logProb, 3), 12);
    const raw = await beamSearch(model, [0], { maxTokens: 3, eos: EOS, width: 3, lengthPenalty: 0 });
    expect(raw.tokens).toEqual([EOS]);
    expect(raw.logProb).toBeCloseTo(Math.log(0.5), 12);
  });

  it('top-k = 1 sampling is greedy, whatever the temperature', async () => {
    const model = randomModel(7, 8);
    const greedy = await greedySearch(model, [0], { maxTokens: 10 });
    for (const temperature of [0.5, 1, 3]) {
      const sampled = await sampleSearch(model, [0], { maxTokens: 10, temperature, topK: 1, rng: createRng(temperature * 10) });
      expect(sampled.tokens).toEqual(greedy.tokens);
    }
  });

  it('sampling is reproducible from its seed and follows the distribution', async () => {
    const model = tableModel(() => [0.1, 0.2, 0.7]);
    const a = await sampleSearch(model, [0], { maxTokens: 1500, temperature: 1, topK: 0, rng: createRng(5) });
    const b = await sampleSearch(model, [0], { maxTokens: 1500, temperature: 1, topK: 0, rng: createRng(5) });
    expect(a.tokens).toEqual(b.tokens);
    const share = (id: number) => a.tokens.filter((t) => t === id).length / a.tokens.length;
    expect(share(2)).toBeCloseTo(0.7, 1);
    expect(share(0)).toBeCloseTo(0.1, 1);
    // top-k = 2 never picks the least likely token.
    const top2 = await sampleSearch(model, [0], { maxTokens: 500, temperature: 1, topK: 2, rng: createRng(9) });
    expect(top2.tokens).not.toContain(0);
  });
});

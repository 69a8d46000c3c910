import { describe, expect, it } from 'vitest';
import { createRng } from '../../../engine/data/rng';
import { nextTokenDistribution, sampleToken } from '../../../engine/train/search';

/** Five tokens with probabilities 0.5, 0.2, 0.15, 0.1, 0.05, given as log-probabilities in a shuffled order. */
const ORDER = [3, 0, 4, 1, 2];
const PROBS = [0.5, 0.2, 0.15, 0.1, 0.05];
const logProbs = new Float64Array(5);
ORDER.forEach((id, rank) => (logProbs[id] = Math.log(PROBS[rank])));

function softmaxAtTemperature(lp: ArrayLike<number>, t: number): number[] {
  const w = Array.from(lp, (x) => Math.exp(x / t));
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}

describe('next-token distribution (temperature, top-k, top-p)', () => {
  it('top-p keeps the smallest set of most probable tokens whose probability reaches p, renormalised', () => {
    // 0.5 + 0.2 = 0.7 < 0.8, + 0.15 = 0.85 ≥ 0.8: three tokens.
    const d = nextTokenDistribution(logProbs, { temperature: 1, topK: 0, topP: 0.8 });
    expect(d.ids).toEqual([3, 0, 4]);
    d.probs.forEach((p, i) => expect(p).toBeCloseTo([0.5 / 0.85, 0.2 / 0.85, 0.15 / 0.85][i], 12));
    // A prefix that reaches p exactly (0.5 + 0.2 = 0.7) is enough: no third token.
    expect(nextTokenDistribution(logProbs, { temperature: 1, topK: 0, topP: 0.7 }).ids).toEqual([3, 0]);
    // The most probable token alone when it already reaches p; never an empty set.
    expect(nextTokenDistribution(logProbs, { temperature: 1, topK: 0, topP: 0.5 })).toEqual({ ids: [3], probs: [1] });
    expect(nextTokenDistribution(logProbs, { temperature: 1, topK: 0, topP: 0.01 }).ids).toEqual([3]);
    // 0.99 needs every token: 0.95 falls short.
    expect(nextTokenDistribution(logProbs, { temperature: 1, topK: 0, topP: 0.99 }).ids).toEqual([3, 0, 4, 1, 2]);
  });

  it('applies temperature first, then top-k, then top-p over what top-k left', () => {
    // T = 2: weights √p. Top-3: √.5, √.2, √.15 normalised.
    const w = [Math.sqrt(0.5), Math.sqrt(0.2), Math.sqrt(0.15)];
    const sum3 = w[0] + w[1] + w[2];
    const k3 = nextTokenDistribution(logProbs, { temperature: 2, topK: 3 });
    expect(k3.ids).toEqual([3, 0, 4]);
    k3.probs.forEach((p, i) => expect(p).toBeCloseTo(w[i] / sum3, 12));
    // Then top-p 0.6 over those three: 0.4587 < 0.6, 0.4587 + 0.2901 = 0.7488 ≥ 0.6: two tokens.
    expect(w[0] / sum3).toBeCloseTo(0.4587, 4);
    const k3p = nextTokenDistribution(logProbs, { temperature: 2, topK: 3, topP: 0.6 });
    expect(k3p.ids).toEqual([3, 0]);
    k3p.probs.forEach((p, i) => expect(p).toBeCloseTo(w[i] / (w[0] + w[1]), 12));
    // Without top-k the same p needs a third token at T = 2 (the flatter distribution spreads its mass):
    // √.5, √.2 over Σ√p of all five = 0.7071 + 0.4472 = 1.1543 of 2.1811 = 0.529 < 0.6.
    const all = nextTokenDistribution(logProbs, { temperature: 2, topK: 0, topP: 0.6 });
    expect(all.ids).toEqual([3, 0, 4]);
    // A low temperature sharpens: at T = 0.5 (weights p²) the first token alone holds 0.25/0.3175 = 0.787 ≥ 0.6.
    expect(nextTokenDistribution(logProbs, { temperature: 0.5, topK: 0, topP: 0.6 }).ids).toEqual([3]);
    // Temperature 0 is greedy whatever top-k and top-p say.
    expect(nextTokenDistribution(logProbs, { temperature: 0, topK: 4, topP: 0.3 })).toEqual({ ids: [3], probs: [1] });
  });

  it('top-p = 1 is plain temperature sampling: the same distribution and the same seeded draws', () => {
    for (const temperature of [0.5, 1, 1.7]) {
      const plain = nextTokenDistribution(logProbs, { temperature, topK: 0 });
      const p1 = nextTokenDistribution(logProbs, { temperature, topK: 0, topP: 1 });
      expect(p1).toEqual(plain);
      const reference = softmaxAtTemperature(logProbs, temperature);
      plain.ids.forEach((id, i) => expect(plain.probs[i]).toBeCloseTo(reference[id], 12));
      const a = createRng(11);
      const b = createRng(11);
      for (let i = 0; i < 200; i++) {
        expect(sampleToken(logProbs, { temperature, topK: 0, topP: 1 }, a)).toBe(sampleToken(logProbs, { temperature, topK: 0 }, b));
      }
    }
  });

  it('draws only from the nucleus, as often as its renormalised probabilities say', () => {
    const rng = createRng(3);
    const counts = new Map<number, number>();
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const id = sampleToken(logProbs, { temperature: 1, topK: 0, topP: 0.8 }, rng);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([0, 3, 4]);
    // 4σ of a binomial with n = 20000 is under 0.015 for every share here.
    expect(counts.get(3)! / n).toBeCloseTo(0.5 / 0.85, 1);
    expect(Math.abs(counts.get(0)! / n - 0.2 / 0.85)).toBeLessThan(0.015);
    expect(Math.abs(counts.get(4)! / n - 0.15 / 0.85)).toBeLessThan(0.015);
  });
});

describe('the next-token scores the studio draws its bars from', () => {
  it('are the model’s log-probabilities after the prompt, the greedy continuation’s first token on top', async () => {
    const tf = await import('@tensorflow/tfjs');
    const { initBackend } = await import('../../../engine/backend/init');
    const { compileGraph } = await import('../../../engine/compile/compile');
    const { continuePrompt, nextTokenLogProbs } = await import('../../../engine/train/decode');
    const { tinyTaggerDoc } = await import('./tinyGraphs');
    await initBackend('wasm');
    const lm = compileGraph(tinyTaggerDoc({ causal: true, T: 6 }));
    try {
      const prompt = [7, 8, 9];
      const before = tf.memory().numTensors;
      const lp = await nextTokenLogProbs(lm, prompt);
      expect(tf.memory().numTensors).toBe(before);
      const reference = tf.tidy(() => {
        const row = new Int32Array(6);
        row.set(prompt);
        const logits = lm.model.predict(tf.tensor2d(row, [1, 6], 'int32')) as import('@tensorflow/tfjs').Tensor;
        return tf.logSoftmax(logits).slice([0, prompt.length - 1, 0], [1, 1, -1]).dataSync();
      });
      expect(lp.length).toBe(reference.length);
      lp.forEach((x, i) => expect(x).toBeCloseTo(reference[i], 5));
      expect(Array.from(lp).reduce((s, x) => s + Math.exp(x), 0)).toBeCloseTo(1, 5);
      const greedy = await continuePrompt(lm, prompt, { strategy: { kind: 'greedy' }, maxTokens: 1 });
      expect(nextTokenDistribution(lp, { temperature: 0, topK: 0 }).ids).toEqual([greedy.tokens[0]]);
    } finally {
      lm.dispose();
    }
  });
});

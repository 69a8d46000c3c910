import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph, type CompiledModel } from '../../../engine/compile/compile';
import { createDataset, createRng } from '../../../engine/data';
import { BOS, PAD } from '../../../engine/data/types';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { continuePrompt, evaluate, predict, translate } from '../../../engine/train/decode';
import { tinySeq2seqDoc, tinyTaggerDoc } from './tinyGraphs';

/** The model's log-softmax at one position of one row, computed directly as the reference. */
function logProbsAt(compiled: CompiledModel, feeds: Record<string, number[]>, position: number): Float32Array {
  return tf.tidy(() => {
    const inputs = compiled.inputFeeds.map((f) => {
      const T = compiled.inputLengths[f]!;
      const row = new Int32Array(T).fill(PAD);
      row.set(feeds[f].slice(0, T));
      return tf.tensor2d(row, [1, T], 'int32');
    });
    const logits = compiled.model.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor;
    return tf.logSoftmax(logits).slice([0, position, 0], [1, 1, -1]).dataSync() as Float32Array;
  });
}

const argMax = (xs: ArrayLike<number>) => Array.from(xs).reduce((best, x, i, a) => (x > a[best] ? i : best), 0);

describe('decoding a compiled model', () => {
  let lm: CompiledModel;
  let seq2seq: CompiledModel;

  beforeAll(async () => {
    await initBackend('wasm');
    lm = compileGraph(tinyTaggerDoc({ causal: true, T: 6 }));
    seq2seq = compileGraph(tinySeq2seqDoc());
  });
  afterAll(() => {
    lm.dispose();
    seq2seq.dispose();
  });

  it('continues a prompt: greedy = beam of width 1 = top-1 sampling, and greedy follows the model’s argmax', async () => {
    const prompt = [7, 8, 9];
    const greedy = await continuePrompt(lm, prompt, { strategy: { kind: 'greedy' }, maxTokens: 5 });
    const beam1 = await continuePrompt(lm, prompt, { strategy: { kind: 'beam', width: 1 }, maxTokens: 5 });
    const top1 = await continuePrompt(lm, prompt, { strategy: { kind: 'sample', temperature: 1.5, topK: 1, seed: 4 }, maxTokens: 5 });
    expect(greedy.tokens).toHaveLength(5);
    expect(beam1.tokens).toEqual(greedy.tokens);
    expect(top1.tokens).toEqual(greedy.tokens);
    const first = logProbsAt(lm, { tokens: prompt }, prompt.length - 1);
    expect(greedy.tokens[0]).toBe(argMax(first));
    // Past the window of T = 6 tokens the model reads the last 6.
    const window = [...prompt, ...greedy.tokens.slice(0, 3)];
    const fourth = logProbsAt(lm, { tokens: window.slice(-6) }, 5);
    expect(greedy.tokens[3]).toBe(argMax(fourth));
    expect(greedy.logProb).toBeLessThanOrEqual(first[greedy.tokens[0]] + 1e-6);
    const beam4 = await continuePrompt(lm, prompt, { strategy: { kind: 'beam', width: 4 }, maxTokens: 5 });
    expect(beam4.score).toBeGreaterThanOrEqual(greedy.score - 1e-9);
  });

  it('samples reproducibly from a seed', async () => {
    const strategy = { kind: 'sample' as const, temperature: 1, topK: 0, seed: 9 };
    const a = await continuePrompt(lm, [7], { strategy, maxTokens: 6 });
    const b = await continuePrompt(lm, [7], { strategy, maxTokens: 6 });
    expect(b.tokens).toEqual(a.tokens);
  });

  it('translates step by step from [BOS], stopping within the decoder length', async () => {
    const source = [8, 9, 17, 10];
    const greedy = await translate(seq2seq, source, { strategy: { kind: 'greedy' }, maxTokens: 20 });
    const beam1 = await translate(seq2seq, source, { strategy: { kind: 'beam', width: 1 }, maxTokens: 20 });
    const beam3 = await translate(seq2seq, source, { strategy: { kind: 'beam', width: 3 }, maxTokens: 20 });
    expect(greedy.tokens.length).toBeGreaterThan(0);
    expect(greedy.tokens.length).toBeLessThanOrEqual(5);
    expect(beam1.tokens).toEqual(greedy.tokens);
    expect(beam3.score).toBeGreaterThanOrEqual(greedy.score - 1e-9);
    const first = logProbsAt(seq2seq, { tokens: source, decoder_tokens: [BOS] }, 0);
    expect(greedy.tokens[0]).toBe(argMax(first));
    expect(greedy.logProb).toBeLessThanOrEqual(first[greedy.tokens[0]] + 1e-6);
  });

  it('predicts the argmax token and its probability at every position', async () => {
    const dataset = await createDataset('reverse', { lengths: { tokens: 6 }, seed: 1 });
    const batch = dataset.batch(3, 'validation', createRng(2));
    const prediction = await predict(lm, batch);
    expect(prediction.shape).toEqual([3, 6]);
    const row = batch.tokens!.data.slice(0, 6);
    const ref = logProbsAt(lm, { tokens: Array.from(row) }, 2);
    expect(prediction.ids[2]).toBe(argMax(ref));
    expect(prediction.confidence[2]).toBeCloseTo(Math.exp(Math.max(...ref)), 5);
    for (const c of prediction.confidence) {
      expect(c).toBeGreaterThan(0);
      expect(c).toBeLessThanOrEqual(1);
    }
  });

  it('evaluates held-out loss, accuracy and perplexity', async () => {
    const doc = tinyTaggerDoc({ T: 6 });
    const dataset = await createDataset('reverse', { lengths: graphFeedLengths(doc), seed: 1 });
    const untrained = compileGraph(doc);
    try {
      const result = await evaluate(untrained, dataset, { batches: 2, batchSize: 8 });
      // An untrained model is close to uniform over 27 tokens.
      expect(Math.abs(result.loss - Math.log(27))).toBeLessThan(1);
      expect(result.perplexity).toBeCloseTo(Math.exp(result.loss), 6);
      expect(result.accuracy).toBeGreaterThanOrEqual(0);
      expect(result.accuracy).toBeLessThanOrEqual(1);
    } finally {
      untrained.dispose();
    }
  });
});

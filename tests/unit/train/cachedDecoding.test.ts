/**
 * Generation with kept keys and values must give what running the whole window every step gives: the same
 * log-probabilities at every step (to float32 rounding), and so the same greedy, beam and sampled continuations,
 * past the window too. Models it cannot step through one token at a time are left to the whole-window path.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../engine/backend/init';
import { compileGraph, type CompiledModel } from '../../../engine/compile/compile';
import { PAD } from '../../../engine/data/types';
import type { GraphDoc } from '../../../engine/graph/schema';
import { templateById } from '../../../engine/templates';
import { decoderOnlyLayer, encoderLayer } from '../../../engine/templates/blocks';
import { DocBuilder } from '../../../engine/templates/docBuilder';
import { cachedDecoder } from '../../../engine/train/cachedDecoding';
import { continuePrompt, type DecodeStrategy } from '../../../engine/train/decode';
import { logSoftmax, type NextLogProbs } from '../../../engine/train/search';
import { embeddedTokens, tinyTaggerDoc, vocabularyHead } from './tinyGraphs';

const V = 27;

/** Tokens → embedding → positions (→ dropout) → `layers` decoder-only blocks → vocabulary. */
function gptDoc(o: { T: number; d: number; layers: number; encoding: 'learned' | 'sinusoidal'; dropout?: number; causal?: boolean }): GraphDoc {
  const b = new DocBuilder();
  let x = embeddedTokens(b, { T: o.T, d: o.d, vocab: V, encoding: o.encoding, maxLength: 4 * o.T, dropout: o.dropout }).vectors;
  let column = 4;
  for (let i = 0; i < o.layers; i++) {
    const options = { prefix: `dec${i}`, input: x, column, row: 1, heads: 2, hidden: 2 * o.d, activation: 'gelu' as const };
    const layer = o.causal === false ? encoderLayer(b, options) : decoderOnlyLayer(b, options);
    x = layer.out;
    column = layer.column;
  }
  vocabularyHead(b, x, column, V);
  return b.build({ name: 'test GPT', description: '', training: { dataset: 'reverse', steps: 1, batchSize: 2, learningRate: 1e-3, warmupSteps: 1, seed: 11 } });
}

/** The char-rnn template with its LSTM as `kind`, one or both directions. */
function recurrentLm(kind: 'lstm' | 'gru', bidirectional: boolean): GraphDoc {
  const doc = templateById('char-rnn')!.build();
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.kind === 'lstm' ? { ...n, kind, params: { ...n.params, bidirectional } } : n)),
  };
}

/** The whole-window log-probabilities for each prefix, from the model run on its last T tokens (the reference). */
function wholeWindow(compiled: CompiledModel): NextLogProbs {
  const T = compiled.inputLengths.tokens!;
  return async (prefixes) =>
    prefixes.map((prefix) => {
      const window = prefix.slice(-T);
      const logits = tf.tidy(() => {
        const row = new Int32Array(T).fill(PAD);
        row.set(window);
        const out = compiled.model.predict(tf.tensor2d(row, [1, T], 'int32')) as tf.Tensor;
        return out.slice([0, window.length - 1, 0], [1, 1, -1]);
      });
      const values = logits.dataSync();
      logits.dispose();
      return logSoftmax(values);
    });
}

const maxDifference = (a: Float64Array, b: Float64Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

/** Steps a prompt greedily and compares every step's log-probabilities, cached against the whole window. */
async function compareSteps(compiled: CompiledModel, prompt: number[], steps: number): Promise<number> {
  const reference = wholeWindow(compiled);
  const decoder = cachedDecoder(compiled, 0, reference);
  expect(decoder).not.toBeNull();
  let worst = 0;
  const prefix = [...prompt];
  try {
    for (let i = 0; i < steps; i++) {
      const [cached] = await decoder!.next([prefix]);
      const [whole] = await reference([prefix]);
      worst = Math.max(worst, maxDifference(cached, whole));
      prefix.push(cached.indexOf(Math.max(...cached)));
    }
  } finally {
    decoder!.dispose();
  }
  return worst;
}

async function bothWays(compiled: CompiledModel, prompt: number[], strategy: DecodeStrategy, maxTokens: number) {
  const cached = await continuePrompt(compiled, prompt, { strategy, maxTokens });
  const whole = await continuePrompt(compiled, prompt, { strategy, maxTokens, cache: false });
  return { cached, whole };
}

describe.each(['cpu', 'wasm'] as const)('generation with kept keys and values (%s)', (backend) => {
  let learned: CompiledModel;
  let sinusoidal: CompiledModel;

  beforeAll(async () => {
    await initBackend(backend);
    learned = compileGraph(gptDoc({ T: 12, d: 16, layers: 2, encoding: 'learned', dropout: 0.1 }));
    sinusoidal = compileGraph(gptDoc({ T: 10, d: 12, layers: 1, encoding: 'sinusoidal' }));
  });
  afterAll(() => {
    learned.dispose();
    sinusoidal.dispose();
  });

  it('gives the whole window’s log-probabilities at every step, learned and sinusoidal positions', async () => {
    expect(await compareSteps(learned, [3, 7, 1], 9)).toBeLessThan(1e-4);
    expect(await compareSteps(sinusoidal, [5], 9)).toBeLessThan(1e-4);
  });

  it('greedy, beam and sampled continuations equal the whole-window ones, past the window too, and leak nothing', async () => {
    const before = tf.memory().numTensors;
    const strategies: DecodeStrategy[] = [
      { kind: 'greedy' },
      { kind: 'beam', width: 3 },
      { kind: 'sample', temperature: 1, topK: 0, seed: 4 },
    ];
    for (const strategy of strategies) {
      // 4 prompt tokens and 14 more cross the 12-token window: the steps past it slide the window as before.
      const { cached, whole } = await bothWays(learned, [2, 9, 4, 6], strategy, 14);
      expect(cached.tokens, strategy.kind).toEqual(whole.tokens);
      expect(Math.abs(cached.logProb - whole.logProb), strategy.kind).toBeLessThan(1e-3);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('steps recurrent language models with their kept states: LSTM and GRU', async () => {
    for (const kind of ['lstm', 'gru'] as const) {
      const compiled = compileGraph(recurrentLm(kind, false));
      try {
        expect(await compareSteps(compiled, [4, 9, 2, 7], 8), kind).toBeLessThan(1e-4);
        const { cached, whole } = await bothWays(compiled, [4, 9, 2], { kind: 'beam', width: 3 }, 10);
        expect(cached.tokens, kind).toEqual(whole.tokens);
      } finally {
        compiled.dispose();
      }
    }
  });

  it('leaves models it cannot step to the whole window: non-causal attention, key padding, bidirectional', () => {
    const encoder = compileGraph(gptDoc({ T: 8, d: 8, layers: 1, encoding: 'learned', causal: false }));
    const padded = compileGraph(tinyTaggerDoc({ causal: false, T: 6 }));
    const bidirectional = compileGraph(recurrentLm('lstm', true));
    try {
      for (const compiled of [encoder, padded, bidirectional]) expect(cachedDecoder(compiled, 0, wholeWindow(compiled))).toBeNull();
    } finally {
      [encoder, padded, bidirectional].forEach((c) => c.dispose());
    }
  });
});

import * as tf from '@tensorflow/tfjs';
import type { InputFeed } from '../blocks/buildTypes';
import type { CompiledModel } from '../compile/compile';
import { createRng } from '../data/rng';
import { BOS, EOS, PAD, type Batch } from '../data/types';
import { cachedDecoder } from './cachedDecoding';
import { applyModel, disposeBatch, toDeviceBatch } from './feeds';
import { beamSearch, greedySearch, logSoftmax, sampleSearch, type Hypothesis, type NextLogProbs } from './search';

export type { Hypothesis } from './search';
export { evaluate } from './evaluate';

export type DecodeStrategy =
  | { kind: 'greedy' }
  | { kind: 'beam'; width: number; lengthPenalty?: number }
  /** `topP`: nucleus sampling's p (1 or absent keeps every token top-k left). */
  | { kind: 'sample'; temperature: number; topK: number; topP?: number; seed: number };

export interface GenerateOptions {
  strategy: DecodeStrategy;
  maxTokens: number;
  /** Which head's logits to decode (index into `compiled.heads`); the first by default. */
  head?: number;
  /**
   * Keep what each prefix computed (attention keys and values, recurrent states) so a step computes only the new
   * token, within the model's window (see cachedDecoding.ts). On by default; false runs the whole window every step.
   */
  cache?: boolean;
}

/**
 * Continues a prompt with a language model. The model reads a fixed window of T tokens, so each step feeds
 * the last T tokens of prompt + output, left-aligned and padded with [PAD]; a causal model's prediction at
 * the last real position does not see the padding after it.
 */
export async function continuePrompt(compiled: CompiledModel, prompt: readonly number[], opts: GenerateOptions): Promise<Hypothesis> {
  if (!prompt.length) throw new Error('A language model needs at least one prompt token to continue.');
  const T = lengthOf(compiled, 'tokens');
  const wholeWindow: NextLogProbs = (prefixes) =>
    nextFromModel(compiled, opts.head ?? 0, prefixes.length, (row) => {
      const window = prefixes[row].slice(-T);
      return { feeds: { tokens: window }, position: window.length - 1 };
    });
  const cached = opts.cache === false ? null : cachedDecoder(compiled, opts.head ?? 0, wholeWindow);
  try {
    return await search(cached?.next ?? wholeWindow, prompt, opts, undefined);
  } finally {
    cached?.dispose();
  }
}

/**
 * The language model's log-probabilities for the token after the prompt (the window's last real position):
 * what the sampler draws the first generated token from.
 */
export async function nextTokenLogProbs(compiled: CompiledModel, prompt: readonly number[], head = 0): Promise<Float64Array> {
  if (!prompt.length) throw new Error('A language model needs at least one prompt token to score the next one.');
  const T = lengthOf(compiled, 'tokens');
  const window = prompt.slice(-T);
  const [row] = await nextFromModel(compiled, head, 1, () => ({ feeds: { tokens: window }, position: window.length - 1 }));
  return row;
}

/**
 * Seq2seq generation: the source is encoded as the `tokens` feed; the decoder input starts with [BOS] and
 * grows by one token a step (up to T_tgt) until [EOS]. The decoder is re-run on the whole prefix each step
 * — no cache, but the same model that was trained, whatever blocks it is made of.
 */
export async function translate(compiled: CompiledModel, source: readonly number[], opts: GenerateOptions): Promise<Hypothesis> {
  const Ttgt = lengthOf(compiled, 'decoder_tokens');
  const src = source.slice(0, lengthOf(compiled, 'tokens'));
  const next: NextLogProbs = (prefixes) =>
    nextFromModel(compiled, opts.head ?? 0, prefixes.length, (row) => {
      const dec = prefixes[row].slice(0, Ttgt);
      return { feeds: { tokens: src, decoder_tokens: dec }, position: dec.length - 1 };
    });
  return search(next, [BOS], { ...opts, maxTokens: Math.min(opts.maxTokens, Ttgt) }, EOS);
}

function search(next: NextLogProbs, prefix: readonly number[], opts: GenerateOptions, eos: number | undefined): Promise<Hypothesis> {
  const s = opts.strategy;
  const base = { maxTokens: opts.maxTokens, eos };
  if (s.kind === 'beam') return beamSearch(next, prefix, { ...base, width: s.width, lengthPenalty: s.lengthPenalty });
  if (s.kind === 'sample') return sampleSearch(next, prefix, { ...base, temperature: s.temperature, topK: s.topK, topP: s.topP, rng: createRng(s.seed) });
  return greedySearch(next, prefix, base);
}

/** Runs the model once on `rows` rows and returns the log-probabilities at each row's chosen position. */
async function nextFromModel(
  compiled: CompiledModel,
  head: number,
  rows: number,
  rowOf: (row: number) => { feeds: Partial<Record<InputFeed, readonly number[]>>; position: number },
): Promise<Float64Array[]> {
  const specs = Array.from({ length: rows }, (_, r) => rowOf(r));
  const inputs = compiled.inputFeeds.map((feed) => {
    const T = lengthOf(compiled, feed);
    const data = new Int32Array(rows * T).fill(PAD);
    specs.forEach((s, r) => data.set((s.feeds[feed] ?? []).slice(0, T), r * T));
    return tf.tensor2d(data, [rows, T], 'int32');
  });
  const outputIndex = compiled.heads[head].outputIndex;
  const logits = tf.tidy(() => applyModel(compiled, inputs, false)[outputIndex]);
  const [, T, V] = logits.shape;
  const values = await logits.data();
  tf.dispose([logits, ...inputs]);
  return specs.map((s, r) => logSoftmax(values.subarray((r * T + s.position) * V, (r * T + s.position + 1) * V)));
}

export interface Prediction {
  /** Argmax id per position (B×T, row-major) or per example (B) for a classifier. */
  ids: Int32Array;
  /** Softmax probability of each chosen id. */
  confidence: Float32Array;
  shape: number[];
}

/** One forward pass for tagging, masked-LM and classification: the most probable id and how sure the model is. */
export async function predict(compiled: CompiledModel, batch: Batch, head = 0): Promise<Prediction> {
  const device = toDeviceBatch({ ...compiled, heads: [] }, batch);
  const [ids, confidence] = tf.tidy(() => {
    const logits = applyModel(compiled, device.inputs, false)[compiled.heads[head].outputIndex];
    const probs = tf.softmax(logits);
    return [tf.argMax(logits, -1), tf.max(probs, -1)];
  });
  const [idData, confData] = await Promise.all([ids.data(), confidence.data()]);
  const shape = ids.shape.slice();
  tf.dispose([ids, confidence]);
  disposeBatch(device);
  return { ids: Int32Array.from(idData), confidence: Float32Array.from(confData), shape };
}

function lengthOf(compiled: CompiledModel, feed: InputFeed): number {
  const T = compiled.inputLengths[feed];
  if (T === undefined) throw new Error(`This model has no “${feed}” input.`);
  return T;
}

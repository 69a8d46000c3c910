/**
 * What the model makes of a probe input: generated text for a language model, greedy and beam translations
 * beside the reference for seq2seq, a class with its confidence for a classifier, the per-position output for
 * tagging tasks (copy, reverse, sort), and the guesses at each [MASK] for a masked language model. Plain engine
 * code, so the studio's worker and the command line's `predict` answer the same way.
 */
import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '../compile/compile';
import { validationBatches } from '../data/heldOut';
import { MASK, PAD, type Batch, type Dataset } from '../data/types';
import { addConfusion, confusionMatrix, type ConfusionMatrix } from './confusion';
import { continuePrompt, nextTokenLogProbs, predict, translate } from './decode';
import { applyModel, disposeBatch, toDeviceBatch } from './feeds';
import type { NextTokenScores, SampleBody, SamplingSettings } from './protocol';
import { topIndices } from './search';

/** Without a probe from the learner: the first validation example (a short prompt, for a language model). */
export function defaultProbe(dataset: Dataset): string {
  const first = dataset.preview(1)[0]?.input ?? '';
  return dataset.info.task === 'lm' ? first.slice(0, 24) : first;
}

/** The reference answer for a probe that is one of the dataset's preview examples. */
export function referenceFor(dataset: Dataset, probeText: string): string | undefined {
  const probe = probeText.trim();
  return dataset.preview(50).find((e) => e.input.trim() === probe)?.target;
}

/** One probe as a batch of one row per model input, each cut or padded to the model's length. */
export function probeInputTensors(compiled: CompiledModel, batch: Batch): tf.Tensor[] {
  return compiled.inputFeeds.map((feed) => {
    const f = batch[feed];
    const length = compiled.inputLengths[feed] ?? f?.shape[1] ?? 1;
    if (!f) return tf.zeros([1, length], 'int32');
    return tf.tensor2d(fitLength(f.data, length), [1, length], 'int32');
  });
}

function fitLength(ids: Int32Array, length: number): Int32Array {
  if (ids.length === length) return ids;
  const out = new Int32Array(length);
  out.set(ids.subarray(0, length));
  return out;
}

function headIndex(compiled: CompiledModel, task: string): number {
  return Math.max(
    0,
    compiled.heads.findIndex((h) => h.task === task),
  );
}

async function classify(compiled: CompiledModel, dataset: Dataset, probeText: string): Promise<SampleBody | null> {
  const classes = dataset.classes;
  if (!classes) return null;
  const head = compiled.heads[headIndex(compiled, 'classification')];
  const inputs = probeInputTensors(compiled, dataset.encodeProbe(probeText));
  const probs = tf.tidy(() => {
    const out = compiled.model.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor | tf.Tensor[];
    const logits = (Array.isArray(out) ? out[head.outputIndex] : out) as tf.Tensor2D;
    return tf.softmax(logits).slice([0, 0], [1, -1]);
  });
  tf.dispose(inputs);
  const p = await probs.data();
  probs.dispose();
  const ranked = classes.map((label, i) => ({ label, p: p[i] ?? 0 })).sort((a, b) => b.p - a.p);
  const confusion = await validationConfusion(compiled, dataset);
  return {
    kind: 'classification',
    text: probeText,
    label: ranked[0].label,
    confidence: ranked[0].p,
    reference: referenceFor(dataset, probeText),
    probabilities: ranked.slice(0, 5),
    ...(confusion ? { confusion } : {}),
  };
}

/**
 * Most validation examples the confusion matrix counts at a snapshot: all of a split up to this size, else the
 * same fixed subset each time (engine/data/heldOut.ts), so snapshots and runs compare; enough to read per-class
 * accuracy, and cheap next to the training between two snapshots.
 */
export const CONFUSION_EXAMPLE_LIMIT = 256;
const CONFUSION_BATCH = 128;

/**
 * The classifier's predictions over the validation split against the true classes (dropout off), read in the
 * split's order like validation itself. Null where the dataset has no classes or no validation split.
 */
export async function validationConfusion(
  compiled: CompiledModel,
  dataset: Dataset,
  limit = CONFUSION_EXAMPLE_LIMIT,
): Promise<ConfusionMatrix | null> {
  const classes = dataset.classes;
  if (!classes) return null;
  const head = compiled.heads[headIndex(compiled, 'classification')];
  if (!head || head.target.feed !== 'labels') return null;
  const batches = confusionRows(dataset, limit);
  if (!batches.length) return null;
  let matrix = confusionMatrix(classes, [], []);
  for (const batch of batches) {
    const labels = batch.labels?.data;
    if (!labels) return null;
    const device = toDeviceBatch({ ...compiled, heads: [] }, batch);
    const predicted = tf.tidy(() => tf.argMax(applyModel(compiled, device.inputs, false)[head.outputIndex], -1));
    const ids = await predicted.data();
    predicted.dispose();
    disposeBatch(device);
    matrix = addConfusion(matrix, confusionMatrix(classes, labels, ids));
  }
  return matrix;
}

/**
 * The validation rows the matrix counts, laid out once per dataset and limit: they are the same at every snapshot
 * (engine/data/heldOut.ts), so only the model's predictions change from one snapshot to the next.
 */
const confusionRowCache = new WeakMap<Dataset, Map<number, Batch[]>>();
function confusionRows(dataset: Dataset, limit: number): Batch[] {
  let byLimit = confusionRowCache.get(dataset);
  if (!byLimit) confusionRowCache.set(dataset, (byLimit = new Map()));
  let batches = byLimit.get(limit);
  if (!batches) byLimit.set(limit, (batches = validationBatches(dataset, CONFUSION_BATCH, limit)));
  return batches;
}

async function generate(compiled: CompiledModel, dataset: Dataset, probeText: string, s: SamplingSettings, seed: number): Promise<SampleBody | null> {
  const prompt = dataset.vocab.encode(probeText);
  if (!prompt.length) return null;
  const strategy = s.temperature > 0 ? { kind: 'sample' as const, temperature: s.temperature, topK: s.topK, topP: s.topP, seed } : { kind: 'greedy' as const };
  const head = headIndex(compiled, 'lm');
  const next = await nextTokenScores(compiled, dataset, prompt, head);
  const out = await continuePrompt(compiled, prompt, { strategy, maxTokens: s.maxTokens, head });
  return {
    kind: 'lm',
    prompt: probeText,
    text: dataset.vocab.decode(out.tokens),
    temperature: s.temperature,
    topK: s.topK,
    ...(s.topP !== undefined ? { topP: s.topP } : {}),
    next,
  };
}

/** How many of the most probable next tokens a sample names (the bars show the first of them). */
export const NEXT_TOKENS_NAMED = 40;

/** The model's raw scores for the token after `prompt`, with the most probable ones named for the bars. */
export async function nextTokenScores(compiled: CompiledModel, dataset: Dataset, prompt: readonly number[], head = 0): Promise<NextTokenScores> {
  const logProbs = await nextTokenLogProbs(compiled, prompt, head);
  const ids = topIndices(logProbs, NEXT_TOKENS_NAMED);
  return { logProbs: Float32Array.from(logProbs), ids, labels: ids.map((id) => dataset.vocab.tokenText(id)) };
}

async function translateProbe(compiled: CompiledModel, dataset: Dataset, probeText: string, s: SamplingSettings): Promise<SampleBody> {
  const source = dataset.vocab.encode(probeText);
  const head = headIndex(compiled, 'seq2seq');
  const maxTokens = compiled.inputLengths.decoder_tokens ?? s.maxTokens;
  const greedy = await translate(compiled, source, { strategy: { kind: 'greedy' }, maxTokens, head });
  const beam = await translate(compiled, source, { strategy: { kind: 'beam', width: Math.max(1, s.beamWidth) }, maxTokens, head });
  const text = (ids: number[]) => dataset.targetVocab.decode(ids, { untilEos: true });
  return {
    kind: 'seq2seq',
    source: probeText,
    greedy: text(greedy.tokens),
    beam: text(beam.tokens),
    reference: referenceFor(dataset, probeText),
    greedyLogProb: greedy.logProb,
    beamLogProb: beam.logProb,
  };
}

async function tag(compiled: CompiledModel, dataset: Dataset, probeText: string): Promise<SampleBody> {
  const probe = dataset.encodeProbe(probeText);
  const p = await predict(compiled, probe, headIndex(compiled, 'lm'));
  // Positions where the probe is padding carry no answer.
  const ids = Array.from(p.ids).filter((_, i) => (probe.tokens?.data[i] ?? 1) !== 0);
  return { kind: 'tagging', source: probeText, output: dataset.targetVocab.decode(ids), reference: referenceFor(dataset, probeText) };
}

/** A sample for the probe, or null where the task has nothing to show. `seed` varies it between snapshots. */
export async function sampleProbe(
  compiled: CompiledModel,
  dataset: Dataset,
  probeText: string,
  sampling: SamplingSettings,
  seed = 1,
): Promise<SampleBody | null> {
  switch (dataset.info.task) {
    case 'classification':
      return classify(compiled, dataset, probeText);
    case 'seq2seq':
      return translateProbe(compiled, dataset, probeText, sampling);
    case 'lm':
      return generate(compiled, dataset, probeText, sampling, seed);
    case 'tagging':
      return tag(compiled, dataset, probeText);
    case 'masked-lm':
      return maskedLmSample(await fillMasks(compiled, dataset, probeText));
    default:
      return null;
  }
}

export interface MaskAlternative {
  token: string;
  confidence: number;
}

export interface MaskGuess {
  /** Position in the model's input. */
  position: number;
  token: string;
  confidence: number;
  /** The most probable tokens at this position, the guess first. */
  alternatives: MaskAlternative[];
}

/** A masked language model's answer: the probe with each [MASK] replaced by the model's most probable token. */
export interface MaskFill {
  kind: 'masked-lm';
  text: string;
  filled: string;
  guesses: MaskGuess[];
}

/** How many guesses each [MASK] lists, the chosen one included. */
export const MASK_ALTERNATIVES = 5;

/** Fills every [MASK] of the probe with the most probable token (a probe without [MASK] gets no guesses). */
export async function fillMasks(compiled: CompiledModel, dataset: Dataset, probeText: string): Promise<MaskFill> {
  const probe = dataset.encodeProbe(probeText);
  const tokens = probe.tokens?.data ?? new Int32Array(0);
  const head = compiled.heads[headIndex(compiled, 'masked-lm')];
  const device = toDeviceBatch({ ...compiled, heads: [] }, probe);
  const [topIds, topProbs] = tf.tidy(() => {
    const logits = applyModel(compiled, device.inputs, false)[head.outputIndex];
    const k = Math.min(MASK_ALTERNATIVES, logits.shape[logits.shape.length - 1] ?? 1);
    const { values, indices } = tf.topk(tf.softmax(logits), k);
    return [indices, values];
  });
  const k = topIds.shape[topIds.shape.length - 1] ?? 1;
  const [idData, probData] = await Promise.all([topIds.data(), topProbs.data()]);
  tf.dispose([topIds, topProbs]);
  disposeBatch(device);
  const decode = (id: number) => dataset.targetVocab.decode([id]);
  const guesses: MaskGuess[] = [];
  const filled = Array.from(tokens, (id, i) => {
    if (id !== MASK) return id;
    const alternatives = Array.from({ length: k }, (_, j) => ({ token: decode(idData[i * k + j]), confidence: probData[i * k + j] }));
    guesses.push({ position: i, token: alternatives[0].token, confidence: alternatives[0].confidence, alternatives });
    return idData[i * k];
  });
  return { kind: 'masked-lm', text: probeText, filled: dataset.targetVocab.decode(filled.filter((id) => id !== PAD)), guesses };
}

/** The studio's sample for a masked language model: the filled probe and the top guesses at each [MASK]. */
export function maskedLmSample(fill: MaskFill): SampleBody {
  return {
    kind: 'masked-lm',
    text: fill.text,
    filled: fill.filled,
    masks: fill.guesses.map((g) => ({
      position: g.position,
      token: g.token,
      p: g.confidence,
      alternatives: g.alternatives.map((a) => ({ token: a.token, p: a.confidence })),
    })),
  };
}

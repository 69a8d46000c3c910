/**
 * What the model makes of the probe input right now: generated text for a language model, greedy and
 * beam translations beside the reference for seq2seq, a class with its confidence for a classifier, the
 * per-position output for tagging tasks (copy, reverse, sort).
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, SampleBody, SamplingSettings } from '../../engine';
import { continuePrompt, predict, translate, type CompiledModel } from '../../engine/runtime';
import { inputTensors } from './inspect';

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
  const inputs = inputTensors(compiled, dataset.encodeProbe(probeText));
  const probs = tf.tidy(() => {
    const out = compiled.model.predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor | tf.Tensor[];
    const logits = (Array.isArray(out) ? out[head.outputIndex] : out) as tf.Tensor2D;
    return tf.softmax(logits).slice([0, 0], [1, -1]);
  });
  tf.dispose(inputs);
  const p = await probs.data();
  probs.dispose();
  const ranked = classes.map((label, i) => ({ label, p: p[i] ?? 0 })).sort((a, b) => b.p - a.p);
  return {
    kind: 'classification',
    text: probeText,
    label: ranked[0].label,
    confidence: ranked[0].p,
    reference: referenceFor(dataset, probeText),
    probabilities: ranked.slice(0, 5),
  };
}

async function generate(compiled: CompiledModel, dataset: Dataset, probeText: string, s: SamplingSettings, seed: number): Promise<SampleBody | null> {
  const prompt = dataset.vocab.encode(probeText);
  if (!prompt.length) return null;
  const strategy = s.temperature > 0 ? { kind: 'sample' as const, temperature: s.temperature, topK: s.topK, seed } : { kind: 'greedy' as const };
  const out = await continuePrompt(compiled, prompt, { strategy, maxTokens: s.maxTokens, head: headIndex(compiled, 'lm') });
  return { kind: 'lm', prompt: probeText, text: dataset.vocab.decode(out.tokens), temperature: s.temperature, topK: s.topK };
}

async function translateProbe(compiled: CompiledModel, dataset: Dataset, probeText: string, s: SamplingSettings): Promise<SampleBody> {
  const source = dataset.vocab.encode(probeText);
  const head = headIndex(compiled, 'seq2seq');
  const maxTokens = compiled.inputLengths.decoder_tokens ?? s.maxTokens;
  const greedy = await translate(compiled, source, { strategy: { kind: 'greedy' }, maxTokens, head });
  const beam = await translate(compiled, source, { strategy: { kind: 'beam', width: Math.max(1, s.beamWidth) }, maxTokens, head });
  const text = (ids: number[]) => dataset.targetVocab.decode(ids, { untilEos: true });
  return { kind: 'seq2seq', source: probeText, greedy: text(greedy.tokens), beam: text(beam.tokens), reference: referenceFor(dataset, probeText) };
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
    default:
      return null;
  }
}

import type { Feed } from '../blocks/buildTypes';
import { feedMatrix, resolveLengths, writeRow, type ResolvedLengths } from './lengths';
import { encodeProbeFor } from './probeEncoding';
import type { Rng } from './rng';
import { BOS, CLS, EOS, type Batch, type Dataset, type DatasetInfo, type Example, type FeedLengths, type HeldOutExamples, type Vocabulary } from './types';

/**
 * Datasets made of a fixed list of examples (the synthetic tasks, translation pairs, labelled
 * sentences). Each example is stored already encoded; a batch picks examples with the caller's rng and
 * lays them out in the graph's lengths, so the same rng state always gives the same batch. Validation reads the
 * held-out examples in their stored order (`heldOut`).
 */

export interface TaggingExample {
  input: number[];
  /** One id per input position. */
  output: number[];
}

export interface Seq2SeqExample {
  input: number[];
  /** The target sentence without [BOS]/[EOS]; the batch adds them. */
  output: number[];
}

export interface ClassificationExample {
  /** Without [CLS]; the batch puts it first. */
  input: number[];
  label: number;
  /** The original sentence, for previews (decoded words lose their case and spacing). */
  text?: string;
}

interface Common {
  info: DatasetInfo;
  vocab: Vocabulary;
  lengths: FeedLengths;
  /** How the input ids read back as text, for previews. */
  inputText?(ids: number[]): string;
}

export type ExampleSet =
  | (Common & { task: 'tagging'; train: TaggingExample[]; validation: TaggingExample[] })
  | (Common & { task: 'seq2seq'; targetVocab: Vocabulary; train: Seq2SeqExample[]; validation: Seq2SeqExample[]; outputText?(ids: number[]): string })
  | (Common & { task: 'classification'; classes: readonly string[]; train: ClassificationExample[]; validation: ClassificationExample[] });

/** The validation examples, numbered in their stored order. */
function heldOutOf<E>(validation: readonly E[], layOut: (examples: readonly E[]) => Batch): HeldOutExamples {
  return {
    count: validation.length,
    batch: (indices) =>
      layOut(
        indices.map((i) => {
          if (!Number.isInteger(i) || i < 0 || i >= validation.length) throw new RangeError(`Held-out example ${i} is not in 0..${validation.length - 1}.`);
          return validation[i];
        }),
      ),
  };
}

function longest(lists: number[][]): number {
  let max = 1;
  for (const l of lists) if (l.length > max) max = l.length;
  return max;
}

export function createExampleDataset(set: ExampleSet): Dataset {
  const inputText = set.inputText ?? ((ids: number[]) => set.vocab.decode(ids));
  // Probes are read by the task's one probe encoder (engine/data/probeEncoding.ts), as a saved model reads them.
  const probeOf = (len: ResolvedLengths) => (text: string) =>
    encodeProbeFor(set.task, { vocab: set.vocab, tokens: len.tokens, decoder: len.decoder, segments: len.tokens, format: set.info.probe }, text);

  if (set.task === 'tagging') {
    const all = [...set.train, ...set.validation];
    const len = resolveLengths('tagging', set.lengths, { tokens: longest(all.map((e) => e.input)) });
    const feeds: readonly Feed[] = ['tokens', 'targets'];
    const layOut = (examples: readonly TaggingExample[]): Batch => {
      const tokens = feedMatrix(examples.length, len.tokens);
      const targets = feedMatrix(examples.length, len.targets);
      examples.forEach((ex, b) => {
        writeRow(tokens, b, ex.input);
        writeRow(targets, b, ex.output);
      });
      return { tokens, targets };
    };
    return {
      info: set.info,
      vocab: set.vocab,
      targetVocab: set.vocab,
      feeds,
      sizes: { train: set.train.length, validation: set.validation.length },
      batch(batchSize: number, split: 'train' | 'validation', rng: Rng): Batch {
        const pool = split === 'train' ? set.train : set.validation;
        return layOut(Array.from({ length: batchSize }, () => pool[rng.int(pool.length)]));
      },
      heldOut: heldOutOf(set.validation, layOut),
      preview: (n) => set.validation.slice(0, n).map((e): Example => ({ input: inputText(e.input), target: set.vocab.decode(e.output) })),
      encodeProbe: probeOf(len),
    };
  }

  if (set.task === 'seq2seq') {
    const all = [...set.train, ...set.validation];
    const len = resolveLengths('seq2seq', set.lengths, {
      tokens: longest(all.map((e) => e.input)),
      decoder: longest(all.map((e) => e.output)) + 1,
    });
    const outputText = set.outputText ?? ((ids: number[]) => set.targetVocab.decode(ids));
    const layOut = (examples: readonly Seq2SeqExample[]): Batch => {
      const tokens = feedMatrix(examples.length, len.tokens);
      const decoder = feedMatrix(examples.length, len.decoder);
      const targets = feedMatrix(examples.length, len.targets);
      examples.forEach((ex, b) => {
        writeRow(tokens, b, ex.input);
        // Teacher forcing: the decoder reads [BOS] y and must predict y [EOS], one step ahead.
        writeRow(decoder, b, [BOS]);
        writeRow(decoder, b, ex.output, 1);
        writeRow(targets, b, ex.output);
        if (ex.output.length < len.targets) targets.data[b * len.targets + ex.output.length] = EOS;
      });
      return { tokens, decoder_tokens: decoder, targets };
    };
    return {
      info: set.info,
      vocab: set.vocab,
      targetVocab: set.targetVocab,
      feeds: ['tokens', 'decoder_tokens', 'targets'],
      sizes: { train: set.train.length, validation: set.validation.length },
      batch(batchSize: number, split: 'train' | 'validation', rng: Rng): Batch {
        const pool = split === 'train' ? set.train : set.validation;
        return layOut(Array.from({ length: batchSize }, () => pool[rng.int(pool.length)]));
      },
      heldOut: heldOutOf(set.validation, layOut),
      preview: (n) => set.validation.slice(0, n).map((e): Example => ({ input: inputText(e.input), target: outputText(e.output) })),
      encodeProbe: probeOf(len),
    };
  }

  const all = [...set.train, ...set.validation];
  const len = resolveLengths('classification', set.lengths, { tokens: longest(all.map((e) => e.input)) + 1 });
  const layOut = (examples: readonly ClassificationExample[]): Batch => {
    const tokens = feedMatrix(examples.length, len.tokens);
    const labels = { data: new Int32Array(examples.length), shape: [examples.length] };
    examples.forEach((ex, b) => {
      writeRow(tokens, b, [CLS]);
      writeRow(tokens, b, ex.input, 1);
      labels.data[b] = ex.label;
    });
    return { tokens, labels };
  };
  return {
    info: set.info,
    vocab: set.vocab,
    targetVocab: set.vocab,
    classes: set.classes,
    feeds: ['tokens', 'labels'],
    sizes: { train: set.train.length, validation: set.validation.length },
    batch(batchSize: number, split: 'train' | 'validation', rng: Rng): Batch {
      const pool = split === 'train' ? set.train : set.validation;
      return layOut(Array.from({ length: batchSize }, () => pool[rng.int(pool.length)]));
    },
    heldOut: heldOutOf(set.validation, layOut),
    preview: (n) =>
      set.validation.slice(0, n).map((e): Example => ({ input: e.text ?? inputText(e.input), target: set.classes[e.label] })),
    encodeProbe: probeOf(len),
  };
}

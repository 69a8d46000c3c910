/**
 * The engine's entry for code that must not load tfjs: the graph document and its checks, the block registry,
 * templates, datasets, the model file, the studio ↔ worker protocol, and the estimates the UI shows. Nothing here
 * imports tfjs at run time (tests/unit/lint/engineEntries.test.ts bundles it to hold that), so the renderer's UI thread
 * and the Electron main process import the engine from here. What computes with tfjs — backends, the compiler,
 * training, decoding, trained weights — is in engine/runtime.ts, for the training worker, the CLI and benchmarks.
 *
 * package.json's `sideEffects` names the folders whose modules act when loaded (layers and backends register with
 * tfjs); the engine's other modules only define things, so a bundle keeps just what it uses from an entry (without
 * that, the worker's bundle would carry every zod schema here, ~100 kB, for the few values it takes).
 */
export * from './graph';
export { BLOCK_KINDS, isBlockKind, specOf, specs, type BlockKind } from './blocks/specs';
export * from './blocks/types';
export type { Feed, HeadTask, InputFeed, InspectionKind, TargetFeed } from './blocks/buildTypes';
export * from './templates';
export * from './data';
export * from './io';
export * from './train/protocol';
export type { ProgressEvent, RunConfig, StepContext, TrainingCallbacks, TrainingResult } from './train/types';
export { checkMemoryBudget, estimateTrainingMemory, formatBytes, type MemoryEstimate } from './train/memory';
export { frozenNodeIds, parameterCounts, type ParameterCounts } from './train/parameterCounts';
export { checkDatasetFacts, datasetFactsOf, graphFeedLengths, userDataFacts, type DatasetFacts } from './train/datasetFit';
export type { TransferMatch, WeightTransferLoad, WeightTransferPlan, WeightTransferSkip } from './train/weightTransfer';
export type { BackendName } from './backend/init';
export { addConfusion, confusionMatrix, overallAccuracy, perClassAccuracy, type ClassAccuracy, type ConfusionMatrix } from './train/confusion';
export { nextTokenDistribution, type NextTokenDistribution, type SamplingFilter } from './train/search';
export * from './lessons';

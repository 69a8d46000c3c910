/**
 * The engine's tfjs side: backends and their kernels, the compiler, training, decoding, a trained model's weights
 * and the exporters (PyTorch, ONNX), which plan from the compiler's layers. Importing it loads tfjs, so only the
 * training worker (renderer/worker/), the CLI, benchmarks and tests import it; everything else the engine offers,
 * tfjs-free, is in engine/index.ts.
 */
export { initBackend } from './backend/init';
export { registerWasmKernels, wasmMatmulDescription, type WasmKernelOptions, type WasmMatmulMode } from './backend/wasm/registerWasmKernels';
export type { HelperWorker, WorkerSpawner } from './backend/wasm/matmulHelper';
export { compileGraph, type CompiledHead, type CompiledModel, type CompileOptions, type InspectionOutput } from './compile/compile';
export { DEFAULT_MEMORY_BUDGET_BYTES, resolveTrainingConfig, runTraining } from './train/runTraining';
export { checkDatasetFit } from './train/datasetFit';
export {
  continuePrompt,
  evaluate,
  nextTokenLogProbs,
  predict,
  translate,
  type DecodeStrategy,
  type GenerateOptions,
  type Hypothesis,
  type Prediction,
} from './train/decode';
export {
  defaultProbe,
  fillMasks,
  nextTokenScores,
  probeInputTensors,
  referenceFor,
  sampleProbe,
  validationConfusion,
  type MaskFill,
  type MaskGuess,
} from './train/probeSample';
export {
  assignWeights,
  modelWeights,
  readOptimizerState,
  readTrainedState,
  readWeights,
  restoreOptimizerState,
  type ModelWeight,
} from './train/modelState';
export { applyWeightTransfer, planWeightTransfer } from './train/weightTransfer';
export {
  DEFAULT_OPSET,
  EXPORT_TARGETS,
  exportOnnx,
  exportModel,
  exportProblems,
  exportPyTorch,
  exportTfjs,
  importTorchWeights,
  initialWeights,
  isExportTarget,
  planModel,
  readSafetensors,
  tfjsWeights,
  torchWeights,
  unknownTargetProblem,
  writeSafetensors,
  type ExportedFiles,
  type ExportTarget,
  type ModelPlan,
  type PyTorchExportOptions,
} from './export';
export { observeRun } from './lessons/observeRun';

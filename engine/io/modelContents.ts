/**
 * What a Tensorloom model file holds, in memory. `engine/io/modelFile.ts` turns this into the bytes of one
 * `.tlgraph` file (a zip) and back; the training code (`engine/train/modelState.ts`) reads weights and
 * optimizer state out of a compiled model into these shapes and puts them back. Nothing here touches tfjs,
 * so the file can be read and checked before any weight is created.
 */
import type { GraphDoc, TrainingConfig } from '../graph/schema';
import type { ChartPoint } from '../train/protocol';

/** One float32 tensor by name. `data.length` is the product of `shape`. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A vocabulary as it was when the model was trained: enough to encode a probe and decode outputs. */
export interface TokenizerSnapshot {
  kind: 'char' | 'word';
  /** id → token; ids 0..6 are the special tokens. */
  tokens: string[];
  /** Word vocabularies of English text fold case before looking words up; the probe must too. */
  lowercase?: boolean;
}

export interface SavedTokenizers {
  /** The `tokens` input's vocabulary. */
  input: TokenizerSnapshot;
  /** `decoder_tokens` / `targets`, where it differs from the input's. */
  target?: TokenizerSnapshot;
  /** Class names, for classification. */
  classes?: string[];
}

/** Which data a model was trained on: a bundled dataset by id, or the user's own file by name, size and hash. */
export type DatasetIdentity =
  | { kind: 'bundled'; id: string }
  | { kind: 'user'; name: string; bytes: number; sha256: string };

/** One run of a graph, as the studio charts it; kept in the file so runs can be compared later. */
export interface RunRecord {
  id: string;
  /** “Run 2 · lr 0.001 · batch 16”. */
  label: string;
  /** ISO 8601. */
  startedAt: string;
  status: 'done' | 'stopped' | 'failed';
  backend: string;
  training: TrainingConfig;
  dataset: DatasetIdentity;
  /** Step the run started from (0 from scratch; the earlier run's last step when continued). */
  startStep: number;
  /** Steps trained in this run. */
  steps: number;
  wallMs: number;
  /** Every point of every chart, one per step. */
  points: ChartPoint[];
  final: { loss: number; accuracy?: number; validationLoss?: number; validationAccuracy?: number; tokensPerSec: number };
  /** Node ids whose weights were frozen. */
  frozen: string[];
  /** Display name of the model file weights were loaded from before this run (fine-tuning). */
  initFrom?: string;
}

/** Optimizer state for Continue: tfjs-style names (`<weight>/m`, `<weight>/v` for Adam). */
export interface OptimizerState {
  kind: 'adam' | 'sgd';
  /** Updates applied so far (Adam's bias correction depends on it). */
  iterations: number;
  tensors: NamedTensor[];
}

/** The trained model: weights by their compiled names, and what Continue needs. */
export interface TrainedState {
  /** Total steps trained into these weights, across continued runs; the schedule goes on from here. */
  step: number;
  weights: NamedTensor[];
  optimizer?: OptimizerState;
}

export interface ModelFileContents {
  graph: GraphDoc;
  /** Absent in a graph-only file. */
  trained?: TrainedState;
  tokenizer?: SavedTokenizers;
  dataset?: DatasetIdentity;
  /** Oldest first. */
  runs: RunRecord[];
}

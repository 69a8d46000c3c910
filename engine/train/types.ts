import type { CompiledModel } from '../compile/compile';
import type { Problem } from '../graph/errors';
import type { Dataset } from '../data/types';

export interface ProgressEvent {
  step: number;
  totalSteps: number;
  loss: number;
  /** Token or class accuracy on this batch, where the head has one. */
  accuracy?: number;
  learningRate: number;
  tokensPerSec: number;
  elapsedMs: number;
  /** Present on the steps where validation ran. */
  validation?: { loss: number; accuracy?: number; perplexity: number };
}

export interface StepContext {
  step: number;
  compiled: CompiledModel;
  dataset: Dataset;
}

export interface TrainingCallbacks {
  onProgress?(p: ProgressEvent): void;
  /** Asked before every step. Pausing is a promise that resolves (false) on resume. */
  shouldStop?(): boolean | Promise<boolean>;
  /** After every step, outside the step's tidy: the worker takes attention snapshots and samples here. */
  onStep?(ctx: StepContext): void | Promise<void>;
}

export interface TrainingResult {
  steps: number;
  firstLoss: number;
  lastLoss: number;
  /** Held-out accuracy where the head has one. */
  accuracy?: number;
  tokensPerSec: number;
  status: 'done' | 'stopped' | 'failed';
  /** Why a failed run stopped (E_NAN_LOSS, …); the weights are those of the last good step. */
  error?: Problem;
  /** The trained model; the caller disposes it. */
  compiled: CompiledModel;
}

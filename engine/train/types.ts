import type { CompiledModel } from '../compile/compile';
import type { Problem } from '../graph/errors';
import type { Dataset } from '../data/types';
import type { TrainingConfig } from '../graph/schema';
import type { NamedTensor, OptimizerState, TrainedState } from '../io/modelContents';
import type { WeightTransferPlan } from './weightTransfer';

/**
 * What a run needs beyond the document: the doc's training section, with any of its fields overridden
 * (the CLI's --steps/--batch/--seed, a test's tiny run), plus knobs that are about the run, not the model.
 */
export interface RunConfig extends Partial<TrainingConfig> {
  /** Validate on the validation split every N steps (and after the last step); 0 = only at the end. Default: steps / 10. */
  validateEvery?: number;
  /**
   * Most held-out examples one validation (and the final held-out accuracy) reads: the split in order, all of it
   * up to this many, else a fixed subset (engine/data/heldOut.ts). Default 1,024; 0 = no validation.
   */
  validationExamples?: number;
  /** Caps validation at this many batches of the run's batch size (0 = no validation). */
  validationBatches?: number;
  /** Refuse to start when the pre-flight estimate exceeds this many bytes. Default 2 GiB. */
  memoryBudgetBytes?: number;
  /**
   * Continue a saved run: its weights (all of them, strictly: E_WEIGHTS_MISMATCH otherwise) and optimizer state
   * are restored, and training goes on from `initialState.step` to `steps`, which counts every step (the earlier
   * runs' included); the schedule, the batches and progress events all continue at the global step.
   */
  initialState?: TrainedState;
  /** Fine-tune: start from another model's weights where the plan found a block for them; fresh optimizer, step 0. */
  initialWeights?: { weights: NamedTensor[]; plan: WeightTransferPlan };
}

export interface ProgressEvent {
  step: number;
  totalSteps: number;
  loss: number;
  /** Token or class accuracy on this batch, where the head has one. */
  accuracy?: number;
  learningRate: number;
  tokensPerSec: number;
  elapsedMs: number;
  /**
   * Present on the steps where validation ran. `examples`: how many held-out examples it read; `heldOut`: how many
   * the split has (equal when validation reads the whole split).
   */
  validation?: { loss: number; accuracy?: number; perplexity: number; examples: number; heldOut: number };
}

export interface StepContext {
  /** Global step just finished (a continued run counts on from where its state left off). */
  step: number;
  compiled: CompiledModel;
  dataset: Dataset;
  /** The weights and optimizer state as of this step, copied out (for checkpoints). */
  state(): Promise<TrainedState>;
}

export interface TrainingCallbacks {
  onProgress?(p: ProgressEvent): void;
  /** Asked before every step. Pausing is a promise that resolves (false) on resume. */
  shouldStop?(): boolean | Promise<boolean>;
  /** After every step, outside the step's tidy: the worker takes attention snapshots and samples here. */
  onStep?(ctx: StepContext): void | Promise<void>;
}

export interface TrainingResult {
  /** Steps trained in this run. */
  steps: number;
  /**
   * The global step the weights are at: where this run started plus its steps, less the last update when a
   * failed run went back to the weights before it.
   */
  step: number;
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
  /** The optimizer's state at the end, to continue later; absent for a failed run (its moments are past its weights). */
  optimizerState?: OptimizerState;
}

import { DEFAULT_CHECKPOINT_MS, type CheckpointEvery, type TrainingConfig } from '../../engine';

/** What the run settings show when the document has no interval of its own. */
export const DEFAULT_CHECKPOINT_MINUTES = DEFAULT_CHECKPOINT_MS / 60_000;

export function checkpointMinutesOf(training: TrainingConfig): number {
  return training.checkpointMinutes ?? DEFAULT_CHECKPOINT_MINUTES;
}

/**
 * The learner's interval in minutes, as the worker takes it. 0 means “only when the run ends”, which the worker
 * spells `{ steps: 0 }`: a `{ ms: 0 }` interval would be due at every step.
 */
export function checkpointEveryOf(training: TrainingConfig): CheckpointEvery {
  const minutes = checkpointMinutesOf(training);
  return minutes > 0 ? { ms: Math.round(minutes * 60_000) } : { steps: 0 };
}

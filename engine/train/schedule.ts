/**
 * Learning rate for a step (0-based): a linear warm-up from lr/warmup to lr, then a cosine decay to a tenth
 * of lr at the last step. Warm-up keeps Adam's first, badly-estimated steps small (attention logits blow up
 * easily); the cosine tail lets the model settle instead of bouncing around the minimum.
 */
export function learningRateAt(
  step: number,
  cfg: { learningRate: number; schedule: 'constant' | 'warmup-cosine'; warmupSteps: number; steps: number },
): number {
  const lr = cfg.learningRate;
  if (cfg.schedule === 'constant') return lr;
  const warmup = Math.min(cfg.warmupSteps, Math.max(0, cfg.steps - 1));
  if (step < warmup) return (lr * (step + 1)) / warmup;
  const decaySteps = cfg.steps - warmup;
  if (decaySteps <= 1) return lr;
  const progress = Math.min(1, (step - warmup) / (decaySteps - 1));
  const floor = lr * 0.1;
  return floor + (lr - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

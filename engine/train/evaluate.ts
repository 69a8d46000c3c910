import * as tf from '@tensorflow/tfjs';
import type { CompiledModel } from '../compile/compile';
import { createRng } from '../data/rng';
import type { Dataset } from '../data/types';
import { applyModel, disposeBatch, toDeviceBatch, type DeviceBatch } from './feeds';
import { maskedSoftmaxCrossEntropy } from './losses';

export interface Evaluation {
  /** Mean cross-entropy per counted position (non-[PAD] target, or example). */
  loss: number;
  accuracy?: number;
  /** exp(loss): the number of equally likely tokens the model is choosing between. */
  perplexity: number;
}

/** Mean loss (over counted positions), accuracy and perplexity of the model, dropout off. */
export async function evaluateBatches(
  compiled: CompiledModel,
  batches: DeviceBatch[],
): Promise<Evaluation> {
  let lossSum = 0;
  let correctSum = 0;
  let countSum = 0;
  for (const batch of batches) {
    const parts = tf.tidy(() => {
      const outputs = applyModel(compiled, batch.inputs, false);
      let loss = tf.scalar(0);
      let correct = tf.scalar(0);
      let count = tf.scalar(0);
      for (const h of compiled.heads) {
        const r = maskedSoftmaxCrossEntropy(outputs[h.outputIndex], batch.targets[h.target.feed]!);
        loss = tf.add(loss, tf.mul(r.loss, r.count));
        correct = tf.add(correct, r.correct);
        count = tf.add(count, r.count);
      }
      return tf.stack([loss, correct, count]);
    });
    const [l, c, n] = await parts.data();
    parts.dispose();
    lossSum += l;
    correctSum += c;
    countSum += n;
  }
  const loss = countSum > 0 ? lossSum / countSum : NaN;
  return { loss, accuracy: countSum > 0 ? correctSum / countSum : undefined, perplexity: Math.exp(loss) };
}

/** Held-out loss, accuracy and perplexity on `batches` batches of the validation split (dropout off). */
export async function evaluate(
  compiled: CompiledModel,
  dataset: Dataset,
  opts: { batches?: number; batchSize?: number; seed?: number } = {},
): Promise<Evaluation> {
  const rng = createRng(opts.seed ?? 1);
  const batches = Array.from({ length: opts.batches ?? 4 }, () => toDeviceBatch(compiled, dataset.batch(opts.batchSize ?? 32, 'validation', rng)));
  try {
    return await evaluateBatches(compiled, batches);
  } finally {
    batches.forEach(disposeBatch);
  }
}


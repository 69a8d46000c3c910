import * as tf from '@tensorflow/tfjs';
import type { Feed, TargetFeed } from '../blocks/buildTypes';
import type { CompiledModel } from '../compile/compile';
import type { Batch } from '../data/types';

/** One batch on the device: the model inputs in `compiled.inputFeeds` order and each head's targets. */
export interface DeviceBatch {
  inputs: tf.Tensor[];
  targets: Partial<Record<TargetFeed, tf.Tensor>>;
  /** Input tokens in the batch (B × the length of every non-segment input), for tokens/s. */
  tokens: number;
}

/** Uploads a dataset batch. The caller owns the tensors (see disposeBatch). */
export function toDeviceBatch(compiled: CompiledModel, batch: Batch): DeviceBatch {
  const tensor = (feed: Feed) => {
    const a = batch[feed];
    if (!a) throw new Error(`The dataset's batch has no “${feed}” array.`);
    return tf.tensor(a.data, a.shape, 'int32');
  };
  const inputs = compiled.inputFeeds.map(tensor);
  const targets: DeviceBatch['targets'] = {};
  for (const h of compiled.heads) targets[h.target.feed] ??= tensor(h.target.feed);
  let tokens = 0;
  compiled.inputFeeds.forEach((f, i) => {
    if (f !== 'segments') tokens += inputs[i].size;
  });
  return { inputs, targets, tokens };
}

export function disposeBatch(b: DeviceBatch): void {
  tf.dispose(b.inputs);
  tf.dispose(Object.values(b.targets));
}

/** The model's outputs as a list, whatever the number of heads. */
export function applyModel(compiled: CompiledModel, inputs: tf.Tensor[], training: boolean): tf.Tensor[] {
  // `apply` (unlike `predict`) forwards `training` to every layer, which is what switches dropout on.
  const out = compiled.model.apply(inputs.length === 1 ? inputs[0] : inputs, { training }) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out : [out];
}

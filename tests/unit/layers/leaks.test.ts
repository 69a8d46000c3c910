import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAYER_CASES } from './cases';


/**
 * One forward pass in each mode and one gradient's worth of work, disposing exactly what is returned.
 * No surrounding tidy: a tensor a layer forgets to free inside its call would show up in the count.
 */
function exercise(model: tf.LayersModel, inputs: tf.Tensor[]): void {
  tf.dispose([model.apply(inputs)].flat() as tf.Tensor[]);
  tf.dispose([model.apply(inputs, { training: true })].flat() as tf.Tensor[]);
  const vars = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  if (!vars.length) return;
  const { value, grads } = tf.variableGrads(() => {
    const outs = [model.apply(inputs, { training: true })].flat() as tf.Tensor[];
    return tf.addN(outs.map((o) => tf.sum(o))) as tf.Scalar;
  }, vars);
  tf.dispose([value, ...Object.values(grads)]);
}

describe.each(['cpu', 'wasm'])('on %s, calling a custom layer repeatedly keeps tf.memory().numTensors flat', (backend) => {
  beforeAll(async () => {
    await tf.setBackend(backend);
  });
  for (const c of LAYER_CASES) {
    it(c.name, () => {
      const { model, data } = c.build();
      const inputs = data();
      exercise(model, inputs); // first call may create weights
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) exercise(model, inputs);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(inputs);
      model.dispose();
    });
  }
});

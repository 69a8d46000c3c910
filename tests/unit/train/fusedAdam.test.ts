import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAM_UPDATE_KERNEL } from '../../../engine/backend/kernelNames';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { FusedAdamOptimizer } from '../../../engine/train/fusedAdam';
import { randomValues } from '../../fixtures/randomValues';



/** Odd sizes on purpose (not multiples of 4), plus a scalar and an empty variable. */
const SHAPES: number[][] = [[7, 5], [13], [], [3, 1, 9], [0, 4]];

/**
 * How gradients reach the optimizer: as they are, multiplied by a clip factor first (a separate Multiply, as
 * clipByGlobalNorm does), or with the factor handed to the fused Adam to apply itself.
 */
type Clip = { scale: number; inside: boolean } | null;

/** Trains fresh variables for `steps` steps with gradients made from the step number; returns final values. */
function train(makeOptimizer: () => tf.Optimizer, steps: number, learningRates: number[] = [], clip: Clip = null): Float32Array[] {
  const variables = SHAPES.map((shape, i) =>
    tf.tidy(() => tf.variable(tf.tensor(randomValues(tf.util.sizeFromShape(shape), 100 + i), shape), true, `fusedAdamTest${i}_${Math.random()}`)),
  );
  const optimizer = makeOptimizer();
  for (let step = 0; step < steps; step++) {
    if (learningRates[step] !== undefined) (optimizer as unknown as { learningRate: number }).learningRate = learningRates[step];
    tf.tidy(() => {
      const grads: tf.NamedTensorMap = {};
      variables.forEach((v, i) => {
        // Gradients of mixed magnitude, some exactly zero, so √v̂ + ε matters for some elements.
        const values = randomValues(v.size, 1000 * step + i, step % 2 ? 1e-3 : 2);
        values.forEach((_, j) => j % 5 === 0 && (values[j] = 0));
        grads[v.name] = tf.tensor(values, v.shape);
      });
      if (!clip) optimizer.applyGradients(grads);
      else if (clip.inside) (optimizer as FusedAdamOptimizer).applyGradients(grads, clip.scale);
      else optimizer.applyGradients(Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, tf.scalar(clip.scale))])));
    });
  }
  const result = variables.map((v) => v.dataSync().slice() as Float32Array);
  optimizer.dispose();
  tf.dispose(variables);
  return result;
}

function expectClose(actual: Float32Array[], expected: Float32Array[], tolerance = 1e-6): void {
  expect(actual.map((a) => a.length)).toEqual(expected.map((e) => e.length));
  actual.forEach((a, i) =>
    a.forEach((x, j) => {
      const e = expected[i][j];
      expect(Math.abs(x - e) / Math.max(Math.abs(e), 1e-30), `variable ${i} element ${j}: ${x} vs ${e}`).toBeLessThanOrEqual(tolerance);
    }),
  );
}

const STEPS = 12;
const SCHEDULE = [1e-2, 3e-2, 3e-2, 1e-3];

describe.each(['cpu', 'wasm'])('fused Adam on %s', (backend) => {
  it('matches tf.train.adam over several steps, with a learning rate changed between steps', async () => {
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') {
      registerWasmKernels('simd', { spawnHelper: null });
      expect(tf.getKernel(ADAM_UPDATE_KERNEL, 'wasm')).toBeDefined();
    }
    const expected = train(() => tf.train.adam(1e-2, 0.9, 0.999, 1e-8), STEPS, SCHEDULE);
    const tensorsBefore = tf.memory().numTensors;
    const actual = train(() => new FusedAdamOptimizer(1e-2, 0.9, 0.999, 1e-8), STEPS, SCHEDULE);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expectClose(actual, expected);
  });

  it('applies a global-norm clip factor inside the update exactly as multiplying the gradients first', async () => {
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') registerWasmKernels('simd', { spawnHelper: null });
    const make = () => new FusedAdamOptimizer(1e-2, 0.9, 0.999, 1e-8);
    for (const scale of [1, Math.fround(0.3)]) {
      const separate = train(make, 4, [], { scale, inside: false });
      const inside = train(make, 4, [], { scale, inside: true });
      expectClose(inside, separate, 0);
    }
    // And the factor matters: clipped training differs from unclipped.
    expect(train(make, 4, [], { scale: 0.3, inside: true })[0]).not.toEqual(train(make, 4)[0]);
  });

  it('saves and restores its state in tfjs’ format: a restored optimizer continues bit for bit as one that never stopped', async () => {
    await tf.setBackend(backend);
    await tf.ready();
    const make = () => new FusedAdamOptimizer(0.05, 0.9, 0.999, 1e-8);
    /** 6 updates of two variables; restored from saved state after `restoreAfter` of them when given. */
    const run = async (restoreAfter?: number) => {
      const vs = [11, 4].map((n, i) => tf.tidy(() => tf.variable(tf.tensor(randomValues(n, 7 + i)), true, `fusedAdamRestore${i}_${Math.random()}`)));
      const grad = (k: number) => Object.fromEntries(vs.map((v, i) => [v.name, tf.tensor(randomValues(v.size, 10 * k + i))]));
      let optimizer = make();
      let savedNames: string[] = [];
      for (let k = 0; k < 6; k++) {
        if (k === restoreAfter) {
          const saved = await optimizer.getWeights();
          savedNames = saved.map((w) => w.name);
          const copies = saved.map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
          // getWeights makes the iterations scalar afresh (the moments are the optimizer's own variables).
          saved[0].tensor.dispose();
          optimizer.dispose();
          optimizer = make();
          // Saved moments are found by name, whatever order the state lists them in.
          await optimizer.setWeights([copies[0], ...copies.slice(1).reverse()]);
          tf.dispose(copies.map((c) => c.tensor));
        }
        tf.tidy(() => optimizer.applyGradients(grad(k)));
      }
      const values = vs.map((v) => v.dataSync().slice() as Float32Array);
      optimizer.dispose();
      tf.dispose(vs);
      return { values, savedNames: savedNames.map((n) => n.replace(/fusedAdamRestore(\d)_[0-9.]+/, 'v$1')) };
    };
    const uninterrupted = await run();
    const tensorsBefore = tf.memory().numTensors;
    const restored = await run(4);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(restored.savedNames).toEqual(['iter', 'v0/m', 'v1/m', 'v0/v', 'v1/v']);
    expectClose(restored.values, uninterrupted.values, 0);
  });
});

describe('fused Adam without the fused kernel', () => {
  it('falls back to tf ops on wasm in tfjs mode and still matches tf.train.adam', async () => {
    await tf.setBackend('wasm');
    await tf.ready();
    registerWasmKernels('tfjs');
    expect(tf.getKernel(ADAM_UPDATE_KERNEL, 'wasm')).toBeUndefined();
    const expected = train(() => tf.train.adam(1e-2, 0.9, 0.999, 1e-8), 4);
    const actual = train(() => new FusedAdamOptimizer(1e-2, 0.9, 0.999, 1e-8), 4);
    expectClose(actual, expected);
  });
});

afterAll(async () => {
  await tf.setBackend('wasm');
  registerWasmKernels('simd', { spawnHelper: null });
});

/**
 * A compile that fails part-way disposes every tensor and variable it made, and disposing a compiled model frees
 * what its build made, the weights of blocks on no path to a head included.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { builders } from '../../../engine/blocks/builders';
import { compileGraph } from '../../../engine/compile/compile';
import { fuzzDoc } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes the n-th build of `kind` throw after the blocks before it have made their weights. */
function failOnBuild(kind: keyof typeof builders, n: number): void {
  const build = builders[kind];
  let calls = 0;
  vi.spyOn(builders, kind).mockImplementation((params, inputs, ctx) => {
    calls += 1;
    if (calls === n) throw new Error(`${kind} could not be built`);
    return build(params, inputs, ctx);
  });
}

describe('compile that fails part-way', () => {
  it('leaves as many tensors as before when the second copy of a group fails', () => {
    const doc = fuzzDoc('name-copy-id-clash.json');
    compileGraph(doc).dispose(); // first compile registers classes and warms caches
    const before = tf.memory().numTensors;
    failOnBuild('addNorm', 2);
    expect(() => compileGraph(doc)).toThrow(/addNorm could not be built/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stays flat over many failing compiles', () => {
    const doc = fuzzDoc('name-collision.json');
    const before = tf.memory().numTensors;
    failOnBuild('dense', 3);
    for (let i = 0; i < 5; i++) {
      expect(() => compileGraph(doc)).toThrow();
      vi.restoreAllMocks();
      failOnBuild('dense', 3);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a compile that succeeds afterwards keeps all its weights alive', () => {
    const doc = fuzzDoc('name-collision.json');
    failOnBuild('dense', 2);
    expect(() => compileGraph(doc)).toThrow();
    vi.restoreAllMocks();
    const compiled = compileGraph(doc);
    const ids = tf.zeros([1, 8], 'int32');
    const out = compiled.model.predict(ids) as tf.Tensor;
    expect(Number.isFinite(out.sum().dataSync()[0])).toBe(true);
    tf.dispose([ids, out]);
    compiled.dispose();
  });

  it('disposing a model frees the weights of a block whose output reaches no head', () => {
    const doc = fuzzDoc('dead-branch.json');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const compiled = compileGraph(doc);
      expect(compiled.model.layers.map((l) => l.name)).not.toContain('dangling__0__dense');
      compiled.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

afterAll(() => {
  registerWasmKernels('simd');
});

/** Runs `op` on tfjs' own wasm kernels and on the project's, returning both results as plain arrays. */
function both(op: () => tf.Tensor | tf.Tensor[]) {
  const run = (mode: 'tfjs' | 'simd') => {
    registerWasmKernels(mode);
    return tf.tidy(() => {
      const result = op();
      return (Array.isArray(result) ? result : [result]).map((t) => ({ shape: t.shape, dtype: t.dtype, values: Array.from(t.dataSync()) }));
    });
  };
  return { reference: run('tfjs'), heap: run('simd') };
}

const iota = (shape: number[], dtype: 'float32' | 'int32' = 'float32') => tf.range(0, shape.reduce((a, b) => a * b, 1), 1, dtype).reshape(shape);

/** The gradient of `loss` at a seeded random x equals tfjs' own kernels', and a repeated run leaves no tensor behind. */
function expectSameGradientsWithoutLeaks(shape: number[], seed: number, loss: (t: tf.Tensor) => tf.Scalar) {
  const x = tf.randomNormal(shape, 0, 1, 'float32', seed);
  const grad = (mode: 'tfjs' | 'simd') => {
    registerWasmKernels(mode);
    return tf.tidy(() => Array.from(tf.grad(loss)(x).dataSync()));
  };
  const reference = grad('tfjs');
  grad('simd');
  const tensors = tf.memory().numTensors;
  expect(grad('simd')).toEqual(reference);
  expect(tf.memory().numTensors).toBe(tensors);
  x.dispose();
}

describe('wasm Slice and SplitV on the heap', () => {
  const slices: [string, number[], number[], number[]][] = [
    ['1-D middle', [10], [3], [4]],
    ['2-D rows (contiguous)', [6, 5], [2, 0], [3, 5]],
    ['2-D block', [6, 5], [1, 2], [4, 2]],
    ['3-D middle axis, whole rows', [4, 3, 8], [0, 1, 0], [4, 2, 8]],
    ['3-D inner cut', [4, 3, 8], [1, 0, 3], [2, 3, 4]],
    ['5-D everything cut', [3, 4, 2, 5, 3], [1, 1, 0, 2, 1], [2, 2, 2, 3, 2]],
    ['size -1 to the end', [5, 7], [2, 3], [-1, -1]],
    ['empty', [4, 4], [1, 1], [0, 3]],
  ];
  for (const [name, shape, begin, size] of slices) {
    it(`Slice, ${name}: equals tfjs`, () => {
      const { reference, heap } = both(() => tf.slice(iota(shape), begin, size));
      expect(heap).toEqual(reference);
    });
  }

  it('Slice keeps int32 and bool values', () => {
    const ints = both(() => tf.slice(iota([3, 4], 'int32'), [1, 1], [2, 2]));
    expect(ints.heap).toEqual(ints.reference);
    const bools = both(() => tf.slice(tf.greater(iota([3, 4]), 5), [0, 2], [3, 2]));
    expect(bools.heap).toEqual(bools.reference);
  });

  it('SplitV into equal and unequal parts on any axis equals tfjs', () => {
    for (const [shape, parts, axis] of [
      [[32, 3, 40], 3, 1],
      [[6, 9], [2, 3, 4], 1],
      [[6, 9], [1, 5], 0],
      [[2, 4, 3, 6], [2, -1], 3],
    ] as [number[], number | number[], number][]) {
      const { reference, heap } = both(() => tf.split(iota(shape), parts, axis));
      expect(heap).toEqual(reference);
    }
  });

  it('gradients through split are unchanged, and nothing leaks', () => {
    expectSameGradientsWithoutLeaks([4, 3, 6], 3, (t) => {
      const [a, b, c] = tf.split(t, 3, 1);
      return tf.sum(tf.add(tf.mul(a, 2), tf.mul(b, c)));
    });
  });

  it('Unpack (unstack) along every axis equals tfjs, and its parts have the unpacked shape', () => {
    for (const [shape, axis] of [
      [[5, 3, 4], 0],
      [[5, 3, 4], 1],
      [[5, 3, 4], 2],
      [[1, 6], 0],
      [[3, 2, 2, 5], -1],
    ] as [number[], number][]) {
      const { reference, heap } = both(() => tf.unstack(iota(shape), axis));
      expect(heap).toEqual(reference);
    }
    const ints = both(() => tf.unstack(iota([3, 4], 'int32'), 1));
    expect(ints.heap).toEqual(ints.reference);
  });

  it('gradients through unstack and stack (a recurrent layer\'s time loop) are unchanged, and nothing leaks', () => {
    expectSameGradientsWithoutLeaks([6, 4, 5], 9, (t) => {
      const states = tf.unstack(t, 0).map((s, i) => tf.mul(s, i + 1));
      return tf.sum(tf.square(tf.stack(states, 1)));
    });
  });
});

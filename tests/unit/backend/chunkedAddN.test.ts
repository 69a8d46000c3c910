/**
 * The chunked AddN registered for webgpu (tfjs-webgpu binds every AddN input to one shader, and a command past the
 * device's binding limit fails silently): exercised here around the cpu backend's own AddN with a small limit.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeChunkedAddN } from '../../../engine/backend/webgpu/chunkedAddN';

const NAME = 'TestChunkedAddN';
const widths: number[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  const cpuAddN = tf.getKernel(tf.AddN, 'cpu')!;
  const counting: tf.KernelFunc = (args) => {
    widths.push((args.inputs as unknown as unknown[]).length);
    return cpuAddN.kernelFunc(args);
  };
  tf.registerKernel({ kernelName: NAME, backendName: 'cpu', kernelFunc: makeChunkedAddN(counting, () => 3) });
});
afterAll(() => {
  tf.unregisterKernel(NAME, 'cpu');
});

describe('chunked AddN', () => {
  for (const n of [1, 2, 3, 4, 7, 10, 36]) {
    it(`${n} inputs: the plain sum, no call wider than the limit, and no data left behind`, () => {
      const inputs = Array.from({ length: n }, (_, i) => tf.tensor1d([i + 1, -(i + 1) / 2, 0.25 * i]));
      const expected = tf.addN(inputs).dataSync();
      widths.length = 0;
      const before = tf.memory().numTensors;
      const buffersBefore = tf.engine().backend.numDataIds();
      const sum = tf.engine().runKernel(NAME, inputs as unknown as tf.NamedTensorMap) as tf.Tensor;
      expect(Array.from(sum.dataSync())).toEqual(Array.from(expected));
      expect(Math.max(...widths)).toBeLessThanOrEqual(3);
      expect(widths.length).toBeGreaterThanOrEqual(Math.ceil((n - 1) / 2));
      // Only the result is new: every partial sum was freed.
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(tf.engine().backend.numDataIds()).toBe(buffersBefore + 1);
      tf.dispose([sum, ...inputs]);
    });
  }
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';

function backendDataCount(): number {
  return (tf.engine().backend as unknown as { numDataIds(): number }).numDataIds();
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmKernels('simd');
});

afterAll(() => {
  registerWasmKernels('simd');
});

describe('wasm Identity sharing buffers', () => {
  it('clones keep their values after the original is disposed, and the original after the clone is', () => {
    const original = tf.tensor2d([1, 2, 3, 4.5], [2, 2]);
    const copy = original.clone();
    const copyOfCopy = copy.clone();
    original.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4.5]);
    copy.dispose();
    expect(Array.from(copyOfCopy.dataSync())).toEqual([1, 2, 3, 4.5]);
    copyOfCopy.dispose();
  });

  it('a variable built from a tensor is not changed by later assigns to it, nor the tensor by the variable', () => {
    const initial = tf.tensor1d([1, 2, 3]);
    const variable = tf.variable(initial);
    variable.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(initial.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(variable.dataSync())).toEqual([7, 8, 9]);
    tf.dispose([initial, variable]);
  });

  it('gives the same gradients as tfjs through ops that pass gradients on unchanged', () => {
    const x = tf.tensor2d([[0.5, -1.5, 2], [3, -0.25, 1]]);
    const gradients = (mode: 'simd' | 'tfjs') => {
      registerWasmKernels(mode);
      return tf.tidy(() => tf.grad((v: tf.Tensor) => v.clone().add(v).relu().reshape([3, 2]).square().sum())(x).dataSync().slice());
    };
    const expected = gradients('tfjs');
    expect(Array.from(gradients('simd'))).toEqual(Array.from(expected));
    x.dispose();
  });

  it('frees every buffer: tensors and backend buffers stay flat across repeated clones', () => {
    registerWasmKernels('simd');
    const x = tf.randomNormal([16, 16]);
    const step = () => tf.tidy(() => x.clone().clone().add(1).sum().dataSync()[0]);
    step();
    const tensors = tf.memory().numTensors;
    const buffers = backendDataCount();
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataCount()).toBe(buffers);
    x.dispose();
    expect(backendDataCount()).toBe(buffers - 1);
  });
});

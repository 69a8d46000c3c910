/**
 * The one list of the project's kernels (engine/backend/kernelNames.ts): distinct names, every one registered on
 * wasm with the project's kernels and none left in tfjs' own mode; self-attention's only with the packed matmul.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOM_KERNELS, SELF_ATTENTION_GRAD_KERNEL, SELF_ATTENTION_KERNEL } from '../../../engine/backend/kernelNames';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';

const registered = () => CUSTOM_KERNELS.filter((name) => tf.getKernel(name, 'wasm') !== undefined);

beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterAll(async () => {
  registerWasmKernels('simd', { spawnHelper: null });
  await tf.setBackend('cpu');
});

describe('custom kernel names', () => {
  it('are distinct and prefixed', () => {
    expect(new Set(CUSTOM_KERNELS).size).toBe(CUSTOM_KERNELS.length);
    for (const name of CUSTOM_KERNELS) expect(name).toMatch(/^Tensorloom[A-Z]/);
  });

  it('are all registered on wasm with the project kernels, none in tfjs mode, all but self-attention without the packed matmul', () => {
    expect(registerWasmKernels('simd', { spawnHelper: null })).toBe('simd');
    expect(registered()).toEqual([...CUSTOM_KERNELS]);
    expect(registerWasmKernels('tfjs')).toBe('tfjs');
    expect(registered()).toEqual([]);
    expect(registerWasmKernels('transposing')).toBe('transposing');
    expect(registered()).toEqual(CUSTOM_KERNELS.filter((name) => name !== SELF_ATTENTION_KERNEL && name !== SELF_ATTENTION_GRAD_KERNEL));
  });
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WasmMatmul } from '../../../engine/backend/wasm/matmulModule';
import { registerWasmKernels, type WasmMatmulMode } from '../../../engine/backend/wasm/registerWasmKernels';

interface Case {
  name: string;
  a: number[];
  b: number[];
}

// Shapes as passed to tf.matMul before transpose flags are applied: [..., m, k] x [..., k, n].
const cases: Case[] = [
  { name: 'odd 2-D', a: [5, 7], b: [7, 9] },
  { name: 'single row and column', a: [1, 17], b: [17, 1] },
  { name: 'inner size 1', a: [13, 1], b: [1, 3] },
  { name: 'larger than one cache block', a: [133, 300], b: [300, 21] },
  { name: 'batched 3-D', a: [3, 5, 7], b: [3, 7, 6] },
  { name: 'batched 4-D', a: [2, 3, 9, 4], b: [2, 3, 4, 10] },
  { name: 'left operand broadcast (rank 2)', a: [6, 5], b: [4, 5, 11] },
  { name: 'right operand broadcast (batch 1)', a: [4, 6, 5], b: [1, 5, 11] },
  { name: 'attention-sized', a: [8, 64, 32], b: [8, 32, 64] },
  // Products the kernel packs and multiplies a cache block at a time (more than 128 rows or 256 deep), with every
  // dimension ending part-way through a block and a tile.
  { name: 'several cache blocks, edges in every dimension', a: [263, 517], b: [517, 29] },
  { name: 'batched, deeper than a cache block', a: [2, 130, 300], b: [2, 300, 11] },
  { name: 'right operand broadcast, taller than a cache block', a: [2, 150, 40], b: [1, 40, 13] },
  { name: 'right operand broadcast, deeper than a cache block', a: [2, 140, 270], b: [270, 10] },
  { name: 'inner size 1, taller than a cache block', a: [300, 1], b: [1, 9] },
];

function withFlags(shape: number[], transpose: boolean): number[] {
  if (!transpose) return shape;
  const s = [...shape];
  [s[s.length - 2], s[s.length - 1]] = [s[s.length - 1], s[s.length - 2]];
  return s;
}

let seed = 1;
function random(shape: number[]): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed++);
}

function matMulWith(mode: WasmMatmulMode, a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean) {
  registerWasmKernels(mode);
  return tf.tidy(() => {
    const product = tf.matMul(a, b, transposeA, transposeB);
    return { values: product.dataSync().slice(), shape: product.shape };
  });
}

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

function backendDataCount(): number {
  return (tf.engine().backend as unknown as { numDataIds(): number }).numDataIds();
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
});

afterAll(() => {
  registerWasmKernels('simd');
});

describe('wasm BatchMatMul replacements', () => {
  for (const c of cases) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`${c.name}, transposeA=${transposeA}, transposeB=${transposeB}`, () => {
          const a = random(withFlags(c.a, transposeA));
          const b = random(withFlags(c.b, transposeB));
          const reference = matMulWith('tfjs', a, b, transposeA, transposeB);
          const transposing = matMulWith('transposing', a, b, transposeA, transposeB);
          const simd = matMulWith('simd', a, b, transposeA, transposeB);
          tf.dispose([a, b]);

          expect(transposing.shape).toEqual(reference.shape);
          expect(simd.shape).toEqual(reference.shape);
          // tfjs' flagged path sums in another order for large inner sizes, so equality is up to rounding.
          expect(relativeError(transposing.values, reference.values)).toBeLessThan(1e-5);
          expect(relativeError(simd.values, reference.values)).toBeLessThan(1e-5);
        });
      }
    }
  }

  // tf.fused.matMul with a bias (Dense layers, engine/layers/ops `linear`): the project's kernel adds the bias as it
  // stores the product; with an activation tfjs' own fused kernel still runs.
  for (const [name, a, b, activation] of [
    ['2-D with a bias', [70, 33], [33, 45], 'linear'],
    ['batched with a bias', [3, 20, 16], [3, 16, 9], 'linear'],
    ['inner size 0 with a bias', [4, 0], [0, 5], 'linear'],
    ['with a bias and relu', [10, 12], [12, 7], 'relu'],
    ['batched with a bias and relu', [3, 20, 16], [3, 16, 9], 'relu'],
    ['several cache blocks with a bias', [150, 300], [300, 20], 'linear'],
    ['several cache blocks with a bias and relu', [150, 600], [600, 37], 'relu'],
    ['with a bias and elu (tfjs kernel)', [10, 12], [12, 7], 'elu'],
  ] as const) {
    it(`fused matMul, ${name}, equals tfjs`, () => {
      const x = random([...a]);
      const w = random([...b]);
      const bias = random([b[b.length - 1]]);
      // The reference is the unfused product on tfjs' kernels.
      registerWasmKernels('tfjs');
      const reference = tf.tidy(() => {
        // tfjs-wasm's own BatchMatMul leaves an inner-size-0 product's output as the heap held it, not zero.
        const product = a[a.length - 1] === 0 ? tf.zeros([...a.slice(0, -1), b[b.length - 1]]) : tf.matMul(x, w);
        const sum = tf.add(product, bias);
        return (activation === 'relu' ? tf.relu(sum) : activation === 'elu' ? tf.elu(sum) : sum).dataSync().slice();
      });
      registerWasmKernels('simd');
      const simd = tf.tidy(() => tf.fused.matMul({ a: x, b: w, bias, activation }).dataSync().slice());
      tf.dispose([x, w, bias]);
      expect(simd.length).toBe(reference.length);
      expect(relativeError(simd, reference)).toBeLessThan(1e-5);
    });
  }

  // tfjs-wasm's own fused kernel checks the rank its bias buffer was created with, so a row unstacked from a
  // [2, n] tensor (the GRU's input bias) is refused there; every project mode handles it.
  for (const mode of ['simd', 'transposing'] as const) {
    it(`${mode}: fused matMul takes a bias unstacked from a matrix`, () => {
      const x = random([6, 5]);
      const w = random([5, 7]);
      const biases = random([2, 7]);
      registerWasmKernels('tfjs');
      const reference = tf.tidy(() => tf.add(tf.matMul(x, w), tf.unstack(biases)[0]).dataSync().slice());
      registerWasmKernels(mode);
      const fused = tf.tidy(() => tf.fused.matMul({ a: x, b: w, bias: tf.unstack(biases)[0] }).dataSync().slice());
      tf.dispose([x, w, biases]);
      expect(relativeError(fused, reference)).toBeLessThan(1e-5);
    });
  }

  it('leaves zero-sized products empty or zero', () => {
    registerWasmKernels('simd');
    const empty = tf.matMul(tf.zeros([0, 4]), tf.zeros([4, 3]));
    expect(empty.shape).toEqual([0, 3]);
    const noInner = tf.matMul(tf.ones([2, 0]), tf.ones([0, 3]));
    expect(Array.from(noInner.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    tf.dispose([empty, noInner]);
  });

  it('gives the same gradients as tfjs', () => {
    const a = random([4, 6, 5]);
    const b = random([4, 5, 7]);
    const gradients = (mode: WasmMatmulMode) => {
      registerWasmKernels(mode);
      return tf.tidy(() => {
        const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y).square().sum())([a, b]);
        return [ga.dataSync().slice(), gb.dataSync().slice()];
      });
    };
    const [refA, refB] = gradients('tfjs');
    const [simdA, simdB] = gradients('simd');
    tf.dispose([a, b]);
    expect(relativeError(simdA, refA)).toBeLessThan(1e-5);
    expect(relativeError(simdB, refB)).toBeLessThan(1e-5);
  });

  for (const mode of ['transposing', 'simd'] as const) {
    it(`${mode}: leaves no tensors or backend buffers behind`, () => {
      registerWasmKernels(mode);
      const a = random([3, 9, 5]);
      const b = random([3, 7, 5]);
      const step = () =>
        tf.tidy(() => {
          const [ga] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, false, true).sum())([a, b]);
          return ga.sum().dataSync()[0];
        });
      step();
      const tensors = tf.memory().numTensors;
      const buffers = backendDataCount();
      for (let i = 0; i < 5; i++) step();
      expect(tf.memory().numTensors).toBe(tensors);
      expect(backendDataCount()).toBe(buffers);
      tf.dispose([a, b]);
    });
  }
});

describe('WasmMatmul', () => {
  it('is unavailable, so tfjs kernels stay in use, where WebAssembly SIMD does not validate', () => {
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      expect(WasmMatmul.create()).toBeNull();
    } finally {
      validate.mockRestore();
    }
  });
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planBroadcast, planTranspose } from '../../../engine/backend/wasm/elementwiseKernels';
import { elementwiseKernelsFor, findHeapMemory } from '../../../engine/backend/wasm/elementwiseModule';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { globalNorm } from '../../../engine/train/clip';
import { ADAM_UPDATE_KERNEL, GLOBAL_NORM_KERNEL, RELU_GRAD_KERNEL } from '../../../engine/backend/kernelNames';
import { randomValues as uniformValues } from '../../fixtures/randomValues';

/** The binary kernels are opt-in (see WasmKernelOptions.simdBinaryOps); these tests turn them on. */
const WITH_BINARY_OPS = { spawnHelper: null, simdBinaryOps: true };

function backendDataCount(): number {
  return (tf.engine().backend as unknown as { numDataIds(): number }).numDataIds();
}

/** Deterministic pseudo-random floats in [-1, 1), kept away from 0 so divisions stay finite. */
function randomValues(n: number, seed: number): Float32Array {
  return uniformValues(n, seed).map((x) => (Math.abs(x) < 0.05 ? x + 0.1 : x));
}

function tensorOf(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomValues(tf.util.sizeFromShape(shape), seed), shape);
}

const OPS: Array<[string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor]> = [
  ['add', tf.add],
  ['sub', tf.sub],
  ['mul', tf.mul],
  ['div', tf.div],
];

/** [a, b] shape pairs: same shapes (odd sizes), scalars on either side, trailing rows, columns, empty. */
const SHAPE_PAIRS: Array<[number[], number[]]> = [
  [[1], [1]],
  [[7], [7]],
  [[3, 5, 9], [3, 5, 9]],
  [[2, 33, 17], [2, 33, 17]],
  [[1, 6], [6]],
  [[13, 7], []],
  [[], [13, 7]],
  [[5], [1, 1]],
  [[64, 128], [128]],
  [[128], [64, 128]],
  [[2, 3, 131], [131]],
  [[4, 5, 6], [5, 6]],
  [[5, 6], [4, 5, 6]],
  [[8, 9, 1], [8, 9, 19]],
  [[8, 9, 19], [8, 9, 1]],
  [[6, 1], [6, 3]],
  [[3, 4, 5], [3, 1, 1]],
  [[0, 4], [0, 4]],
  [[0, 4], [4]],
  [[3, 0], []],
];

/** Runs `f` once with tfjs' own kernels and once with the project's; returns both results. */
function bothWays(f: () => tf.Tensor): { ours: tf.Tensor; theirs: tf.Tensor } {
  registerWasmKernels('tfjs');
  const theirs = f();
  registerWasmKernels('simd', WITH_BINARY_OPS);
  const ours = f();
  return { ours, theirs };
}

function expectSame(ours: tf.Tensor, theirs: tf.Tensor): void {
  expect(ours.shape).toEqual(theirs.shape);
  expect(ours.dtype).toBe(theirs.dtype);
  const a = ours.dataSync();
  const b = theirs.dataSync();
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < b.length; i++) {
    const err = Number.isNaN(a[i]) !== Number.isNaN(b[i]) ? Infinity : Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-30);
    if (err > worst) [worst, worstAt] = [err, i];
  }
  expect(worst, `element ${worstAt}: ${a[worstAt]} vs ${b[worstAt]}`).toBeLessThan(1e-5);
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerWasmKernels('simd', WITH_BINARY_OPS);
});

afterAll(() => {
  registerWasmKernels('simd', WITH_BINARY_OPS);
});

describe('wasm SIMD elementwise kernels', () => {
  it('find tfjs-wasm heap memory and instantiate on it (this Node has SIMD)', () => {
    const memory = findHeapMemory(tf.backend());
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    expect(elementwiseKernelsFor(tf.backend())).not.toBeNull();
  });

  it('plan the broadcasts they cover and leave the rest to tfjs', () => {
    expect(planBroadcast([4, 5], [4, 5])?.plan).toEqual({ kind: 'same', size: 20 });
    expect(planBroadcast([2048, 128], [128])?.plan).toEqual({ kind: 'row', broadcastFirst: false, rows: 2048, cols: 128 });
    expect(planBroadcast([128], [3, 2048, 128])).toEqual({ outShape: [3, 2048, 128], plan: { kind: 'row', broadcastFirst: true, rows: 6144, cols: 128 } });
    expect(planBroadcast([32, 64, 128], [32, 64, 1])?.plan).toEqual({ kind: 'column', broadcastFirst: false, rows: 2048, cols: 128 });
    expect(planBroadcast([], [7, 3])?.plan).toEqual({ kind: 'column', broadcastFirst: true, rows: 1, cols: 21 });
    expect(planBroadcast([4, 1], [1, 5])).toBeNull();
    expect(planBroadcast([4, 5], [4, 1, 5])).toBeNull();
    expect(planBroadcast([3], [4])).toBeNull();
  });

  describe.each(OPS)('%s', (name, op) => {
    it.each(SHAPE_PAIRS)('matches tfjs for %j with %j', (shapeA, shapeB) => {
      const a = tensorOf(shapeA, 1);
      const b = tensorOf(shapeB, 2);
      const { ours, theirs } = bothWays(() => op(a, b));
      expectSame(ours, theirs);
      tf.dispose([a, b, ours, theirs]);
    });
  });

  it('leave int32 and mixed-broadcast operands to tfjs, with tfjs results', () => {
    const ints = tf.tensor([1, 2, 3], [3], 'int32');
    const intsResult = bothWays(() => tf.add(ints, tf.scalar(4, 'int32')));
    expectSame(intsResult.ours, intsResult.theirs);
    const a = tensorOf([4, 1], 3);
    const b = tensorOf([1, 5], 4);
    const outer = bothWays(() => tf.mul(a, b));
    expectSame(outer.ours, outer.theirs);
    tf.dispose([ints, intsResult.ours, intsResult.theirs, a, b, outer.ours, outer.theirs]);
  });

  it('give tfjs gradients through broadcasts', () => {
    const x = tensorOf([6, 10], 5);
    const bias = tensorOf([10], 6);
    const scale = tensorOf([6, 1], 7);
    const grads = () => {
      const [gx, gBias, gScale] = tf.grads((u: tf.Tensor, v: tf.Tensor, w: tf.Tensor) =>
        tf.div(tf.sub(tf.mul(tf.add(u, v), w), v), w).sum(),
      )([x, bias, scale]);
      return tf.concat([gx.flatten(), gBias.flatten(), gScale.flatten()]);
    };
    const { ours, theirs } = bothWays(() => tf.tidy(grads));
    expectSame(ours, theirs);
    tf.dispose([x, bias, scale, ours, theirs]);
  });

  it('stay correct when the heap grows between calls, and leak no tensors or buffers', () => {
    registerWasmKernels('simd', WITH_BINARY_OPS);
    const a = tensorOf([1000, 33], 8);
    const b = tensorOf([33], 9);
    const expected = tf.tidy(() => {
      registerWasmKernels('tfjs');
      const r = tf.sub(a, b);
      registerWasmKernels('simd', WITH_BINARY_OPS);
      return r;
    });
    const memory = findHeapMemory(tf.backend())!;
    const tensors = tf.memory().numTensors;
    const buffers = backendDataCount();
    const bytesBefore = memory.buffer.byteLength;
    // A large allocation between calls grows the heap: the old ArrayBuffer is detached, and offsets must
    // be read again from the new one.
    const big = tf.zeros([Math.ceil(bytesBefore / 4) + 1_000_000]);
    expect(memory.buffer.byteLength).toBeGreaterThan(bytesBefore);
    const after = tf.sub(a, b);
    expectSame(after, expected);
    tf.dispose([big, after]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backendDataCount()).toBe(buffers);
    tf.dispose([a, b, expected]);
  });

  it.each([1, 0.37])('run the Adam update (gradient scale %s) on the heap exactly as tf ops do', (gradientScale) => {
    const shape = [17, 3];
    const [x, g, m, v] = [1, 2, 3, 4].map((seed) => tensorOf(shape, seed));
    const vPositive = tf.abs(v);
    const attrs = {
      gradientScale: Math.fround(gradientScale),
      beta1: Math.fround(0.9),
      beta2: Math.fround(0.999),
      oneMinusBeta1: Math.fround(1 - 0.9),
      oneMinusBeta2: Math.fround(1 - 0.999),
      biasCorrection1: Math.fround(1 - Math.fround(0.9 ** 3)),
      biasCorrection2: Math.fround(1 - Math.fround(0.999 ** 3)),
      epsilon: Math.fround(1e-8),
      negLearningRate: Math.fround(-0.01),
    };
    const viaKernel = tf.engine().runKernel(ADAM_UPDATE_KERNEL, { variable: x, gradient: g, firstMoment: m, secondMoment: vPositive }, attrs) as tf.Tensor[];
    const viaOps = tf.tidy(() => {
      // The clip as clipByGlobalNorm applies it: a separate float32 Multiply of the gradient.
      const clipped = tf.mul(g, tf.scalar(attrs.gradientScale));
      const newM = tf.add(tf.mul(m, attrs.beta1), tf.mul(clipped, attrs.oneMinusBeta1));
      const newV = tf.add(tf.mul(vPositive, attrs.beta2), tf.mul(tf.square(clipped), attrs.oneMinusBeta2));
      const step = tf.div(tf.div(newM, attrs.biasCorrection1), tf.add(tf.sqrt(tf.div(newV, attrs.biasCorrection2)), attrs.epsilon));
      return [tf.add(tf.mul(step, attrs.negLearningRate), x), newM, newV];
    });
    viaKernel.forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(Array.from(viaOps[i].dataSync())));
    tf.dispose([x, g, m, v, vPositive, ...viaKernel, ...viaOps]);
  });

  it('compute the relu gradient dy ⊙ step(y) in one pass, bit for bit as Step and Multiply, NaN and infinities too', () => {
    expect(tf.getKernel(RELU_GRAD_KERNEL, 'wasm')).toBeDefined();
    const special = [0, -0, 1e-30, -1e-30, 2, -2, Infinity, -Infinity, NaN];
    const ys = [...special, ...special.slice().reverse(), ...uniformValues(1001, 71)];
    const dys = [...special.map(() => Infinity), ...special, ...uniformValues(1001, 72)];
    for (const shape of [[ys.length], [ys.length - 1], [3], [0]]) {
      const n = shape[0];
      const y = tf.tensor(ys.slice(0, n), shape);
      const dy = tf.tensor(dys.slice(0, n), shape);
      const fused = tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, y }) as tf.Tensor;
      const composed = tf.tidy(() => tf.mul(dy, tf.step(y)));
      expect(fused.shape).toEqual(shape);
      const a = Array.from(fused.dataSync());
      const b = Array.from(composed.dataSync());
      // Bit for bit: Object.is tells 0 from -0 and matches NaN with NaN.
      a.forEach((v, i) => expect(Object.is(v, b[i]), `element ${i}: dy ${dys[i]}, y ${ys[i]}: ${v} vs ${b[i]}`).toBe(true));
      tf.dispose([y, dy, fused, composed]);
    }
  });

  it('compute the global gradient norm in one kernel, matching Square/Sum/AddN/Sqrt in float64', () => {
    expect(tf.getKernel(GLOBAL_NORM_KERNEL, 'wasm')).toBeDefined();
    const shapes = [[7, 5], [13], [], [3, 1, 9], [0, 4], [300, 129]];
    const grads = Object.fromEntries(shapes.map((shape, i) => [`g${i}`, tf.tidy(() => tf.mul(tensorOf(shape, 40 + i), i + 1))]));
    const expected = Math.sqrt(
      Object.values(grads).reduce((sum, g) => sum + Array.from(g.dataSync() as Float32Array).reduce((s, x) => s + x * x, 0), 0),
    );
    const tensors = tf.memory().numTensors;
    const norm = globalNorm(grads);
    expect(norm.shape).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensors + 1);
    expect(norm.dataSync()[0]).toBe(Math.fround(expected));
    // No gradients at all: the composed path's 0.
    const none = globalNorm({});
    expect(none.dataSync()[0]).toBe(0);
    tf.dispose([norm, none, ...Object.values(grads)]);
  });

  it('exp matches tfjs over the whole float32 range: overflow, subnormal results, ±Inf, NaN, odd sizes', () => {
    const special = [0, -0, 1, -1, 1e-8, -1e-8, 0.5, 10, -10, 88, 88.7, 88.8, 100, -87, -87.5, -95, -103, -104, -110, Infinity, -Infinity, NaN];
    const sweep = Array.from({ length: 4001 }, (_, i) => -104 + (i * 193) / 4000); // -104 … 89, not a multiple of 4
    const x = tf.tensor([...special, ...sweep]);
    const { ours, theirs } = bothWays(() => tf.exp(x));
    const a = ours.dataSync();
    const b = theirs.dataSync();
    for (let i = 0; i < b.length; i++) {
      if (Number.isNaN(b[i]) || !Number.isFinite(b[i])) expect(a[i], `exp(${x.dataSync()[i]})`).toBe(b[i]);
      // Subnormal results carry fewer significant bits; compare them in units of the smallest subnormal.
      else if (Math.abs(b[i]) < 1.1754944e-38) expect(Math.abs(a[i] - b[i]), `exp(${x.dataSync()[i]})`).toBeLessThanOrEqual(2 * 1.4e-45);
      else expect(Math.abs(a[i] - b[i]) / b[i], `exp(${x.dataSync()[i]}): ${a[i]} vs ${b[i]}`).toBeLessThan(1e-6);
    }
    for (const shape of [[0], [1], [3], [2, 33, 17]]) {
      const y = tensorOf(shape, 11);
      const r = bothWays(() => tf.exp(tf.mul(y, 5)));
      expectSame(r.ours, r.theirs);
      tf.dispose([y, r.ours, r.theirs]);
    }
    tf.dispose([x, ours, theirs]);
  });

  it('plan transposes as blocks and leave short blocks and no-ops to tfjs', () => {
    expect(planTranspose([32, 64, 4, 32], [0, 2, 1, 3])).toEqual({ outShape: [32, 4, 64, 32], dims: [32, 4, 64], strides: [8192, 32, 128], block: 32 });
    expect(planTranspose([2, 1, 3, 8], [2, 1, 0, 3])).toEqual({ outShape: [3, 1, 2, 8], dims: [1, 3, 2], strides: [0, 8, 24], block: 8 });
    expect(planTranspose([5, 6, 7, 8], [1, 2, 0, 3])?.dims).toEqual([1, 42, 5]);
    expect(planTranspose([128, 69], [1, 0])).toBeNull();
    expect(planTranspose([4, 5, 6], [0, 1, 2])).toBeNull();
    expect(planTranspose([2, 3, 2, 3, 4], [3, 2, 1, 0, 4])).toBeNull();
  });

  it.each([
    [[32, 64, 4, 32], [0, 2, 1, 3]],
    [[3, 5, 2, 7], [0, 2, 1, 3]],
    [[3, 5, 2, 4], [2, 0, 1, 3]],
    [[2, 1, 3, 9], [2, 1, 0, 3]],
    [[6, 5, 13], [1, 0, 2]],
    [[2, 3, 4, 5, 6], [1, 0, 2, 3, 4]],
    [[2, 3, 4, 5, 6], [0, 2, 1, 4, 3]],
    [[2, 3, 2, 3, 4], [3, 2, 1, 0, 4]],
    [[128, 69], [1, 0]],
    [[0, 3, 8], [1, 0, 2]],
  ])('transpose of %j by %j matches tfjs, float32 and int32', (shape, perm) => {
    const x = tensorOf(shape, 12);
    const ints = tf.tidy(() => tf.cast(tf.mul(x, 1000), 'int32'));
    for (const input of [x, ints]) {
      const { ours, theirs } = bothWays(() => tf.transpose(input, perm));
      expect(Array.from(ours.dataSync())).toEqual(Array.from(theirs.dataSync()));
      expect(ours.shape).toEqual(theirs.shape);
      tf.dispose([ours, theirs]);
    }
    tf.dispose([x, ints]);
  });

  it('cast to the same dtype shares the buffer: values survive disposing either tensor, and no copy leaks', () => {
    const x = tensorOf([5, 7], 10);
    const expected = Array.from(x.dataSync());
    const tensors = tf.memory().numTensors;
    const buffers = backendDataCount();
    const same = tf.cast(x, 'float32');
    expect(backendDataCount()).toBe(buffers);
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual(expected);
    const again = tf.cast(same, 'float32');
    same.dispose();
    expect(Array.from(again.dataSync())).toEqual(expected);
    again.dispose();
    expect(tf.memory().numTensors).toBe(tensors - 1);
    expect(backendDataCount()).toBe(buffers - 1);
  });

  it('casts between dtypes as tfjs does, and gives tfjs gradients through casts', () => {
    const x = tf.tensor([-2.5, -1, 0, 0.4, 3.7, 9], [2, 3]);
    for (const dtype of ['int32', 'bool', 'float32'] as const) {
      const { ours, theirs } = bothWays(() => tf.cast(x, dtype));
      expectSame(ours, theirs);
      const back = bothWays(() => tf.tidy(() => tf.cast(tf.cast(x, dtype), 'float32')));
      expectSame(back.ours, back.theirs);
      tf.dispose([ours, theirs, back.ours, back.theirs]);
    }
    const { ours, theirs } = bothWays(() => tf.tidy(() => tf.grad((u: tf.Tensor) => tf.abs(tf.cast(u, 'float32')).mul(u).sum())(x)));
    expectSame(ours, theirs);
    tf.dispose([x, ours, theirs]);
  });

  it('restores tfjs kernels in tfjs mode, and keeps tfjs binary kernels unless asked', () => {
    const kernelFunc = (name: string) => tf.getKernel(name, 'wasm')?.kernelFunc;
    const replaced = [tf.Add, tf.Sub, tf.Multiply, tf.RealDiv, tf.Cast, tf.Exp, tf.Transpose];
    registerWasmKernels('tfjs');
    const theirs = replaced.map(kernelFunc);
    registerWasmKernels('simd', WITH_BINARY_OPS);
    const ours = replaced.map(kernelFunc);
    ours.forEach((k, i) => expect(k).not.toBe(theirs[i]));
    registerWasmKernels('simd', { spawnHelper: null });
    expect([tf.Add, tf.Sub, tf.Multiply, tf.RealDiv].map(kernelFunc)).toEqual(theirs.slice(0, 4));
    registerWasmKernels('tfjs');
    expect(replaced.map(kernelFunc)).toEqual(theirs);
    expect(tf.getKernel(ADAM_UPDATE_KERNEL, 'wasm')).toBeUndefined();
    registerWasmKernels('simd', WITH_BINARY_OPS);
  });
});

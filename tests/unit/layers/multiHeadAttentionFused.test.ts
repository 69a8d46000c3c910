/**
 * MultiHeadAttention runs the projections that read the same input as one matMul against concatenated kernels
 * (Q, K, V for self-attention; K, V on the memory for cross-attention). Its outputs and its gradients with
 * respect to the inputs and to every weight must equal a plain computation with separate projections, made
 * here from the layer's own weights. On wasm with the project's kernels, self-attention's core also runs as the
 * fused kernels (heads read straight out of the projection): the same comparison holds there, gradients through
 * the attention weights included.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerWasmKernels } from '../../../engine/backend/wasm/registerWasmKernels';
import { MultiHeadAttention } from '../../../engine/layers/multiHeadAttention';
import { SELF_ATTENTION_GRAD_KERNEL, SELF_ATTENTION_KERNEL } from '../../../engine/backend/kernelNames';
import { randomArray, randomTensor, relativeError } from './reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const WEIGHT_NAMES = ['query_kernel', 'key_kernel', 'value_kernel', 'output_kernel', 'query_bias', 'key_bias', 'value_bias', 'output_bias'] as const;
type WeightName = (typeof WEIGHT_NAMES)[number];

interface Case {
  heads: number;
  causal: boolean;
  crossAttention: boolean;
  keyPadding: boolean;
  useBias: boolean;
  /** The layer's weights output is for reading only (no gradient): the loss then reads the main output alone. */
  readingOnly?: boolean;
  /** query (B, T_q, d), memory (B, T_k, d_mem) or null, key ids (B, T_k) or null */
  inputs(): { query: tf.Tensor; memory: tf.Tensor | null; keyIds: tf.Tensor | null };
}

/** softmax(Q Kᵀ / √d_k + mask) V W^O + b^O with separate Q, K, V projections, per head by reshaping. */
function reference(c: Case, query: tf.Tensor, memory: tf.Tensor, keyIds: tf.Tensor | null, w: Partial<Record<WeightName, tf.Tensor>>): tf.Tensor[] {
  const [b, tq, d] = query.shape as number[];
  const tk = memory.shape[1] as number;
  const h = c.heads;
  const dk = d / h;
  const project = (x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | undefined) => {
    const [, t, dIn] = x.shape as number[];
    const y = tf.matMul(x.reshape([-1, dIn]) as tf.Tensor2D, kernel as tf.Tensor2D);
    return (bias ? tf.add(y, bias) : y).reshape([b, t, h, dk]).transpose([0, 2, 1, 3]); // (B, h, T, d_k)
  };
  const q = project(query, w.query_kernel!, w.query_bias);
  const k = project(memory, w.key_kernel!, w.key_bias);
  const v = project(memory, w.value_kernel!, w.value_bias);
  let scores = tf.mul(tf.matMul(q, k.transpose([0, 1, 3, 2])), 1 / Math.sqrt(dk)); // (B, h, T_q, T_k)
  if (c.causal) {
    // Query i is step i + (T_k − T_q) of the key sequence and sees keys up to it.
    const masked = Array.from({ length: tq }, (_, i) => Array.from({ length: tk }, (_, j) => (j > i + tk - tq ? -1e9 : 0)));
    scores = tf.add(scores, tf.tensor2d(masked));
  }
  if (keyIds) scores = tf.add(scores, tf.mul(tf.equal(keyIds, 0).toFloat(), -1e9).reshape([b, 1, 1, tk]));
  const weights = tf.softmax(scores);
  const context = tf.matMul(weights, v).transpose([0, 2, 1, 3]).reshape([b * tq, d]);
  let out = tf.matMul(context as tf.Tensor2D, w.output_kernel! as tf.Tensor2D);
  if (w.output_bias) out = tf.add(out, w.output_bias);
  return [out.reshape([b, tq, d]), weights];
}

/** Σ out ⊙ r + Σ weights ⊙ r′ for fixed random r, r′: every output element gets a distinct gradient. */
function loss(allOuts: tf.Tensor[], readingOnly = false): tf.Scalar {
  const outs = readingOnly ? allOuts.slice(0, 1) : allOuts;
  return tf.addN(outs.map((o, i) => tf.sum(tf.mul(o, tf.tensor(randomArray(o.shape, 500 + i), o.shape))))) as tf.Scalar;
}

function compare(c: Case): void {
  tf.tidy(() => {
    const { query, memory, keyIds } = c.inputs();
    const layer = new MultiHeadAttention({ heads: c.heads, causal: c.causal, crossAttention: c.crossAttention, keyPadding: c.keyPadding, useBias: c.useBias, returnAttentionWeights: true, weightsForReadingOnly: c.readingOnly, seed: 7 });
    const layerInputs = (q: tf.Tensor, m: tf.Tensor | null) => [q, ...(m ? [m] : []), ...(keyIds ? [keyIds] : [])];
    layer.apply(layerInputs(query, memory));
    // Random weights (the initialiser leaves biases at zero, which would hide a bias mix-up).
    layer.setWeights(layer.weights.map((v, i) => tf.tensor(randomArray(v.shape as number[], 300 + i), v.shape as number[])));
    const names = layer.trainableWeights.map((v) => v.name.split('/').pop()!.replace(/_\d+$/, '') as WeightName);
    expect(names).toEqual(WEIGHT_NAMES.filter((n) => c.useBias || !n.endsWith('_bias')));
    const vars = layer.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);

    // The layer: gradients with respect to its variables and its float inputs.
    const queryVar = tf.variable(query);
    const memoryVar = memory ? tf.variable(memory) : null;
    const { value: layerLoss, grads } = tf.variableGrads(() => {
      const outs = layer.apply(layerInputs(queryVar, memoryVar)) as tf.Tensor[];
      return loss(outs, c.readingOnly);
    }, [...vars, queryVar, ...(memoryVar ? [memoryVar] : [])]);
    const outs = layer.apply(layerInputs(query, memory)) as tf.Tensor[];

    // The reference, from the same weights, differentiated by tf.grads.
    const refF = (...args: tf.Tensor[]) => {
      const [q, m, ...ws] = args;
      const w = Object.fromEntries(names.map((n, i) => [n, ws[i]]));
      return loss(reference(c, q, c.crossAttention ? m : q, keyIds, w), c.readingOnly);
    };
    const refArgs = [query, memory ?? query, ...vars];
    const refOuts = reference(c, query, memory ?? query, keyIds, Object.fromEntries(names.map((n, i) => [n, vars[i]])));
    const { value: refLoss, grads: refGrads } = tf.valueAndGrads(refF)(refArgs);

    expect(relativeError(outs[0].arraySync(), refOuts[0].arraySync())).toBeLessThan(1e-5);
    expect(relativeError(outs[1].arraySync(), refOuts[1].arraySync())).toBeLessThan(1e-5);
    expect(Math.abs(layerLoss.dataSync()[0] - refLoss.dataSync()[0])).toBeLessThan(1e-4 * Math.abs(refLoss.dataSync()[0]) + 1e-6);

    const scaleOf = (t: tf.Tensor) => Math.sqrt(tf.sum(tf.square(t)).dataSync()[0]);
    const check = (label: string, actual: tf.Tensor, expected: tf.Tensor, floor = 0) => {
      expect(actual.shape, label).toEqual(expected.shape);
      const diff = scaleOf(tf.sub(actual, expected));
      expect(diff / Math.max(scaleOf(expected), floor), label).toBeLessThan(1e-5);
    };
    // With self-attention the query gradient is the sum of three paths (Q, K and V).
    check('d query', grads[queryVar.name], refGrads[0]);
    if (memoryVar) check('d memory', grads[memoryVar.name], refGrads[1]);
    names.forEach((n, i) => {
      // The key bias adds q·b^K to every score of a row, which softmax ignores: its gradient is 0 in exact math
      // and rounding noise in float32, so it is compared against the value bias gradient's size instead.
      const floor = n === 'key_bias' ? scaleOf(refGrads[2 + names.indexOf('value_bias')]) : 0;
      check(`d ${n}`, grads[vars[i].name], refGrads[2 + i], floor);
    });
    layer.dispose();
    tf.dispose([queryVar, ...(memoryVar ? [memoryVar] : [])]);
  });
}

const ids = () => tf.tensor2d([[3, 1, 0, 2, 5, 0], [1, 0, 2, 4, 0, 0]], [2, 6], 'int32');

describe('MultiHeadAttention with fused projections', () => {
  it('self-attention, causal, with biases: outputs and all gradients match separate projections', () => {
    compare({ heads: 3, causal: true, crossAttention: false, keyPadding: false, useBias: true, inputs: () => ({ query: randomTensor([2, 5, 12], 41), memory: null, keyIds: null }) });
  });

  it('self-attention without biases, with key padding', () => {
    compare({
      heads: 2, causal: false, crossAttention: false, keyPadding: true, useBias: false,
      inputs: () => ({ query: randomTensor([2, 6, 8], 42), memory: null, keyIds: ids() }),
    });
  });

  it('cross-attention with key padding and a memory of another width and length', () => {
    compare({
      heads: 2, causal: false, crossAttention: true, keyPadding: true, useBias: true,
      inputs: () => ({ query: randomTensor([2, 4, 8], 43), memory: randomTensor([2, 6, 6], 44), keyIds: ids() }),
    });
  });

  it('cross-attention, causal, without biases', () => {
    compare({
      heads: 4, causal: true, crossAttention: true, keyPadding: false, useBias: false,
      inputs: () => ({ query: randomTensor([2, 3, 8], 45), memory: randomTensor([2, 5, 10], 46), keyIds: null }),
    });
  });

  it('keeps the weight names, shapes and order, and leaks no tensors', () => {
    const layer = new MultiHeadAttention({ heads: 2, crossAttention: true, seed: 3 });
    const q = randomTensor([1, 3, 4], 1);
    const m = randomTensor([1, 5, 6], 2);
    layer.apply([q, m]);
    expect(layer.weights.map((w) => [w.name.split('/').pop()!.replace(/_\d+$/, ''), w.shape])).toEqual([
      ['query_kernel', [4, 4]], ['key_kernel', [6, 4]], ['value_kernel', [6, 4]], ['output_kernel', [4, 4]],
      ['query_bias', [4]], ['key_bias', [4]], ['value_bias', [4]], ['output_bias', [4]],
    ]);
    const vars = layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply([q, m]) as tf.Tensor) as tf.Scalar, vars);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q, m]);
    layer.dispose();
  });
});

describe('MultiHeadAttention on wasm, self-attention on the fused kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    registerWasmKernels('simd', { spawnHelper: null });
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('causal, with biases, an odd length: outputs, weights and all gradients match separate projections', () => {
    compare({ heads: 3, causal: true, crossAttention: false, keyPadding: false, useBias: true, inputs: () => ({ query: randomTensor([2, 7, 12], 51), memory: null, keyIds: null }) });
  });

  it('key padding and causal together, without biases, heads of odd width (d_k = 3)', () => {
    compare({
      heads: 4, causal: true, crossAttention: false, keyPadding: true, useBias: false,
      inputs: () => ({ query: randomTensor([2, 6, 12], 52), memory: null, keyIds: ids() }),
    });
  });

  it('a longer sequence with one head', () => {
    compare({ heads: 1, causal: false, crossAttention: false, keyPadding: false, useBias: true, inputs: () => ({ query: randomTensor([3, 19, 8], 53), memory: null, keyIds: null }) });
  });

  it('weights for reading only: the same outputs, weights and gradients of the main output', () => {
    compare({ heads: 3, causal: true, crossAttention: false, keyPadding: false, useBias: true, readingOnly: true, inputs: () => ({ query: randomTensor([2, 7, 12], 51), memory: null, keyIds: null }) });
    compare({
      heads: 4, causal: true, crossAttention: false, keyPadding: true, useBias: false, readingOnly: true,
      inputs: () => ({ query: randomTensor([2, 6, 12], 52), memory: null, keyIds: ids() }),
    });
  });

  /** Sizes of the tensors a training step builds from JavaScript values, with the weights differentiable or not. */
  function tensorsFromValues(readingOnly: boolean): number[] {
    const layer = new MultiHeadAttention({ heads: 2, causal: true, returnAttentionWeights: true, weightsForReadingOnly: readingOnly, seed: 5 });
    const x = randomTensor([2, 8, 8], 54);
    layer.apply(x);
    const vars = layer.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
    const before = tf.memory().numTensors;
    const spy = vi.spyOn(tf.engine(), 'makeTensor');
    try {
      const { value, grads } = tf.variableGrads(() => tf.sum((layer.apply(x, { training: true }) as tf.Tensor[])[0]) as tf.Scalar, vars);
      tf.dispose([value, ...Object.values(grads)]);
      return spy.mock.calls.map(([, shape]) => (shape as number[]).reduce((a, d) => a * d, 1));
    } finally {
      spy.mockRestore();
      expect(tf.memory().numTensors).toBe(before);
      layer.dispose();
      x.dispose();
    }
  }

  it('with weights for reading only, the backward pass builds no B·h·T² zero gradient for them', () => {
    const squares = 2 * 2 * 8 * 8;
    // Differentiable weights that the loss does not read get tfjs' zero gradient, built in JavaScript.
    expect(tensorsFromValues(false)).toContain(squares);
    expect(tensorsFromValues(true)).not.toContain(squares);
  });

  /** Names of the kernels one forward and backward pass of a causal self-attention layer runs. */
  async function kernelsOfAStep(dropout: number, training: boolean): Promise<string[]> {
    const layer = new MultiHeadAttention({ heads: 2, causal: true, dropout, seed: 5 });
    const x = randomTensor([2, 8, 8], 54);
    layer.apply(x);
    const vars = layer.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
    const before = tf.memory().numTensors;
    const info = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x, { training }) as tf.Tensor) as tf.Scalar, vars);
      tf.dispose([value, ...Object.values(grads)]);
    });
    expect(tf.memory().numTensors).toBe(before);
    layer.dispose();
    x.dispose();
    return info.kernels.map((k) => k.name);
  }

  it('runs one kernel each way and no transpose of heads, and leaks nothing', async () => {
    const names = await kernelsOfAStep(0, true);
    expect(names.filter((n) => n === SELF_ATTENTION_KERNEL)).toHaveLength(1);
    expect(names.filter((n) => n === SELF_ATTENTION_GRAD_KERNEL)).toHaveLength(1);
    // (The SplitVs left split the concatenated projection kernels' and biases' gradients into Q, K and V parts.)
    expect(names.filter((n) => n === 'SplitV')).toHaveLength(2);
    for (const composed of ['Transpose', 'Softmax', 'TensorloomMaskedSoftmax']) expect(names).not.toContain(composed);
  });

  it('with dropout on the weights while training, runs the composed ops (the kernels apply none)', async () => {
    expect(await kernelsOfAStep(0.1, true)).not.toContain(SELF_ATTENTION_KERNEL);
    expect(await kernelsOfAStep(0.1, false)).toContain(SELF_ATTENTION_KERNEL);
  });
});

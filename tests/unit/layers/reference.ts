/**
 * Float64 reference math on plain arrays, written from the papers' equations, for checking the custom
 * layers in engine/layers/. Nothing here touches tfjs except the conversions at the bottom.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '../../../engine/data/rng';

export type Matrix = number[][];

export function matmul(a: Matrix, b: Matrix): Matrix {
  const out: Matrix = a.map(() => new Array(b[0].length).fill(0));
  for (let i = 0; i < a.length; i++) {
    for (let k = 0; k < b.length; k++) {
      const aik = a[i][k];
      for (let j = 0; j < b[0].length; j++) out[i][j] += aik * b[k][j];
    }
  }
  return out;
}

export function transpose(a: Matrix): Matrix {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

export function addRow(a: Matrix, row: number[]): Matrix {
  return a.map((r) => r.map((v, j) => v + row[j]));
}

export function softmaxRows(a: Matrix): Matrix {
  return a.map((row) => {
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / sum);
  });
}

export function columns(a: Matrix, from: number, to: number): Matrix {
  return a.map((row) => row.slice(from, to));
}

export function concatColumns(parts: Matrix[]): Matrix {
  return parts[0].map((_, i) => parts.flatMap((p) => p[i]));
}

/**
 * softmax over each row's visible keys (masked[i][j] true = key j hidden from query i) and 0 for the hidden ones; a
 * row that sees no key gets all zeros (engine/layers/attentionMask.ts).
 */
export function maskedSoftmaxRows(scores: Matrix, masked?: boolean[][]): Matrix {
  return scores.map((row, i) => {
    const visible = row.map((_, j) => !masked?.[i][j]);
    if (!visible.includes(true)) return row.map(() => 0);
    const max = Math.max(...row.filter((_, j) => visible[j]));
    const e = row.map((v, j) => (visible[j] ? Math.exp(v - max) : 0));
    const sum = e.reduce((s, v) => s + v, 0);
    return e.map((v) => v / sum);
  });
}

/** The scores' gradient through softmax for weights w and their gradient dw, row by row: w ⊙ (dw − Σ_j dw_j w_j). */
export function softmaxRowsGrad(w: Matrix, dw: Matrix): Matrix {
  return w.map((row, i) => {
    const dot = row.reduce((s, v, j) => s + v * dw[i][j], 0);
    return row.map((v, j) => v * (dw[i][j] - dot));
  });
}

/** softmax(q kᵀ · scale + mask) v for one example; mask[i][j] true = key j hidden from query i. */
export function attend(q: Matrix, k: Matrix, v: Matrix, scale: number, mask?: boolean[][]): { context: Matrix; weights: Matrix } {
  const scores = matmul(q, transpose(k)).map((row) => row.map((s) => s * scale));
  const weights = maskedSoftmaxRows(scores, mask);
  return { context: matmul(weights, v), weights };
}

export function layerNormRows(x: Matrix, gamma: number[], beta: number[], eps: number): Matrix {
  return x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) * (v - mean), 0) / row.length;
    return row.map((v, j) => ((v - mean) / Math.sqrt(variance + eps)) * gamma[j] + beta[j]);
  });
}

export interface MhaWeights {
  query_kernel: Matrix;
  key_kernel: Matrix;
  value_kernel: Matrix;
  output_kernel: Matrix;
  query_bias: number[];
  key_bias: number[];
  value_bias: number[];
  output_bias: number[];
}

export function randomWeights(dModel: number, dMemory: number, seed: number): MhaWeights {
  return {
    query_kernel: randomMatrix(dModel, dModel, seed + 1),
    key_kernel: randomMatrix(dMemory, dModel, seed + 2),
    value_kernel: randomMatrix(dMemory, dModel, seed + 3),
    output_kernel: randomMatrix(dModel, dModel, seed + 4),
    query_bias: randomMatrix(1, dModel, seed + 5)[0],
    key_bias: randomMatrix(1, dModel, seed + 6)[0],
    value_bias: randomMatrix(1, dModel, seed + 7)[0],
    output_bias: randomMatrix(1, dModel, seed + 8)[0],
  };
}

/** concat_i softmax(Q_i K_iᵀ / √d_k + mask) V_i · W^O + b^O for one example, head by head, in float64. */
export function referenceMha(x: Matrix, memory: Matrix, w: MhaWeights, heads: number, mask?: boolean[][]): { out: Matrix; weights: Matrix[] } {
  const q = addRow(matmul(x, w.query_kernel), w.query_bias);
  const k = addRow(matmul(memory, w.key_kernel), w.key_bias);
  const v = addRow(matmul(memory, w.value_kernel), w.value_bias);
  const dk = q[0].length / heads;
  const contexts: Matrix[] = [];
  const weights: Matrix[] = [];
  for (let h = 0; h < heads; h++) {
    const head = attend(columns(q, h * dk, (h + 1) * dk), columns(k, h * dk, (h + 1) * dk), columns(v, h * dk, (h + 1) * dk), 1 / Math.sqrt(dk), mask);
    contexts.push(head.context);
    weights.push(head.weights);
  }
  return { out: addRow(matmul(concatColumns(contexts), w.output_kernel), w.output_bias), weights };
}

/** Uniform values in [-1, 1), rounded to float32 so tfjs and the reference start from identical numbers. */
export function randomArray(shape: number[], seed: number): number[] {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, () => Math.fround(rng.next() * 2 - 1));
}

export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const flat = randomArray([rows, cols], seed);
  return Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
}

export function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(randomArray(shape, seed), shape, 'float32');
}

/** ‖a − b‖ / ‖b‖ over any nesting of arrays. */
export function relativeError(actual: unknown, expected: unknown): number {
  const a = (actual as number[]).flat(Infinity as 1) as number[];
  const b = (expected as number[]).flat(Infinity as 1) as number[];
  if (a.length !== b.length) throw new Error(`sizes differ: ${a.length} vs ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) * (a[i] - b[i]);
    den += b[i] * b[i];
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
}

/** Sets a built layer's weights by name suffix (e.g. 'query_kernel'), leaving the order to the layer. */
export function setWeightsByName(layer: tf.layers.Layer, values: Record<string, number[] | Matrix>): void {
  const tensors = layer.weights.map((w) => {
    const key = Object.keys(values).find((k) => w.originalName.endsWith(`/${k}`) || w.name.endsWith(`/${k}`) || w.originalName === k);
    if (!key) throw new Error(`no value given for weight ${w.originalName}`);
    return tf.tensor(values[key] as number[], w.shape as number[], 'float32');
  });
  layer.setWeights(tensors);
  tf.dispose(tensors);
}

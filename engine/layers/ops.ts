/**
 * Small tensor helpers shared by the custom layers. They keep the graph lean on every backend: products on
 * 2-D views with the bias (and relu) fused in, no `tf.pow`, and masks added as one bias tensor rather than
 * `where` chains. (tfjs' own wasm matmul ran transpose flags ~10× slower than an explicit transpose,
 * FINDINGS.md; the project's kernel reads transposed operands by stride, so flags are fine there.)
 */
import * as tf from '@tensorflow/tfjs';
import { RELU_GRAD_KERNEL } from '../backend/kernelNames';
import { MASKED_SCORE } from './attentionMask';
import { resolveLookup, type LookupMode } from './lookup';
import { maskedSoftmax } from './maskedSoftmax';

export type { LookupMode } from './lookup';

/** Keyword arguments tfjs passes to `Layer.call` (`training` during fit or `apply(x, {training: true})`). */
export type Kwargs = Record<string, unknown>;

export function isTraining(kwargs: Kwargs | undefined): boolean {
  return kwargs?.training === true;
}

/** Inverted dropout while training, identity otherwise (and for rate 0, so inference graphs stay lean). */
export function dropoutWhenTraining<T extends tf.Tensor>(x: T, rate: number, kwargs: Kwargs | undefined): T {
  return rate > 0 && isTraining(kwargs) ? (tf.dropout(x, rate) as T) : x;
}

type SaveFn = (tensors: tf.Tensor[]) => void;
type CustomGradientFunc = Parameters<typeof tf.customGrad>[0];

/**
 * Σ over the rows of a matrix (rows, cols) → (cols), as ones(1, rows) · m. Bias and gain gradients are
 * such column sums; the wasm backend's Sum over a leading axis transposes first and ran ~40 ms for a
 * 2048×512 gradient, while this is one small GEMM on the fast matMul kernel.
 */
export function sumRows(m: tf.Tensor): tf.Tensor1D {
  const [rows, cols] = m.shape as number[];
  return tf.matMul(tf.ones([1, rows]), m as tf.Tensor2D).reshape([cols]);
}

/** Gradients of x·W + b for the pre-activation gradient dPre: dx = dPre·Wᵀ, dW = xᵀ·dPre, db a column sum. */
function affineGrads(x: tf.Tensor2D, w: tf.Tensor2D, dPre: tf.Tensor2D): tf.Tensor[] {
  return [tf.matMul(dPre, w, false, true), tf.matMul(x, dPre, true, false), sumRows(dPre)];
}

/**
 * x (rows, dIn) · W (dIn, dOut) + b (dOut) as one fused product: the wasm backend's kernel adds b as it stores each
 * tile of the result instead of a second pass over it (webgl and cpu fuse it too). Gradients are the plain
 * product's, dx = dy·Wᵀ and dW = xᵀ·dy, and db a column sum by matMul (see sumRows).
 */
const affine2d = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor, save: SaveFn) => {
  save([x, w]);
  return {
    value: tf.fused.matMul({ a: x, b: w, bias: b }),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as tf.Tensor2D[];
      return affineGrads(xs, ws, dy as tf.Tensor2D);
    },
  };
}) as unknown as CustomGradientFunc);

/** dy ⊙ step(y): one kernel where the backend registered RELU_GRAD_KERNEL (wasm), Step and Multiply elsewhere. */
function reluGradFromOutput(dy: tf.Tensor, y: tf.Tensor): tf.Tensor {
  if (dy.dtype === 'float32' && y.dtype === 'float32' && tf.getKernel(RELU_GRAD_KERNEL, tf.getBackend())) {
    return tf.engine().runKernel(RELU_GRAD_KERNEL, { dy, y }) as tf.Tensor;
  }
  return tf.mul(dy, tf.step(y));
}

/**
 * relu(x (rows, dIn) · W + b) as one fused product (the wasm kernel applies bias and relu as it stores each tile:
 * no separate Relu pass over the wide hidden layer). Gradients as affine2d's, through dpre = dy ⊙ step(y).
 */
const affineRelu2d = tf.customGrad(((x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor, save: SaveFn) => {
  // The kernel itself: tf.fused.matMul splits a non-linear activation back into separate ops whenever a gradient
  // is being recorded (training), because it cannot differentiate through it; this customGrad does. Kernels take
  // the op's 3-D view.
  const [rows, dIn] = x.shape;
  const attrs = { transposeA: false, transposeB: false, activation: 'relu' };
  const y3d = tf.engine().runKernel(tf._FusedMatMul, { a: x.reshape([1, rows, dIn]), b: w.reshape([1, ...w.shape]), bias: b }, attrs) as tf.Tensor;
  const y = y3d.reshape([rows, w.shape[1]]);
  save([x, w, y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws, ys] = saved as tf.Tensor2D[];
      const dPre = reluGradFromOutput(dy, ys) as tf.Tensor2D; // y > 0 exactly where the pre-activation is
      return affineGrads(xs, ws, dPre);
    },
  };
}) as unknown as CustomGradientFunc);

/** m (rows, d) ⊙ γ (d) + β (d), the affine part of layer normalisation, with column-sum gradients by matMul. */
const scaleShift2d = tf.customGrad(((m: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, save: SaveFn) => {
  save([m, gamma]);
  return {
    value: tf.add(tf.mul(m, gamma), beta),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [x, g] = saved;
      return [tf.mul(dy, g), sumRows(tf.mul(dy, x)), sumRows(dy)];
    },
  };
}) as unknown as CustomGradientFunc);

/** x (…, d) ⊙ γ + β over the last axis. */
export function scaleShift(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const d = x.shape[x.shape.length - 1] as number;
  return scaleShift2d(x.reshape([x.size / d, d]), gamma, beta).reshape(x.shape);
}

/**
 * x (B, …) + p (…): the same tensor added to every example (positional tables). The gradient of p is
 * a sum over the batch, done by matMul (see sumRows).
 */
export const addToEveryExample = tf.customGrad(((x: tf.Tensor, p: tf.Tensor, _save: SaveFn) => ({
  value: tf.add(x, p),
  gradFunc: (dy: tf.Tensor) => [dy.reshape(dy.shape), sumRows(dy.reshape([dy.shape[0], p.size])).reshape(p.shape)],
})) as unknown as CustomGradientFunc);

/**
 * x W (+ b) over the last axis of a tensor of any rank ≥ 2. The matMul runs on a 2-D view
 * (rows = every position of every example), which every backend executes as one plain GEMM.
 */
export function linear(x: tf.Tensor, kernel: tf.Tensor, bias?: tf.Tensor | null): tf.Tensor {
  const dIn = x.shape[x.shape.length - 1] as number;
  const dOut = kernel.shape[1] as number;
  const rows = x.size / dIn;
  const x2d = x.reshape([rows, dIn]);
  const y = bias ? affine2d(x2d, kernel, bias) : tf.matMul(x2d, kernel as tf.Tensor2D); // (rows, dOut)
  return y.reshape([...x.shape.slice(0, -1), dOut]);
}

/** relu(x W + b) over the last axis of a tensor of any rank ≥ 2, as one fused product (see linear). */
export function linearRelu(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const dIn = x.shape[x.shape.length - 1] as number;
  const dOut = kernel.shape[1] as number;
  const y = affineRelu2d(x.reshape([x.size / dIn, dIn]), kernel, bias); // (rows, dOut)
  return y.reshape([...x.shape.slice(0, -1), dOut]);
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/**
 * GELU with the tanh approximation (GPT-2, BERT): ½x(1 + tanh(c(x + a x³))), computed as the identical
 * x · σ(2c(x + a x³)) with a hand-written derivative. On wasm, Tanh ran 4.5× slower than Sigmoid, and
 * autodiff through the chain of products costs about a dozen full-size ops (each Multiply gradient
 * also copies its operand); the derivative below needs eight. x·x·x, never `tf.pow` (FINDINGS.md).
 */
const geluOp = tf.customGrad(((x: tf.Tensor, save: SaveFn) => {
  const x2 = tf.mul(x, x);
  const s = tf.sigmoid(tf.mul(x, tf.add(tf.mul(x2, 2 * GELU_C * GELU_A), 2 * GELU_C))); // σ(2u)
  save([x, x2, s]);
  return {
    value: tf.mul(x, s),
    // d/dx [x σ(z)] = σ + x σ(1 − σ) z′,  z′ = 2c(1 + 3a x²)
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, xx, sig] = saved;
      const dz = tf.add(tf.mul(xx, 6 * GELU_C * GELU_A), 2 * GELU_C);
      const slope = tf.mul(tf.mul(xs, tf.mul(sig, tf.sub(1, sig))), dz);
      return tf.mul(dy, tf.add(sig, slope));
    },
  };
}) as unknown as CustomGradientFunc);

export function gelu(x: tf.Tensor): tf.Tensor {
  return geluOp(x);
}

/**
 * Additive causal bias (1, 1, T_q, T_k): 0 where key j ≤ query i (+ the offset when the query is the
 * last T_q steps of a longer key sequence), MASKED_SCORE after it. Broadcasts over batch and heads.
 */
export function causalBias(tq: number, tk: number): tf.Tensor4D {
  const values = new Float32Array(tq * tk);
  const offset = tk - tq;
  for (let i = 0; i < tq; i++) {
    for (let j = i + offset + 1; j < tk; j++) values[i * tk + j] = MASKED_SCORE;
  }
  return tf.tensor4d(values, [1, 1, tq, tk]);
}

/** Additive key-padding bias (B, 1, 1, T_k): MASKED_SCORE where the key token is [PAD] (id 0). */
export function paddingBias(keyTokens: tf.Tensor): tf.Tensor4D {
  const [b, tk] = keyTokens.shape;
  const isPad = tf.equal(keyTokens, 0).toFloat(); // (B, T_k)
  return tf.mul(isPad, MASKED_SCORE).reshape([b, 1, 1, tk]) as tf.Tensor4D;
}

/** Sum of optional bias tensors (broadcasting); null when there is none. */
export function sumBiases(...biases: (tf.Tensor | null)[]): tf.Tensor | null {
  const present = biases.filter((b): b is tf.Tensor => b !== null);
  if (!present.length) return null;
  return present.reduce((acc, b) => tf.add(acc, b));
}

/**
 * softmax(scores + bias) on the last axis, and weights · values. Works on any batch rank: scores
 * (..., T_q, T_k), values (..., T_k, d_v) → context (..., T_q, d_v). A query whose every key is masked gets zero
 * weights and a zero context (see attentionMask.ts). The softmax is one fused kernel each way where the backend
 * has them (see maskedSoftmax; there the mask gets no gradient).
 */
export function attendWithScores(
  scores: tf.Tensor,
  values: tf.Tensor,
  bias: tf.Tensor | null,
  dropoutRate: number,
  kwargs: Kwargs | undefined,
): { context: tf.Tensor; weights: tf.Tensor } {
  const weights = maskedSoftmax(scores, bias); // (..., T_q, T_k)
  const dropped = dropoutWhenTraining(weights, dropoutRate, kwargs);
  const context = tf.matMul(dropped, values); // (..., T_q, d_v)
  return { context, weights };
}

/** A 2-D view of a rank-3 lookup: (B, T) ids → (B, T, d) rows of `table`, by gather or one-hot × matMul. */
export function lookupRows(ids: tf.Tensor, table: tf.Tensor, useOneHot: boolean): tf.Tensor {
  const intIds = ids.dtype === 'int32' ? ids : tf.cast(ids, 'int32');
  const [rows, width] = table.shape;
  if (useOneHot) {
    const flat = intIds.reshape([-1]); // (B·T)
    // int32 then a cast: tfjs-wasm's OneHot writes int32 bits whatever dtype it is asked for.
    const oneHot = tf.oneHot(flat as tf.Tensor1D, rows).toFloat(); // (B·T, V)
    return tf.matMul(oneHot, table as tf.Tensor2D).reshape([...intIds.shape, width]); // (B, T, d)
  }
  return tf.gather(table, intIds); // (B, T, d)
}

/**
 * Whether a lookup of a table with `rows` rows runs as one-hot × matMul on the active backend (see lookup.ts). 'auto'
 * also takes one-hot where the backend has no UnsortedSegmentSum, gather's gradient: tfjs-backend-wasm without the
 * project's kernels (engine/backend/init.ts registers it) could run a gather but not train through it.
 */
export function useOneHotLookup(mode: LookupMode, rows: number): boolean {
  const backend = tf.getBackend();
  if (mode === 'auto' && !tf.getKernel('UnsortedSegmentSum', backend)) return true;
  return resolveLookup(mode, backend, rows) === 'onehot';
}

/** The time axis of the sinusoidal table: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(same). */
export function sinusoidalTable(length: number, width: number): Float32Array {
  const table = new Float32Array(length * width);
  for (let p = 0; p < length; p++) {
    for (let k = 0; k < width; k++) {
      const pair = k - (k % 2);
      const angle = p / Math.pow(10000, pair / width);
      table[p * width + k] = k % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}

/** Throws a tfjs-style ValueError-like Error with the layer's name, for constructor and shape checks. */
export function layerCheck(ok: boolean, layer: string, message: string): void {
  if (!ok) throw new Error(`${layer}: ${message}`);
}

const layerCounts = new Map<string, number>();

/**
 * Fills in a default layer name. tfjs derives one from `className`, but ours carry the 'Tensorloom>'
 * prefix, and '>' is not allowed in weight names.
 */
export function withDefaultName<A extends { name?: string }>(args: A, base: string): A {
  if (args.name) return args;
  const n = (layerCounts.get(base) ?? 0) + 1;
  layerCounts.set(base, n);
  return { ...args, name: `${base}_${n}` };
}

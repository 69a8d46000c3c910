import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { planBiasRows } from '../../layers/biasRows';
import { SELF_ATTENTION_GRAD_KERNEL, SELF_ATTENTION_KERNEL } from '../kernelNames';
import type { ElementwiseKernels } from './elementwiseModule';
import type { StridedOperand, StridedProduct, Triangle, WasmMatmul } from './matmulModule';
import { heapMemoryOf, scratchOnHeap } from './simdBatchMatMul';
import { maskedSoftmaxOnHeap, type MaskedSoftmaxRunner } from './softmaxKernels';
import { defineWasmKernel } from './defineWasmKernel';
import type { WasmBackendInternals } from './wasmBackendInternals';

/** One self-attention call: sizes from qkv (B, T, 3·d) and the attributes (head count, causal). */
interface Sizes {
  b: number;
  t: number;
  d: number;
  heads: number;
  dk: number;
  /** Query t sees keys 0..t only: the work above the diagonal is skipped, its weights are 0. */
  causal: boolean;
}

/** The kernels' attributes (see SELF_ATTENTION_KERNEL). */
interface SelfAttentionAttrs {
  heads: number;
  causal?: boolean;
}

function sizesOf(kernel: string, qkv: TensorInfo, { heads, causal }: SelfAttentionAttrs): Sizes {
  const [b, t, width] = qkv.shape;
  if (qkv.dtype !== 'float32' || qkv.shape.length !== 3 || width % 3 !== 0 || !(heads >= 1) || (width / 3) % heads !== 0) {
    throw new Error(`${kernel} takes float32 qkv of shape (B, T, 3·d) with d a multiple of heads; got [${qkv.shape}] ${qkv.dtype}, ${heads} heads.`);
  }
  return { b, t, d: width / 3, heads, dk: width / 3 / heads, causal: causal === true };
}

/** Q, K or V (part 0, 1, 2) of qkv as a T x d_k matrix per head (head h of example e is batch item e·heads + h), or its transpose. */
function projectionPart(s: Sizes, at: number, part: number, transposed: boolean): StridedOperand {
  const rowStride = 3 * s.d;
  return {
    at: at + 4 * part * s.d,
    batchStride: s.t * rowStride,
    innerStride: s.dk,
    ...(transposed ? { rowStride: 1, colStride: rowStride } : { rowStride, colStride: 1 }),
  };
}

/** A (B, T, d) tensor with heads side by side as a T x d_k matrix per head. */
function sideBySide(s: Sizes, at: number): StridedOperand {
  return { at, batchStride: s.t * s.d, innerStride: s.dk, rowStride: s.d, colStride: 1 };
}

/** (B, heads, T, T) weights or scores as a T x T matrix per head, or its transpose. */
function perHead(s: Sizes, at: number, transposed = false): StridedOperand {
  const square = s.t * s.t;
  return { at, batchStride: s.heads * square, innerStride: square, ...(transposed ? { rowStride: 1, colStride: s.t } : { rowStride: s.t, colStride: 1 }) };
}

function product(
  s: Sizes, m: number, k: number, n: number, a: StridedOperand, b: StridedOperand, c: StridedOperand, triangle?: Triangle,
): StridedProduct {
  return { batch: s.b * s.heads, batchInner: s.heads, m, k, n, a, b, c, ...(s.causal && triangle ? { triangle } : {}) };
}

/** The project's kernels a self-attention call runs on, where it has them: the matmul and the elementwise module. */
export interface SelfAttentionKernels {
  matmul: WasmMatmul;
  elementwise: ElementwiseKernels;
}

/** What one call computes with: strided products, the masked softmax both ways, and an in-place add. */
interface Runner {
  product(p: StridedProduct): void;
  softmax: MaskedSoftmaxRunner;
  addInto(target: number, addend: number, n: number): void;
}

/**
 * C = A·B for a strided product in JavaScript on the heap (float64 sums, rounded once): where the SIMD kernels
 * cannot reach the heap. Also the reference the tests hold the SIMD path to.
 */
export function stridedProductInJs(heap: ArrayBuffer, p: StridedProduct): void {
  const f = new Float32Array(heap);
  for (let i = 0; i < p.batch; i++) {
    const outer = Math.floor(i / p.batchInner);
    const inner = i % p.batchInner;
    const a = p.a.at / 4 + outer * p.a.batchStride + inner * p.a.innerStride;
    const b = p.b.at / 4 + outer * p.b.batchStride + inner * p.b.innerStride;
    const c = p.c.at / 4 + outer * p.c.batchStride + inner * p.c.innerStride;
    for (let r = 0; r < p.m; r++) {
      for (let col = 0; col < p.n; col++) {
        let sum = 0;
        for (let q = 0; q < p.k; q++) sum += f[a + r * p.a.rowStride + q * p.a.colStride] * f[b + q * p.b.rowStride + col * p.b.colStride];
        f[c + r * p.c.rowStride + col] = sum;
      }
    }
  }
}

/**
 * The runner for one call on `backend`, scratch for the products (the larger of T x d_k x T and T x T x d_k) allocated
 * on the heap first: the SIMD kernels where they reach the heap, else the same arithmetic in JavaScript.
 */
function runnerFor(backend: WasmBackendInternals, kernels: SelfAttentionKernels | null, s: Sizes, anyTensor: TensorInfo): Runner {
  const memory = heapMemoryOf(backend);
  if (kernels && memory && kernels.matmul.canRunOn(memory)) {
    const { matmul, elementwise } = kernels;
    const bytes = Math.max(matmul.stridedScratchBytes(s.t, s.dk, s.t, memory), matmul.stridedScratchBytes(s.t, s.t, s.dk, memory));
    const scratch = scratchOnHeap(backend, bytes);
    return {
      product: (p) => matmul.runStridedOnHeap(p, memory, scratch),
      softmax: elementwise.maskedSoftmax,
      addInto: (target, addend, n) => elementwise.sameShape('add', target, addend, target, n),
    };
  }
  const heap = () => backend.typedArrayFromHeap(anyTensor).buffer as ArrayBuffer;
  return {
    product: (p) => stridedProductInJs(heap(), p),
    softmax: maskedSoftmaxOnHeap(heap()),
    addInto: (target, addend, n) => {
      const f = new Float32Array(heap());
      for (let i = 0; i < n; i++) f[target / 4 + i] += f[addend / 4 + i];
    },
  };
}

/**
 * The wasm backend's fused self-attention forward (see SELF_ATTENTION_KERNEL): scores into the weights' buffer,
 * the masked softmax there in place, then the weighted sums of V written into the context, heads side by side.
 * Outputs and scratch are allocated before any offset is read (allocation can grow the heap).
 */
export function makeWasmSelfAttention(kernelsFor: (backend: object) => SelfAttentionKernels | null): KernelFunc {
  return defineWasmKernel<{ qkv: TensorInfo; bias?: TensorInfo }, SelfAttentionAttrs>(({ inputs: { qkv, bias }, attrs, backend }) => {
    const s = sizesOf(SELF_ATTENTION_KERNEL, qkv, attrs);
    const weightsShape = [s.b, s.heads, s.t, s.t];
    const plan = bias ? planBiasRows(weightsShape, bias.shape) : { dims: [1, 1, s.b * s.heads * s.t] as [number, number, number], strides: [0, 0, 0] as [number, number, number] };
    if (!plan || (bias && bias.dtype !== 'float32')) throw new Error(`${SELF_ATTENTION_KERNEL} cannot add a mask of shape [${bias!.shape}] to scores [${weightsShape}].`);
    const context = backend.makeOutput([s.b, s.t, s.d], 'float32');
    const weights = backend.makeOutput(weightsShape, 'float32');
    if (s.b * s.t * s.d === 0) return [context, weights];
    const run = runnerFor(backend, kernelsFor(backend), s, qkv);
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    const q = at(qkv);
    const w = at(weights);
    // scores = Q_h K_hᵀ into the weights' buffer, then softmax(scores + bias) in place.
    run.product(product(s, s.t, s.dk, s.t, projectionPart(s, q, 0, false), projectionPart(s, q, 1, true), perHead(s, w), 'lower result'));
    run.softmax.forward({ x: w, bias: bias ? at(bias) : null, y: w, plan, n: s.t, causal: s.causal });
    // context_h = weights_h V_h, each head into its d_k columns of (B, T, d).
    run.product(product(s, s.t, s.t, s.dk, perHead(s, w), projectionPart(s, q, 2, false), sideBySide(s, at(context)), 'lower a'));
    return [context, weights];
  });
}

/**
 * The gradient (see SELF_ATTENTION_GRAD_KERNEL): dP = dC_h V_hᵀ (+ dWeights) in a temporary buffer, the softmax
 * gradient there in place, then dQ = dS K, dK = dSᵀ Q and dV = Pᵀ dC written into their thirds of dqkv.
 */
export function makeWasmSelfAttentionGrad(kernelsFor: (backend: object) => SelfAttentionKernels | null): KernelFunc {
  type GradInputs = { qkv: TensorInfo; weights: TensorInfo; dContext: TensorInfo; dWeights?: TensorInfo };
  return defineWasmKernel<GradInputs, SelfAttentionAttrs>(({ inputs: { qkv, weights, dContext, dWeights }, attrs, backend }) => {
    const s = sizesOf(SELF_ATTENTION_GRAD_KERNEL, qkv, attrs);
    const squares = s.b * s.heads * s.t * s.t;
    const sizeOf = (t: TensorInfo) => t.shape.reduce((a, d) => a * d, 1);
    if (sizeOf(weights) !== squares || sizeOf(dContext) !== s.b * s.t * s.d || (dWeights && sizeOf(dWeights) !== squares)) {
      throw new Error(`${SELF_ATTENTION_GRAD_KERNEL}: weights [${weights.shape}] or dContext [${dContext.shape}] do not match qkv [${qkv.shape}].`);
    }
    const dqkv = backend.makeOutput([...qkv.shape], 'float32');
    if (squares === 0) return dqkv;
    const dScores = backend.makeOutput([s.b, s.heads, s.t, s.t], 'float32');
    try {
      const run = runnerFor(backend, kernelsFor(backend), s, qkv);
      const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
      const q = at(qkv);
      const dq = at(dqkv);
      const p = at(weights);
      const dc = at(dContext);
      const ds = at(dScores);
      const multiply = (m: number, k: number, n: number, a: StridedOperand, b: StridedOperand, c: StridedOperand, triangle: Triangle) =>
        run.product(product(s, m, k, n, a, b, c, triangle));
      multiply(s.t, s.dk, s.t, sideBySide(s, dc), projectionPart(s, q, 2, true), perHead(s, ds), 'lower result'); // dP = dC V_hᵀ
      if (dWeights) run.addInto(ds, at(dWeights), squares);
      run.softmax.backward({ y: p, dy: ds, dx: ds, rows: s.b * s.heads * s.t, n: s.t, causal: s.causal });
      multiply(s.t, s.t, s.dk, perHead(s, ds), projectionPart(s, q, 1, false), projectionPart(s, dq, 0, false), 'lower a'); // dQ = dS K
      multiply(s.t, s.t, s.dk, perHead(s, ds, true), projectionPart(s, q, 0, false), projectionPart(s, dq, 1, false), 'upper a'); // dK = dSᵀ Q
      multiply(s.t, s.t, s.dk, perHead(s, p, true), sideBySide(s, dc), projectionPart(s, dq, 2, false), 'upper a'); // dV = Pᵀ dC
    } finally {
      backend.disposeData(dScores.dataId);
    }
    return dqkv;
  });
}

import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import {
  ADAM_UPDATE_KERNEL,
  CUSTOM_KERNELS,
  GLOBAL_NORM_KERNEL,
  LAYER_NORM_GRAD_KERNEL,
  LAYER_NORM_KERNEL,
  MASKED_SOFTMAX_GRAD_KERNEL,
  MASKED_SOFTMAX_KERNEL,
  RECURRENT_GRAD_KERNEL,
  RECURRENT_KERNEL,
  RELU_GRAD_KERNEL,
  SELF_ATTENTION_GRAD_KERNEL,
  SELF_ATTENTION_KERNEL,
  SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL,
  SOFTMAX_CROSS_ENTROPY_KERNEL,
  SUPPLIED_TFJS_KERNELS,
  type CustomKernelName,
} from '../kernelNames';
import { makeWasmAdamUpdate } from './adamUpdate';
import { makeSharedCast } from './elementwiseCast';
import { makeSimdBinary, makeSimdExp, makeSimdTranspose } from './elementwiseKernels';
import { elementwiseKernelsFor, elementwiseWasmModule, type BinaryOp } from './elementwiseModule';
import { makeWasmGlobalNorm } from './globalNormKernel';
import { makeHeapGather } from './heapGather';
import { makeHeapSlice, makeHeapSplitV, makeHeapUnpack } from './heapSlice';
import { makeWasmLayerNorm, makeWasmLayerNormGrad } from './layerNormKernels';
import { browserWorkerSpawner, type WorkerSpawner } from './matmulHelper';
import { WasmMatmul } from './matmulModule';
import { makeWasmRecurrent, makeWasmRecurrentGrad, recurrentKernelsRunOn } from './recurrentKernels';
import { makeWasmReluGrad } from './reluGradKernel';
import { makeWasmSelfAttention, makeWasmSelfAttentionGrad } from './selfAttentionKernels';
import { makeSharedIdentity } from './sharedIdentity';
import { makeFusedMatMul, makeSimdBatchMatMul } from './simdBatchMatMul';
import { makeWasmSoftmaxCrossEntropy, makeWasmSoftmaxCrossEntropyGrad } from './softmaxCrossEntropyKernels';
import { makeWasmMaskedSoftmax, makeWasmMaskedSoftmaxGrad } from './softmaxKernels';
import { makeTransposingBatchMatMul } from './transposingBatchMatMul';
import { makeWasmUnsortedSegmentSum } from './unsortedSegmentSumKernel';

/**
 * Which kernels the wasm backend runs. Every mode but `tfjs` also shares buffers in Identity (and in Cast to
 * the same dtype) instead of copying, slices, splits and row gathers without first copying the whole input out of the heap,
 * registers the project's own kernels (engine/backend/kernelNames.ts; self-attention's only with `simd`) and,
 * where WebAssembly SIMD is available, runs Exp and block Transposes on the project's elementwise module (float32
 * Add/Sub/Multiply/RealDiv too with `simdBinaryOps`).
 * BatchMatMul:
 * - `simd`: the project's packed SIMD kernel (falls back to `transposing` where it cannot run), which also
 *   runs _FusedMatMul with a bias and no activation (see makeFusedMatMul);
 * - `transposing`: tfjs' kernel, with transpose flags replaced by explicit Transpose kernels;
 * - `tfjs`: tfjs' kernel untouched (for comparison).
 */
export type WasmMatmulMode = 'simd' | 'transposing' | 'tfjs';

/** tfjs' binary kernels the SIMD elementwise module replaces, with the module's operation for each. */
const BINARY_KERNELS: Array<[kernelName: string, op: BinaryOp]> = [
  [tf.Add, 'add'],
  [tf.Sub, 'sub'],
  [tf.Multiply, 'mul'],
  [tf.RealDiv, 'div'],
];

/** The kernels tfjs-backend-wasm registered itself, kept so they can be wrapped and restored. */
const originals = new Map<string, KernelConfig>();
let simdKernel: WasmMatmul | null | undefined;

function original(kernelName: string): KernelConfig {
  let config = originals.get(kernelName);
  if (!config) {
    config = tf.getKernel(kernelName, 'wasm');
    if (!config) throw new Error(`tfjs-backend-wasm has no ${kernelName} kernel.`);
    originals.set(kernelName, config);
  }
  return config;
}

function replace(config: KernelConfig): void {
  if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
  tf.registerKernel(config);
}

/** Removes a kernel of the project's own (one tfjs never had), so callers fall back to tf ops. */
function remove(kernelName: string): void {
  if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
}

export interface WasmKernelOptions {
  /**
   * How to start the matmul's helper thread. Default: a Web Worker where the code runs in a cross-origin
   * isolated worker, none elsewhere (Node callers may pass a worker_threads spawner). Null: no helper.
   */
  spawnHelper?: WorkerSpawner | null;
  /**
   * Run float32 Add/Sub/Multiply/RealDiv on the project's SIMD module too (default: off). Measured on the
   * gpt-mini step they gain nothing over tfjs-wasm's own (XNNPACK) kernels: large operands are bound by memory
   * bandwidth either way, small ones by per-call overhead, and scalar/column broadcasts ran up to ~15% slower.
   * Kept, tested against tfjs, for engines or shapes where that changes.
   */
  simdBinaryOps?: boolean;
  /**
   * tfjs' heap, when engine/backend/init.ts had it made shared (see sharedHeap.ts): the matmul's helper then works
   * on the tensors in place.
   */
  heapMemory?: WebAssembly.Memory | null;
}

/** How the matmul's helper thread will be started with these options, or null for none. */
export function helperSpawnerFor(options: WasmKernelOptions): WorkerSpawner | null {
  return options.spawnHelper === undefined ? browserWorkerSpawner() : options.spawnHelper;
}

function createKernel(options: WasmKernelOptions): WasmMatmul | null {
  return WasmMatmul.create({ spawnHelper: helperSpawnerFor(options) ?? undefined, heapMemory: options.heapMemory });
}

/**
 * Registers the project's kernels on the wasm backend. Idempotent; calling again with another mode swaps the
 * kernels (the SIMD kernel and its helper thread are created once, on first use of `simd`). Returns the mode
 * in effect (`simd` degrades to `transposing` where WebAssembly SIMD is missing).
 */
export function registerWasmKernels(mode: WasmMatmulMode = 'simd', options: WasmKernelOptions = {}): WasmMatmulMode {
  const batchMatMul = original(tf.BatchMatMul);
  const fusedMatMul = original(tf._FusedMatMul);
  const identity = original(tf.Identity);
  for (const [name, kernelFunc] of Object.entries(suppliedKernels())) replace({ kernelName: name, backendName: 'wasm', kernelFunc });
  if (mode === 'tfjs') {
    replace(batchMatMul);
    replace(fusedMatMul);
    replace(identity);
    replace(original(tf.Cast));
    replace(original(tf.Exp));
    replace(original(tf.Transpose));
    replace(original(tf.Slice));
    replace(original(tf.SplitV));
    replace(original(tf.Unpack));
    replace(original(tf.GatherV2));
    for (const [name] of BINARY_KERNELS) replace(original(name));
    for (const name of CUSTOM_KERNELS) remove(name);
    return mode;
  }
  replace({ ...identity, kernelFunc: makeSharedIdentity(identity.kernelFunc) });
  const cast = original(tf.Cast);
  replace({ ...cast, kernelFunc: makeSharedCast(cast.kernelFunc) });
  const slice = original(tf.Slice);
  replace({ ...slice, kernelFunc: makeHeapSlice(slice.kernelFunc) });
  const splitV = original(tf.SplitV);
  replace({ ...splitV, kernelFunc: makeHeapSplitV(splitV.kernelFunc) });
  const unpack = original(tf.Unpack);
  replace({ ...unpack, kernelFunc: makeHeapUnpack(unpack.kernelFunc) });
  const gather = original(tf.GatherV2);
  replace({ ...gather, kernelFunc: makeHeapGather(gather.kernelFunc) });
  // Without SIMD tfjs' kernels stay; where the module cannot reach a backend's heap, each call falls back
  // to them.
  const simdElementwise = elementwiseWasmModule() !== null;
  for (const [name, op] of BINARY_KERNELS) {
    const config = original(name);
    replace(simdElementwise && options.simdBinaryOps ? { ...config, kernelFunc: makeSimdBinary(op, config.kernelFunc) } : config);
  }
  const exp = original(tf.Exp);
  replace(simdElementwise ? { ...exp, kernelFunc: makeSimdExp(exp.kernelFunc) } : exp);
  const transpose = original(tf.Transpose);
  replace(simdElementwise ? { ...transpose, kernelFunc: makeSimdTranspose(transpose.kernelFunc) } : transpose);
  const transposing = makeTransposingBatchMatMul(batchMatMul.kernelFunc);
  if (mode === 'simd' && simdKernel === undefined) simdKernel = createKernel(options);
  const matmul = mode === 'simd' ? (simdKernel ?? null) : null;
  if (matmul) {
    const simdBatchMatMul = makeSimdBatchMatMul(matmul, transposing);
    replace({ ...batchMatMul, kernelFunc: simdBatchMatMul });
    replace({ ...fusedMatMul, kernelFunc: makeFusedMatMul(matmul, simdBatchMatMul, fusedMatMul.kernelFunc) });
  } else {
    replace({ ...fusedMatMul, kernelFunc: makeFusedMatMul(null, transposing, fusedMatMul.kernelFunc) });
    replace({ ...batchMatMul, kernelFunc: transposing });
  }
  for (const [name, kernelFunc] of Object.entries(projectKernels(matmul, simdElementwise)) as Array<[CustomKernelName, KernelFunc | null]>) {
    if (kernelFunc) replace({ kernelName: name, backendName: 'wasm', kernelFunc });
    else remove(name);
  }
  return matmul ? 'simd' : 'transposing';
}

/** The tfjs kernels tfjs-backend-wasm lacks (SUPPLIED_TFJS_KERNELS), one entry per name. */
function suppliedKernels(): Record<(typeof SUPPLIED_TFJS_KERNELS)[number], KernelFunc> {
  return { UnsortedSegmentSum: makeWasmUnsortedSegmentSum() };
}

/**
 * The project's kernels (engine/backend/kernelNames.ts) on wasm, one entry per name, or null for one that cannot
 * run here (it is then unregistered, and its op composes tfjs kernels). Each falls back to JavaScript on the heap
 * where the SIMD module cannot reach it; self-attention needs the packed matmul and the SIMD module.
 */
function projectKernels(matmul: WasmMatmul | null, simdElementwise: boolean): Record<CustomKernelName, KernelFunc | null> {
  const elementwise = (backend: object) => elementwiseKernelsFor(backend);
  const attentionKernels = (backend: object) => {
    const kernels = elementwise(backend);
    return kernels && matmul ? { matmul, elementwise: kernels } : null;
  };
  const softmaxRunner = (backend: object) => elementwise(backend)?.maskedSoftmax ?? null;
  const layerNormRunner = (backend: object) => elementwise(backend)?.layerNorm ?? null;
  const crossEntropyRunner = (backend: object) => elementwise(backend)?.softmaxCrossEntropy ?? null;
  const withAttention = matmul !== null && simdElementwise;
  // Registered only where the loops reach the wasm backend's heap, so recurrent layers compose tfjs ops elsewhere.
  const withRecurrent = recurrentKernelsRunOn(tf.findBackend('wasm') ?? null);
  return {
    [ADAM_UPDATE_KERNEL]: makeWasmAdamUpdate((backend) => elementwise(backend)?.adamUpdate ?? null),
    [GLOBAL_NORM_KERNEL]: makeWasmGlobalNorm((backend) => elementwise(backend)?.sumOfSquares ?? null),
    [RELU_GRAD_KERNEL]: makeWasmReluGrad((backend) => elementwise(backend)?.reluGrad ?? null),
    [LAYER_NORM_KERNEL]: makeWasmLayerNorm(layerNormRunner),
    [LAYER_NORM_GRAD_KERNEL]: makeWasmLayerNormGrad(layerNormRunner),
    [MASKED_SOFTMAX_KERNEL]: makeWasmMaskedSoftmax(softmaxRunner),
    [MASKED_SOFTMAX_GRAD_KERNEL]: makeWasmMaskedSoftmaxGrad(softmaxRunner),
    [SOFTMAX_CROSS_ENTROPY_KERNEL]: makeWasmSoftmaxCrossEntropy(crossEntropyRunner),
    [SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL]: makeWasmSoftmaxCrossEntropyGrad(crossEntropyRunner),
    [SELF_ATTENTION_KERNEL]: withAttention ? makeWasmSelfAttention(attentionKernels) : null,
    [SELF_ATTENTION_GRAD_KERNEL]: withAttention ? makeWasmSelfAttentionGrad(attentionKernels) : null,
    [RECURRENT_KERNEL]: withRecurrent ? makeWasmRecurrent() : null,
    [RECURRENT_GRAD_KERNEL]: withRecurrent ? makeWasmRecurrentGrad() : null,
  };
}

/**
 * What the wasm matmul runs on here, e.g. 'relaxed-simd, 2 threads, shared heap'; null before `simd` was
 * registered. "shared heap": tfjs' heap is shared and the helper computes there in place.
 */
export function wasmMatmulDescription(): string | null {
  if (!simdKernel) return null;
  const threads = `${simdKernel.threads} thread${simdKernel.threads > 1 ? 's' : ''}`;
  return `${simdKernel.variant}, ${threads}${simdKernel.sharesAnyHeap ? ', shared heap' : ''}`;
}

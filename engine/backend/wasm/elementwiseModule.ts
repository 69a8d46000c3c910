import type { AdamUpdateAttrs, AdamUpdateOperands, AdamUpdateRunner } from './adamUpdate';
import type { SumOfSquaresRunner } from './globalNormKernel';
import type { ReluGradRunner } from './reluGradKernel';
import { elementwiseSimdSharedHeapWasmBase64, elementwiseSimdWasmBase64 } from './generated/elementwiseWasm';
import type { LayerNormRunner } from './layerNormKernels';
import type { MaskedSoftmaxRunner } from './softmaxKernels';
import type { SoftmaxCrossEntropyRunner } from './softmaxCrossEntropyKernels';

/** Operation codes of engine/backend/wasm/elementwise.as. */
export const BINARY_OPS = { add: 0, sub: 1, mul: 2, div: 3 } as const;
export type BinaryOp = keyof typeof BINARY_OPS;

interface ElementwiseExports {
  binarySameShape(op: number, a: number, b: number, out: number, n: number): void;
  binaryRowBroadcast(op: number, rowFirst: number, full: number, row: number, out: number, rows: number, cols: number): void;
  binaryColumnBroadcast(op: number, columnFirst: number, full: number, column: number, out: number, rows: number, cols: number): void;
  exp(x: number, out: number, n: number): void;
  transposeBlocks(src: number, dst: number, d0: number, d1: number, d2: number, s0: number, s1: number, s2: number, block: number): void;
  layerNormForward(x: number, gamma: number, beta: number, y: number, mean: number, rstd: number, rows: number, d: number, epsilon: number): void;
  layerNormBackward(
    x: number, dy: number, gamma: number, mean: number, rstd: number, dx: number, dgamma: number, dbeta: number, rows: number, d: number,
  ): void;
  maskedSoftmaxForward(
    x: number, bias: number, hasBias: number, y: number, d0: number, d1: number, d2: number, s0: number, s1: number, s2: number, n: number, causal: number,
  ): void;
  maskedSoftmaxBackward(y: number, dy: number, dx: number, rows: number, n: number, causal: number): void;
  softmaxCrossEntropyForward(logits: number, ids: number, loss: number, rows: number, n: number, smoothing: number): void;
  softmaxCrossEntropyBackward(logits: number, ids: number, dy: number, dlogits: number, rows: number, n: number, smoothing: number): void;
  sumOfSquares(x: number, n: number): number;
  reluGrad(dy: number, y: number, out: number, n: number): void;
  adamUpdate(
    x: number, g: number, m: number, v: number, outX: number, outM: number, outV: number, n: number, gradientScale: number,
    beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number,
    biasCorrection1: number, biasCorrection2: number, epsilon: number, negLearningRate: number,
  ): void;
}

/** The parts of tfjs-backend-wasm's Emscripten module that locate its heap. */
interface EmscriptenModule {
  HEAPU8?: Uint8Array;
  wasmMemory?: unknown;
  asm?: Record<string, unknown>;
}

let compiled: WebAssembly.Module | null | undefined;
let compiledShared: WebAssembly.Module | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function compileIfValid(base64: string): WebAssembly.Module | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = decodeBase64(base64);
  try {
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/** The compiled kernels, or null where this engine has no WebAssembly SIMD. */
export function elementwiseWasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileIfValid(elementwiseSimdWasmBase64);
  return compiled;
}

/** The build for a shared heap (see sharedHeap.ts), or null where this engine has no SIMD or no threads. */
function elementwiseSharedHeapModule(): WebAssembly.Module | null {
  if (compiledShared === undefined) compiledShared = compileIfValid(elementwiseSimdSharedHeapWasmBase64);
  return compiledShared;
}

/**
 * tfjs-backend-wasm's WebAssembly.Memory: the non-threaded Emscripten builds export it from the instance
 * (`asm.memory`, under another name in minified builds), threaded ones keep it as `wasmMemory`. Only a memory
 * whose buffer is the one tfjs' heap views use is accepted, so the kernels address the tensors tfjs addresses.
 */
export function findHeapMemory(backend: unknown): WebAssembly.Memory | null {
  const wasm = (backend as { wasm?: EmscriptenModule } | null)?.wasm;
  const heap = wasm?.HEAPU8?.buffer;
  if (!wasm || !heap) return null;
  const candidates = [wasm.wasmMemory, wasm.asm?.memory, ...Object.values(wasm.asm ?? {})];
  for (const c of candidates) if (c instanceof WebAssembly.Memory && c.buffer === heap) return c;
  return null;
}

/** The elementwise kernels instantiated on one backend's heap. */
export class ElementwiseKernels {
  private constructor(private readonly exports: ElementwiseExports) {}

  /**
   * Instantiates the kernels on `memory` (the build for shared memories when it is one); null where SIMD is
   * missing or the memory cannot be imported.
   */
  static on(memory: WebAssembly.Memory): ElementwiseKernels | null {
    const module = memory.buffer instanceof ArrayBuffer ? elementwiseWasmModule() : elementwiseSharedHeapModule();
    if (!module) return null;
    try {
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      return new ElementwiseKernels(instance.exports as unknown as ElementwiseExports);
    } catch {
      return null;
    }
  }

  sameShape(op: BinaryOp, a: number, b: number, out: number, n: number): void {
    this.exports.binarySameShape(BINARY_OPS[op], a, b, out, n);
  }

  rowBroadcast(op: BinaryOp, rowFirst: boolean, full: number, row: number, out: number, rows: number, cols: number): void {
    this.exports.binaryRowBroadcast(BINARY_OPS[op], rowFirst ? 1 : 0, full, row, out, rows, cols);
  }

  columnBroadcast(op: BinaryOp, columnFirst: boolean, full: number, column: number, out: number, rows: number, cols: number): void {
    this.exports.binaryColumnBroadcast(BINARY_OPS[op], columnFirst ? 1 : 0, full, column, out, rows, cols);
  }

  exp(x: number, out: number, n: number): void {
    this.exports.exp(x, out, n);
  }

  /** See TransposePlan in elementwiseKernels.ts. */
  transposeBlocks(src: number, dst: number, dims: number[], strides: number[], block: number): void {
    this.exports.transposeBlocks(src, dst, dims[0], dims[1], dims[2], strides[0], strides[1], strides[2], block);
  }

  readonly layerNorm: LayerNormRunner = {
    forward: (o) => this.exports.layerNormForward(o.x, o.gamma, o.beta, o.y, o.mean, o.rstd, o.rows, o.d, o.epsilon),
    backward: (o) => this.exports.layerNormBackward(o.x, o.dy, o.gamma, o.mean, o.rstd, o.dx, o.dgamma, o.dbeta, o.rows, o.d),
  };

  readonly maskedSoftmax: MaskedSoftmaxRunner = {
    forward: (o) => {
      const [d0, d1, d2] = o.plan.dims;
      const [s0, s1, s2] = o.plan.strides;
      this.exports.maskedSoftmaxForward(o.x, o.bias ?? 0, o.bias === null ? 0 : 1, o.y, d0, d1, d2, s0, s1, s2, o.n, o.causal ? 1 : 0);
    },
    backward: (o) => this.exports.maskedSoftmaxBackward(o.y, o.dy, o.dx, o.rows, o.n, o.causal ? 1 : 0),
  };

  readonly softmaxCrossEntropy: SoftmaxCrossEntropyRunner = {
    forward: (o) => this.exports.softmaxCrossEntropyForward(o.logits, o.ids, o.loss, o.rows, o.n, o.smoothing),
    backward: (o) => this.exports.softmaxCrossEntropyBackward(o.logits, o.ids, o.dy, o.dlogits, o.rows, o.n, o.smoothing),
  };

  /** dy ⊙ step(y) over `n` float32 values (byte offsets), as tfjs' Step then Multiply compute it. */
  readonly reluGrad: ReluGradRunner = (dy, y, out, n) => this.exports.reluGrad(dy, y, out, n);

  /** Σ x² over `n` float32 values at byte offset `x`, in float64. */
  readonly sumOfSquares: SumOfSquaresRunner = (x, n) => this.exports.sumOfSquares(x, n);

  readonly adamUpdate: AdamUpdateRunner = (o: AdamUpdateOperands, a: AdamUpdateAttrs) => {
    this.exports.adamUpdate(
      o.variable, o.gradient, o.firstMoment, o.secondMoment, o.newVariable, o.newFirstMoment, o.newSecondMoment, o.size,
      a.gradientScale, a.beta1, a.beta2, a.oneMinusBeta1, a.oneMinusBeta2, a.biasCorrection1, a.biasCorrection2, a.epsilon, a.negLearningRate,
    );
  };
}

const kernelsByBackend = new WeakMap<object, ElementwiseKernels | null>();

/**
 * The kernels for a backend instance, created on first use; null where they cannot run there. Keyed by the
 * backend, so a re-created backend (new heap) gets its own instance.
 */
export function elementwiseKernelsFor(backend: object): ElementwiseKernels | null {
  let kernels = kernelsByBackend.get(backend);
  if (kernels === undefined) {
    const memory = findHeapMemory(backend);
    kernels = memory ? ElementwiseKernels.on(memory) : null;
    kernelsByBackend.set(backend, kernels);
  }
  return kernels;
}

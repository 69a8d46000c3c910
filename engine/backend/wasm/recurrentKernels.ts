import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { RECURRENT_GRAD_KERNEL, RECURRENT_KERNEL, type RecurrentKernelAttrs } from '../kernelNames';
import { defineWasmKernel } from './defineWasmKernel';
import { findHeapMemory } from './elementwiseModule';
import {
  recurrentRelaxedSimdSharedHeapWasmBase64,
  recurrentRelaxedSimdWasmBase64,
  recurrentSimdSharedHeapWasmBase64,
  recurrentSimdWasmBase64,
} from './generated/recurrentWasm';
import type { WasmBackendInternals } from './wasmBackendInternals';

/**
 * The wasm backend's fused recurrent layer (engine/backend/wasm/recurrent.as): the whole loop over time in one call
 * each way. Layouts, with B batch, T steps, u units, dirs directions, G = k·u (k gate blocks: simple 1, LSTM 4,
 * GRU 3), S = dirs·u:
 * - projection (B, T, dirs·G): x W + b for every step, direction d's G columns at d·G (one matMul of the layer);
 * - recurrentKernel (dirs, u, G); recurrentBias (dirs, G), the GRU's b′ only; h0, c0 (B, S); keep (B, T);
 * - states (B, T, S) or, for the LSTM, (B, T, 2S): per row the hidden states (forward half, backward half), then the
 *   cell states, each the state carried out of that step (a [PAD] step carries the one before);
 * - saved (dirs, T, B, n·u), the activations the backward pass reads (n: LSTM 5, GRU 4, simple 1).
 */

interface RecurrentExports {
  recurrentForward(
    cell: number, dirs: number, batch: number, steps: number, units: number,
    xp: number, w: number, rb: number, h0: number, c0: number, keep: number, states: number, saved: number, scratch: number,
  ): void;
  recurrentBackward(
    cell: number, dirs: number, batch: number, steps: number, units: number,
    w: number, h0: number, c0: number, keep: number, states: number, saved: number, dstates: number,
    dxp: number, dhp: number, hprev: number, dh0: number, dc0: number, scratch: number,
  ): void;
}

const CELL_CODES: Record<RecurrentKernelAttrs['cell'], number> = { simple: 0, lstm: 1, gru: 2 };
const GATE_BLOCKS: Record<RecurrentKernelAttrs['cell'], number> = { simple: 1, lstm: 4, gru: 3 };
const SAVED_BLOCKS: Record<RecurrentKernelAttrs['cell'], number> = { simple: 1, lstm: 5, gru: 4 };

let compiled: WebAssembly.Module | null | undefined;
let compiledShared: WebAssembly.Module | null | undefined;

function compileIfValid(base64: string): WebAssembly.Module | null {
  if (typeof WebAssembly !== 'object') return null;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}

/**
 * The compiled loops, the relaxed-SIMD build where this engine validates it, else plain SIMD; null where it has no
 * WebAssembly SIMD (the layers then compose tfjs ops).
 */
export function recurrentWasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = compileIfValid(recurrentRelaxedSimdWasmBase64) ?? compileIfValid(recurrentSimdWasmBase64);
  return compiled;
}

function sharedHeapModule(): WebAssembly.Module | null {
  if (compiledShared === undefined) {
    compiledShared = compileIfValid(recurrentRelaxedSimdSharedHeapWasmBase64) ?? compileIfValid(recurrentSimdSharedHeapWasmBase64);
  }
  return compiledShared;
}

const instances = new WeakMap<object, RecurrentExports | null>();

/** The loops instantiated on one backend's heap, created on first use; null where they cannot run there. */
function recurrentExportsFor(backend: object): RecurrentExports | null {
  let exports = instances.get(backend);
  if (exports === undefined) {
    exports = null;
    const memory = findHeapMemory(backend);
    const module = memory ? (memory.buffer instanceof ArrayBuffer ? recurrentWasmModule() : sharedHeapModule()) : null;
    if (memory && module) {
      try {
        exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as RecurrentExports;
      } catch {
        exports = null;
      }
    }
    instances.set(backend, exports);
  }
  return exports;
}

/**
 * Whether the loops can run on this wasm backend instance (its heap found and the module instantiated there); true
 * for a backend not created yet, which is checked again on first use.
 */
export function recurrentKernelsRunOn(backend: object | null): boolean {
  return recurrentWasmModule() !== null && (backend === null || recurrentExportsFor(backend) !== null);
}

function exportsOrThrow(backend: object, kernel: string): RecurrentExports {
  const exports = recurrentExportsFor(backend);
  if (!exports) {
    throw new Error(
      `E_RECURRENT_KERNEL: ${kernel} cannot reach tfjs-backend-wasm's heap in this build. ` +
        'Register the wasm kernels in tfjs mode (registerWasmKernels("tfjs")) so recurrent layers run op by op.',
    );
  }
  return exports;
}

function checkFloat32(kernel: string, tensors: Array<TensorInfo | undefined>): void {
  for (const t of tensors) if (t && t.dtype !== 'float32') throw new Error(`E_RECURRENT_KERNEL: ${kernel} takes float32 operands, not ${t.dtype}.`);
}

interface Sizes {
  cell: number;
  dirs: number;
  batch: number;
  steps: number;
  units: number;
  gates: number;
  stateWidth: number;
  savedWidth: number;
}

function sizesOf(projection: { shape: number[] }, attrs: RecurrentKernelAttrs): Sizes {
  const [batch, steps] = projection.shape;
  const { units, directions: dirs, cell } = attrs;
  const stateWidth = (cell === 'lstm' ? 2 : 1) * dirs * units;
  return { cell: CELL_CODES[cell], dirs, batch, steps, units, gates: GATE_BLOCKS[cell] * units, stateWidth, savedWidth: SAVED_BLOCKS[cell] * units };
}

/** Scratch as a tensor of the backend's own, released before the kernel returns. */
function withScratch<T>(backend: WasmBackendInternals, floats: number, body: (scratch: TensorInfo) => T): T {
  const scratch = backend.makeOutput([Math.max(floats, 1)], 'float32');
  try {
    return body(scratch);
  } finally {
    backend.disposeData(scratch.dataId);
  }
}

type ForwardInputs = Record<'projection' | 'recurrentKernel', TensorInfo> & Partial<Record<'recurrentBias' | 'h0' | 'c0' | 'keep', TensorInfo>>;
type BackwardInputs = Record<'recurrentKernel' | 'states' | 'saved' | 'dStates', TensorInfo> & Partial<Record<'h0' | 'c0' | 'keep', TensorInfo>>;

/** Forward: outputs [states, saved]. Outputs and scratch are allocated before any offset is read (allocation can grow the heap). */
export function makeWasmRecurrent(): KernelFunc {
  return defineWasmKernel<ForwardInputs, RecurrentKernelAttrs>(({ inputs, attrs, backend }) => {
    const { projection, recurrentKernel, recurrentBias, h0, c0, keep } = inputs;
    checkFloat32(RECURRENT_KERNEL, [projection, recurrentKernel, recurrentBias, h0, c0, keep]);
    const exports = exportsOrThrow(backend, RECURRENT_KERNEL);
    const z = sizesOf(projection, attrs);
    const states = backend.makeOutput([z.batch, z.steps, z.stateWidth], 'float32');
    const saved = backend.makeOutput([z.dirs, z.steps, z.batch, z.savedWidth], 'float32');
    if (z.batch * z.steps * z.units === 0) return [states, saved];
    withScratch(backend, z.batch * z.gates, (scratch) => {
      const at = (t: TensorInfo | undefined) => (t ? backend.typedArrayFromHeap(t).byteOffset : 0);
      exports.recurrentForward(
        z.cell, z.dirs, z.batch, z.steps, z.units,
        at(projection), at(recurrentKernel), at(recurrentBias), at(h0), at(c0), at(keep), at(states), at(saved), at(scratch),
      );
    });
    return [states, saved];
  });
}

/** Backward: outputs [dProjection, dRecurrentProduct, previousHidden, dh0] and, for the LSTM, dc0. */
export function makeWasmRecurrentGrad(): KernelFunc {
  return defineWasmKernel<BackwardInputs, RecurrentKernelAttrs>(({ inputs, attrs, backend }) => {
    const { recurrentKernel, h0, c0, keep, states, saved, dStates } = inputs;
    checkFloat32(RECURRENT_GRAD_KERNEL, [recurrentKernel, h0, c0, keep, states, saved, dStates]);
    const exports = exportsOrThrow(backend, RECURRENT_GRAD_KERNEL);
    const z = sizesOf(states, attrs);
    const s = z.dirs * z.units;
    const outputs = [
      backend.makeOutput([z.batch, z.steps, z.dirs * z.gates], 'float32'),
      backend.makeOutput([z.dirs, z.steps * z.batch, z.gates], 'float32'),
      backend.makeOutput([z.dirs, z.steps * z.batch, z.units], 'float32'),
      backend.makeOutput([z.batch, s], 'float32'),
      ...(attrs.cell === 'lstm' ? [backend.makeOutput([z.batch, s], 'float32')] : []),
    ];
    if (z.batch * z.steps * z.units === 0) {
      for (const t of outputs) (backend.typedArrayFromHeap(t) as Float32Array).fill(0);
      return outputs;
    }
    withScratch(backend, z.gates * z.units + 2 * z.batch * z.units, (scratch) => {
      const at = (t: TensorInfo | undefined) => (t ? backend.typedArrayFromHeap(t).byteOffset : 0);
      const [dProjection, dProduct, previous, dh0, dc0] = outputs;
      exports.recurrentBackward(
        z.cell, z.dirs, z.batch, z.steps, z.units,
        at(recurrentKernel), at(h0), at(c0), at(keep), at(states), at(saved), at(dStates),
        at(dProjection), at(dProduct), at(previous), at(dh0), at(dc0), at(scratch),
      );
    });
    return outputs;
  });
}

import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackendInternals } from './wasmBackendInternals';

/** What tfjs hands a kernel function. */
export type KernelArgs = Parameters<KernelFunc>[0];

/** One call of a kernel: its inputs and attributes as the kernel declares them, the backend, and tfjs' own arguments. */
export interface WasmKernelCall<Inputs, Attrs> {
  inputs: Inputs;
  attrs: Attrs;
  backend: WasmBackendInternals;
  /** The arguments as tfjs passed them, for handing the call on unchanged (to tfjs' own kernel as a fallback). */
  args: KernelArgs;
}

/**
 * A kernel function for the wasm backend whose body sees typed inputs, attributes and backend. tfjs types them
 * loosely (NamedTensorInfoMap, NamedAttrMap, KernelBackend) because one registry serves every kernel; each kernel
 * here is registered under one name whose inputs and attributes it knows, and this is the one place that reading
 * is asserted. tfjs-backend-wasm does not export its backend class, so it is seen through WasmBackendInternals.
 */
export function defineWasmKernel<Inputs extends object, Attrs extends object = Record<string, never>>(
  body: (call: WasmKernelCall<Inputs, Attrs>) => TensorInfo | TensorInfo[],
): KernelFunc {
  return (args) =>
    body({
      inputs: args.inputs as unknown as Inputs,
      attrs: (args.attrs ?? {}) as unknown as Attrs,
      backend: args.backend as unknown as WasmBackendInternals,
      args,
    });
}

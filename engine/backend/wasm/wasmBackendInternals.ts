import type { DataId, TensorInfo } from '@tensorflow/tfjs';

/**
 * The parts of tfjs-backend-wasm's BackendWasm that kernels registered from outside the package use. The
 * package does not export the class from its main entry, so kernels see the backend through this shape.
 */
export interface WasmBackendInternals {
  makeOutput(shape: number[], dtype: 'float32' | 'int32' | 'bool'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId): boolean;
  /** One more reference to a buffer (a kernel that returns its input's buffer instead of a copy). */
  incRef(dataId: DataId): void;
}

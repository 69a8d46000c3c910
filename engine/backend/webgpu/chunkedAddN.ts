import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

/** The parts of a backend the chunked AddN uses: freeing a partial sum's data. */
interface DisposingBackend {
  disposeData(dataId: object): boolean;
}

/**
 * AddN that hands `kernel` at most `maxInputs(backend)` inputs at a time: partial sums of consecutive groups, then
 * their sum, the same way down until one call takes them all. Partial sums are freed as soon as they are added.
 */
export function makeChunkedAddN(kernel: KernelFunc, maxInputs: (backend: object) => number): KernelFunc {
  const addN: KernelFunc = (args) => {
    const inputs = args.inputs as unknown as TensorInfo[];
    const limit = Math.max(2, maxInputs(args.backend));
    if (inputs.length <= limit) return kernel(args);
    const partials: TensorInfo[] = [];
    for (let i = 0; i < inputs.length; i += limit) {
      const group = inputs.slice(i, i + limit);
      partials.push(group.length === 1 ? group[0] : (kernel({ ...args, inputs: group as unknown as tf.NamedTensorInfoMap }) as TensorInfo));
    }
    const sum = addN({ ...args, inputs: partials as unknown as tf.NamedTensorInfoMap }) as TensorInfo;
    const backend = args.backend as unknown as DisposingBackend;
    for (const p of partials) if (!inputs.includes(p)) backend.disposeData(p.dataId);
    return sum;
  };
  return addN;
}

/**
 * tfjs-webgpu (4.22) binds every AddN input to one shader. Past the device's storage-buffer limit per shader stage
 * (8 by default, one of them the output) the pipeline is invalid and the command fails without an error, which also
 * throws out the rest of that submission (e.g. a global gradient norm over a model's 36 gradients read 0, and the
 * step's loss came back stale). Registers an AddN for webgpu that adds at most the limit's worth at a time.
 */
export function registerChunkedWebgpuAddN(): void {
  const original = tf.getKernel(tf.AddN, 'webgpu');
  if (!original || (original as { chunked?: boolean }).chunked) return;
  const maxInputs = (backend: object) => {
    const limit = (backend as { device?: { limits?: { maxStorageBuffersPerShaderStage?: number } } }).device?.limits?.maxStorageBuffersPerShaderStage;
    return (limit ?? 8) - 1;
  };
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel({ ...original, kernelFunc: makeChunkedAddN(original.kernelFunc, maxInputs), chunked: true } as tf.KernelConfig);
}

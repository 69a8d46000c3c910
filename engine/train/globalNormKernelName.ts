/**
 * Name of the kernel a backend may register to compute the global gradient norm √(Σ‖g‖²) of any number of float32
 * inputs in one call (the wasm backend does: engine/backend/wasm/globalNormKernel.ts). Where it is registered,
 * engine/train/clip.ts uses it; elsewhere it composes Square, Sum, AddN and Sqrt.
 */
export const GLOBAL_NORM_KERNEL = 'TensorloomGlobalNorm';

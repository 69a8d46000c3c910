/**
 * Names of the fused layer-normalisation kernels a backend may register (the wasm backend does, in
 * engine/backend/wasm/layerNormKernels.ts). Where they are registered, engine/layers/layerNorm.ts runs one
 * kernel forward and one backward instead of about 25 small ones; elsewhere it composes plain ops.
 */
export const LAYER_NORM_KERNEL = 'TensorloomLayerNorm';
export const LAYER_NORM_GRAD_KERNEL = 'TensorloomLayerNormGrad';

export interface LayerNormAttrs {
  epsilon: number;
}

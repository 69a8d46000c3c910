// V8 flags for Node processes that train on the wasm backend. Node 20 ships relaxed SIMD (the fused
// multiply-add the project's matmul uses, ≈ 20 % faster there) behind a flag that later versions enable by
// default and may drop; the flag is passed only where this Node still accepts it.
const RELAXED_SIMD = '--experimental-wasm-relaxed-simd';

export const NODE_WASM_FLAGS = process.allowedNodeEnvironmentFlags.has(RELAXED_SIMD) ? [RELAXED_SIMD] : [];

// V8 flags for Node processes that train on the wasm backend. Node 20 ships relaxed SIMD (the fused
// multiply-add the project's matmul uses, ≈ 20 % faster there) behind a flag that later versions enable by
// default and may drop. V8 flags are not in process.allowedNodeEnvironmentFlags, so whether this Node still
// accepts the flag is asked of Node itself (a bad option makes it exit non-zero).
import { spawnSync } from 'node:child_process';

const RELAXED_SIMD = '--experimental-wasm-relaxed-simd';
const accepted = spawnSync(process.execPath, [RELAXED_SIMD, '-e', ''], { stdio: 'ignore' }).status === 0;

export const NODE_WASM_FLAGS = accepted ? [RELAXED_SIMD] : [];

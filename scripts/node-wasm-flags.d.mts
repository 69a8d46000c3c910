export declare const NODE_WASM_FLAGS: string[];

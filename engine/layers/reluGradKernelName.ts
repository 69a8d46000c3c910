/**
 * Name of the kernel a backend may register for the gradient through relu from its output, dy ⊙ step(y), in one
 * pass instead of a Step and a Multiply over the layer's whole hidden activation (the wasm backend does:
 * engine/backend/wasm/reluGradKernel.ts). Inputs `dy` and `y` (float32, one size); output the same shape as dy.
 * engine/layers/ops.ts uses it where registered and composes the two ops elsewhere.
 */
export const RELU_GRAD_KERNEL = 'TensorloomReluGrad';

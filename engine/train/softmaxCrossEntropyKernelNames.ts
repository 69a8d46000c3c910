/**
 * Names of the fused softmax cross-entropy kernels a backend may register (the wasm backend does, in
 * engine/backend/wasm/softmaxCrossEntropyKernels.ts). Where they are registered, engine/train/softmaxCrossEntropy.ts
 * computes each row's loss in one kernel forward and one backward instead of logSoftmax, the one-hot product and
 * their dozen gradient kernels over the logits; elsewhere it composes plain ops.
 *
 * Forward: inputs `logits` (rows, n) float32 and `ids` (rows) int32; attribute `smoothing` (label smoothing ε);
 * output the rows' losses −Σ_v q_v log softmax(logits)_v with q = (1 − ε)·one_hot(id) + ε/n.
 * Backward: inputs `logits`, `ids` and `dy` (rows); same attribute; output dlogits = dy·(Σq·softmax(logits) − q).
 * An id outside [0, n) has no one-hot part (tf.oneHot gives it none).
 */
export const SOFTMAX_CROSS_ENTROPY_KERNEL = 'TensorloomSoftmaxCrossEntropy';
export const SOFTMAX_CROSS_ENTROPY_GRAD_KERNEL = 'TensorloomSoftmaxCrossEntropyGrad';

/**
 * Tensorloom's custom tfjs layers. Importing this module registers every class with
 * `tf.serialization`, so saved models that use them load with `tf.models.modelFromJSON` / `loadLayersModel`.
 */
export { TokenEmbedding, type TokenEmbeddingArgs } from './tokenEmbedding';
export { PositionalEncoding, type PositionalEncodingArgs, type PositionEncodingKind } from './positionalEncoding';
export { SegmentEmbedding, type SegmentEmbeddingArgs } from './segmentEmbedding';
export { MultiHeadAttention, type MultiHeadAttentionArgs } from './multiHeadAttention';
export { ScaledDotProductAttention, type ScaledDotProductAttentionArgs } from './scaledDotProductAttention';
export { Attention, type AttentionArgs, type AttentionScore } from './attention';
export { LayerNorm, normalizeLastAxis, type LayerNormArgs } from './layerNorm';
export { AddNorm, type AddNormArgs, type NormPlacement } from './addNorm';
export { FeedForward, type FeedForwardArgs, type FeedForwardActivation } from './feedForward';
export { Pooling, type PoolingArgs, type PoolingMode } from './pooling';
export { Recurrent, RecurrentInspector, type RecurrentArgs, type RecurrentCell } from './recurrent';
export type { LookupMode } from './ops';

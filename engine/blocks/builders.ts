/** The tfjs half of the registry: one builder per kind in specs.ts (the Record type makes a missing one a compile error). */
import type { BlockBuilder } from './buildTypes';
import type { BlockKind } from './specs';
import { buildTokenInput } from './tokenInput/build';
import { buildTarget } from './target/build';
import { buildDense } from './dense/build';
import { buildEmbedding } from './embedding/build';
import { buildPositionalEncoding } from './positionalEncoding/build';
import { buildSegmentEmbedding } from './segmentEmbedding/build';
import { buildAttention } from './attention/build';
import { buildScaledDotProductAttention } from './scaledDotProductAttention/build';
import { buildMultiHeadAttention } from './multiHeadAttention/build';
import { buildAddNorm } from './addNorm/build';
import { buildLayerNorm } from './layerNorm/build';
import { buildFeedForward } from './feedForward/build';
import { buildDropout } from './dropout/build';
import { buildConcat } from './concat/build';
import { buildPooling } from './pooling/build';
import { buildSimpleRnn } from './simpleRnn/build';
import { buildLstm } from './lstm/build';
import { buildGru } from './gru/build';
import { buildLmHead } from './lmHead/build';
import { buildMaskedLmHead } from './maskedLmHead/build';
import { buildSeq2seqHead } from './seq2seqHead/build';
import { buildClassifierHead } from './classifierHead/build';

export const builders: Record<BlockKind, BlockBuilder> = {
  tokenInput: buildTokenInput,
  target: buildTarget,
  dense: buildDense,
  embedding: buildEmbedding,
  positionalEncoding: buildPositionalEncoding,
  segmentEmbedding: buildSegmentEmbedding,
  attention: buildAttention,
  scaledDotProductAttention: buildScaledDotProductAttention,
  multiHeadAttention: buildMultiHeadAttention,
  addNorm: buildAddNorm,
  layerNorm: buildLayerNorm,
  feedForward: buildFeedForward,
  dropout: buildDropout,
  concat: buildConcat,
  pooling: buildPooling,
  simpleRnn: buildSimpleRnn,
  lstm: buildLstm,
  gru: buildGru,
  lmHead: buildLmHead,
  maskedLmHead: buildMaskedLmHead,
  seq2seqHead: buildSeq2seqHead,
  classifierHead: buildClassifierHead,
};

/**
 * The one registry of block specs. The palette, inspector, validation, compiler, docs and exporters all
 * read this object; a kind exists exactly when it is listed here (and in builders.ts, which the type
 * checker enforces). This file imports no tfjs, so the UI thread can load it cheaply.
 */
import type { BlockSpec } from './types';
import { tokenInputSpec } from './tokenInput/spec';
import { targetSpec } from './target/spec';
import { denseSpec } from './dense/spec';
import { embeddingSpec } from './embedding/spec';
import { positionalEncodingSpec } from './positionalEncoding/spec';
import { segmentEmbeddingSpec } from './segmentEmbedding/spec';
import { attentionSpec } from './attention/spec';
import { scaledDotProductAttentionSpec } from './scaledDotProductAttention/spec';
import { multiHeadAttentionSpec } from './multiHeadAttention/spec';
import { addNormSpec } from './addNorm/spec';
import { layerNormSpec } from './layerNorm/spec';
import { feedForwardSpec } from './feedForward/spec';
import { dropoutSpec } from './dropout/spec';
import { concatSpec } from './concat/spec';
import { poolingSpec } from './pooling/spec';
import { simpleRnnSpec } from './simpleRnn/spec';
import { lstmSpec } from './lstm/spec';
import { gruSpec } from './gru/spec';
import { lmHeadSpec } from './lmHead/spec';
import { maskedLmHeadSpec } from './maskedLmHead/spec';
import { seq2seqHeadSpec } from './seq2seqHead/spec';
import { classifierHeadSpec } from './classifierHead/spec';

export const specs = {
  tokenInput: tokenInputSpec,
  target: targetSpec,
  dense: denseSpec,
  embedding: embeddingSpec,
  positionalEncoding: positionalEncodingSpec,
  segmentEmbedding: segmentEmbeddingSpec,
  attention: attentionSpec,
  scaledDotProductAttention: scaledDotProductAttentionSpec,
  multiHeadAttention: multiHeadAttentionSpec,
  addNorm: addNormSpec,
  layerNorm: layerNormSpec,
  feedForward: feedForwardSpec,
  dropout: dropoutSpec,
  concat: concatSpec,
  pooling: poolingSpec,
  simpleRnn: simpleRnnSpec,
  lstm: lstmSpec,
  gru: gruSpec,
  lmHead: lmHeadSpec,
  maskedLmHead: maskedLmHeadSpec,
  seq2seqHead: seq2seqHeadSpec,
  classifierHead: classifierHeadSpec,
} satisfies Record<string, BlockSpec>;

export type BlockKind = keyof typeof specs;

export const BLOCK_KINDS = Object.keys(specs) as BlockKind[];

export function isBlockKind(kind: string): kind is BlockKind {
  return Object.prototype.hasOwnProperty.call(specs, kind);
}

export function specOf(kind: string): BlockSpec | undefined {
  return isBlockKind(kind) ? specs[kind] : undefined;
}

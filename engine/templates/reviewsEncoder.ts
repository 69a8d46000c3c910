import { encoderLayer } from './blocks';
import { DATASET_SIZES } from './datasetSizes';
import type { DocBuilder, PortRef } from './docBuilder';

/**
 * The encoder that `bert-reviews` pre-trains and `sentiment-finetune` fine-tunes. Both templates lay it
 * down through this one function, so every block that holds weights has the same node id, parameters and
 * shapes in both graphs, and trained weights carry over from one to the other by node id. The vocabulary
 * is the `sentiment` dataset's, which `reviews-mlm` shares id for id.
 */

export const REVIEWS_LENGTH = 32;
const D_MODEL = 64;
const HEADS = 4;
const FFN_HIDDEN = 128;

/** Node ids of the shared encoder, in data-flow order (the encoder block is a group repeated twice). */
export const REVIEWS_ENCODER_NODE_IDS = ['embed', 'pos', 'enc_attn', 'enc_norm1', 'enc_ffn', 'enc_norm2'] as const;
export const REVIEWS_ENCODER_GROUP = 'encoder';

export function reviewsEncoder(b: DocBuilder, tokensLabel: string): { tokens: PortRef; out: PortRef; column: number } {
  const V = DATASET_SIZES.sentiment.vocab;
  const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: REVIEWS_LENGTH }, { label: tokensLabel });
  const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: V, dModel: D_MODEL }, { label: 'Token embedding' });
  b.wire(tokens.out, emb.node, 'in');
  const pos = b.add('pos', 'positionalEncoding', [2, 1], { encoding: 'learned', maxLength: REVIEWS_LENGTH }, { label: 'Positions' });
  b.wire(emb.out, pos.node, 'in');
  const group = b.group(REVIEWS_ENCODER_GROUP, 'Encoder block', 2);
  const layer = encoderLayer(b, { prefix: 'enc', input: pos.out, keyTokens: tokens.out, column: 3, row: 1, heads: HEADS, hidden: FFN_HIDDEN, activation: 'gelu', group });
  return { tokens: tokens.out, out: layer.out, column: layer.column };
}

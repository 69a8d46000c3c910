import type { GraphDoc } from '../../../engine/graph/schema';
import { decoderLayer, encoderLayer } from '../../../engine/templates/blocks';
import { DocBuilder, port, type PortRef } from '../../../engine/templates/docBuilder';

/** Tokens (feed `tokens`, length T) → embedding → positions (→ dropout): the ids' port and the vectors' port. */
export function embeddedTokens(
  b: DocBuilder,
  o: { T: number; d: number; vocab: number; encoding?: 'learned' | 'sinusoidal'; maxLength?: number; dropout?: number },
): { tokens: PortRef; vectors: PortRef } {
  const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: o.T });
  const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: o.vocab, dModel: o.d });
  b.wire(tokens.out, emb.node, 'in');
  const pos = b.add('pos', 'positionalEncoding', [2, 1], { encoding: o.encoding ?? 'learned', maxLength: o.maxLength ?? o.T });
  b.wire(emb.out, pos.node, 'in');
  if (!o.dropout) return { tokens: tokens.out, vectors: pos.out };
  const drop = b.add('drop', 'dropout', [3, 1], { rate: o.dropout });
  b.wire(pos.out, drop.node, 'in');
  return { tokens: tokens.out, vectors: drop.out };
}

/** `input` → dense to the vocabulary → a language-model loss against the `targets` feed, from `column` on. */
export function vocabularyHead(b: DocBuilder, input: PortRef, column: number, vocab: number): void {
  const out = b.add('out', 'dense', [column, 1], { units: vocab }, { label: 'out' });
  b.wire(input, out.node, 'in');
  const target = b.add('target', 'target', [column, 2], { feed: 'targets', time: 'T' });
  const head = b.add('head', 'lmHead', [column + 1, 1]);
  b.wire(out.out, head.node, 'logits');
  b.wire(port(target.node, 'out'), head.node, 'targets');
}

/** A one-block Transformer tagger sized for unit tests (vocab 27 = the synthetic sequence tasks). */
export function tinyTaggerDoc(opts: { T?: number; d?: number; vocab?: number; dropout?: number; dataset?: string; causal?: boolean } = {}): GraphDoc {
  const T = opts.T ?? 6;
  const d = opts.d ?? 16;
  const V = opts.vocab ?? 27;
  const b = new DocBuilder();
  const { tokens, vectors } = embeddedTokens(b, { T, d, vocab: V, dropout: opts.dropout });
  const layer = encoderLayer(b, { prefix: 'enc', input: vectors, keyTokens: opts.causal ? undefined : tokens, causal: opts.causal, column: 4, row: 1, heads: 2, hidden: 2 * d });
  vocabularyHead(b, layer.out, layer.column, V);
  return b.build({ name: 'tiny tagger', description: '', training: { dataset: opts.dataset ?? 'reverse', steps: 20, batchSize: 8, learningRate: 1e-2, warmupSteps: 2, seed: 3 } });
}

/** A one-layer encoder–decoder Transformer on the `addition` dataset (vocab 18). */
export function tinySeq2seqDoc(): GraphDoc {
  const V = 18;
  const d = 16;
  const b = new DocBuilder();
  const src = b.add('source', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T_src', length: 7 });
  const srcEmb = b.add('src_embed', 'embedding', [1, 1], { vocabSize: V, dModel: d });
  b.wire(src.out, srcEmb.node, 'in');
  const srcPos = b.add('src_pos', 'positionalEncoding', [2, 1], { encoding: 'learned', maxLength: 7 });
  b.wire(srcEmb.out, srcPos.node, 'in');
  const enc = encoderLayer(b, { prefix: 'enc', input: srcPos.out, keyTokens: src.out, column: 3, row: 1, heads: 2, hidden: 32 });
  const dec = b.add('decoder_in', 'tokenInput', [0, 4], { feed: 'decoder_tokens', time: 'T_tgt', length: 5 });
  const tgtEmb = b.add('tgt_embed', 'embedding', [1, 4], { vocabSize: V, dModel: d });
  b.wire(dec.out, tgtEmb.node, 'in');
  const tgtPos = b.add('tgt_pos', 'positionalEncoding', [2, 4], { encoding: 'learned', maxLength: 5 });
  b.wire(tgtEmb.out, tgtPos.node, 'in');
  const layer = decoderLayer(b, { prefix: 'dec', input: tgtPos.out, memory: enc.out, memoryTokens: src.out, column: enc.column, row: 4, heads: 2, hidden: 32 });
  const out = b.add('out', 'dense', [layer.column, 4], { units: V });
  b.wire(layer.out, out.node, 'in');
  const target = b.add('target', 'target', [layer.column, 5], { feed: 'targets', time: 'T_tgt' });
  const head = b.add('head', 'seq2seqHead', [layer.column + 1, 4]);
  b.wire(out.out, head.node, 'logits');
  b.wire(port(target.node, 'out'), head.node, 'targets');
  return b.build({ name: 'tiny seq2seq', description: '', training: { dataset: 'addition', steps: 20, batchSize: 8, learningRate: 1e-2, warmupSteps: 2, seed: 5 } });
}

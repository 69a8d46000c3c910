import type { DocBuilder, PortRef } from './docBuilder';

/**
 * The Transformer layer pictures the templates share, drawn as in “Attention Is All You Need”: each
 * sub-layer followed by Add & Norm. Each helper lays its blocks out from `column` rightwards and returns
 * the output and the next free column.
 */

export interface LayerOptions {
  prefix: string;
  input: PortRef;
  /** Token ids of the sequence attended over, for the padding mask. */
  keyTokens?: PortRef;
  column: number;
  row: number;
  heads: number;
  hidden: number;
  activation?: 'relu' | 'gelu';
  group?: string;
}

/** GPT's block: causal self-attention → Add & Norm → Feed-forward → Add & Norm. */
export function decoderOnlyLayer(b: DocBuilder, o: LayerOptions): { out: PortRef; column: number } {
  return encoderLayer(b, { ...o, causal: true });
}

/** Self-attention → Add & Norm → Feed-forward → Add & Norm. */
export function encoderLayer(b: DocBuilder, o: LayerOptions & { causal?: boolean }): { out: PortRef; column: number } {
  const g = { group: o.group };
  const attn = b.add(`${o.prefix}_attn`, 'multiHeadAttention', [o.column, o.row - 1], { heads: o.heads, causal: !!o.causal }, { label: o.causal ? 'Masked self-attention' : 'Self-attention', ...g });
  b.wire(o.input, attn.node, 'query');
  if (o.keyTokens) b.wire(o.keyTokens, attn.node, 'keyTokens');
  const norm1 = b.add(`${o.prefix}_norm1`, 'addNorm', [o.column + 1, o.row], {}, { label: 'Add & Norm', ...g });
  b.wire(o.input, norm1.node, 'residual');
  b.wire(attn.out, norm1.node, 'sublayer');
  const ffn = b.add(`${o.prefix}_ffn`, 'feedForward', [o.column + 2, o.row - 1], { hidden: o.hidden, activation: o.activation ?? 'relu' }, { label: 'Feed-forward', ...g });
  b.wire(norm1.out, ffn.node, 'in');
  const norm2 = b.add(`${o.prefix}_norm2`, 'addNorm', [o.column + 3, o.row], {}, { label: 'Add & Norm', ...g });
  b.wire(norm1.out, norm2.node, 'residual');
  b.wire(ffn.out, norm2.node, 'sublayer');
  return { out: norm2.out, column: o.column + 4 };
}

/** Masked self-attention → Add & Norm → cross-attention over the encoder memory → Add & Norm → FFN → Add & Norm. */
export function decoderLayer(b: DocBuilder, o: LayerOptions & { memory: PortRef; memoryTokens?: PortRef }): { out: PortRef; column: number } {
  const g = { group: o.group };
  const self = b.add(`${o.prefix}_self`, 'multiHeadAttention', [o.column, o.row - 1], { heads: o.heads, causal: true }, { label: 'Masked self-attention', ...g });
  b.wire(o.input, self.node, 'query');
  if (o.keyTokens) b.wire(o.keyTokens, self.node, 'keyTokens');
  const norm1 = b.add(`${o.prefix}_norm1`, 'addNorm', [o.column + 1, o.row], {}, { label: 'Add & Norm', ...g });
  b.wire(o.input, norm1.node, 'residual');
  b.wire(self.out, norm1.node, 'sublayer');
  const cross = b.add(`${o.prefix}_cross`, 'multiHeadAttention', [o.column + 2, o.row - 1], { heads: o.heads, causal: false }, { label: 'Cross-attention', ...g });
  b.wire(norm1.out, cross.node, 'query');
  b.wire(o.memory, cross.node, 'memory');
  if (o.memoryTokens) b.wire(o.memoryTokens, cross.node, 'keyTokens');
  const norm2 = b.add(`${o.prefix}_norm2`, 'addNorm', [o.column + 3, o.row], {}, { label: 'Add & Norm', ...g });
  b.wire(norm1.out, norm2.node, 'residual');
  b.wire(cross.out, norm2.node, 'sublayer');
  const ffn = b.add(`${o.prefix}_ffn`, 'feedForward', [o.column + 4, o.row - 1], { hidden: o.hidden }, { label: 'Feed-forward', ...g });
  b.wire(norm2.out, ffn.node, 'in');
  const norm3 = b.add(`${o.prefix}_norm3`, 'addNorm', [o.column + 5, o.row], {}, { label: 'Add & Norm', ...g });
  b.wire(norm2.out, norm3.node, 'residual');
  b.wire(ffn.out, norm3.node, 'sublayer');
  return { out: norm3.out, column: o.column + 6 };
}

import { encoderLayer } from './blocks';
import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import type { Template } from './types';

const T = 8;
const D_MODEL = 32;

/** The smallest Transformer that does something visible: attention learns an anti-diagonal. */
export const reverse: Template = {
  id: 'reverse',
  title: 'Reverse a sequence',
  summary: 'A tiny Transformer encoder learns to write its input backwards; watch attention form an anti-diagonal.',
  dataset: 'reverse',
  build() {
    const V = DATASET_SIZES.reverse.vocab;
    const b = new DocBuilder();
    const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: T }, { label: 'Symbols' });
    const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: V, dModel: D_MODEL }, { label: 'Token embedding' });
    b.wire(tokens.out, emb.node, 'in');
    const pos = b.add('pos', 'positionalEncoding', [2, 1], { encoding: 'learned', maxLength: T }, { label: 'Positions' });
    b.wire(emb.out, pos.node, 'in');
    const group = b.group('encoder', 'Encoder block', 2);
    const layer = encoderLayer(b, { prefix: 'enc', input: pos.out, keyTokens: tokens.out, column: 3, row: 1, heads: 2, hidden: 64, group });
    const out = b.add('logits', 'dense', [layer.column, 1], { units: V }, { label: 'To symbols' });
    b.wire(layer.out, out.node, 'in');
    const target = b.add('reversed', 'target', [layer.column, 2], { feed: 'targets', time: 'T' }, { label: 'Reversed symbols' });
    const head = b.add('loss', 'lmHead', [layer.column + 1, 1], {}, { label: 'Per-token loss' });
    b.wire(out.out, head.node, 'logits');
    b.wire(port(target.node, 'out'), head.node, 'targets');
    return b.build({
      name: 'Reverse',
      description: 'Two Transformer encoder blocks (self-attention with a padding mask, feed-forward, Add & Norm) map each position to the symbol at the mirrored position.',
      training: { dataset: 'reverse', steps: 200, batchSize: 64, learningRate: 1e-2, warmupSteps: 20 },
    });
  },
};

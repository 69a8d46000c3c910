import { encoderLayer } from './blocks';
import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import type { Template } from './types';

const T = 48;
const D_MODEL = 64;

/** BERT's pre-training task in miniature: predict the [MASK]ed tokens of a sentence pair. */
export const bertMini: Template = {
  id: 'bert-mini',
  title: 'BERT-mini (masked language model)',
  summary: 'A Transformer encoder fills in masked words, using context from both sides.',
  dataset: 'sentences-mlm',
  build() {
    const V = DATASET_SIZES['sentences-mlm'].vocab;
    const b = new DocBuilder();
    const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: T }, { label: 'Masked sentences' });
    const segments = b.add('segments', 'tokenInput', [0, 2], { feed: 'segments', time: 'T', length: T }, { label: 'Segment ids' });
    const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: V, dModel: D_MODEL }, { label: 'Token embedding' });
    b.wire(tokens.out, emb.node, 'in');
    const seg = b.add('segment_embed', 'segmentEmbedding', [2, 1], { numSegments: 2 }, { label: 'Segment embedding' });
    b.wire(emb.out, seg.node, 'in');
    b.wire(segments.out, seg.node, 'segments');
    const pos = b.add('pos', 'positionalEncoding', [3, 1], { encoding: 'learned', maxLength: T }, { label: 'Positions' });
    b.wire(seg.out, pos.node, 'in');
    const layer = encoderLayer(b, {
      prefix: 'enc',
      input: pos.out,
      keyTokens: tokens.out,
      column: 4,
      row: 1,
      heads: 4,
      hidden: 128,
      activation: 'gelu',
      group: b.group('encoder', 'Encoder block', 2),
    });
    const out = b.add('logits', 'dense', [layer.column, 1], { units: V }, { label: 'To vocabulary' });
    b.wire(layer.out, out.node, 'in');
    const target = b.add('original', 'target', [layer.column, 2], { feed: 'targets', time: 'T' }, { label: 'Original tokens' });
    const head = b.add('loss', 'maskedLmHead', [layer.column + 1, 1], {}, { label: 'Masked-LM loss' });
    b.wire(out.out, head.node, 'logits');
    b.wire(port(target.node, 'out'), head.node, 'targets');
    return b.build({
      name: 'BERT-mini',
      description: 'Token + segment + learned position embeddings, two bidirectional encoder blocks (GELU feed-forward), and a Dense layer that predicts the original token at each masked position.',
      training: { dataset: 'sentences-mlm', steps: 1000, batchSize: 32, learningRate: 1e-3, warmupSteps: 50 },
    });
  },
};

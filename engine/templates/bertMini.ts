import { encoderLayer } from './blocks';
import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import type { Template } from './types';

const T = 48;
const D_MODEL = 64;

/**
 * BERT's pre-training in miniature, both tasks at once on a sentence pair: predict the [MASK]ed tokens
 * (masked-LM head on every position) and whether the second sentence follows the first (next-sentence
 * head on the [CLS] vector). The two losses are summed.
 */
export const bertMini: Template = {
  id: 'bert-mini',
  title: 'BERT-mini (masked words + next sentence)',
  summary: 'A Transformer encoder fills in masked words from both sides and tells whether the second sentence follows the first.',
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
    const cls = b.add('cls', 'pooling', [layer.column, 4], { mode: 'first' }, { label: '[CLS] vector' });
    b.wire(layer.out, cls.node, 'in');
    const nsp = b.add('is_next', 'dense', [layer.column + 1, 4], { units: DATASET_SIZES['sentences-mlm'].classes }, { label: 'Is next?' });
    b.wire(cls.out, nsp.node, 'in');
    const nspLabel = b.add('next_label', 'target', [layer.column + 1, 5], { feed: 'labels', time: 'T' }, { label: 'Next or random' });
    const nspHead = b.add('nsp_loss', 'classifierHead', [layer.column + 2, 4], {}, { label: 'Next-sentence loss' });
    b.wire(nsp.out, nspHead.node, 'logits');
    b.wire(port(nspLabel.node, 'out'), nspHead.node, 'targets');
    return b.build({
      name: 'BERT-mini',
      description:
        'Token + segment + learned position embeddings and two bidirectional encoder blocks (GELU feed-forward), trained on two tasks at once, as BERT is: a Dense layer predicts the original token at each masked position (masked LM), and the vector at [CLS] goes through a Dense layer that tells whether sentence B really follows sentence A or was drawn at random (next-sentence prediction, half and half). The loss is the sum of the two.',
      training: { dataset: 'sentences-mlm', steps: 1000, batchSize: 32, learningRate: 1e-3, warmupSteps: 50 },
    });
  },
};

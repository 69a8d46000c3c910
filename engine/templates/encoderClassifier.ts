import { encoderLayer } from './blocks';
import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import type { Template } from './types';

const T = 32;
const D_MODEL = 64;

/** BERT-style sentence classification: a Transformer encoder reads the sentence; the [CLS] vector decides. */
export const encoderClassifier: Template = {
  id: 'encoder-classifier',
  title: 'Transformer encoder classifier',
  summary: 'Reads a review and says whether it is positive or negative, from the [CLS] position.',
  dataset: 'sentiment',
  build() {
    const { vocab: V, classes: C } = DATASET_SIZES.sentiment;
    const b = new DocBuilder();
    const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: T }, { label: '[CLS] + sentence' });
    const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: V, dModel: D_MODEL }, { label: 'Token embedding' });
    b.wire(tokens.out, emb.node, 'in');
    const pos = b.add('pos', 'positionalEncoding', [2, 1], { encoding: 'sinusoidal', maxLength: 512 }, { label: 'Positions' });
    b.wire(emb.out, pos.node, 'in');
    const group = b.group('encoder', 'Encoder block', 2);
    const layer = encoderLayer(b, { prefix: 'enc', input: pos.out, keyTokens: tokens.out, column: 3, row: 1, heads: 4, hidden: 128, group });
    const pool = b.add('cls', 'pooling', [layer.column, 1], { mode: 'first' }, { label: '[CLS] vector' });
    b.wire(layer.out, pool.node, 'in');
    const out = b.add('logits', 'dense', [layer.column + 1, 1], { units: C }, { label: 'To classes' });
    b.wire(pool.out, out.node, 'in');
    const labels = b.add('label', 'target', [layer.column + 1, 2], { feed: 'labels', time: 'T' }, { label: 'Sentiment' });
    const head = b.add('loss', 'classifierHead', [layer.column + 2, 1], {}, { label: 'Classification loss' });
    b.wire(out.out, head.node, 'logits');
    b.wire(port(labels.node, 'out'), head.node, 'targets');
    return b.build({
      name: 'Encoder classifier',
      description: 'Two Transformer encoder blocks with a padding mask; the vector at the [CLS] position goes through a Dense layer to two classes.',
      training: { dataset: 'sentiment', steps: 600, batchSize: 32, learningRate: 1e-3, warmupSteps: 50 },
    });
  },
};

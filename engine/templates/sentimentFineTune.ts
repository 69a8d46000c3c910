import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import { reviewsEncoder } from './reviewsEncoder';
import type { Template } from './types';

/** Fine-tuning for `bert-reviews`: the same encoder, read at [CLS], classifies the review. */
export const sentimentFineTune: Template = {
  id: 'sentiment-finetune',
  title: 'Sentiment fine-tuning (pre-trained encoder)',
  summary: 'Classifies reviews with the encoder of “BERT pre-training on reviews”: load its weights, then fine-tune it or freeze it.',
  dataset: 'sentiment',
  build() {
    const C = DATASET_SIZES.sentiment.classes;
    const b = new DocBuilder();
    const encoder = reviewsEncoder(b, '[CLS] + sentence');
    const pool = b.add('cls', 'pooling', [encoder.column, 1], { mode: 'first' }, { label: '[CLS] vector' });
    b.wire(encoder.out, pool.node, 'in');
    const out = b.add('classify', 'dense', [encoder.column + 1, 1], { units: C }, { label: 'To classes' });
    b.wire(pool.out, out.node, 'in');
    const labels = b.add('label', 'target', [encoder.column + 1, 2], { feed: 'labels', time: 'T' }, { label: 'Sentiment' });
    const head = b.add('loss', 'classifierHead', [encoder.column + 2, 1], {}, { label: 'Classification loss' });
    b.wire(out.out, head.node, 'logits');
    b.wire(port(labels.node, 'out'), head.node, 'targets');
    return b.build({
      name: 'Sentiment fine-tuning',
      description:
        'The encoder of “BERT pre-training on reviews” (same blocks, same ids), then the vector at the [CLS] position through a Dense layer to two classes. Load the pre-trained weights, then train it whole (fine-tuning) or freeze the encoder blocks and train only the classifier.',
      training: { dataset: 'sentiment', steps: 300, batchSize: 32, learningRate: 3e-3, warmupSteps: 30 },
    });
  },
};

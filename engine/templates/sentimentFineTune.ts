import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import { reviewsEncoder } from './reviewsEncoder';
import type { Template } from './types';

/** Fine-tuning for `bert-reviews`: the same encoder, its word vectors averaged, classifies the review. */
export const sentimentFineTune: Template = {
  id: 'sentiment-finetune',
  title: 'Sentiment fine-tuning (pre-trained encoder)',
  summary: 'Classifies reviews with the encoder of “BERT pre-training on reviews”: load its weights, then fine-tune it or freeze it.',
  dataset: 'sentiment',
  build() {
    const C = DATASET_SIZES.sentiment.classes;
    const b = new DocBuilder();
    const encoder = reviewsEncoder(b, '[CLS] + sentence');
    // Masked words train the vector at every word's position and never the one at [CLS], so the classifier reads
    // the mean of the words' vectors, [PAD] left out.
    const pool = b.add('pool', 'pooling', [encoder.column, 1], { mode: 'mean' }, { label: 'Mean of the words' });
    b.wire(encoder.out, pool.node, 'in');
    b.wire(encoder.tokens, pool.node, 'tokens');
    const out = b.add('classify', 'dense', [encoder.column + 1, 1], { units: C }, { label: 'To classes' });
    b.wire(pool.out, out.node, 'in');
    const labels = b.add('label', 'target', [encoder.column + 1, 2], { feed: 'labels', time: 'T' }, { label: 'Sentiment' });
    const head = b.add('loss', 'classifierHead', [encoder.column + 2, 1], {}, { label: 'Classification loss' });
    b.wire(out.out, head.node, 'logits');
    b.wire(port(labels.node, 'out'), head.node, 'targets');
    return b.build({
      name: 'Sentiment fine-tuning',
      description:
        'The encoder of “BERT pre-training on reviews” (same blocks, same ids), then the mean of the words’ vectors ([PAD] left out) through a Dense layer to two classes. Load the pre-trained weights, then train it whole (fine-tuning) or freeze the encoder blocks and train only the classifier.',
      training: { dataset: 'sentiment', steps: 300, batchSize: 32, learningRate: 3e-3, warmupSteps: 30 },
    });
  },
};

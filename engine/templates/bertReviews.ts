import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import { reviewsEncoder } from './reviewsEncoder';
import type { Template } from './types';

/** Pre-training for `sentiment-finetune`: masked-LM on the review sentences, with the classifier's words. */
export const bertReviews: Template = {
  id: 'bert-reviews',
  title: 'BERT pre-training on reviews (masked language model)',
  summary: 'Pre-trains a Transformer encoder by filling in masked words of review sentences; fine-tune it with “Sentiment fine-tuning”.',
  dataset: 'reviews-mlm',
  build() {
    const V = DATASET_SIZES['reviews-mlm'].vocab;
    const b = new DocBuilder();
    const encoder = reviewsEncoder(b, 'Masked sentence');
    const out = b.add('logits', 'dense', [encoder.column, 1], { units: V }, { label: 'To vocabulary' });
    b.wire(encoder.out, out.node, 'in');
    const target = b.add('original', 'target', [encoder.column, 2], { feed: 'targets', time: 'T' }, { label: 'Original words' });
    const head = b.add('loss', 'maskedLmHead', [encoder.column + 1, 1], {}, { label: 'Masked-LM loss' });
    b.wire(out.out, head.node, 'logits');
    b.wire(port(target.node, 'out'), head.node, 'targets');
    return b.build({
      name: 'BERT pre-training on reviews',
      description:
        'Token and learned position embeddings and two bidirectional encoder blocks (GELU feed-forward), pre-trained to restore review sentences with 40% of their words hidden (it is asked for every word, hidden or not). The encoder has the same blocks as “Sentiment fine-tuning”: save this model, then load its weights there.',
      training: { dataset: 'reviews-mlm', steps: 200, batchSize: 32, learningRate: 2e-3, warmupSteps: 20 },
    });
  },
};

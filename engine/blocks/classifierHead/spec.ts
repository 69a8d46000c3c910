import { defineHeadSpec } from '../shared/headSpec';

export const classifierHeadSpec = defineHeadSpec('classification', {
  kind: 'classifierHead',
  label: 'Classifier Head',
  summary: 'One label per sequence: softmax cross-entropy over the classes.',
  explanation: {
    what: 'Takes one score vector per sequence — usually from the [CLS] position (Pooling “first”) or an RNN’s last state — turns it into class probabilities with softmax and charges −log of the true class’s probability.',
    formula: 'p = softmax(z),  L = −(1/B) Σ_b log p_b[y_b]',
    shapes: 'logits: B×C, labels: B ids',
    why: 'BERT prepends a [CLS] token whose final vector, trained through this loss, learns to gather what the whole sentence says; any summary vector works the same way. Every example counts, label 0 included (labels are never padding).',
  },
});

import { defineHeadSpec } from '../shared/headSpec';

export const lmHeadSpec = defineHeadSpec('lm', {
  kind: 'lmHead',
  label: 'Language Model Head',
  summary: 'Next-token prediction: softmax cross-entropy at every position.',
  explanation: {
    what: 'Turns each position’s scores over the vocabulary into probabilities with softmax and charges −log of the probability given to the true next token, averaged over all positions that are not [PAD].',
    formula: 'p_t = softmax(z_t),  L = −(1/N) Σ_{t: y_t ≠ [PAD]} log p_t[y_t];  perplexity = e^L',
    shapes: 'logits: B×T×V, targets: B×T ids (the input shifted left by one)',
    why: 'Cross-entropy is the negative log-likelihood of the data: minimising it makes the model put probability on what actually comes next. Softmax and log are computed together (log-softmax) so large scores cannot overflow. A causal model must not see the token it predicts — use a left-to-right RNN or causal attention.',
  },
});

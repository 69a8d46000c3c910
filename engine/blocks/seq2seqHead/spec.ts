import { defineHeadSpec } from '../shared/headSpec';

export const seq2seqHeadSpec = defineHeadSpec('seq2seq', {
  kind: 'seq2seqHead',
  label: 'Seq2Seq Head',
  summary: 'Encoder–decoder training with teacher forcing: cross-entropy on the output sequence.',
  explanation: {
    what: 'The decoder reads the true output shifted right ([BOS] y₁ … y_{n−1}) and at each position predicts the next output token (y₁ … y_n [EOS]); the loss is softmax cross-entropy over the output positions, ignoring [PAD].',
    formula: 'L = −(1/N) Σ_{t: y_t ≠ [PAD]} log p(y_t | y_{<t}, x)',
    shapes: 'logits: B×T_tgt×V (from the decoder), targets: B×T_tgt ids',
    why: 'Teacher forcing feeds the decoder the right previous token instead of its own guess, so every output position trains in parallel and one early mistake does not spoil the rest of the sentence. When generating there is no answer to feed, so the decoder runs one step at a time on its own predictions (greedy or beam search).',
  },
});

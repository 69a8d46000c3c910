import { defineHeadSpec } from '../shared/headSpec';

export const maskedLmHeadSpec = defineHeadSpec('masked-lm', {
  kind: 'maskedLmHead',
  label: 'Masked LM Head',
  summary: 'BERT-style: predict the hidden tokens from both sides.',
  explanation: {
    what: 'The dataset hides about 15% of the input tokens — of those, 80% become [MASK], 10% a random token, 10% stay unchanged — and the targets hold the original token there and [PAD] everywhere else. The loss is softmax cross-entropy at the hidden positions only.',
    formula: 'L = −(1/|M|) Σ_{t ∈ M} log softmax(z_t)[y_t],  M = masked positions (targets ≠ [PAD])',
    shapes: 'logits: B×T×V, targets: B×T ids ([PAD] where nothing was masked)',
    why: 'A next-token model reads only leftwards. Hiding tokens lets a model use context on both sides (bidirectional self-attention) and still have something to predict; the random and unchanged 20% stop it from relying on seeing [MASK], which never appears when the model is used.',
  },
});

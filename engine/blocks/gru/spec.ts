import { defineRecurrentSpec } from '../shared/recurrentSpec';

export const gruSpec = defineRecurrentSpec('gru', {
  kind: 'gru',
  label: 'GRU',
  summary: 'A gated recurrent layer: like an LSTM with fewer gates and no separate cell.',
  explanation: {
    what: 'An update gate z decides how much of the old state to keep and how much to replace with a candidate; a reset gate r decides how much of the old state the candidate may use.',
    formula:
      'z = σ(x_t W_z + h_{t−1} U_z + b_z);  r = σ(x_t W_r + h_{t−1} U_r + b_r);  h̃ = tanh(x_t W_h + r ⊙ (h_{t−1} U_h + b′_h) + b_h);  h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃',
    shapes: 'in: B×T×d → out: B×T×u or B×u; state: B×u (2u when bidirectional). Parameters 3(du + u² + 2u).',
    why: 'The interpolation z ⊙ h_{t−1} + (1 − z) ⊙ h̃ gives gradients the same additive shortcut as the LSTM’s cell, with two gates instead of three and one state instead of two: about a quarter fewer parameters and often the same accuracy (Cho et al., 2014). This is the “reset after” form used by PyTorch and Keras.',
  },
});

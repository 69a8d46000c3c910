import { defineRecurrentSpec } from '../shared/recurrentSpec';

export const lstmSpec = defineRecurrentSpec('lstm', {
  kind: 'lstm',
  label: 'LSTM',
  summary: 'A recurrent layer with a gated memory cell that keeps information over long spans.',
  explanation: {
    what: 'Besides the hidden state it carries a cell state c. Three gates computed from the input and the previous hidden state decide what to write into the cell (input gate), what to keep (forget gate) and what to show (output gate).',
    formula:
      'i, f, o = σ(x_t W_{i,f,o} + h_{t−1} U_{i,f,o} + b);  c̃ = tanh(x_t W_c + h_{t−1} U_c + b_c);  c_t = f ⊙ c_{t−1} + i ⊙ c̃;  h_t = o ⊙ tanh(c_t)',
    shapes: 'in: B×T×d → out: B×T×u or B×u; state h and cell c: B×u each (2u when bidirectional). Parameters 4(du + u² + u).',
    why: 'In a simple RNN the gradient is squashed at every step and vanishes after a few dozen steps. The LSTM’s cell is updated by addition, gated by f: when the forget gate stays near 1 the gradient flows back through c unchanged for hundreds of steps, so it can learn long-range dependencies (Hochreiter & Schmidhuber, 1997).',
  },
});

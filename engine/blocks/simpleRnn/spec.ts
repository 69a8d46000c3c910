import { defineRecurrentSpec } from '../shared/recurrentSpec';

export const simpleRnnSpec = defineRecurrentSpec('simple', {
  kind: 'simpleRnn',
  label: 'Simple RNN',
  summary: 'Reads a sequence step by step, carrying one hidden state vector forward.',
  explanation: {
    what: 'At every step it mixes the current input with its previous hidden state and squashes the result with tanh. The hidden state is the network’s running summary of everything it has read so far.',
    formula: 'h_t = tanh(x_t W + h_{t−1} U + b),  h_0 = 0 or the initial state',
    shapes: 'in: B×T×d → out: B×T×u (sequence) or B×u (last); state: B×u. Bidirectional: 2u wide.',
    why: 'The same weights at every step let it read sequences of any length. Its limits drive the rest of the field: the gradient is multiplied by U and tanh′ at every step, so it vanishes (or explodes) over long spans — LSTM and GRU fix that — and the whole past must fit in one fixed-size vector, the bottleneck attention later removes by letting the decoder look back at every state.',
  },
});

import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import type { Template } from './types';

const T = 64;

/** Karpathy's char-rnn: an LSTM reads characters and predicts the next one. */
export const charRnn: Template = {
  id: 'char-rnn',
  title: 'char-rnn (LSTM language model)',
  summary: 'An LSTM reads Moby-Dick one character at a time and learns to predict the next.',
  dataset: 'moby-dick',
  build() {
    const V = DATASET_SIZES['moby-dick'].vocab;
    const b = new DocBuilder();
    const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: T }, { label: 'Characters' });
    const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: V, dModel: 64 }, { label: 'Character embedding' });
    b.wire(tokens.out, emb.node, 'in');
    const lstm = b.add('lstm', 'lstm', [2, 1], { units: 128, output: 'sequence' }, { label: 'LSTM' });
    b.wire(emb.out, lstm.node, 'in');
    const out = b.add('logits', 'dense', [3, 1], { units: V }, { label: 'To vocabulary' });
    b.wire(lstm.out, out.node, 'in');
    const target = b.add('next', 'target', [3, 2], { feed: 'targets', time: 'T' }, { label: 'Next character' });
    const head = b.add('loss', 'lmHead', [4, 1], {}, { label: 'LM loss' });
    b.wire(out.out, head.node, 'logits');
    b.wire(port(target.node, 'out'), head.node, 'targets');
    return b.build({
      name: 'char-rnn',
      description: 'Embedding → LSTM (one output per step) → Dense to the vocabulary, trained to predict the next character.',
      training: { dataset: 'moby-dick', steps: 2000, batchSize: 32, learningRate: 3e-3, warmupSteps: 50 },
    });
  },
};

import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import type { Template } from './types';

const T_SRC = 12;
const T_TGT = 10;
const EMBED = 64;
const UNITS = 128;

/**
 * Luong et al. (2015): an LSTM encoder reads the English; its final state starts the LSTM decoder; at
 * every output step the decoder's state attends over the encoder's outputs, and [state; context] goes
 * through tanh(W·) to the vocabulary.
 */
export const seq2seqAttention: Template = {
  id: 'seq2seq-attention',
  title: 'LSTM translator with attention',
  summary: 'An LSTM encoder–decoder with Luong attention translates short English phrases into Korean.',
  dataset: 'en-ko',
  build() {
    const { source: VS, target: VT } = DATASET_SIZES['en-ko'];
    const b = new DocBuilder();
    const src = b.add('source', 'tokenInput', [0, 0], { feed: 'tokens', time: 'T_src', length: T_SRC }, { label: 'English' });
    const srcEmb = b.add('src_embed', 'embedding', [1, 0], { vocabSize: VS, dModel: EMBED }, { label: 'Source embedding' });
    b.wire(src.out, srcEmb.node, 'in');
    const enc = b.add('encoder', 'lstm', [2, 0], { units: UNITS, output: 'sequence' }, { label: 'Encoder LSTM' });
    b.wire(srcEmb.out, enc.node, 'in');

    const dec = b.add('decoder_in', 'tokenInput', [0, 2], { feed: 'decoder_tokens', time: 'T_tgt', length: T_TGT }, { label: '[BOS] + Korean' });
    const tgtEmb = b.add('tgt_embed', 'embedding', [1, 2], { vocabSize: VT, dModel: EMBED }, { label: 'Target embedding' });
    b.wire(dec.out, tgtEmb.node, 'in');
    const decoder = b.add('decoder', 'lstm', [3, 2], { units: UNITS, output: 'sequence' }, { label: 'Decoder LSTM' });
    b.wire(tgtEmb.out, decoder.node, 'in');
    b.wire(port(enc.node, 'state'), decoder.node, 'initialState');
    b.wire(port(enc.node, 'cell'), decoder.node, 'initialCell');

    const attn = b.add('attention', 'attention', [4, 1], { score: 'general' }, { label: 'Luong attention' });
    b.wire(decoder.out, attn.node, 'query');
    b.wire(enc.out, attn.node, 'keys');
    b.wire(src.out, attn.node, 'keyTokens');
    const cat = b.add('concat', 'concat', [5, 2], {}, { label: '[state; context]' });
    b.wire(decoder.out, cat.node, 'a');
    b.wire(attn.out, cat.node, 'b');
    const hidden = b.add('attentional', 'dense', [6, 2], { units: UNITS, activation: 'tanh' }, { label: 'Attentional state' });
    b.wire(cat.out, hidden.node, 'in');
    const out = b.add('logits', 'dense', [7, 2], { units: VT }, { label: 'To vocabulary' });
    b.wire(hidden.out, out.node, 'in');
    const target = b.add('target', 'target', [7, 3], { feed: 'targets', time: 'T_tgt' }, { label: 'Korean + [EOS]' });
    const head = b.add('loss', 'seq2seqHead', [8, 2], {}, { label: 'Seq2seq loss' });
    b.wire(out.out, head.node, 'logits');
    b.wire(port(target.node, 'out'), head.node, 'targets');
    return b.build({
      name: 'Seq2seq with attention',
      description: 'LSTM encoder; LSTM decoder started from the encoder’s final state; Luong (general) attention from each decoder step over the encoder outputs; concat → tanh Dense → vocabulary.',
      training: { dataset: 'en-ko', steps: 1500, batchSize: 32, learningRate: 3e-3, warmupSteps: 50 },
    });
  },
};

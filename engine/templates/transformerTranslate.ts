import { decoderLayer, encoderLayer } from './blocks';
import { DATASET_SIZES } from './datasetSizes';
import { DocBuilder, port } from './docBuilder';
import type { Template } from './types';

const T_SRC = 12;
const T_TGT = 10;
const D_MODEL = 64;

/** The full encoder–decoder Transformer of Vaswani et al. (2017), small enough to train on a laptop. */
export const transformerTranslate: Template = {
  id: 'transformer-translate',
  title: 'Transformer translator',
  summary: 'The original encoder–decoder Transformer translates short English phrases into Korean.',
  dataset: 'en-ko',
  build() {
    const { source: VS, target: VT } = DATASET_SIZES['en-ko'];
    const b = new DocBuilder();
    const src = b.add('source', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T_src', length: T_SRC }, { label: 'English' });
    const srcEmb = b.add('src_embed', 'embedding', [1, 1], { vocabSize: VS, dModel: D_MODEL }, { label: 'Source embedding' });
    b.wire(src.out, srcEmb.node, 'in');
    const srcPos = b.add('src_pos', 'positionalEncoding', [2, 1], { encoding: 'sinusoidal', maxLength: 512 }, { label: 'Positions' });
    b.wire(srcEmb.out, srcPos.node, 'in');
    const encoder = encoderLayer(b, {
      prefix: 'enc',
      input: srcPos.out,
      keyTokens: src.out,
      column: 3,
      row: 1,
      heads: 4,
      hidden: 128,
      group: b.group('encoder', 'Encoder block', 2),
    });

    const dec = b.add('decoder_in', 'tokenInput', [0, 4], { feed: 'decoder_tokens', time: 'T_tgt', length: T_TGT }, { label: '[BOS] + Korean' });
    const tgtEmb = b.add('tgt_embed', 'embedding', [1, 4], { vocabSize: VT, dModel: D_MODEL }, { label: 'Target embedding' });
    b.wire(dec.out, tgtEmb.node, 'in');
    const tgtPos = b.add('tgt_pos', 'positionalEncoding', [2, 4], { encoding: 'sinusoidal', maxLength: 512 }, { label: 'Positions' });
    b.wire(tgtEmb.out, tgtPos.node, 'in');
    const decoder = decoderLayer(b, {
      prefix: 'dec',
      input: tgtPos.out,
      keyTokens: dec.out,
      memory: encoder.out,
      memoryTokens: src.out,
      column: encoder.column,
      row: 4,
      heads: 4,
      hidden: 128,
      group: b.group('decoder', 'Decoder block', 2),
    });
    const out = b.add('logits', 'dense', [decoder.column, 4], { units: VT }, { label: 'To vocabulary' });
    b.wire(decoder.out, out.node, 'in');
    const target = b.add('target', 'target', [decoder.column, 5], { feed: 'targets', time: 'T_tgt' }, { label: 'Korean + [EOS]' });
    const head = b.add('loss', 'seq2seqHead', [decoder.column + 1, 4], {}, { label: 'Seq2seq loss' });
    b.wire(out.out, head.node, 'logits');
    b.wire(port(target.node, 'out'), head.node, 'targets');
    return b.build({
      name: 'Transformer translator',
      description: 'Encoder: self-attention + feed-forward ×2. Decoder: masked self-attention, cross-attention whose memory is the encoder output, feed-forward ×2. A Dense layer maps to the Korean vocabulary.',
      training: { dataset: 'en-ko', steps: 1500, batchSize: 32, learningRate: 2e-3, warmupSteps: 100 },
    });
  },
};

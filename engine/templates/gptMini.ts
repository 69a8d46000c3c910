import { decoderOnlyLayer } from './blocks';
import { DATASET_SIZES } from './datasetSizes';
import type { GraphDoc } from '../graph/schema';
import { DocBuilder, port } from './docBuilder';
import type { Template } from './types';

const T = 64;
const D_MODEL = 128;

/** The shape of a character-level GPT: the sizes that tell GPT-mini and its larger siblings apart. */
export interface CharacterGptSize {
  length: number;
  dModel: number;
  heads: number;
  blocks: number;
  /** The feed-forward layer's hidden width. */
  hidden: number;
}

/**
 * Token Input → embedding → learned positions → N decoder blocks → projection to the vocabulary → LM loss on
 * the next character of Moby-Dick, at the given sizes.
 */
export function characterGptDoc(size: CharacterGptSize, doc: Parameters<DocBuilder['build']>[0]): GraphDoc {
  const V = DATASET_SIZES['moby-dick'].vocab;
  const b = new DocBuilder();
  const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: size.length }, { label: 'Characters' });
  const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: V, dModel: size.dModel }, { label: 'Token embedding' });
  b.wire(tokens.out, emb.node, 'in');
  const pos = b.add('pos', 'positionalEncoding', [2, 1], { encoding: 'learned', maxLength: size.length }, { label: 'Positions' });
  b.wire(emb.out, pos.node, 'in');
  const group = b.group('decoder', 'Decoder block', size.blocks);
  const layer = decoderOnlyLayer(b, { prefix: 'dec', input: pos.out, column: 3, row: 1, heads: size.heads, hidden: size.hidden, group });
  const out = b.add('logits', 'dense', [layer.column, 1], { units: V }, { label: 'To vocabulary' });
  b.wire(layer.out, out.node, 'in');
  const target = b.add('next', 'target', [layer.column, 2], { feed: 'targets', time: 'T' }, { label: 'Next character' });
  const head = b.add('loss', 'lmHead', [layer.column + 1, 1], {}, { label: 'LM loss' });
  b.wire(out.out, head.node, 'logits');
  b.wire(port(target.node, 'out'), head.node, 'targets');
  return b.build(doc);
}

/** A character-level GPT: the decoder-only Transformer of the reference benchmark (≈ 420 k parameters). */
export const gptMini: Template = {
  id: 'gpt-mini',
  title: 'GPT-mini (character language model)',
  summary: 'A decoder-only Transformer that learns to write like Moby-Dick, one character at a time.',
  dataset: 'moby-dick',
  build() {
    return characterGptDoc(
      { length: T, dModel: D_MODEL, heads: 4, blocks: 2, hidden: 512 },
      {
        name: 'GPT-mini',
        description: 'Token embedding + positions, two decoder blocks (causal self-attention and a feed-forward layer, each with Add & Norm), and a projection to the vocabulary that predicts the next character.',
        training: { dataset: 'moby-dick', steps: 2000, batchSize: 32, learningRate: 3e-3, warmupSteps: 100 },
      },
    );
  },
};

import type { Feed } from '../blocks/buildTypes';
import { DEFAULT_LM_LENGTH } from '../data/corpus';
import { checkLength } from '../data/lengths';
import { DEFAULT_MLM_LENGTH } from '../data/maskedPairs';
import { encodeProbeFor, type ProbeLayout } from '../data/probeEncoding';
import type { Batch, Dataset, DatasetInfo, DatasetTask, FeedLengths, Vocabulary } from '../data/types';
import { vocabularyFromTokens } from '../data/vocabulary';
import { coded, EngineError } from '../graph/errors';
import type { SavedTokenizers, TokenizerSnapshot } from './modelContents';

/**
 * A model file keeps the vocabularies its model was trained with, not the examples (the user's own data
 * stays where it is). These turn a dataset's vocabularies into what the file stores, and the stored
 * vocabularies back into a dataset that reads probes, decodes outputs and names classes exactly as the
 * original did, but has no examples to train on.
 */

/** What a model file stores of a dataset: its vocabularies (the target one only where it differs) and class names. */
export function snapshotTokenizers(dataset: Pick<Dataset, 'vocab' | 'targetVocab' | 'classes'>): SavedTokenizers {
  const input = snapshotOf(dataset.vocab);
  const target = snapshotOf(dataset.targetVocab);
  return {
    input,
    ...(sameSnapshot(input, target) ? {} : { target }),
    ...(dataset.classes ? { classes: [...dataset.classes] } : {}),
  };
}

/** The vocabulary a snapshot describes, id for id. */
export function vocabularyFromSnapshot(snapshot: TokenizerSnapshot): Vocabulary {
  return vocabularyFromTokens(snapshot.kind, snapshot.tokens, { lowercase: snapshot.lowercase });
}

export interface ProbeDatasetSource {
  tokenizer: SavedTokenizers;
  task: DatasetTask;
  /** The original dataset's info (its `probe` format decides how probe text is read). */
  info: DatasetInfo;
  /** The graph's Token Input lengths (`graphFeedLengths`); a feed left out falls back to the dataset's suggested length. */
  lengths: FeedLengths;
}

/**
 * A dataset with the saved vocabularies and no examples: `encodeProbe`, `vocab`, `targetVocab` and
 * `classes` behave as the original dataset's did, so a model opened from a file can be probed, sampled,
 * translated and classified. `batch` throws E_DATA (there is nothing to train on) and `preview` is empty.
 */
export function probeDatasetFrom(saved: ProbeDatasetSource): Dataset {
  const { tokenizer, task, info } = saved;
  const vocab = vocabularyFromSnapshot(tokenizer.input);
  const targetVocab = tokenizer.target ? vocabularyFromSnapshot(tokenizer.target) : vocab;
  const layout: ProbeLayout = { vocab, ...probeLengths(task, saved.lengths, info), format: info.probe };
  return {
    info,
    vocab,
    targetVocab,
    ...(tokenizer.classes ? { classes: [...tokenizer.classes] } : {}),
    feeds: feedsOf(task, tokenizer),
    sizes: { train: 0, validation: 0 },
    batch(): Batch {
      throw new EngineError([coded('E_DATA', 'data.examplesNotSaved', { name: info.name })]);
    },
    preview: () => [],
    encodeProbe: (text) => encodeProbeFor(task, layout, text),
  };
}

const FEEDS: Record<DatasetTask, readonly Feed[]> = {
  lm: ['tokens', 'targets'],
  tagging: ['tokens', 'targets'],
  seq2seq: ['tokens', 'decoder_tokens', 'targets'],
  classification: ['tokens', 'labels'],
  'masked-lm': ['tokens', 'segments', 'targets'],
};

/** A masked-LM dataset with classes also trains next-sentence prediction, so it feeds is-next labels too. */
function feedsOf(task: DatasetTask, tokenizer: SavedTokenizers): readonly Feed[] {
  return task === 'masked-lm' && tokenizer.classes ? [...FEEDS[task], 'labels'] : FEEDS[task];
}

/** Used only where neither the graph nor the dataset's info gives a length. */
const FALLBACK_TOKENS: Record<DatasetTask, number> = {
  lm: DEFAULT_LM_LENGTH,
  'masked-lm': DEFAULT_MLM_LENGTH,
  tagging: 32,
  seq2seq: 32,
  classification: 32,
};

function probeLengths(task: DatasetTask, lengths: FeedLengths, info: DatasetInfo): Pick<ProbeLayout, 'tokens' | 'decoder' | 'segments'> {
  const suggested = info.suggestedLengths ?? {};
  const tokens = checkLength('tokens', lengths.tokens ?? suggested.tokens ?? FALLBACK_TOKENS[task]);
  const decoder = task === 'seq2seq' ? checkLength('decoder_tokens', lengths.decoder_tokens ?? suggested.decoder_tokens ?? tokens) : tokens;
  const segments = checkLength('segments', lengths.segments ?? tokens);
  return { tokens, decoder, segments };
}

function snapshotOf(vocab: Vocabulary): TokenizerSnapshot {
  return { kind: vocab.kind, tokens: [...vocab.tokens], ...(vocab.kind === 'word' && vocab.lowercase ? { lowercase: true } : {}) };
}

function sameSnapshot(a: TokenizerSnapshot, b: TokenizerSnapshot): boolean {
  return a.kind === b.kind && !!a.lowercase === !!b.lowercase && a.tokens.length === b.tokens.length && a.tokens.every((t, i) => t === b.tokens[i]);
}

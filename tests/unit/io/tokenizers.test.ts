import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { createDataset, createRng, listDatasets, type Dataset, type DatasetInfo, type FeedLengths } from '../../../engine/data';
import { SPECIAL_TOKENS } from '../../../engine/data/types';
import { vocabularyFromTokens } from '../../../engine/data/vocabulary';
import type { EngineError } from '../../../engine/graph/errors';
import { probeDatasetFrom, readModelFile, snapshotTokenizers, writeModelFile } from '../../../engine/io';
import { makeDoc } from '../../fixtures/docBuilder';

const sources = nodeDataSources();

/** Probes of every kind the studio sends: empty, English, Korean, symbols with spaces, masked words, pairs, over-long. */
const PROBES = [
  '',
  'hello world',
  'Call me Ishmael. Some years ago',
  'The whale [MASK] deep. [SEP] It was very [MASK]!',
  '[CLS] the food was [MASK] [SEP]',
  'It was VERY good, I loved it',
  '3 1 4 1 5 9 a b j',
  '123+45',
  '12 + 345',
  'the old man sees two dogs',
  '나는 학교에 간다',
  'x'.repeat(300),
  ' \n\t whitespace\teverywhere \n',
];

/** Lengths a graph gives, once as the dataset suggests and once as a learner changed them. */
function lengthSets(info: DatasetInfo): FeedLengths[] {
  const suggested = info.suggestedLengths ?? {};
  const changed: FeedLengths = { tokens: 9 };
  if (info.task === 'seq2seq') changed.decoder_tokens = 6;
  if (info.task === 'masked-lm') changed.segments = 9;
  return [{ tokens: 16, ...suggested }, changed];
}

const datasets = listDatasets();

describe('probeDatasetFrom(snapshotTokenizers(dataset)) behaves like the dataset', () => {
  const built = new Map<string, Dataset[]>();
  beforeAll(async () => {
    for (const info of datasets) {
      built.set(info.id, await Promise.all(lengthSets(info).map((lengths) => createDataset(info.id, { lengths, seed: 1 }, sources))));
    }
  });

  it('covers every bundled dataset and task', () => {
    expect(datasets.length).toBeGreaterThanOrEqual(9);
    expect(new Set(datasets.map((d) => d.task))).toEqual(new Set(['lm', 'tagging', 'seq2seq', 'classification', 'masked-lm']));
  });

  describe.each(datasets.map((d) => [d.id, d] as const))('%s', (id, info) => {
    it('encodes every probe to the same feeds, at the graph’s lengths', () => {
      lengthSets(info).forEach((lengths, k) => {
        const ds = built.get(id)![k];
        const probe = probeDatasetFrom({ tokenizer: snapshotTokenizers(ds), task: ds.info.task, info: ds.info, lengths });
        for (const text of PROBES) expect(probe.encodeProbe(text), `${JSON.stringify(text)} at ${JSON.stringify(lengths)}`).toEqual(ds.encodeProbe(text));
        expect(probe.feeds).toEqual(ds.feeds);
      });
    });

    it('decodes, shows tokens and names classes as the dataset does', () => {
      const ds = built.get(id)![0];
      const probe = probeDatasetFrom({ tokenizer: snapshotTokenizers(ds), task: ds.info.task, info: ds.info, lengths: lengthSets(info)[0] });
      for (const [mine, theirs] of [
        [probe.vocab, ds.vocab],
        [probe.targetVocab, ds.targetVocab],
      ] as const) {
        expect(mine.tokens).toEqual(theirs.tokens);
        expect(mine.size).toBe(theirs.size);
        expect(mine.kind).toBe(theirs.kind);
        for (let tokenId = 0; tokenId < theirs.size + 3; tokenId++) expect(mine.tokenText(tokenId)).toBe(theirs.tokenText(tokenId));
        const rng = createRng(11);
        for (let trial = 0; trial < 20; trial++) {
          const ids = Array.from({ length: 12 }, () => rng.int(theirs.size + 2));
          for (const opts of [undefined, { untilEos: true }, { keepSpecials: true }]) expect(mine.decode(ids, opts)).toBe(theirs.decode(ids, opts));
        }
        for (const text of PROBES) expect(mine.encode(text)).toEqual(theirs.encode(text));
      }
      expect(probe.targetVocab === probe.vocab).toBe(ds.targetVocab === ds.vocab || ds.targetVocab.tokens.join('\u0000') === ds.vocab.tokens.join('\u0000'));
      expect(probe.classes).toEqual(ds.classes);
      expect(probe.info).toBe(ds.info);
    });

    it('keeps its vocabulary through a model file', () => {
      const ds = built.get(id)![0];
      const tokenizer = snapshotTokenizers(ds);
      const read = readModelFile(writeModelFile({ graph: makeDoc({ tokens: { kind: 'tokenInput' } }, []), tokenizer, dataset: { kind: 'bundled', id }, runs: [] }));
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      expect(read.contents.tokenizer).toEqual(tokenizer);
      const probe = probeDatasetFrom({ tokenizer: read.contents.tokenizer!, task: ds.info.task, info: ds.info, lengths: lengthSets(info)[0] });
      for (const text of PROBES) expect(probe.encodeProbe(text)).toEqual(ds.encodeProbe(text));
    });
  });
});

describe('snapshotTokenizers', () => {
  it('stores a separate target vocabulary only where it differs, and whether words fold case', async () => {
    const translation = await createDataset('en-ko', { lengths: { tokens: 10, decoder_tokens: 10 }, seed: 1 }, sources);
    const saved = snapshotTokenizers(translation);
    expect(saved.input).toMatchObject({ kind: 'word', lowercase: true });
    expect(saved.target).toBeDefined();
    expect(saved.target!.lowercase).toBeUndefined();
    expect(saved.classes).toBeUndefined();

    const sentiment = await createDataset('sentiment', { lengths: { tokens: 32 }, seed: 1 }, sources);
    expect(snapshotTokenizers(sentiment)).toMatchObject({ input: { kind: 'word', lowercase: true }, classes: [...sentiment.classes!] });
    expect(snapshotTokenizers(sentiment).target).toBeUndefined();

    const reverse = await createDataset('reverse', { lengths: { tokens: 12 }, seed: 1 }, sources);
    expect(snapshotTokenizers(reverse)).toEqual({ input: { kind: 'char', tokens: [...reverse.vocab.tokens] } });
  });
});

describe('a dataset rebuilt from a model file', () => {
  const tokenizer = { input: { kind: 'char' as const, tokens: [...SPECIAL_TOKENS, 'a', 'b'] } };
  const info: DatasetInfo = { id: 'user:letters.txt', name: 'letters.txt', task: 'lm', description: '', source: '', licence: '', size: '' };

  it('has no examples: batches are refused with E_DATA, previews are empty', () => {
    const probe = probeDatasetFrom({ tokenizer, task: 'lm', info, lengths: { tokens: 4 } });
    expect(probe.sizes).toEqual({ train: 0, validation: 0 });
    expect(probe.preview(5)).toEqual([]);
    let error: EngineError | undefined;
    try {
      probe.batch(2, 'train', createRng(1));
    } catch (e) {
      error = e as EngineError;
    }
    expect(error?.code).toBe('E_DATA');
    expect(error?.message).toContain('letters.txt');
  });

  it('keeps the end of a long prompt for a language model and pads a short one', () => {
    const probe = probeDatasetFrom({ tokenizer, task: 'lm', info, lengths: { tokens: 4 } });
    expect(Array.from(probe.encodeProbe('abbab').tokens!.data)).toEqual([8, 8, 7, 8]);
    expect(Array.from(probe.encodeProbe('az').tokens!.data)).toEqual([7, 1, 0, 0]);
  });

  it('refuses a length no dataset can lay out', () => {
    expect(() => probeDatasetFrom({ tokenizer, task: 'lm', info, lengths: { tokens: 0 } })).toThrow(/tokens/);
  });
});

describe('vocabularyFromTokens', () => {
  it('keeps the ids exactly as given, whatever their order', () => {
    const vocab = vocabularyFromTokens('word', [...SPECIAL_TOKENS, 'zebra', 'apple'], { lowercase: true });
    expect(vocab.encode('Zebra APPLE pear')).toEqual([7, 8, 1]);
    expect(vocab.decode([7, 8, 3, 7], { untilEos: true })).toBe('zebra apple');
    expect(vocab.lowercase).toBe(true);
  });
});

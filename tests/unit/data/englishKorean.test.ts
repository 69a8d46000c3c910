import { describe, expect, it } from 'vitest';
import { copula, object, render, subject, topic } from '../../../engine/data/englishKorean';
import { ADJECTIVES, INTRANSITIVE_VERBS, NOUNS, PLACES, PRONOUNS, TRANSITIVE_VERBS } from '../../../engine/data/englishKoreanLexicon';
import { createDataset } from '../../../engine/data/index';
import { createRng } from '../../../engine/data/rng';
import { BOS, EOS, PAD, UNK, type FeedArray } from '../../../engine/data/types';

const noun = (en: string) => NOUNS.find((n) => n.en === en)!;
const verb = (base: string) => TRANSITIVE_VERBS.find((v) => v.base === base)!;
const intransitive = (base: string) => INTRANSITIVE_VERBS.find((v) => v.base === base)!;
const place = (id: string) => PLACES.find((p) => p.id === id)!;
const adjective = (en: string) => ADJECTIVES.find((a) => a.en === en)!;
const pronoun = (en: string) => ({ pronoun: PRONOUNS.find((p) => p.en === en)! });

function rows(feed: FeedArray): number[][] {
  const [b, t] = feed.shape;
  return Array.from({ length: b }, (_, i) => Array.from(feed.data.subarray(i * t, (i + 1) * t)));
}

describe('Korean particles', () => {
  it('follow the final consonant of the noun', () => {
    expect(object('학생')).toBe('학생을');
    expect(subject('학생')).toBe('학생이');
    expect(topic('학생')).toBe('학생은');
    expect(object('사과')).toBe('사과를');
    expect(subject('사과')).toBe('사과가');
    expect(topic('사과')).toBe('사과는');
  });

  it('pick the past copula by the final consonant too', () => {
    expect(copula('학생', 'past')).toBe('이었습니다');
    expect(copula('의사', 'past')).toBe('였습니다');
    expect(copula('의사', 'present')).toBe('입니다');
  });
});

describe('sentence templates', () => {
  it('render known sentences in Korean subject–object–verb order', () => {
    expect(render.profession(pronoun('I'), noun('student'), 'present')).toEqual({ en: 'I am a student', ko: '저는 학생 입니다' });
    expect(render.profession(pronoun('they'), noun('doctor'), 'past')).toEqual({ en: 'they were doctors', ko: '그들은 의사 였습니다' });
    expect(render.transitive(pronoun('I'), verb('eat'), noun('apple'), 'present')).toEqual({ en: 'I eat an apple', ko: '저는 사과를 먹습니다' });
    expect(render.transitive({ noun: noun('student') }, verb('buy'), noun('bag'), 'past', adjective('big'))).toEqual({
      en: 'the student bought a big bag',
      ko: '학생은 큰 가방을 샀습니다',
    });
    expect(render.transitiveAt(pronoun('she'), verb('read'), noun('book'), place('library'), 'present')).toEqual({
      en: 'she reads a book at the library',
      ko: '그녀는 도서관에서 책을 읽습니다',
    });
    expect(render.counted(pronoun('we'), verb('drink'), 2, noun('coffee'), 'present')).toEqual({
      en: 'we drink two cups of coffee',
      ko: '우리는 커피 두 잔을 마십니다',
    });
    expect(render.counted(pronoun('he'), verb('read'), 3, noun('book'), 'past').ko).toBe('그는 책 세 권을 읽었습니다');
    expect(render.intransitive(pronoun('he'), intransitive('go'), place('school'), 'present')).toEqual({ en: 'he goes to the school', ko: '그는 학교에 갑니다' });
    expect(render.intransitive(pronoun('I'), intransitive('go'), place('home'), 'past')).toEqual({ en: 'I went home', ko: '저는 집에 갔습니다' });
    expect(render.exists(noun('cat'), place('garden'), 'present')).toEqual({ en: 'there is a cat in the garden', ko: '정원에 고양이가 있습니다' });
    expect(render.exists(noun('book'), place('room'), 'past', 4).ko).toBe('방에 책 네 권이 있었습니다');
    expect(render.located({ noun: noun('dog') }, place('park'), 'present').ko).toBe('개가 공원에 있습니다');
    expect(render.describe({ noun: noun('apple') }, adjective('delicious'), 'present')).toEqual({ en: 'the apple is delicious', ko: '사과는 맛있습니다' });
    expect(render.age(pronoun('I'), 20, 'present')).toEqual({ en: 'I am twenty years old', ko: '저는 스무 살 입니다' });
    expect(render.age(pronoun('you'), 21, 'past')).toEqual({ en: 'you were twenty-one years old', ko: '당신은 스물한 살 이었습니다' });
  });
});

describe('en-ko dataset', () => {
  it('feeds English tokens, [BOS]+Korean to the decoder and Korean+[EOS] as targets, with separate vocabularies', async () => {
    const ds = await createDataset('en-ko', { lengths: { tokens: 10, decoder_tokens: 10 }, seed: 1 });
    expect(ds.info.task).toBe('seq2seq');
    expect(ds.vocab).not.toBe(ds.targetVocab);
    expect(ds.vocab.kind).toBe('word');
    expect(ds.sizes.train + ds.sizes.validation).toBeGreaterThanOrEqual(5000);
    const batch = ds.batch(32, 'train', createRng(2));
    expect(batch.tokens!.shape).toEqual([32, 10]);
    expect(batch.decoder_tokens!.shape).toEqual([32, 10]);
    expect(batch.targets!.shape).toEqual([32, 10]);
    const decoder = rows(batch.decoder_tokens!);
    for (const [i, target] of rows(batch.targets!).entries()) {
      const n = target.indexOf(EOS);
      expect(n).toBeGreaterThan(1);
      expect(decoder[i].slice(0, n + 1)).toEqual([BOS, ...target.slice(0, n)]);
      expect(ds.targetVocab.decode(target, { untilEos: true })).toMatch(/^[가-힣 ]+니다$/);
    }
  });

  it('never needs [UNK]: every word the templates produce is in the vocabularies, for any seed', async () => {
    for (const seed of [1, 2, 3]) {
      const ds = await createDataset('en-ko', { lengths: { tokens: 16, decoder_tokens: 16 }, seed });
      for (const split of ['train', 'validation'] as const) {
        const batch = ds.batch(3000, split, createRng(seed));
        expect(batch.tokens!.data.includes(UNK)).toBe(false);
        expect(batch.targets!.data.includes(UNK)).toBe(false);
      }
    }
  });

  it('keeps the same vocabularies across seeds, with different sentence draws', async () => {
    const a = await createDataset('en-ko', { lengths: {}, seed: 1 });
    const b = await createDataset('en-ko', { lengths: {}, seed: 2 });
    const again = await createDataset('en-ko', { lengths: {}, seed: 1 });
    expect(b.vocab.tokens).toEqual(a.vocab.tokens);
    expect(b.targetVocab.tokens).toEqual(a.targetVocab.tokens);
    expect(again.preview(20)).toEqual(a.preview(20));
    expect(b.preview(20)).not.toEqual(a.preview(20));
  });

  it('keeps validation sentences out of training', async () => {
    const ds = await createDataset('en-ko', { lengths: { tokens: 16 }, seed: 4 });
    const key = (r: number[]) => r.filter((x) => x !== PAD).join(',');
    const train = new Set(rows(ds.batch(20000, 'train', createRng(1)).tokens!).map(key));
    const validation = rows(ds.batch(600, 'validation', createRng(1)).tokens!).map(key);
    expect(validation.filter((k) => train.has(k))).toEqual([]);
  });

  it('encodes a typed English probe, case-insensitively', async () => {
    const ds = await createDataset('en-ko', { lengths: { tokens: 6, decoder_tokens: 8 }, seed: 1 });
    const probe = ds.encodeProbe('I am a Student');
    expect(ds.vocab.decode(probe.tokens!.data)).toBe('i am a student');
    expect(Array.from(probe.decoder_tokens!.data)).toEqual([BOS, 0, 0, 0, 0, 0, 0, 0]);
  });
});

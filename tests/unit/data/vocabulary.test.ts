import { describe, expect, it } from 'vitest';
import { CLS, EOS, MASK, PAD, SPECIAL_TOKENS, UNK } from '../../../engine/data/types';
import { buildCharVocabulary, buildWordVocabulary, splitWords } from '../../../engine/data/vocabulary';

describe('char vocabulary', () => {
  const vocab = buildCharVocabulary('hello world');

  it('puts the seven specials at ids 0..6 and the corpus characters after them in code-point order', () => {
    expect(vocab.tokens.slice(0, 7)).toEqual([...SPECIAL_TOKENS]);
    expect(vocab.tokens.slice(7)).toEqual([' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
    expect(vocab.size).toBe(15);
    expect(vocab.kind).toBe('char');
  });

  it('gives the same ids whatever order the corpus is read in', () => {
    expect(buildCharVocabulary(['world', ' hello']).tokens).toEqual(vocab.tokens);
  });

  it('round-trips text and maps unseen characters to [UNK]', () => {
    expect(vocab.decode(vocab.encode('hello world'))).toBe('hello world');
    expect(vocab.encode('hz')).toEqual([vocab.tokens.indexOf('h'), UNK]);
    expect(vocab.decode(vocab.encode('hz'), { keepSpecials: true })).toBe('h[UNK]');
  });

  it('drops padding, hides specials unless asked, and stops at [EOS] when told', () => {
    const ids = [...vocab.encode('he'), EOS, ...vocab.encode('lo'), PAD, PAD];
    expect(vocab.decode(ids)).toBe('helo');
    expect(vocab.decode(ids, { untilEos: true })).toBe('he');
    expect(vocab.decode(ids, { keepSpecials: true })).toBe('he[EOS]lo');
  });

  it('shows whitespace visibly on attention axes', () => {
    expect(vocab.tokenText(vocab.encode(' ')[0])).toBe('␣');
    expect(buildCharVocabulary('a\nb').tokenText(7)).toBe('↵');
    expect(vocab.tokenText(CLS)).toBe('[CLS]');
  });
});

describe('word vocabulary', () => {
  it('splits words from punctuation and keeps literal specials whole', () => {
    expect(splitWords("Don't stop, [MASK] now!")).toEqual(["Don't", 'stop', ',', '[MASK]', 'now', '!']);
    expect(splitWords('저는 학생을 봅니다.')).toEqual(['저는', '학생을', '봅니다', '.']);
  });

  it('lowercases when asked, counts, and turns rare words into [UNK]', () => {
    const vocab = buildWordVocabulary(['The cat sat.', 'the dog sat'], { lowercase: true, minCount: 2 });
    expect(vocab.tokens.slice(7)).toEqual(['sat', 'the']);
    expect(vocab.encode('THE cat sat')).toEqual([vocab.tokens.indexOf('the'), UNK, vocab.tokens.indexOf('sat')]);
  });

  it('round-trips sentences as space-joined words and encodes [MASK] to its id', () => {
    const vocab = buildWordVocabulary(['I am a student', 'you are a teacher']);
    expect(vocab.decode(vocab.encode('I am a teacher'))).toBe('I am a teacher');
    expect(vocab.encode('I [MASK] a')[1]).toBe(MASK);
    expect(vocab.tokenText(vocab.encode('student')[0])).toBe('student');
  });

  it('keeps the most frequent words when capped', () => {
    const vocab = buildWordVocabulary(['a a a b b c'], { maxWords: 2 });
    expect(vocab.tokens.slice(7)).toEqual(['a', 'b']);
  });
});

import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../engine/graph/errors';
import { createRng } from '../../../engine/data/rng';
import { createUserDataset, decodeUserBytes, parseUserData, type UserDataSource } from '../../../engine/data/userData';

function problemOf(fn: () => unknown, code: string = 'E_DATA') {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    const p = (err as EngineError).problems[0];
    expect(p.code).toBe(code);
    return p;
  }
  throw new Error(`expected an ${code} problem`);
}

const src = (name: string, text: string, task: UserDataSource['task']): UserDataSource => ({ name, text, task });

describe('decodeUserBytes', () => {
  it('reads UTF-8 with or without a byte-order mark', () => {
    const bytes = new TextEncoder().encode('héllo 한국어');
    expect(decodeUserBytes('a.txt', bytes)).toBe('héllo 한국어');
    expect(decodeUserBytes('a.txt', new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))).toBe('héllo 한국어');
  });

  it('refuses Latin-1, UTF-16 and binary files with a message naming the file and the encoding', () => {
    expect(problemOf(() => decodeUserBytes('latin.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20])), 'E_FILE_NOT_TEXT')).toMatchObject({
      message: expect.stringMatching(/latin\.txt.*not UTF-8.*byte 4 \(line 1\)/),
    });
    expect(problemOf(() => decodeUserBytes('wide.txt', new Uint8Array([0xff, 0xfe, 0x61, 0x00])), 'E_FILE_NOT_TEXT').message).toMatch(/UTF-16/);
    expect(problemOf(() => decodeUserBytes('x.bin', new Uint8Array([0x61, 0x00, 0x62])), 'E_FILE_NOT_TEXT').message).toMatch(/binary/);
  });
});

describe('parseUserData', () => {
  it('accepts a text corpus for a language model, normalising Windows line ends', () => {
    const text = 'To be, or not to be.\r\n'.repeat(20);
    const parsed = parseUserData(src('play.txt', text, 'lm'));
    expect(parsed.task).toBe('lm');
    if (parsed.task === 'lm') expect(parsed.corpus).toBe('To be, or not to be.\n'.repeat(20));
  });

  it('refuses an empty file and a corpus too short to learn from', () => {
    expect(problemOf(() => parseUserData(src('blank.txt', ' \n\n ', 'lm'))).message).toMatch(/blank\.txt.* is empty/);
    expect(problemOf(() => parseUserData(src('short.txt', 'hello world', 'lm'))).message).toMatch(/only 11 characters/);
  });

  it('reads classification CSV with a header, quoted commas and doubled quotes', () => {
    const csv = 'text,label\n"great, really great",pos\n"he said ""bad""",neg\nfine,pos\nawful,neg\n';
    const parsed = parseUserData(src('reviews.csv', csv, 'classification'));
    expect(parsed.task).toBe('classification');
    if (parsed.task === 'lm') return;
    expect(parsed.header).toEqual(['text', 'label']);
    expect(parsed.rows.map((r) => [r.input, r.target])).toEqual([
      ['great, really great', 'pos'],
      ['he said "bad"', 'neg'],
      ['fine', 'pos'],
      ['awful', 'neg'],
    ]);
    expect(parsed.rows[0].line).toBe(2);
  });

  it('reads sentence pairs from TSV without a header', () => {
    const tsv = 'I am cold.\tJ’ai froid.\nGood morning.\tBonjour.\nThank you.\tMerci.\nYes.\tOui.\n';
    const parsed = parseUserData(src('pairs.tsv', tsv, 'seq2seq'));
    if (parsed.task === 'lm') throw new Error('wrong task');
    expect(parsed.delimiter).toBe('\t');
    expect(parsed.header).toBeNull();
    expect(parsed.rows[1]).toEqual({ line: 2, input: 'Good morning.', target: 'Bonjour.' });
  });

  it('names the line with the wrong number of columns and suggests quoting', () => {
    const csv = 'text,label\nnice,pos\nok, fine,pos\nbad,neg\nmeh,neg\n';
    const p = problemOf(() => parseUserData(src('r.csv', csv, 'classification')));
    expect(p.message).toMatch(/line 3 has 3 columns; each row needs exactly 2 \(text and label\)/);
    expect(p.fix).toMatch(/double quotes/);
    expect(problemOf(() => parseUserData(src('one.tsv', 'just text\nmore text\n', 'seq2seq'))).message).toMatch(/line 1 has 1 column;/);
  });

  it('reports an unclosed quote by the line where it opens', () => {
    const csv = 'a,pos\nb,neg\n"c,pos\nd,neg\n';
    expect(problemOf(() => parseUserData(src('q.csv', csv, 'classification'))).message).toMatch(/line 3 opens a double quote/);
  });

  it('refuses empty cells, too few rows and a single class', () => {
    expect(problemOf(() => parseUserData(src('e.csv', 'a,pos\n,neg\nc,pos\nd,neg\n', 'classification'))).message).toMatch(/line 2 has an empty text column/);
    expect(problemOf(() => parseUserData(src('few.csv', 'a,pos\nb,neg\n', 'classification'))).message).toMatch(/only 2 examples/);
    expect(problemOf(() => parseUserData(src('one.csv', 'a,pos\nb,pos\nc,pos\nd,pos\n', 'classification'))).message).toMatch(/needs at least two different labels/);
  });
});

describe('createUserDataset', () => {
  it('holds out validation rows, keeps every class, and feeds the classifier', () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i % 2 ? 'bad' : 'good'} film number ${i},${i % 2 ? 'neg' : 'pos'}`);
    const parsed = parseUserData(src('films.csv', ['text,label', ...rows].join('\n'), 'classification'));
    const ds = createUserDataset(parsed, { lengths: { tokens: 8 }, seed: 3 });
    expect(ds.info).toMatchObject({ id: 'user:films.csv', task: 'classification', licence: 'Yours' });
    expect(ds.classes).toEqual(['neg', 'pos']);
    expect(ds.sizes).toEqual({ train: 18, validation: 2 });
    const batch = ds.batch(4, 'train', createRng(1));
    expect(batch.tokens?.shape).toEqual([4, 8]);
    expect(batch.labels?.shape).toEqual([4]);
    expect(ds.preview(2).every((e) => e.target === 'neg' || e.target === 'pos')).toBe(true);
  });

  it('reads sentence pairs one character at a time with a decoder feed, and a text file as a corpus', () => {
    const pairs = parseUserData(src('p.tsv', 'hi\tsalut\nyes\toui\nno\tnon\ncat\tchat\ndog\tchien\n', 'seq2seq'));
    const ds = createUserDataset(pairs, { lengths: { tokens: 6, decoder_tokens: 7 }, seed: 1 });
    expect(ds.feeds).toEqual(['tokens', 'decoder_tokens', 'targets']);
    expect(ds.targetVocab.kind).toBe('char');
    expect(ds.batch(2, 'train', createRng(2)).decoder_tokens?.shape).toEqual([2, 7]);
    const corpus = createUserDataset(parseUserData(src('t.txt', 'the sea was calm. '.repeat(30), 'lm')), { lengths: { tokens: 16 }, seed: 1 });
    expect(corpus.info.task).toBe('lm');
    expect(corpus.batch(2, 'train', createRng(3)).targets?.shape).toEqual([2, 16]);
  });
});

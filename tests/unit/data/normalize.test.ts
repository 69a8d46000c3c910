import { describe, expect, it } from 'vitest';
import { CORPUS_ALPHABET, normaliseCorpusText, stripChapterLabel } from '../../../engine/data/normalize';

describe('corpus normalisation', () => {
  it('folds typographic punctuation onto ASCII and drops rare symbols', () => {
    expect(normaliseCorpusText('“It’s a whale—there!” (1851): café')).toBe(`"It's a whale--there!" ; cafe`);
  });

  it('turns paragraphs into single lines without blank lines or doubled spaces', () => {
    expect(normaliseCorpusText('One  two.\r\n\r\n\r\nThree\tfour.\n')).toBe('One two.\nThree four.');
  });

  it('only ever produces characters of the corpus alphabet', () => {
    const text = normaliseCorpusText('Ahab’s 3 harpoons—[sic]—&c. * $ Æsop «quote» naïve');
    for (const ch of text) expect(CORPUS_ALPHABET.has(ch)).toBe(true);
  });

  it('removes the chapter label but keeps the title', () => {
    expect(stripChapterLabel('CHAPTER 12. Biographical.\n\nQueequeg was')).toBe('Biographical.\n\nQueequeg was');
  });
});

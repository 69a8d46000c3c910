/**
 * Text clean-up applied when bundled corpora are extracted (scripts/build-data.ts). It keeps a
 * character-level model's vocabulary small — letters, space, newline and nine punctuation marks — by
 * folding typographic variants onto plain ASCII and dropping the rare symbols (digits, brackets, …)
 * that would otherwise each cost an embedding row and a softmax column for a handful of occurrences.
 */

/** Every character a normalised corpus may contain. */
export const CORPUS_ALPHABET = new Set([
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ' ',
  '\n',
  ...`.,;!?'"-`,
]);

const FOLDS: [RegExp, string][] = [
  [/\r\n?/g, '\n'],
  [/[‘’‚′]/g, "'"],
  [/[“”„″]/g, '"'],
  [/[—–―]/g, '--'],
  [/:/g, ';'],
  [/[àáâä]/g, 'a'],
  [/[èéêë]/g, 'e'],
  [/[ìíîï]/g, 'i'],
  [/[òóôö]/g, 'o'],
  [/[ùúûü]/g, 'u'],
  [/[ç]/g, 'c'],
  [/[æ]/g, 'ae'],
  [/[Æ]/g, 'Ae'],
  [/[œ]/g, 'oe'],
  [/[Œ]/g, 'Oe'],
  [/[ÉÈ]/g, 'E'],
];

/** Folds one chapter or paragraph onto CORPUS_ALPHABET; paragraphs become single lines. */
export function normaliseCorpusText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of FOLDS) out = out.replace(pattern, replacement);
  out = Array.from(out, (ch) => (CORPUS_ALPHABET.has(ch) ? ch : ch === '\t' ? ' ' : '')).join('');
  return out
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** A chapter of the bundled novel without its “CHAPTER 12. ” label (the title line stays). */
export function stripChapterLabel(text: string): string {
  return text.replace(/^\s*CHAPTER\s+\d+\.\s*/i, '');
}

import { EOS, PAD, SPECIAL_TOKENS, type Vocabulary } from './types';

/**
 * Char- and word-level vocabularies. Both are built deterministically from a corpus: the seven special
 * tokens take ids 0..6 and the corpus symbols follow in code-point order, so the same text always gives
 * the same ids (a saved model stays readable) and no id depends on the order the text was read in.
 */

const SPECIAL_ID = new Map<string, number>(SPECIAL_TOKENS.map((t, i) => [t, i]));
const SPECIAL_PATTERN = '\\[(?:PAD|UNK|BOS|EOS|CLS|SEP|MASK)\\]';
/** A word is a run of letters/digits (with inner apostrophes, as in “don't”); any other visible symbol stands alone. */
const WORD_PATTERN = new RegExp(`${SPECIAL_PATTERN}|[\\p{L}\\p{N}]+(?:['’][\\p{L}\\p{N}]+)*|[^\\s\\p{L}\\p{N}]`, 'gu');

/** Visible stand-ins for whitespace, so attention-map axes show where the spaces are. */
const VISIBLE_WHITESPACE: Record<string, string> = { ' ': '␣', '\n': '↵', '\t': '⇥', '\r': '␍' };

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function assembleTokens(symbols: Iterable<string>): string[] {
  const unique = new Set<string>();
  for (const s of symbols) if (!SPECIAL_ID.has(s)) unique.add(s);
  return [...SPECIAL_TOKENS, ...[...unique].sort(codePointOrder)];
}

/** Splits text into word-level tokens; `[MASK]` and the other specials written literally stay whole. */
export function splitWords(text: string, lowercase = false): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD_PATTERN)) {
    const tok = m[0];
    out.push(lowercase && !SPECIAL_ID.has(tok) ? tok.toLowerCase() : tok);
  }
  return out;
}

function decodeIds(
  tokens: readonly string[],
  ids: ArrayLike<number>,
  opts: { untilEos?: boolean; keepSpecials?: boolean } | undefined,
  separator: string,
): string {
  const parts: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (opts?.untilEos && id === EOS) break;
    if (id === PAD) continue;
    if (id < SPECIAL_TOKENS.length && !opts?.keepSpecials) continue;
    parts.push(tokens[id] ?? SPECIAL_TOKENS[1]);
  }
  return parts.join(separator);
}

class TokenTable {
  readonly index: Map<string, number>;
  constructor(readonly tokens: readonly string[]) {
    this.index = new Map(tokens.map((t, i) => [t, i]));
  }
  id(token: string): number {
    return this.index.get(token) ?? 1;
  }
}

/**
 * A vocabulary over exactly these tokens, id for id (a saved model's vocabulary, read back from its file).
 * `tokens` must start with the special tokens and hold no token twice; character vocabularies hold one
 * code point per token after the specials. `lowercase` applies to word vocabularies only.
 */
export function vocabularyFromTokens(kind: 'char' | 'word', tokens: readonly string[], options: { lowercase?: boolean } = {}): Vocabulary {
  const table = new TokenTable([...tokens]);
  if (kind === 'char') {
    return {
      kind: 'char',
      tokens: table.tokens,
      size: table.tokens.length,
      encode: (text) => Array.from(text, (ch) => table.id(ch)),
      decode: (ids, opts) => decodeIds(table.tokens, ids, opts, ''),
      tokenText: (id) => {
        const t = table.tokens[id] ?? SPECIAL_TOKENS[1];
        return VISIBLE_WHITESPACE[t] ?? t;
      },
    };
  }
  const lowercase = options.lowercase ?? false;
  return {
    kind: 'word',
    tokens: table.tokens,
    size: table.tokens.length,
    lowercase,
    encode: (text) => splitWords(text, lowercase).map((w) => table.id(w)),
    decode: (ids, opts) => decodeIds(table.tokens, ids, opts, ' '),
    tokenText: (id) => table.tokens[id] ?? SPECIAL_TOKENS[1],
  };
}

/** One token per character (code point). Characters the corpus never showed encode as [UNK]. */
export function charVocabulary(symbols: readonly string[]): Vocabulary {
  return vocabularyFromTokens('char', assembleTokens(symbols));
}

/** Builds a char vocabulary from every character that occurs in the corpus. */
export function buildCharVocabulary(corpus: string | Iterable<string>): Vocabulary {
  const seen = new Set<string>();
  const texts = typeof corpus === 'string' ? [corpus] : corpus;
  for (const text of texts) for (const ch of text) seen.add(ch);
  return charVocabulary([...seen]);
}

export interface WordVocabularyOptions {
  /** Fold case before looking words up (English corpora), so “The” and “the” share an id. */
  lowercase?: boolean;
  /** Keep only words seen at least this often; rarer ones become [UNK]. */
  minCount?: number;
  /** Keep at most this many words (the most frequent; ties broken by code-point order). */
  maxWords?: number;
}

/** A word vocabulary over a fixed word list (order does not matter: ids follow code-point order). */
export function wordVocabulary(words: Iterable<string>, lowercase = false): Vocabulary {
  return vocabularyFromTokens('word', assembleTokens(words), { lowercase });
}

/** Builds a word vocabulary from the words of a corpus (one string per sentence or document). */
export function buildWordVocabulary(texts: Iterable<string>, options: WordVocabularyOptions = {}): Vocabulary {
  const lists: string[][] = [];
  for (const text of texts) lists.push(splitWords(text, options.lowercase));
  return wordVocabularyFromSplit(lists, options);
}

/** Builds a word vocabulary from texts already split by `splitWords` (with the same `lowercase`). */
export function wordVocabularyFromSplit(wordLists: Iterable<readonly string[]>, options: WordVocabularyOptions = {}): Vocabulary {
  const { lowercase = false, minCount = 1, maxWords = Infinity } = options;
  const counts = new Map<string, number>();
  for (const words of wordLists) for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  let kept = [...counts].filter(([, c]) => c >= minCount);
  if (kept.length > maxWords) {
    kept = kept.sort((a, b) => b[1] - a[1] || codePointOrder(a[0], b[0])).slice(0, maxWords);
  }
  return wordVocabulary(
    kept.map(([w]) => w),
    lowercase,
  );
}

/**
 * A learner's own data: a plain-text corpus for a language model, or a CSV/TSV file of labelled texts
 * (classification) or sentence pairs (seq2seq). Everything that can be wrong with such a file is reported
 * as an E_DATA problem that says what is wrong, where (line number), and what to do — never a stack trace.
 */
import { coded, EngineError, type MessageKey, type MessageParams, type Problem } from '../graph/errors';
import { decodeTextFile, TextFileDecoder, textFileSizeProblem } from '../io/textFile';
import { createCorpusDataset } from './corpus';
import { createExampleDataset } from './exampleDataset';
import { createRng } from './rng';
import { shuffleInPlace } from './sampling';
import type { Dataset, DatasetInfo, DatasetOptions } from './types';
import { buildCharVocabulary, buildWordVocabulary } from './vocabulary';

export type UserDataTask = 'lm' | 'classification' | 'seq2seq';

export interface UserDataSource {
  /** File name, for messages. */
  name: string;
  text: string;
  task: UserDataTask;
}

export interface UserRow {
  /** 1-based line where the row starts, for messages. */
  line: number;
  input: string;
  target: string;
}

export type ParsedUserData =
  | { task: 'lm'; name: string; corpus: string }
  | { task: 'classification' | 'seq2seq'; name: string; rows: UserRow[]; delimiter: ',' | '\t'; header: [string, string] | null };

/** Large enough for a real corpus, small enough that the worker never holds a surprise gigabyte. */
export const MAX_USER_DATA_CHARS = 20_000_000;
/**
 * The most bytes of a data file read at all, checked before reading (a larger file is refused with its size and
 * this limit): four bytes per character, so any UTF-8 file within MAX_USER_DATA_CHARS fits.
 */
export const MAX_USER_DATA_BYTES = 4 * MAX_USER_DATA_CHARS;
const USER_DATA_RULES = { kind: 'data', maxBytes: MAX_USER_DATA_BYTES } as const;
export const MIN_CORPUS_CHARS = 200;
export const MIN_ROWS = 4;
export const MAX_CLASSES = 256;

function dataProblem(key: MessageKey, params: MessageParams, fixKey?: MessageKey): EngineError {
  const problem: Problem = coded('E_DATA', key, params, fixKey);
  return new EngineError([problem]);
}

/**
 * Bytes of a chosen file → text, with the decoder graph files use: UTF-8 only (a byte-order mark dropped); another
 * encoding, UTF-16 or a binary file is E_FILE_NOT_TEXT, a file over MAX_USER_DATA_BYTES is E_FILE_TOO_LARGE.
 */
export function decodeUserBytes(name: string, bytes: Uint8Array): string {
  const decoded = decodeTextFile(name, bytes, USER_DATA_RULES);
  if (!decoded.ok) throw new EngineError(decoded.problems);
  return decoded.text;
}

/** E_FILE_TOO_LARGE for a data file of `bytes` bytes, before any of it is read; null when it fits. */
export function userDataSizeProblem(name: string, bytes: number): Problem | null {
  return textFileSizeProblem(name, bytes, USER_DATA_RULES);
}

/** How far reading a data file has got: bytes read and decoded, then characters split into rows. */
export interface UserDataProgress {
  phase: 'reading' | 'checking';
  done: number;
  total: number;
}

/** A file's bytes, one chunk at a time; null at the end. */
export interface ByteChunkSource {
  next(): Promise<Uint8Array | null>;
}

/**
 * Reads a data file chunk by chunk: the size is checked before the first chunk (`declaredBytes`) and as chunks
 * arrive, each chunk is decoded as it comes, then the text is checked for its task. Throws EngineError.
 */
export async function readUserData(
  file: { name: string; bytes: number; task: UserDataTask },
  chunks: ByteChunkSource,
  onProgress?: (progress: UserDataProgress) => void,
): Promise<{ source: UserDataSource; parsed: ParsedUserData }> {
  const decoder = new TextFileDecoder(file.name, USER_DATA_RULES, file.bytes);
  onProgress?.({ phase: 'reading', done: 0, total: file.bytes });
  for (let chunk = await chunks.next(); chunk; chunk = await chunks.next()) {
    decoder.push(chunk);
    onProgress?.({ phase: 'reading', done: decoder.bytesRead, total: Math.max(file.bytes, decoder.bytesRead) });
  }
  const source: UserDataSource = { name: file.name, text: decoder.finish(), task: file.task };
  const parsed = parseUserData(source, { onProgress: (done, total) => onProgress?.({ phase: 'checking', done, total }) });
  return { source, parsed };
}

/** Checks and splits a user's file for its task. Throws EngineError (E_DATA) with a clear message. */
export function parseUserData(source: UserDataSource, options: { onProgress?: (charsDone: number, charsTotal: number) => void } = {}): ParsedUserData {
  const { name, task } = source;
  const text = source.text.replace(/\r\n?/g, '\n');
  if (text.length > MAX_USER_DATA_CHARS) {
    throw dataProblem('data.tooManyChars', { name, chars: text.length, max: MAX_USER_DATA_CHARS });
  }
  if (!text.trim()) throw dataProblem('data.empty', { name });

  if (task === 'lm') {
    if (text.length < MIN_CORPUS_CHARS) {
      throw dataProblem('data.tooShort', { name, chars: String(text.length), min: String(MIN_CORPUS_CHARS) });
    }
    return { task, name, corpus: text };
  }

  const delimiter = detectDelimiter(name, text);
  const expected = task === 'classification' ? 'text and label' : 'source and target';
  const sep = delimiter === '\t' ? 'a tab' : 'a comma';
  // Rows are checked as the splitter finds them (the first problem in file order is reported), so a file of
  // millions of rows holds one row object each, not a record and a row.
  const rows: UserRow[] = [];
  let header: [string, string] | null = null;
  let records = 0;
  forEachRecord(
    name,
    text,
    delimiter,
    (line, fields) => {
      if (fields.length !== 2) {
        const params = { name, line: String(line), count: String(fields.length), columns: expected, separator: sep };
        throw dataProblem(fields.length === 1 ? 'data.columnsOne' : 'data.columns', params, delimiter === ',' ? undefined : 'data.columnsTsv');
      }
      if (records++ === 0 && looksLikeHeader(fields, task)) {
        header = [fields[0], fields[1]];
        return;
      }
      const input = fields[0].trim();
      const target = fields[1].trim();
      if (!input || !target) {
        const column = !input ? (task === 'classification' ? 'text' : 'source') : task === 'classification' ? 'label' : 'target';
        throw dataProblem('data.emptyColumn', { name, line: String(line), column });
      }
      rows.push({ line, input, target });
    },
    options.onProgress,
  );
  if (!records) throw dataProblem('data.noRows', { name });
  if (rows.length < MIN_ROWS) {
    throw dataProblem(rows.length === 1 ? 'data.tooFewRowsOne' : 'data.tooFewRows', { name, count: String(rows.length), min: String(MIN_ROWS) });
  }
  if (task === 'classification') {
    const classes = new Set(rows.map((r) => r.target));
    if (classes.size < 2) {
      throw dataProblem('data.oneLabel', { name, label: rows[0].target });
    }
    if (classes.size > MAX_CLASSES) {
      throw dataProblem('data.tooManyLabels', { name, count: String(classes.size), max: String(MAX_CLASSES) });
    }
  }
  return { task, name, rows, delimiter, header };
}

/** Share of the rows held out for validation (at least one row). */
export const USER_VALIDATION_SHARE = 0.1;

/** Info for the picker and the “About the data” view: the learner's own file, under their own terms. */
export function userDatasetInfo(parsed: ParsedUserData): DatasetInfo {
  const size =
    parsed.task === 'lm'
      ? `${parsed.corpus.length.toLocaleString('en')} characters`
      : `${parsed.rows.length.toLocaleString('en')} ${parsed.task === 'classification' ? 'labelled texts' : 'pairs'}`;
  return {
    id: `user:${parsed.name}`,
    name: parsed.name,
    task: parsed.task,
    description:
      parsed.task === 'lm'
        ? 'Your own text, read one character at a time.'
        : parsed.task === 'classification'
          ? 'Your own labelled texts, read word by word.'
          : 'Your own sentence pairs, read one character at a time.',
    source: 'Your file (stays on this computer)',
    licence: 'Yours',
    size,
  };
}

/**
 * A dataset over labelled rows or sentence pairs. Rows are shuffled with the run seed before the
 * validation rows are taken, so a file sorted by label still validates on every class. Classification
 * reads words (lower-cased), pairs read characters: short learner files rarely have enough repeats of a
 * word to learn it, while characters always repeat.
 */
export function createUserRowsDataset(parsed: Extract<ParsedUserData, { rows: UserRow[] }>, options: DatasetOptions): Dataset {
  const info = userDatasetInfo(parsed);
  const rows = shuffleInPlace(parsed.rows.slice(), createRng(options.seed));
  const held = Math.max(1, Math.round(rows.length * USER_VALIDATION_SHARE));
  const validationRows = rows.slice(0, held);
  const trainRows = rows.slice(held);
  if (parsed.task === 'classification') {
    const vocab = buildWordVocabulary(rows.map((r) => r.input), { lowercase: true });
    const classes = [...new Set(parsed.rows.map((r) => r.target))].sort();
    const toExample = (r: UserRow) => ({ input: vocab.encode(r.input), label: classes.indexOf(r.target), text: r.input });
    const train = trainRows.map(toExample);
    const validation = validationRows.map(toExample);
    // [CLS] comes first, so a row of n words needs n + 1 positions.
    info.suggestedLengths = { tokens: suggestedLength(longestOf(train, validation, (e) => e.input.length) + 1) };
    return createExampleDataset({ task: 'classification', info, vocab, classes, lengths: options.lengths, train, validation });
  }
  const vocab = buildCharVocabulary(rows.map((r) => r.input));
  const targetVocab = buildCharVocabulary(rows.map((r) => r.target));
  const toExample = (r: UserRow) => ({ input: vocab.encode(r.input), output: targetVocab.encode(r.target) });
  const train = trainRows.map(toExample);
  const validation = validationRows.map(toExample);
  // The decoder reads [BOS] and the target, and the targets end with [EOS]: one position more than the target.
  info.suggestedLengths = {
    tokens: suggestedLength(longestOf(train, validation, (e) => e.input.length)),
    decoder_tokens: suggestedLength(longestOf(train, validation, (e) => e.output.length) + 1),
  };
  return createExampleDataset({ task: 'seq2seq', info, vocab, targetVocab, lengths: options.lengths, train, validation });
}

/**
 * Longest Token Input length suggested for a learner's rows: the length that fits every row, up to this. A file
 * with one very long row would otherwise ask for a model many times slower for the sake of that row.
 */
export const MAX_SUGGESTED_USER_LENGTH = 256;

function suggestedLength(longest: number): number {
  return Math.max(1, Math.min(MAX_SUGGESTED_USER_LENGTH, longest));
}

function longestOf<E>(a: readonly E[], b: readonly E[], length: (e: E) => number): number {
  let max = 0;
  for (const e of a) max = Math.max(max, length(e));
  for (const e of b) max = Math.max(max, length(e));
  return max;
}

/** Any parsed user file as a dataset: a character corpus for a language model, or rows. */
export function createUserDataset(parsed: ParsedUserData, options: DatasetOptions): Dataset {
  if (parsed.task === 'lm') return createCorpusDataset(userDatasetInfo(parsed), parsed.corpus, options.lengths);
  return createUserRowsDataset(parsed, options);
}

/** Tab when the name says so or the first line has a tab; otherwise comma. */
function detectDelimiter(name: string, text: string): ',' | '\t' {
  if (/\.tsv$/i.test(name)) return '\t';
  if (/\.csv$/i.test(name)) return ',';
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  return firstLine.includes('\t') ? '\t' : ',';
}

export interface RawRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

/**
 * Calls `onRecord` with each RFC 4180 record: fields in double quotes may hold the delimiter, newlines and doubled quotes. TSV is
 * read the same way, which is what spreadsheet programs write. Blank lines are skipped. Plain runs of
 * characters are sliced out whole rather than added one by one: a file of millions of rows is split in
 * one pass of character codes, reporting how far it has got every million characters.
 */
export function forEachRecord(
  name: string,
  text: string,
  delimiter: string,
  onRecord: (line: number, fields: readonly string[]) => void,
  onProgress?: (done: number, total: number) => void,
): void {
  const separator = delimiter.charCodeAt(0);
  /** Reused for every record: `onRecord` must copy what it keeps. */
  const fields: string[] = [];
  let field = '';
  /** Start of the characters not yet added to `field`. */
  let pending = 0;
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let fieldStarted = false;
  let nextReport = PROGRESS_CHARS;
  const endRecord = (last: string) => {
    fields.push(last);
    if (!(fields.length === 1 && !fields[0].trim())) onRecord(recordLine, fields);
    fields.length = 0;
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    if (i >= nextReport) {
      onProgress?.(i, text.length);
      nextReport += PROGRESS_CHARS;
    }
    const c = text.charCodeAt(i);
    if (quoted) {
      if (c === QUOTE) {
        field += text.slice(pending, i);
        if (text.charCodeAt(i + 1) === QUOTE) {
          field += '"';
          i++;
        } else quoted = false;
        pending = i + 1;
      } else if (c === NEWLINE) line++;
      continue;
    }
    if (c === QUOTE && !fieldStarted) {
      field += text.slice(pending, i);
      pending = i + 1;
      quoted = true;
      quoteLine = line;
      fieldStarted = true;
    } else if (c === separator) {
      fields.push(field + text.slice(pending, i));
      field = '';
      pending = i + 1;
      fieldStarted = false;
    } else if (c === NEWLINE) {
      endRecord(field + text.slice(pending, i));
      pending = i + 1;
      line++;
      recordLine = line;
    } else if (c !== SPACE) fieldStarted = true;
  }
  if (quoted) {
    throw dataProblem('data.openQuote', { name, line: String(quoteLine) });
  }
  const last = field + text.slice(pending);
  if (last || fields.length) endRecord(last);
  onProgress?.(text.length, text.length);
}

/** Every record of the text, as forEachRecord finds them. */
export function splitRecords(name: string, text: string, delimiter: string, onProgress?: (done: number, total: number) => void): RawRecord[] {
  const records: RawRecord[] = [];
  forEachRecord(name, text, delimiter, (line, fields) => records.push({ line, fields: [...fields] }), onProgress);
  return records;
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const PROGRESS_CHARS = 1 << 20;

const HEADER_WORDS: Record<'classification' | 'seq2seq', [RegExp, RegExp]> = {
  classification: [/^(text|sentence|review|input|document|message|x)$/i, /^(label|class|category|sentiment|target|y)$/i],
  seq2seq: [/^(source|src|input|from|english|en|question|x)$/i, /^(target|tgt|output|to|translation|answer|y|[a-z]{2})$/i],
};

function looksLikeHeader(fields: readonly string[], task: 'classification' | 'seq2seq'): boolean {
  const [a, b] = HEADER_WORDS[task];
  return a.test(fields[0].trim()) && b.test(fields[1].trim());
}

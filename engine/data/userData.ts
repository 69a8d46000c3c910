/**
 * A learner's own data: a plain-text corpus for a language model, or a CSV/TSV file of labelled texts
 * (classification) or sentence pairs (seq2seq). Everything that can be wrong with such a file is reported
 * as an E_DATA problem that says what is wrong, where (line number), and what to do — never a stack trace.
 */
import { EngineError, type Problem } from '../graph/errors';
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
export const MIN_CORPUS_CHARS = 200;
export const MIN_ROWS = 4;
export const MAX_CLASSES = 256;

function dataProblem(message: string, fix: string): EngineError {
  const problem: Problem = { code: 'E_DATA', message, fix };
  return new EngineError([problem]);
}

/**
 * Bytes of a chosen file → text. Only UTF-8 is accepted (with or without a byte-order mark); a file in
 * another encoding, or a binary file, is refused with a message instead of being read as mojibake.
 */
export function decodeUserBytes(name: string, bytes: Uint8Array): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw dataProblem(`“${name}” is saved as UTF-16, not UTF-8.`, 'Save the file again as “UTF-8” (most editors offer it under Save As → Encoding).');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw dataProblem(
      `“${name}” is not UTF-8 text (it may be in another encoding such as Latin-1, or not a text file at all).`,
      'Save the file as UTF-8 text, or choose a .txt, .csv or .tsv file.',
    );
  }
  if (text.includes('\u0000')) {
    throw dataProblem(`“${name}” contains NUL bytes, so it looks like a binary file, not text.`, 'Choose a plain .txt, .csv or .tsv file.');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Checks and splits a user's file for its task. Throws EngineError (E_DATA) with a clear message. */
export function parseUserData(source: UserDataSource): ParsedUserData {
  const { name, task } = source;
  const text = source.text.replace(/\r\n?/g, '\n');
  if (text.length > MAX_USER_DATA_CHARS) {
    throw dataProblem(
      `“${name}” has ${text.length.toLocaleString('en')} characters; the studio reads at most ${MAX_USER_DATA_CHARS.toLocaleString('en')}.`,
      'Use a shorter excerpt of the file.',
    );
  }
  if (!text.trim()) throw dataProblem(`“${name}” is empty.`, 'Choose a file with some text in it.');

  if (task === 'lm') {
    if (text.length < MIN_CORPUS_CHARS) {
      throw dataProblem(
        `“${name}” has only ${text.length} characters; a language model needs at least ${MIN_CORPUS_CHARS} to learn from.`,
        'Choose a longer text (a few pages at least).',
      );
    }
    return { task, name, corpus: text };
  }

  const delimiter = detectDelimiter(name, text);
  const records = splitRecords(name, text, delimiter);
  if (!records.length) throw dataProblem(`“${name}” has no rows.`, 'Add one example per line.');
  const expected = task === 'classification' ? 'text and label' : 'source and target';
  const sep = delimiter === '\t' ? 'a tab' : 'a comma';
  for (const r of records) {
    if (r.fields.length !== 2) {
      throw dataProblem(
        `“${name}” line ${r.line} has ${r.fields.length} column${r.fields.length === 1 ? '' : 's'}; each row needs exactly 2 (${expected}) separated by ${sep}.`,
        delimiter === ','
          ? 'Put text that contains commas in double quotes ("like, this"), or save the file as TSV.'
          : `Give every row exactly two columns: ${expected}.`,
      );
    }
  }
  const header = looksLikeHeader(records[0].fields, task) ? (records[0].fields as [string, string]) : null;
  const body = header ? records.slice(1) : records;
  const rows: UserRow[] = [];
  for (const r of body) {
    const [input, target] = r.fields.map((f) => f.trim());
    if (!input || !target) {
      throw dataProblem(
        `“${name}” line ${r.line} has an empty ${!input ? (task === 'classification' ? 'text' : 'source') : task === 'classification' ? 'label' : 'target'} column.`,
        'Fill in both columns or remove the row.',
      );
    }
    rows.push({ line: r.line, input, target });
  }
  if (rows.length < MIN_ROWS) {
    throw dataProblem(`“${name}” has only ${rows.length} example${rows.length === 1 ? '' : 's'}; at least ${MIN_ROWS} are needed (some are held out for validation).`, 'Add more rows.');
  }
  if (task === 'classification') {
    const classes = new Set(rows.map((r) => r.target));
    if (classes.size < 2) {
      throw dataProblem(`Every row of “${name}” has the label “${rows[0].target}”; a classifier needs at least two different labels.`, 'Add examples of another class, or check that the label is the second column.');
    }
    if (classes.size > MAX_CLASSES) {
      throw dataProblem(
        `“${name}” has ${classes.size} different labels (at most ${MAX_CLASSES}); the label is probably not the second column.`,
        'Put the text first and the label second, one short label per row.',
      );
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
    return createExampleDataset({
      task: 'classification',
      info,
      vocab,
      classes,
      lengths: options.lengths,
      train: trainRows.map(toExample),
      validation: validationRows.map(toExample),
    });
  }
  const vocab = buildCharVocabulary(rows.map((r) => r.input));
  const targetVocab = buildCharVocabulary(rows.map((r) => r.target));
  const toExample = (r: UserRow) => ({ input: vocab.encode(r.input), output: targetVocab.encode(r.target) });
  return createExampleDataset({
    task: 'seq2seq',
    info,
    vocab,
    targetVocab,
    lengths: options.lengths,
    train: trainRows.map(toExample),
    validation: validationRows.map(toExample),
  });
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

interface RawRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180 records: fields in double quotes may hold the delimiter, newlines and doubled quotes. TSV is
 * read the same way, which is what spreadsheet programs write. Blank lines are skipped.
 */
function splitRecords(name: string, text: string, delimiter: string): RawRecord[] {
  const records: RawRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let fieldStarted = false;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && !fields[0].trim())) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      quoteLine = line;
      fieldStarted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\n') {
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += c;
      if (c !== ' ') fieldStarted = true;
    }
  }
  if (quoted) {
    throw dataProblem(`“${name}” line ${quoteLine} opens a double quote that is never closed.`, 'Close the quote, or write a literal quote as two quotes ("").');
  }
  if (field || fields.length) endRecord();
  return records;
}

const HEADER_WORDS: Record<'classification' | 'seq2seq', [RegExp, RegExp]> = {
  classification: [/^(text|sentence|review|input|document|message|x)$/i, /^(label|class|category|sentiment|target|y)$/i],
  seq2seq: [/^(source|src|input|from|english|en|question|x)$/i, /^(target|tgt|output|to|translation|answer|y|[a-z]{2})$/i],
};

function looksLikeHeader(fields: string[], task: 'classification' | 'seq2seq'): boolean {
  const [a, b] = HEADER_WORDS[task];
  return a.test(fields[0].trim()) && b.test(fields[1].trim());
}

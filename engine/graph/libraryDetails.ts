/**
 * What a library said (a zod schema issue, a JSON syntax error) as one of the engine's own phrases: a
 * `detailKey` and its params beside the library's text in `detail`. The CLI and logs keep the library's words;
 * the UI says the phrase in the learner's language and keeps the library's words only as a secondary detail.
 */
import type { MessageKey, MessageParams } from './messages';

/** The params a problem carries for a library's detail: the library's text, and the phrase that says it. */
export type LibraryDetail = { detail: string; detailKey: MessageKey } & MessageParams;

/** The fields of a zod issue the phrases read (zod 4's issue shapes, read structurally so any issue fits). */
export interface SchemaIssueLike {
  code: string;
  message: string;
  expected?: unknown;
  origin?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: unknown;
  values?: unknown;
  keys?: unknown;
  format?: unknown;
  divisor?: unknown;
}

const TYPE_KEYS: Record<string, MessageKey> = {
  number: 'detail.schema.number',
  int: 'detail.schema.integer',
  string: 'detail.schema.string',
  boolean: 'detail.schema.boolean',
  array: 'detail.schema.array',
  tuple: 'detail.schema.array',
  object: 'detail.schema.object',
  record: 'detail.schema.object',
};

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

function quotedList(values: readonly unknown[], max = 8): string {
  const shown = values.slice(0, max).map((v) => (typeof v === 'string' ? `“${v.slice(0, 40)}”` : String(v)));
  return values.length > max ? `${shown.join(', ')}, …` : shown.join(', ');
}

function boundKey(issue: SchemaIssueLike, side: 'min' | 'max'): MessageKey {
  const origin = issue.origin;
  if (origin === 'string') return side === 'min' ? 'detail.schema.minLength' : 'detail.schema.maxLength';
  if (origin === 'array' || origin === 'set') return side === 'min' ? 'detail.schema.minItems' : 'detail.schema.maxItems';
  const inclusive = issue.inclusive !== false;
  if (side === 'min') return inclusive ? 'detail.schema.atLeast' : 'detail.schema.above';
  return inclusive ? 'detail.schema.atMost' : 'detail.schema.below';
}

/** A schema issue as a phrase: “expected a number”, “must be at most 4096”, “must be one of …”. */
export function schemaIssueDetail(issue: SchemaIssueLike, detail: string = issue.message): LibraryDetail {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = typeof issue.expected === 'string' ? issue.expected : '';
      const key = TYPE_KEYS[expected];
      return key ? { detail, detailKey: key } : { detail, detailKey: 'detail.schema.type', expected: expected || '?' };
    }
    case 'too_small': {
      const minimum = asNumber(issue.minimum);
      if (minimum !== undefined) return { detail, detailKey: boundKey(issue, 'min'), minimum };
      break;
    }
    case 'too_big': {
      const maximum = asNumber(issue.maximum);
      if (maximum !== undefined) return { detail, detailKey: boundKey(issue, 'max'), maximum };
      break;
    }
    case 'invalid_value':
      if (Array.isArray(issue.values) && issue.values.length) return { detail, detailKey: 'detail.schema.oneOf', options: quotedList(issue.values) };
      break;
    case 'unrecognized_keys':
      if (Array.isArray(issue.keys)) return { detail, detailKey: 'detail.schema.unknownKeys', keys: quotedList(issue.keys) };
      break;
    case 'invalid_format':
      return { detail, detailKey: 'detail.schema.format', format: typeof issue.format === 'string' ? issue.format : '?' };
    case 'not_multiple_of': {
      const divisor = asNumber(issue.divisor);
      if (divisor !== undefined) return { detail, detailKey: 'detail.schema.multipleOf', divisor };
      break;
    }
  }
  return { detail, detailKey: 'detail.schema.invalid' };
}

/**
 * A JSON syntax error as a phrase with its line and column where the parser says where (V8: “… at position 17”,
 * Firefox: “… at line 2 column 5”), from the text that failed to parse.
 */
export function jsonSyntaxDetail(error: unknown, text: string, detail: string = error instanceof Error ? error.message : String(error)): LibraryDetail {
  const message = error instanceof Error ? error.message : String(error);
  const located = typeof text === 'string' ? jsonErrorOffset(text) : undefined;
  if (located !== undefined) {
    if (located >= text.length) return { detail, detailKey: 'detail.json.end' };
    return { detail, detailKey: 'detail.json.syntaxAt', ...lineAndColumn(text, located) };
  }
  const lineColumn = /line (\d+) column (\d+)/i.exec(message);
  if (lineColumn) return { detail, detailKey: 'detail.json.syntaxAt', line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/i.exec(message);
  if (position) {
    return { detail, detailKey: 'detail.json.syntaxAt', ...lineAndColumn(text, Math.min(Number(position[1]), text.length)) };
  }
  if (/unexpected end|end of (the )?(json )?(input|data)/i.test(message) || text.trim() === '') return { detail, detailKey: 'detail.json.end' };
  return { detail, detailKey: 'detail.json.syntax' };
}

/** The 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const JSON_WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The end of the string starting at `at` (a `"`), or the offset of its first fault as a negative number minus one. */
function scanJsonString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') return i + 1;
    if (ch.charCodeAt(0) < 0x20) return -i - 1;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -(i + 1) - 1;
        i += 5;
      } else if (next !== undefined && JSON_ESCAPES.has(next)) i++;
      else return -(i + 1) - 1;
    }
  }
  return -text.length - 1;
}

/**
 * Where JSON text first breaks the grammar (the text's length when it ends too early), or undefined when it
 * parses. Every engine's JSON.parse says this differently, and some not at all; this says it the same way
 * everywhere. Iterative, so no nesting can exhaust the stack.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const closers: string[] = [];
  type Want = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after';
  let want: Want = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && JSON_WHITESPACE.has(text[i])) i++;
    if (i >= text.length) return want === 'after' && closers.length === 0 ? undefined : text.length;
    const ch = text[i];
    if (want === 'after') {
      const closer = closers[closers.length - 1];
      if (closer === undefined) return i;
      if (ch === ',') want = closer === '}' ? 'key' : 'value';
      else if (ch === closer) closers.pop();
      else return i;
      i++;
    } else if (want === 'colon') {
      if (ch !== ':') return i;
      want = 'value';
      i++;
    } else if (want === 'key' || want === 'keyOrClose') {
      if (want === 'keyOrClose' && ch === '}') {
        closers.pop();
        want = 'after';
        i++;
        continue;
      }
      if (ch !== '"') return i;
      const end = scanJsonString(text, i);
      if (end < 0) return -end - 1;
      i = end;
      want = 'colon';
    } else {
      if (want === 'valueOrClose' && ch === ']') {
        closers.pop();
        want = 'after';
        i++;
      } else if (ch === '{') {
        closers.push('}');
        want = 'keyOrClose';
        i++;
      } else if (ch === '[') {
        closers.push(']');
        want = 'valueOrClose';
        i++;
      } else if (ch === '"') {
        const end = scanJsonString(text, i);
        if (end < 0) return -end - 1;
        i = end;
        want = 'after';
      } else {
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
        if (literal) i += literal.length;
        else {
          JSON_NUMBER.lastIndex = i;
          const number = JSON_NUMBER.exec(text);
          if (!number) return i;
          i += number[0].length;
        }
        want = 'after';
      }
    }
  }
}

/**
 * Bytes of a file the user chose → text, done one way everywhere: graph files opened in the app or given to the
 * command line, and the learner's own data files. Only UTF-8 is read; a byte-order mark is dropped; anything that
 * is not UTF-8 (another encoding, UTF-16, a binary file) is refused with E_FILE_NOT_TEXT naming the byte and line,
 * never decoded into replacement characters. The size is checked against the caller's limit before any byte is
 * decoded (E_FILE_TOO_LARGE), and again while chunks arrive, so a file that grows or lies about its size is stopped
 * at the limit.
 *
 * `TextFileDecoder` takes the bytes in chunks (a file read as a stream, with progress); `decodeTextFile` is the
 * same decoder given the whole file at once.
 */
import { coded, EngineError, type Problem } from '../graph/errors';
import { formatBytes } from '../train/memory';

export interface TextFileRules {
  /** What the file is for: picks the words of the messages and their fixes. */
  kind: 'graph' | 'data';
  /** The most bytes read; a larger file is refused before it is decoded. */
  maxBytes: number;
}

export type DecodeTextResult = { ok: true; text: string } | { ok: false; problems: Problem[] };

const NEWLINE = 0x0a;

function quoted(name: string): string {
  return name ? `“${name}”` : 'The file';
}

function notText(name: string, kind: TextFileRules['kind'], why: 'text.utf16' | 'text.binary' | 'text.notUtf8', where: { byte?: number; line?: number } = {}): Problem {
  return coded('E_FILE_NOT_TEXT', why, { file: quoted(name), ...where }, kind === 'graph' ? 'text.fixGraph' : 'text.fixData');
}

/** E_FILE_TOO_LARGE when `bytes` is over the limit, stating both sizes; null when it fits. */
export function textFileSizeProblem(name: string, bytes: number, rules: TextFileRules): Problem | null {
  if (bytes <= rules.maxBytes) return null;
  const params = { file: quoted(name), size: formatBytes(bytes), bytes, max: formatBytes(rules.maxBytes), maxBytes: rules.maxBytes };
  return coded('E_FILE_TOO_LARGE', rules.kind === 'graph' ? 'text.graphTooLarge' : 'text.dataTooLarge', params);
}

/** Bytes a UTF-8 sequence starting with `lead` occupies; 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Index of the first byte where `bytes` stops being well-formed UTF-8 (overlong forms, surrogates and code points
 * above U+10FFFF included), or -1. A sequence cut off by the end of `bytes` counts as invalid only when `final`.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const length = sequenceLength(lead);
    if (length === 0) return i;
    if (length === 1) {
      i++;
      continue;
    }
    // The second byte's range also rules out overlong forms, surrogates and values past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return final ? i : -1;
      const b = bytes[i + k];
      if (k === 1 ? b < low || b > high : b < 0x80 || b > 0xbf) return i;
    }
    i += length;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** The last bytes of a chunk that start a sequence the chunk does not finish (at most 3). */
function unfinishedTail(chunk: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const lead = chunk[chunk.length - back];
    if (lead >= 0x80 && lead <= 0xbf) continue;
    return sequenceLength(lead) > back ? chunk.subarray(chunk.length - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/**
 * Decodes a file chunk by chunk. `push` and `finish` throw EngineError (E_FILE_NOT_TEXT, E_FILE_TOO_LARGE); after
 * one has thrown, the decoder is spent.
 */
export class TextFileDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly parts: string[] = [];
  /** The first two bytes, to tell UTF-16 apart in the message. */
  private readonly head: number[] = [];
  private tail: Uint8Array = new Uint8Array(0);
  private newlines = 0;
  private read = 0;

  /** `declaredBytes`: the size the file says it has (File.size, fs.stat), checked before anything is read. */
  constructor(
    readonly name: string,
    private readonly rules: TextFileRules,
    declaredBytes?: number,
  ) {
    const tooLarge = declaredBytes === undefined ? null : textFileSizeProblem(name, declaredBytes, rules);
    if (tooLarge) throw new EngineError([tooLarge]);
  }

  /** Bytes taken so far. */
  get bytesRead(): number {
    return this.read;
  }

  push(chunk: Uint8Array): void {
    const tooLarge = textFileSizeProblem(this.name, this.read + chunk.length, this.rules);
    if (tooLarge) throw new EngineError([tooLarge]);
    for (let i = 0; i < chunk.length && this.head.length < 2; i++) this.head.push(chunk[i]);
    if (this.savedAsUtf16()) throw new EngineError([notText(this.name, this.rules.kind, 'text.utf16')]);
    const nul = chunk.indexOf(0);
    if (nul !== -1) {
      throw new EngineError([notText(this.name, this.rules.kind, 'text.binary', { byte: this.read + nul + 1, line: this.lineAt(chunk, nul) })]);
    }
    try {
      this.parts.push(this.decoder.decode(chunk, { stream: true }));
    } catch {
      this.refuse(chunk);
    }
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, i + 1)) this.newlines++;
    const recent = chunk.length >= 3 ? chunk.subarray(chunk.length - 3) : concat(this.tail, chunk).subarray(-3);
    // Copied: a caller may reuse its chunk buffer for the next read.
    this.tail = unfinishedTail(recent).slice();
    this.read += chunk.length;
  }

  /** The whole text, without a leading byte-order mark. */
  finish(): string {
    try {
      this.parts.push(this.decoder.decode());
    } catch {
      this.refuse(new Uint8Array(0));
    }
    const text = this.parts.join('');
    this.parts.length = 0;
    return text;
  }

  /** A UTF-16 byte-order mark: the bytes are text, in the wrong encoding, which the message should say. */
  private savedAsUtf16(): boolean {
    const [a, b] = this.head;
    return (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff);
  }

  /** 1-based line of `chunk[index]`. */
  private lineAt(chunk: Uint8Array, index: number): number {
    let line = this.newlines + 1;
    for (let i = chunk.indexOf(NEWLINE); i !== -1 && i < index; i = chunk.indexOf(NEWLINE, i + 1)) line++;
    return line;
  }

  private refuse(chunk: Uint8Array): never {
    // The bad sequence may have begun in the previous chunk's last bytes.
    const joined = concat(this.tail, chunk);
    const at = Math.max(0, firstInvalidUtf8(joined, true));
    const line = at < this.tail.length ? this.newlines + 1 : this.lineAt(chunk, at - this.tail.length);
    const offset = this.read - this.tail.length + at + 1;
    throw new EngineError([
      notText(this.name, this.rules.kind, 'text.notUtf8', { byte: offset, line }),
    ]);
  }
}

/** Decodes a whole file with TextFileDecoder's rules; never throws. */
export function decodeTextFile(name: string, bytes: Uint8Array, rules: TextFileRules): DecodeTextResult {
  try {
    const decoder = new TextFileDecoder(name, rules, bytes.length);
    decoder.push(bytes);
    return { ok: true, text: decoder.finish() };
  } catch (err) {
    if (err instanceof EngineError) return { ok: false, problems: err.problems };
    throw err;
  }
}

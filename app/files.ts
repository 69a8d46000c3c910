import fs from 'node:fs/promises';
import path from 'node:path';
import { MAX_DOCUMENT_BYTES, parseDocument } from '../engine/graph/parse';
import type { GraphDoc } from '../engine/graph/schema';
import type { OpenedFile, PlatformErrorInfo } from '../renderer/platform/types';
import { writeFileAtomic, type AtomicWriteFs } from './atomicWrite';

/**
 * Reading and writing the user's files. Plain Node (no Electron), so it runs in unit tests; main.ts
 * owns the dialogs and hands these functions the paths the user picked. Nothing here throws on bad
 * input or a failing disk: every failure comes back as a coded PlatformErrorInfo the UI can show.
 */

export type FileResult<T> = ({ ok: true } & T) | { ok: false; error: PlatformErrorInfo };

/** The file name Tensorloom graphs use, so dialogs and downloads agree. */
export const GRAPH_FILE_SUFFIX = '.tlgraph.json';

/** Exports (tfjs weights, code, chart images) are bigger than graphs but still bounded. */
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function failure(code: PlatformErrorInfo['code'], message: string, fix: string, extra: Partial<PlatformErrorInfo> = {}): { ok: false; error: PlatformErrorInfo } {
  return { ok: false, error: { code, message, fix, ...extra } };
}

function fromSystemError(err: unknown, filePath: string, doing: 'read' | 'write'): { ok: false; error: PlatformErrorInfo } {
  const name = path.basename(filePath);
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' && doing === 'read') {
    return failure('E_FILE_NOT_FOUND', `“${name}” does not exist any more.`, 'It may have been moved or deleted; open it from its new place.');
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return failure(
      doing === 'read' ? 'E_FILE_ACCESS' : 'E_FILE_WRITE',
      `Tensorloom is not allowed to ${doing} “${name}”.`,
      doing === 'read' ? 'Check the file’s permissions.' : 'Choose another folder with Save As…',
    );
  }
  if (code === 'EISDIR') {
    return failure('E_FILE_ACCESS', `“${name}” is a folder, not a file.`, 'Choose a file.');
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return failure('E_FILE_WRITE', `The disk is full, so “${name}” could not be written. The previous version is unchanged.`, 'Free some space and save again.');
  }
  const detail = err instanceof Error ? err.message : String(err);
  return doing === 'read'
    ? failure('E_FILE_ACCESS', `“${name}” could not be read (${detail}).`, 'Check that the file is readable and try again.')
    : failure('E_FILE_WRITE', `“${name}” could not be saved (${detail}). The previous version is unchanged.`, 'Try again, or choose another place with Save As…');
}

function tooLarge(name: string, bytes: number, limit: number): { ok: false; error: PlatformErrorInfo } {
  return failure(
    'E_FILE_TOO_LARGE',
    `“${name}” is ${(bytes / 1e6).toFixed(1)} MB; Tensorloom reads graph files of at most ${limit / 1e6} MB.`,
    'Check that this is a Tensorloom graph file.',
  );
}

/** Reads at most `limit + 1` bytes, so a file that grows while it is read cannot exhaust memory. */
async function readBounded(filePath: string, limit: number): Promise<Buffer> {
  const handle = await fs.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(limit + 1, Math.max(1, (await handle.stat()).size + 1)));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function decodeText(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

/** Checks graph text the way the engine does; the problems name the nodes and say how to fix them. */
export function checkGraphText(text: unknown, name: string): FileResult<{ doc: GraphDoc }> {
  if (typeof text !== 'string') {
    return failure('E_PAYLOAD', 'The graph to save was not text.', 'This is a bug in Tensorloom; please report it.');
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) return tooLarge(name, bytes, MAX_DOCUMENT_BYTES);
  const parsed = parseDocument(text);
  if (!parsed.ok) {
    const first = parsed.problems[0];
    return failure('E_FILE_INVALID', `“${name}” is not a valid Tensorloom graph: ${first?.message ?? 'unknown problem'}`, first?.fix ?? 'Open a file saved by Tensorloom.', {
      problems: parsed.problems,
    });
  }
  return { ok: true, doc: parsed.doc };
}

/** Opens a graph file: bounded in size, UTF-8, and parsed by the engine before the UI sees it. */
export async function openGraphFile(filePath: string): Promise<FileResult<{ file: OpenedFile; doc: GraphDoc }>> {
  const name = path.basename(filePath);
  let bytes: Buffer;
  try {
    const stat = await fs.stat(filePath);
    if (stat.isDirectory()) return failure('E_FILE_ACCESS', `“${name}” is a folder, not a file.`, 'Choose a graph file.');
    if (stat.size > MAX_DOCUMENT_BYTES) return tooLarge(name, stat.size, MAX_DOCUMENT_BYTES);
    bytes = await readBounded(filePath, MAX_DOCUMENT_BYTES);
  } catch (err) {
    return fromSystemError(err, filePath, 'read');
  }
  if (bytes.length > MAX_DOCUMENT_BYTES) return tooLarge(name, bytes.length, MAX_DOCUMENT_BYTES);
  const text = decodeText(bytes);
  if (text === null) {
    return failure('E_FILE_NOT_TEXT', `“${name}” is not a text file.`, 'Open a Tensorloom graph file (.tlgraph.json).');
  }
  const checked = checkGraphText(text, name);
  if (!checked.ok) return checked;
  return { ok: true, file: { name, text }, doc: checked.doc };
}

/**
 * Saves graph text to `filePath` after the engine has accepted it, atomically, keeping the previous
 * version as `<file>.bak`. The text is written as given, so the file matches what the UI serialised.
 */
export async function saveGraphFile(filePath: string, text: unknown, options: { fs?: AtomicWriteFs } = {}): Promise<FileResult<{ name: string }>> {
  const name = path.basename(filePath);
  const checked = checkGraphText(text, name);
  if (!checked.ok) return checked;
  try {
    await writeFileAtomic(filePath, text as string, { keepBackup: true, fs: options.fs });
  } catch (err) {
    return fromSystemError(err, filePath, 'write');
  }
  return { ok: true, name };
}

/** Writes an exported file (code, weights, an image) atomically. */
export async function writeExportFile(filePath: string, data: unknown, options: { fs?: AtomicWriteFs } = {}): Promise<FileResult<{ name: string }>> {
  const name = path.basename(filePath);
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    return failure('E_PAYLOAD', 'The file to export was neither text nor bytes.', 'This is a bug in Tensorloom; please report it.');
  }
  const bytes = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (bytes > MAX_EXPORT_BYTES) return tooLarge(name, bytes, MAX_EXPORT_BYTES);
  try {
    await writeFileAtomic(filePath, data, { fs: options.fs });
  } catch (err) {
    return fromSystemError(err, filePath, 'write');
  }
  return { ok: true, name };
}

/** A file name offered by the UI, reduced to a safe base name for a save dialog's default. */
export function safeSuggestedName(suggested: unknown, fallback: string): string {
  if (typeof suggested !== 'string') return fallback;
  const printable = [...suggested].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f).join('');
  const base = printable.split(/[\\/]/).pop() ?? '';
  const trimmed = base.replace(/^[.\s]+/, '').trim().slice(0, 120);
  return trimmed || fallback;
}

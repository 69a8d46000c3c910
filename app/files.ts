import path from 'node:path';
import {
  coded,
  EngineError,
  looksLikeZip,
  MAX_DOCUMENT_BYTES,
  MODEL_FILE_LIMITS,
  readGraphOrModelFile,
  textFileSizeProblem,
  type MessageKey,
  type MessageParams,
  type ModelFileContents,
  type Problem,
} from '../engine';
import type { OpenedFile, PlatformErrorInfo } from './ipc/contract';
import { platformError } from './ipc/platformError';
import { writeFileAtomic, type AtomicWriteFs } from './atomicWrite';
import { readRegularFile } from './readRegularFile';

/**
 * Reading and writing the user's files: `.tlgraph` model files (and the older `.tlgraph.json` graphs). Plain Node (no Electron), so it runs in unit tests; main.ts
 * owns the dialogs and hands these functions the paths the user picked. Nothing here throws on bad
 * input or a failing disk: every failure comes back as a coded PlatformErrorInfo the UI can show.
 */

export type FileResult<T> = ({ ok: true } & T) | { ok: false; error: PlatformErrorInfo };

/** The file name Tensorloom model files use, so dialogs and downloads agree. */
export const MODEL_FILE_SUFFIX = '.tlgraph';

/** The largest model file read or written; checked before any byte is parsed. */
export const MAX_MODEL_FILE_BYTES = MODEL_FILE_LIMITS.fileBytes;

/** Exports (tfjs weights, code, chart images) are bigger than graphs but still bounded. */
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;

function failure(code: PlatformErrorInfo['code'], key: MessageKey, params: MessageParams = {}, extra: Partial<PlatformErrorInfo> = {}): { ok: false; error: PlatformErrorInfo } {
  return { ok: false, error: platformError(code, key, params, extra) };
}

/** A file that could not be read, with its coded problem, so the file dialog says it in the UI language. */
function readFailure(code: 'E_FILE_NOT_FOUND' | 'E_FILE_ACCESS', key: MessageKey, params: MessageParams): { ok: false; error: PlatformErrorInfo } {
  return failure(code, key, params, { problems: [coded(code, key, params)] });
}

function fromSystemError(err: unknown, filePath: string, doing: 'read' | 'write'): { ok: false; error: PlatformErrorInfo } {
  const name = path.basename(filePath);
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' && doing === 'read') {
    return readFailure('E_FILE_NOT_FOUND', 'file.gone', { name });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return doing === 'read'
      ? readFailure('E_FILE_ACCESS', 'file.readDenied', { name })
      : failure('E_FILE_WRITE', 'save.denied', { name });
  }
  if (code === 'EISDIR') {
    return readFailure('E_FILE_ACCESS', 'file.isFolder', { name });
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return failure('E_FILE_WRITE', 'save.diskFull', { name });
  }
  const detail = err instanceof Error ? err.message : String(err);
  // The system's error code (EIO, EMFILE…) reads the same in every language; its message does not.
  return doing === 'read' ? readFailure('E_FILE_ACCESS', 'file.readFailed', { name, detail: code ?? detail }) : failure('E_FILE_WRITE', 'save.failed', { name, detail: code ?? detail });
}

function tooLargeProblem(name: string, bytes: number, limit: number): Problem {
  return coded('E_FILE_TOO_LARGE', 'file.tooLargeMb', { name, size: Math.round(bytes / 1e5) / 10, max: Math.round(limit / 1e6) });
}

function tooLarge(name: string, bytes: number, limit: number): { ok: false; error: PlatformErrorInfo } {
  return invalidFile(name, [tooLargeProblem(name, bytes, limit)]);
}

/** The platform codes for the reader's own problems about the file itself (not its contents). */
const FILE_PROBLEM_CODES: Partial<Record<Problem['code'], PlatformErrorInfo['code']>> = {
  E_FILE_NOT_TEXT: 'E_FILE_NOT_TEXT',
  E_FILE_TOO_LARGE: 'E_FILE_TOO_LARGE',
  E_FILE_NOT_FOUND: 'E_FILE_NOT_FOUND',
  E_FILE_NOT_REGULAR: 'E_FILE_ACCESS',
  E_FILE_ACCESS: 'E_FILE_ACCESS',
};

function invalidFile(name: string, problems: Problem[]): { ok: false; error: PlatformErrorInfo } {
  const first = problems[0];
  const fileCode = first ? FILE_PROBLEM_CODES[first.code] : undefined;
  if (fileCode) return { ok: false, error: { code: fileCode, message: first.message, fix: first.fix, key: first.key, fixKey: first.fixKey, params: first.params, problems } };
  const error = platformError('E_FILE_INVALID', 'save.invalidModel', { name, detail: first?.message ?? 'unknown problem' }, { problems });
  return { ok: false, error: first ? { ...error, fix: first.fix } : error };
}

/**
 * Checks model-file bytes the way the engine reads them (size first, before any parsing): a `.tlgraph`
 * zip or an older `.tlgraph.json` graph. The problems name the nodes and say how to fix them.
 */
export function checkModelBytes(bytes: unknown, name: string): FileResult<{ contents: ModelFileContents }> {
  if (!(bytes instanceof Uint8Array)) {
    return failure('E_PAYLOAD', 'payload.modelNotBytes');
  }
  if (bytes.byteLength > MAX_MODEL_FILE_BYTES) return tooLarge(name, bytes.byteLength, MAX_MODEL_FILE_BYTES);
  const read = readGraphOrModelFile(bytes, { name });
  if (!read.ok) return invalidFile(name, read.problems);
  return { ok: true, contents: read.contents };
}

/**
 * Opens a model or graph file: a regular file only, its size checked before it is read and at most the limit read,
 * then read by the engine before the UI sees it.
 */
export async function openModelFile(filePath: string): Promise<FileResult<{ file: OpenedFile; contents: ModelFileContents }>> {
  const name = path.basename(filePath);
  let bytes: Uint8Array;
  try {
    // A zip may be a model file of up to 1.5 GiB; anything else can only be a graph file, text of at most 20 MiB.
    bytes = await readRegularFile(filePath, (head) =>
      looksLikeZip(head)
        ? { maxBytes: MAX_MODEL_FILE_BYTES, tooLarge: (size) => tooLargeProblem(name, size, MAX_MODEL_FILE_BYTES) }
        : { maxBytes: MAX_DOCUMENT_BYTES, tooLarge: (size) => textFileSizeProblem(name, size, { kind: 'graph', maxBytes: MAX_DOCUMENT_BYTES })! },
    );
  } catch (err) {
    if (err instanceof EngineError) return invalidFile(name, err.problems);
    return fromSystemError(err, filePath, 'read');
  }
  const checked = checkModelBytes(bytes, name);
  if (!checked.ok) return checked;
  return { ok: true, file: { name, bytes }, contents: checked.contents };
}

/**
 * Saves a model file to `filePath` after the engine has read it back whole, atomically, keeping the
 * previous version as `<file>.bak`. The bytes are written as given. `graphOnly` refuses bytes that carry
 * weights, so a “graph only” copy can never leak a trained model by mistake.
 */
export async function saveModelFile(
  filePath: string,
  bytes: unknown,
  options: { fs?: AtomicWriteFs; graphOnly?: boolean } = {},
): Promise<FileResult<{ name: string }>> {
  const name = path.basename(filePath);
  const checked = checkModelBytes(bytes, name);
  if (!checked.ok) return checked;
  if (options.graphOnly && checked.contents.trained) {
    return failure('E_PAYLOAD', 'payload.graphOnlyTrained');
  }
  try {
    await writeFileAtomic(filePath, bytes as Uint8Array, { keepBackup: true, fs: options.fs });
  } catch (err) {
    return fromSystemError(err, filePath, 'write');
  }
  return { ok: true, name };
}

/** Writes an exported file (code, weights, an image) atomically. */
export async function writeExportFile(filePath: string, data: unknown, options: { fs?: AtomicWriteFs } = {}): Promise<FileResult<{ name: string }>> {
  const name = path.basename(filePath);
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    return failure('E_PAYLOAD', 'payload.exportNotData');
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

/**
 * Reading a file the user named, without trusting it to be a file or to stay small: its type and size are checked
 * with stat before a byte is read, only regular files are opened (a named pipe would block the read forever, a
 * device such as /dev/zero never ends), the open does not wait on a pipe swapped in after the check, and at most
 * the limit plus one byte is read, so a file that grows while it is read is still refused at its limit.
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { coded, EngineError, type MessageKey, type MessageParams, type Problem } from '../engine';

/** The most bytes read, chosen from the file's first bytes (a zip and a JSON graph have different limits). */
export interface ReadLimit {
  maxBytes: number;
  /** The problem for a file of `bytes` bytes, over `maxBytes`. */
  tooLarge(bytes: number): Problem;
}

/** Bytes looked at to choose the limit. */
const HEAD_BYTES = 4;

function problem(code: Problem['code'], key: MessageKey, params: MessageParams): EngineError {
  return new EngineError([coded(code, key, params)]);
}

function systemProblem(err: unknown, filePath: string): EngineError {
  const name = path.basename(filePath);
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return problem('E_FILE_NOT_FOUND', 'file.noSuchFile', { path: filePath });
  if (code === 'EACCES' || code === 'EPERM') return problem('E_FILE_ACCESS', 'file.mayNotRead', { name, code });
  const detail = err instanceof Error ? err.message : String(err);
  return problem('E_FILE_ACCESS', 'file.readFailed', { name, detail });
}

/** What the path names, in words, for a path that is not a regular file. */
function kindOf(stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function notRegular(filePath: string, kind: string): EngineError {
  return problem('E_FILE_NOT_REGULAR', 'file.notRegular', { path: filePath, pathKind: kind });
}

/**
 * The whole of a regular file, refused before reading when it is not one (E_FILE_NOT_REGULAR), is missing
 * (E_FILE_NOT_FOUND), unreadable (E_FILE_ACCESS) or over the limit `limitFor` picks from its first bytes.
 * Throws EngineError.
 */
export async function readRegularFile(filePath: string, limitFor: (head: Uint8Array) => ReadLimit): Promise<Uint8Array> {
  let handle: fs.FileHandle;
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile()) throw notRegular(filePath, kindOf(stat));
    // Non-blocking, so a pipe put in the file's place after the stat cannot hang the open; fstat then checks again.
    handle = await fs.open(filePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw systemProblem(err, filePath);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notRegular(filePath, kindOf(stat));
    const head = new Uint8Array(Math.min(HEAD_BYTES, stat.size));
    const { bytesRead: headRead } = await handle.read(head, 0, head.length, 0);
    const limit = limitFor(head.subarray(0, headRead));
    if (stat.size > limit.maxBytes) throw new EngineError([limit.tooLarge(stat.size)]);
    const buffer = new Uint8Array(Math.min(limit.maxBytes + 1, stat.size + 1));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    // A file that grew past its stat size while it was read, up to the limit, is read whole; past it, refused.
    if (filled > limit.maxBytes) throw new EngineError([limit.tooLarge(filled)]);
    return filled === stat.size + 1 ? await readGrown(handle, buffer, filled, limit) : buffer.subarray(0, filled);
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw systemProblem(err, filePath);
  } finally {
    await handle.close();
  }
}

/** Goes on reading a file that has grown since its stat, in steps, never past the limit plus one byte. */
async function readGrown(handle: fs.FileHandle, start: Uint8Array, filled: number, limit: ReadLimit): Promise<Uint8Array> {
  let buffer = start;
  for (;;) {
    if (filled === buffer.length) {
      const bigger = new Uint8Array(Math.min(limit.maxBytes + 1, buffer.length * 2));
      bigger.set(buffer);
      buffer = bigger;
    }
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) return buffer.subarray(0, filled);
    filled += bytesRead;
    if (filled > limit.maxBytes) throw new EngineError([limit.tooLarge(filled)]);
  }
}

/**
 * Writes an export (File ▸ Export… in the desktop app) into a new folder. The files are checked before anything
 * is written — relative paths only, nothing that climbs out of the folder, bounded in number and size — then each
 * is written atomically (app/atomicWrite.ts) into a hidden folder beside the target, which is renamed into place
 * at the end: the target is either absent or whole. An existing folder is used only when it is empty.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { MAX_EXPORT_BYTES } from './files';
import type { MessageKey, MessageParams } from '../engine';
import type { ExportFolderFile, PlatformErrorInfo } from './ipc/contract';
import { platformError } from './ipc/platformError';

export const MAX_EXPORT_FOLDER_FILES = 4096;

type Result = { ok: true; name: string } | { ok: false; error: PlatformErrorInfo };

function refused(code: PlatformErrorInfo['code'], key: MessageKey, params: MessageParams = {}): { ok: false; error: PlatformErrorInfo } {
  return { ok: false, error: platformError(code, key, params) };
}

/** A path inside the folder: `/`-separated names, none empty, `.` or `..`, no drive, backslash or control character. */
export function isSafeRelativePath(p: unknown): p is string {
  if (typeof p !== 'string' || p.length === 0 || p.length > 512) return false;
  if (/[\\:]/.test(p) || [...p].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The files as sent, checked; a message naming what is wrong otherwise. */
export function checkExportFiles(files: unknown): { ok: true; files: ExportFolderFile[] } | { ok: false; error: PlatformErrorInfo } {
  const malformed = (key: MessageKey, params: MessageParams = {}) => refused('E_PAYLOAD', key, params);
  if (!Array.isArray(files) || files.length === 0) return malformed('payload.exportNoFiles');
  if (files.length > MAX_EXPORT_FOLDER_FILES) return malformed('payload.exportTooManyFiles', { count: files.length, max: MAX_EXPORT_FOLDER_FILES });
  const seen = new Set<string>();
  let total = 0;
  for (const f of files as Array<Partial<ExportFolderFile>>) {
    if (!f || typeof f !== 'object' || !isSafeRelativePath(f.path)) return malformed('payload.exportBadPath', { path: String(f?.path).slice(0, 80) });
    if (!(f.bytes instanceof Uint8Array)) return malformed('payload.exportNotBytes', { path: f.path });
    const key = f.path.toLowerCase();
    if (seen.has(key)) return malformed('payload.exportDuplicate', { path: f.path });
    seen.add(key);
    total += f.bytes.byteLength;
  }
  if (total > MAX_EXPORT_BYTES) {
    return refused('E_FILE_TOO_LARGE', 'export.folderTooLarge', { size: Math.round(total / 2 ** 20), max: MAX_EXPORT_BYTES / 2 ** 20 });
  }
  return { ok: true, files: files as ExportFolderFile[] };
}

async function existing(target: string): Promise<'absent' | 'empty' | 'occupied' | 'file'> {
  try {
    if (!(await stat(target)).isDirectory()) return 'file';
  } catch {
    return 'absent';
  }
  return (await readdir(target)).length ? 'occupied' : 'empty';
}

export async function writeExportFolder(target: string, files: ExportFolderFile[]): Promise<Result> {
  const name = path.basename(target);
  const state = await existing(target);
  if (state === 'file' || state === 'occupied') {
    return refused('E_FILE_WRITE', state === 'file' ? 'export.folderIsFile' : 'export.folderOccupied', { name });
  }
  const staging = path.join(path.dirname(target), `.${name}.export-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(staging);
    for (const f of files) {
      const file = path.join(staging, ...f.path.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, f.bytes);
    }
    if (state === 'empty') await rmdir(target);
    await rename(staging, target);
  } catch (err) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException)?.code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return refused('E_FILE_WRITE', 'export.folderDiskFull', { name });
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return refused('E_FILE_WRITE', 'export.folderDenied', { name });
    // The system's error code (EIO, EMFILE…) reads the same in every language; its message does not.
    return refused('E_FILE_WRITE', 'export.folderFailed', { name, detail: code ?? (err instanceof Error ? err.message : String(err)) });
  }
  return { ok: true, name };
}

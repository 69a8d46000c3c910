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
import type { ExportFolderFile, PlatformErrorInfo } from './ipc/contract';

export const MAX_EXPORT_FOLDER_FILES = 4096;

type Result = { ok: true; name: string } | { ok: false; error: PlatformErrorInfo };

function refused(code: PlatformErrorInfo['code'], message: string, fix: string): Result {
  return { ok: false, error: { code, message, fix } };
}

/** A path inside the folder: `/`-separated names, none empty, `.` or `..`, no drive, backslash or control character. */
export function isSafeRelativePath(p: unknown): p is string {
  if (typeof p !== 'string' || p.length === 0 || p.length > 512) return false;
  if (/[\\:]/.test(p) || [...p].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The files as sent, checked; a message naming what is wrong otherwise. */
export function checkExportFiles(files: unknown): { ok: true; files: ExportFolderFile[] } | { ok: false; error: PlatformErrorInfo } {
  const malformed = (what: string) => ({ ok: false as const, error: { code: 'E_PAYLOAD' as const, message: `The export was malformed: ${what}.`, fix: 'This is a bug in Tensorloom; please report it.' } });
  if (!Array.isArray(files) || files.length === 0) return malformed('no files');
  if (files.length > MAX_EXPORT_FOLDER_FILES) return malformed(`${files.length} files, more than ${MAX_EXPORT_FOLDER_FILES}`);
  const seen = new Set<string>();
  let total = 0;
  for (const f of files as Array<Partial<ExportFolderFile>>) {
    if (!f || typeof f !== 'object' || !isSafeRelativePath(f.path)) return malformed(`the file name “${String(f?.path).slice(0, 80)}”`);
    if (!(f.bytes instanceof Uint8Array)) return malformed(`“${f.path}” is not bytes`);
    const key = f.path.toLowerCase();
    if (seen.has(key)) return malformed(`“${f.path}” twice`);
    seen.add(key);
    total += f.bytes.byteLength;
  }
  if (total > MAX_EXPORT_BYTES) {
    return { ok: false, error: { code: 'E_FILE_TOO_LARGE', message: `The export is ${Math.round(total / 2 ** 20)} MiB, more than the ${MAX_EXPORT_BYTES / 2 ** 20} MiB Tensorloom writes.`, fix: 'Export a smaller model.' } };
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
    return refused(
      'E_FILE_WRITE',
      state === 'file' ? `“${name}” is a file; the export is a folder of files. Nothing was written.` : `The folder “${name}” already holds files; nothing was written.`,
      'Export again and name a new folder.',
    );
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
    const why = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'Tensorloom may not write there' : (err as Error).message;
    return refused('E_FILE_WRITE', `The export could not be written to “${name}” (${why}); nothing was left behind.`, 'Choose another place, or free some space, and export again.');
  }
  return { ok: true, name };
}

import nodeFs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/** The file-system calls an atomic write makes; tests pass a copy with one call made to fail. */
export interface AtomicWriteFs {
  open: typeof nodeFs.open;
  rename: typeof nodeFs.rename;
  unlink: typeof nodeFs.unlink;
  copyFile: typeof nodeFs.copyFile;
  stat: typeof nodeFs.stat;
  realpath: typeof nodeFs.realpath;
  readdir: typeof nodeFs.readdir;
  lstat: typeof nodeFs.lstat;
}

export interface AtomicWriteOptions {
  /** Keep the previous version next to the file as `<name>.bak` before replacing it. */
  keepBackup?: boolean;
  fs?: AtomicWriteFs;
  /** How stale temp files beside the target are recognised (tests pass their own clock and process table). */
  staleTemp?: StaleTempOptions;
}

export const defaultAtomicWriteFs: AtomicWriteFs = {
  open: nodeFs.open,
  rename: nodeFs.rename,
  unlink: nodeFs.unlink,
  copyFile: nodeFs.copyFile,
  stat: nodeFs.stat,
  realpath: nodeFs.realpath,
  readdir: nodeFs.readdir,
  lstat: nodeFs.lstat,
};

/**
 * The temp files writeFileAtomic names: `.<target>.save-<pid>-<12 hex>.tmp` for the new content and
 * `.<target>.bak-<pid>-<12 hex>.tmp` for a backup being copied. Nothing else in a folder is ever touched.
 */
const OWN_TEMP_FILE = /^\..+\.(?:save|bak)-(\d{1,10})-[0-9a-f]{12}\.tmp$/;

/**
 * A temp file older than this is removed even when its process id belongs to a live process: ids are
 * reused, and no save keeps a temp file unmodified this long (the file's time moves while it is written).
 */
export const STALE_TEMP_AGE_MS = 60 * 60 * 1000;

export interface StaleTempOptions {
  now?: number;
  maxAgeMs?: number;
  /** Whether a process with this id runs now. */
  isProcessAlive?(pid: number): boolean;
  /** This process's id: its own temp files belong to saves still running, unless they are old. */
  ownPid?: number;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files a killed or crashed save left in `dir` (a save killed with SIGKILL cannot clean
 * up after itself): those of our own naming whose process is gone, or that are older than the safe age.
 * Never throws; returns the names it removed. Runs before each save (so a full disk gets its space back
 * before the new bytes need it) and at start-up for the app's own folders.
 */
export async function removeStaleTempFiles(dir: string, options: StaleTempOptions & { fs?: AtomicWriteFs } = {}): Promise<string[]> {
  const fs = options.fs ?? defaultAtomicWriteFs;
  const now = options.now ?? Date.now();
  const maxAgeMs = options.maxAgeMs ?? STALE_TEMP_AGE_MS;
  const alive = options.isProcessAlive ?? isProcessAlive;
  const ownPid = options.ownPid ?? process.pid;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = OWN_TEMP_FILE.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    try {
      const stat = await fs.lstat(file);
      if (!stat.isFile()) continue;
      const pid = Number(match[1]);
      const old = now - stat.mtimeMs > maxAgeMs;
      const orphaned = pid !== ownPid && !alive(pid);
      if (!old && !orphaned) continue;
      await fs.unlink(file);
      removed.push(name);
    } catch {
      /* gone already, or not ours to remove: the next save tries again */
    }
  }
  return removed;
}

function tempNameNextTo(target: string, purpose: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

async function writeAndSync(fs: AtomicWriteFs, file: string, data: string | Uint8Array, mode: number): Promise<void> {
  // 'wx': a leftover temp file with this random name would mean something else owns it.
  const handle = await fs.open(file, 'wx', mode);
  try {
    await handle.writeFile(data);
    // Without fsync a crash after the rename can leave a renamed but empty file on some file systems.
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(fs: AtomicWriteFs, dir: string): Promise<void> {
  // Makes the rename itself durable. Windows cannot open directories; the rename is still atomic there.
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

async function existingMode(fs: AtomicWriteFs, file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mode & 0o777;
  } catch {
    return undefined;
  }
}

/**
 * Replaces `target` with `data` so that at every instant the file holds either the whole old content or
 * the whole new content: write a temp file in the same directory (rename is atomic only within one file
 * system), fsync it, then rename it over the target. A symlinked target is followed, so the link stays.
 * On any failure the temp file is removed, the target is untouched and the error is rethrown. Temp files
 * that killed saves left in the folder are removed first (removeStaleTempFiles).
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? defaultAtomicWriteFs;
  let destination = path.resolve(target);
  try {
    destination = await fs.realpath(destination);
  } catch {
    /* a new file: nothing to follow */
  }
  const mode = (await existingMode(fs, destination)) ?? 0o644;
  await removeStaleTempFiles(path.dirname(destination), { ...options.staleTemp, fs });
  const temp = tempNameNextTo(destination, 'save');
  try {
    await writeAndSync(fs, temp, data, mode);
    if (options.keepBackup && (await existingMode(fs, destination)) !== undefined) {
      await replaceBackup(fs, destination);
    }
    await fs.rename(temp, destination);
  } catch (err) {
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(fs, path.dirname(destination));
}

/** The backup is itself replaced atomically, so a failed save never leaves a half-copied `.bak`. */
async function replaceBackup(fs: AtomicWriteFs, destination: string): Promise<void> {
  const backupTemp = tempNameNextTo(destination, 'bak');
  try {
    await fs.copyFile(destination, backupTemp);
    await fs.rename(backupTemp, `${destination}.bak`);
  } catch (err) {
    await fs.unlink(backupTemp).catch(() => undefined);
    throw err;
  }
}

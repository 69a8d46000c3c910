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
}

export interface AtomicWriteOptions {
  /** Keep the previous version next to the file as `<name>.bak` before replacing it. */
  keepBackup?: boolean;
  fs?: AtomicWriteFs;
}

export const defaultAtomicWriteFs: AtomicWriteFs = {
  open: nodeFs.open,
  rename: nodeFs.rename,
  unlink: nodeFs.unlink,
  copyFile: nodeFs.copyFile,
  stat: nodeFs.stat,
  realpath: nodeFs.realpath,
};

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
 * On any failure the temp file is removed, the target is untouched and the error is rethrown.
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

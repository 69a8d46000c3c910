import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { defaultAtomicWriteFs, isProcessAlive, removeStaleTempFiles, STALE_TEMP_AGE_MS, writeFileAtomic, type AtomicWriteFs } from '../../../app/atomicWrite';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-atomic-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Everything in the folder, so a leftover temp file shows up. */
function folderContents(): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));
}

describe('writeFileAtomic', () => {
  it('creates a new file and replaces an existing one', async () => {
    const target = path.join(dir, 'model.tlgraph.json');
    await writeFileAtomic(target, 'first');
    expect(fs.readFileSync(target, 'utf8')).toBe('first');
    await writeFileAtomic(target, 'second');
    expect(folderContents()).toEqual({ 'model.tlgraph.json': 'second' });
  });

  it('keeps the previous version as .bak when asked', async () => {
    const target = path.join(dir, 'model.tlgraph.json');
    await writeFileAtomic(target, 'v1', { keepBackup: true });
    expect(folderContents()).toEqual({ 'model.tlgraph.json': 'v1' });
    await writeFileAtomic(target, 'v2', { keepBackup: true });
    await writeFileAtomic(target, 'v3', { keepBackup: true });
    expect(folderContents()).toEqual({ 'model.tlgraph.json': 'v3', 'model.tlgraph.json.bak': 'v2' });
  });

  it('leaves the old file whole and no temp file behind when the write fails midway', async () => {
    const target = path.join(dir, 'model.tlgraph.json');
    fs.writeFileSync(target, 'the saved work');
    const diskFullHalfway: AtomicWriteFs = {
      ...defaultAtomicWriteFs,
      open: (async (...args: Parameters<typeof defaultAtomicWriteFs.open>) => {
        const handle = await defaultAtomicWriteFs.open(...args);
        if (String(args[1]) !== 'wx') return handle;
        // Half the bytes reach the temp file, then the disk fills up.
        handle.writeFile = async (data) => {
          await fs.promises.appendFile(String(args[0]), String(data).slice(0, 5));
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        };
        return handle;
      }) as AtomicWriteFs['open'],
    };
    await expect(writeFileAtomic(target, 'new content that never fully lands', { fs: diskFullHalfway, keepBackup: true })).rejects.toThrow(/ENOSPC/);
    expect(folderContents()).toEqual({ 'model.tlgraph.json': 'the saved work' });
  });

  it('leaves the old file whole when the final rename fails', async () => {
    const target = path.join(dir, 'model.tlgraph.json');
    fs.writeFileSync(target, 'the saved work');
    const renameFails: AtomicWriteFs = {
      ...defaultAtomicWriteFs,
      rename: async (from, to) => {
        if (String(to) === target) throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
        return defaultAtomicWriteFs.rename(from, to);
      },
    };
    await expect(writeFileAtomic(target, 'new', { fs: renameFails })).rejects.toThrow(/EXDEV/);
    expect(folderContents()).toEqual({ 'model.tlgraph.json': 'the saved work' });
  });

  it('writes through a symlink instead of replacing the link', async () => {
    const real = path.join(dir, 'real.tlgraph.json');
    const link = path.join(dir, 'link.tlgraph.json');
    fs.writeFileSync(real, 'old');
    fs.symlinkSync(real, link);
    await writeFileAtomic(link, 'new');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
  });

  it('keeps the permissions of the file it replaces', async () => {
    const target = path.join(dir, 'private.tlgraph.json');
    fs.writeFileSync(target, 'old', { mode: 0o600 });
    await writeFileAtomic(target, 'new');
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  });
});

describe('writeFileAtomic when the process is killed', () => {
  /**
   * A real process saves a model file and is killed (SIGKILL: no handler, no cleanup) once half of the
   * new bytes are on disk. The child says when it got there, so nothing here depends on timing.
   */
  it('leaves the previous file whole when a save is killed mid-write', async () => {
    const target = path.join(dir, 'model.tlgraph');
    const previous = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
    fs.writeFileSync(target, previous);
    const script = path.join(dir, 'save-and-die.mts');
    fs.writeFileSync(
      script,
      `
import fs from 'node:fs';
import { defaultAtomicWriteFs, writeFileAtomic } from ${JSON.stringify(pathToFileURL(path.resolve('app/atomicWrite.ts')).href)};
const next = new Uint8Array(1 << 20).fill(7);
const stallHalfway = {
  ...defaultAtomicWriteFs,
  open: async (...args) => {
    const handle = await defaultAtomicWriteFs.open(...args);
    if (String(args[1]) !== 'wx') return handle;
    handle.writeFile = async (data) => {
      fs.appendFileSync(String(args[0]), data.subarray(0, data.length / 2));
      process.stdout.write('halfway\\n');
      await new Promise(() => {});
    };
    return handle;
  },
};
await writeFileAtomic(${JSON.stringify(target)}, next, { fs: stallHalfway, keepBackup: true });
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => String(chunk).includes('halfway') && resolve());
      child.on('exit', () => reject(new Error(`the saving process ended before it got halfway: ${stderr}`)));
    });
    const halfWritten = fs.readdirSync(dir).filter((name) => name.endsWith('.tmp'));
    expect(halfWritten).toHaveLength(1);
    expect(fs.statSync(path.join(dir, halfWritten[0])).size).toBe(1 << 19);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(fs.readFileSync(target)).toEqual(previous);

    // The killed process could not clean up; the next save to the folder does.
    expect(isProcessAlive(child.pid!)).toBe(false);
    await writeFileAtomic(target, 'next save');
    expect(folderContents()).toEqual({ 'model.tlgraph': 'next save', 'save-and-die.mts': expect.any(String) });
  }, 30_000);
});

describe('removeStaleTempFiles', () => {
  const HOUR = 60 * 60 * 1000;
  const now = Date.parse('2026-01-01T12:00:00Z');
  const livePid = 4242;
  const deadPid = 999_999;
  const ownPid = 777;

  /** A file with its modification time `ageMs` before `now`. */
  function leave(name: string, ageMs: number, content = 'x'): void {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    const mtime = new Date(now - ageMs);
    fs.utimesSync(file, mtime, mtime);
  }

  const options = { now, ownPid, isProcessAlive: (pid: number) => pid === livePid || pid === ownPid };

  it('removes temp files of saves whose process is gone, and those older than the safe age', async () => {
    leave(`.model.tlgraph.save-${deadPid}-0123456789ab.tmp`, 1000, 'half a model');
    leave(`.model.tlgraph.bak-${deadPid}-aaaaaaaaaaaa.tmp`, 1000, 'half a backup');
    leave(`.model.tlgraph.save-${livePid}-bbbbbbbbbbbb.tmp`, STALE_TEMP_AGE_MS + HOUR, 'a reused pid');
    leave(`.model.tlgraph.save-${livePid}-cccccccccccc.tmp`, 1000, 'another app saving now');
    leave(`.model.tlgraph.save-${ownPid}-dddddddddddd.tmp`, 1000, 'this process saving now');
    leave('model.tlgraph', 1000, 'the saved work');
    const removed = await removeStaleTempFiles(dir, options);
    expect(removed.sort()).toEqual(
      [`.model.tlgraph.bak-${deadPid}-aaaaaaaaaaaa.tmp`, `.model.tlgraph.save-${deadPid}-0123456789ab.tmp`, `.model.tlgraph.save-${livePid}-bbbbbbbbbbbb.tmp`].sort(),
    );
    expect(folderContents()).toEqual({
      [`.model.tlgraph.save-${livePid}-cccccccccccc.tmp`]: 'another app saving now',
      [`.model.tlgraph.save-${ownPid}-dddddddddddd.tmp`]: 'this process saving now',
      'model.tlgraph': 'the saved work',
    });
  });

  it('touches nothing that is not of its own naming, however old', async () => {
    const others = [
      '.model.tlgraph.tmp',
      'model.tlgraph.bak',
      `.model.tlgraph.save-abc-0123456789ab.tmp`,
      `.model.tlgraph.save-${deadPid}-0123456789AB.tmp`,
      `.model.tlgraph.save-${deadPid}-0123456789ab.tmp.keep`,
      `model.tlgraph.save-${deadPid}-0123456789ab.tmp`,
      `.model.tlgraph.copy-${deadPid}-0123456789ab.tmp`,
    ];
    for (const name of others) leave(name, 100 * STALE_TEMP_AGE_MS);
    fs.mkdirSync(path.join(dir, `.folder.save-${deadPid}-0123456789ab.tmp`));
    expect(await removeStaleTempFiles(dir, options)).toEqual([]);
    expect(fs.readdirSync(dir).sort()).toEqual([...others, `.folder.save-${deadPid}-0123456789ab.tmp`].sort());
  });

  it('runs on every save to the folder, and a missing folder is no error', async () => {
    leave(`.model.tlgraph.save-${deadPid}-0123456789ab.tmp`, 1000, 'left by a killed save');
    leave(`.other.tlgraph.bak-${deadPid}-0123456789ab.tmp`, 1000, 'left by a killed save');
    await writeFileAtomic(path.join(dir, 'new.tlgraph'), 'saved', { staleTemp: options });
    expect(folderContents()).toEqual({ 'new.tlgraph': 'saved' });
    expect(await removeStaleTempFiles(path.join(dir, 'no-such-folder'))).toEqual([]);
  });

  it('knows this process is alive', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { defaultAtomicWriteFs, writeFileAtomic, type AtomicWriteFs } from '../../../app/atomicWrite';

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
  }, 30_000);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RecentFiles } from '../../../app/recentFiles';

let dir: string;
let store: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-recent-'));
  store = path.join(dir, 'app-data', 'recent-files.json');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => path.join(dir, 'projects', name);

describe('RecentFiles', () => {
  it('lists the most recent first and moves a reopened file to the top without duplicating it', async () => {
    const recent = new RecentFiles(store);
    await recent.add(file('a.tlgraph.json'));
    await recent.add(file('b.tlgraph.json'));
    await recent.add(file('a.tlgraph.json'));
    expect(await recent.paths()).toEqual([file('a.tlgraph.json'), file('b.tlgraph.json')]);
  });

  it('keeps only the newest entries up to its limit', async () => {
    const recent = new RecentFiles(store, 3);
    for (const name of ['1', '2', '3', '4', '5']) await recent.add(file(`${name}.tlgraph.json`));
    expect((await recent.paths()).map((p) => path.basename(p))).toEqual(['5.tlgraph.json', '4.tlgraph.json', '3.tlgraph.json']);
  });

  it('persists across restarts', async () => {
    await new RecentFiles(store).add(file('a.tlgraph.json'));
    await new RecentFiles(store).add(file('b.tlgraph.json'));
    expect(await new RecentFiles(store).paths()).toEqual([file('b.tlgraph.json'), file('a.tlgraph.json')]);
  });

  it('treats paths that differ only in case as one file on Windows and macOS, and as two on Linux', async () => {
    const windows = new RecentFiles(path.join(dir, 'win.json'), 10, 'win32');
    await windows.add(file('Model.tlgraph.json'));
    await windows.add(file('model.tlgraph.json'));
    expect(await windows.paths()).toEqual([file('model.tlgraph.json')]);
    const linux = new RecentFiles(path.join(dir, 'linux.json'), 10, 'linux');
    await linux.add(file('Model.tlgraph.json'));
    await linux.add(file('model.tlgraph.json'));
    expect(await linux.paths()).toHaveLength(2);
  });

  it('gives the UI names, folders and opaque ids, and maps an id back to its path', async () => {
    const recent = new RecentFiles(store);
    await recent.add(file('a.tlgraph.json'));
    const [entry] = await recent.list();
    expect(entry.name).toBe('a.tlgraph.json');
    expect(entry.folder).toBe(path.join(dir, 'projects'));
    expect(entry.id).not.toContain(path.sep);
    expect(await recent.resolve(entry.id)).toBe(file('a.tlgraph.json'));
    expect(await recent.resolve('not-an-id')).toBeNull();
    expect(await recent.resolve(file('a.tlgraph.json'))).toBeNull();
  });

  it('removes and clears entries', async () => {
    const recent = new RecentFiles(store);
    await recent.add(file('a.tlgraph.json'));
    await recent.add(file('b.tlgraph.json'));
    await recent.remove(file('a.tlgraph.json'));
    expect(await new RecentFiles(store).paths()).toEqual([file('b.tlgraph.json')]);
    await recent.clear();
    expect(await new RecentFiles(store).paths()).toEqual([]);
  });

  it('reads a corrupt or hostile store as an empty list and keeps only well-formed entries', async () => {
    fs.mkdirSync(path.dirname(store), { recursive: true });
    fs.writeFileSync(store, '{ this is not json');
    expect(await new RecentFiles(store).paths()).toEqual([]);
    fs.writeFileSync(
      store,
      JSON.stringify({ version: 1, files: [{ path: 'relative/path.json' }, { path: 42 }, null, { path: file('ok.tlgraph.json'), usedAt: 'yesterday' }] }),
    );
    expect(await new RecentFiles(store).paths()).toEqual([file('ok.tlgraph.json')]);
  });

  it('loses no entry when several are added at once', async () => {
    const recent = new RecentFiles(store);
    await Promise.all(['a', 'b', 'c'].map((n) => recent.add(file(`${n}.tlgraph.json`))));
    expect((await new RecentFiles(store).paths()).sort()).toEqual([file('a.tlgraph.json'), file('b.tlgraph.json'), file('c.tlgraph.json')]);
  });
});

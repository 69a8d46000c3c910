import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutosaveStore } from '../../../app/autosave';
import { createIpcService, isTrustedSenderUrl, type IpcService } from '../../../app/ipc/handlers';
import { RecentFiles } from '../../../app/recentFiles';
import { makeDoc } from '../../fixtures/docBuilder';

const graphText = JSON.stringify(makeDoc({ layer1: { kind: 'dense' } }, []), null, 2);

/** Stands in for the native dialogs: answers with the next queued path and records what it was asked. */
class ScriptedDialogs {
  openAnswers: (string | null)[] = [];
  saveAnswers: (string | null)[] = [];
  saveRequests: { defaultName: string; kind: string; defaultDir?: string }[] = [];

  chooseFileToOpen = async () => this.openAnswers.shift() ?? null;
  chooseFileToSave = async (defaultName: string, kind: 'graph' | 'export', defaultDir?: string) => {
    this.saveRequests.push({ defaultName, kind, defaultDir });
    return this.saveAnswers.shift() ?? null;
  };
}

let dir: string;
let dialogs: ScriptedDialogs;
let autosave: AutosaveStore;
let recent: RecentFiles;
let service: IpcService;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-ipc-'));
  dialogs = new ScriptedDialogs();
  autosave = new AutosaveStore(path.join(dir, 'app-data'));
  await autosave.beginSession();
  recent = new RecentFiles(path.join(dir, 'app-data', 'recent-files.json'));
  service = createIpcService({ chooseFileToOpen: dialogs.chooseFileToOpen, chooseFileToSave: dialogs.chooseFileToSave, recent, autosave });
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const inDir = (name: string) => path.join(dir, name);
type Handlers = IpcService['handlers'];
const call = <C extends keyof Handlers>(channel: C, ...args: unknown[]): ReturnType<Handlers[C]> => service.handlers[channel](...args) as ReturnType<Handlers[C]>;

describe('IPC handlers', () => {
  it('opens the file the user picks and remembers it as recent', async () => {
    fs.writeFileSync(inDir('model.tlgraph.json'), graphText);
    dialogs.openAnswers.push(inDir('model.tlgraph.json'));
    expect(await call('tensorloom:openGraph')).toEqual({ ok: true, value: { name: 'model.tlgraph.json', text: graphText } });
    const recents = await call('tensorloom:recentFiles');
    expect(recents).toEqual([{ id: expect.any(String), name: 'model.tlgraph.json', folder: dir }]);
  });

  it('answers null when the open dialog is cancelled', async () => {
    expect(await call('tensorloom:openGraph')).toEqual({ ok: true, value: null });
  });

  it('sends back a coded error, not an exception, for a hostile file', async () => {
    fs.writeFileSync(inDir('evil.tlgraph.json'), '{"__proto__":{"isAdmin":true}}');
    dialogs.openAnswers.push(inDir('evil.tlgraph.json'));
    const result = await call('tensorloom:openGraph');
    expect(result.ok ? 'opened' : result.error.code).toBe('E_FILE_INVALID');
  });

  it('asks where to save a new document, then saves to the same file without asking', async () => {
    dialogs.saveAnswers.push(inDir('mine.tlgraph.json'));
    expect(await call('tensorloom:saveGraph', graphText, 'mine')).toEqual({ ok: true, value: { name: 'mine.tlgraph.json' } });
    expect(dialogs.saveRequests).toEqual([{ defaultName: 'mine.tlgraph.json', kind: 'graph', defaultDir: undefined }]);

    const edited = graphText.replace('"test"', '"edited"');
    expect(await call('tensorloom:saveGraph', edited, 'mine.tlgraph.json')).toEqual({ ok: true, value: { name: 'mine.tlgraph.json' } });
    expect(dialogs.saveRequests).toHaveLength(1);
    expect(fs.readFileSync(inDir('mine.tlgraph.json'), 'utf8')).toBe(edited);
  });

  it('asks again for Save As, for a renamed document and after File ▸ New', async () => {
    dialogs.saveAnswers.push(inDir('mine.tlgraph.json'));
    await call('tensorloom:saveGraph', graphText, 'mine.tlgraph.json');

    await call('tensorloom:saveGraph', graphText, 'mine.tlgraph.json', { saveAs: true });
    await call('tensorloom:saveGraph', graphText, 'renamed.tlgraph.json');
    service.forgetCurrentFile();
    await call('tensorloom:saveGraph', graphText, 'mine.tlgraph.json');
    expect(dialogs.saveRequests.map((r) => r.defaultName)).toEqual(['mine.tlgraph.json', 'mine.tlgraph.json', 'renamed.tlgraph.json', 'mine.tlgraph.json']);
    expect(dialogs.saveRequests[1].defaultDir).toBe(dir);
  });

  it('refuses to save a graph the engine rejects, and writes nothing', async () => {
    dialogs.saveAnswers.push(inDir('bad.tlgraph.json'));
    const result = await call('tensorloom:saveGraph', '{"formatVersion":1,"nodes":"lots","edges":[]}', 'bad');
    expect(result.ok ? 'saved' : result.error.code).toBe('E_FILE_INVALID');
    expect(fs.existsSync(inDir('bad.tlgraph.json'))).toBe(false);
  });

  it('rejects malformed payloads without opening a dialog', async () => {
    for (const args of [[{ nodes: [] }, 'x'], [graphText, 'x', 'saveAs']] as unknown[][]) {
      const result = await call('tensorloom:saveGraph', ...args);
      expect(result.ok ? 'saved' : result.error.code).toBe('E_PAYLOAD');
    }
    const exported = await call('tensorloom:exportFile', 'model.py', { not: 'bytes' }, 'text/x-python');
    expect(exported.ok ? 'exported' : exported.error.code).toBe('E_PAYLOAD');
    expect(dialogs.saveRequests).toEqual([]);
  });

  it('exports under a plain file name even when the UI suggests a path', async () => {
    dialogs.saveAnswers.push(inDir('model.py'));
    expect(await call('tensorloom:exportFile', '../../model.py', 'print(1)\n', 'text/x-python')).toEqual({ ok: true, value: { name: 'model.py' } });
    expect(dialogs.saveRequests[0]).toMatchObject({ defaultName: 'model.py', kind: 'export' });
    expect(fs.readFileSync(inDir('model.py'), 'utf8')).toBe('print(1)\n');
  });

  it('reopens a recent file by id and drops it from the list when it has gone', async () => {
    fs.writeFileSync(inDir('model.tlgraph.json'), graphText);
    await recent.add(inDir('model.tlgraph.json'));
    const [entry] = await call('tensorloom:recentFiles');
    expect(await call('tensorloom:openRecent', entry.id)).toEqual({ ok: true, value: { name: 'model.tlgraph.json', text: graphText } });

    fs.rmSync(inDir('model.tlgraph.json'));
    expect(await call('tensorloom:openRecent', entry.id)).toEqual({ ok: true, value: null });
    expect(await call('tensorloom:recentFiles')).toEqual([]);
    expect(await call('tensorloom:openRecent', inDir('model.tlgraph.json'))).toEqual({ ok: true, value: null });
  });

  it('autosaves JSON objects only, and a save clears the autosave', async () => {
    await call('tensorloom:autosave', 'not json');
    await call('tensorloom:autosave', 12345);
    expect(fs.existsSync(path.join(dir, 'app-data', 'autosave.tlgraph.json'))).toBe(false);

    await call('tensorloom:autosave', graphText);
    expect(fs.readFileSync(path.join(dir, 'app-data', 'autosave.tlgraph.json'), 'utf8')).toBe(graphText);

    dialogs.saveAnswers.push(inDir('saved.tlgraph.json'));
    await call('tensorloom:saveGraph', graphText, 'saved');
    expect(fs.existsSync(path.join(dir, 'app-data', 'autosave.tlgraph.json'))).toBe(false);
  });

  it('loads the autosave a crashed session left', async () => {
    await call('tensorloom:autosave', graphText);
    const afterCrash = new AutosaveStore(path.join(dir, 'app-data'));
    await afterCrash.beginSession();
    const restarted = createIpcService({ chooseFileToOpen: dialogs.chooseFileToOpen, chooseFileToSave: dialogs.chooseFileToSave, recent, autosave: afterCrash });
    expect(await restarted.handlers['tensorloom:loadAutosave']()).toBe(graphText);
  });
});

describe('isTrustedSenderUrl', () => {
  it('trusts only pages from the app:// origin', () => {
    expect(isTrustedSenderUrl('app://tensorloom/index.html', 'app', 'tensorloom')).toBe(true);
    expect(isTrustedSenderUrl('app://tensorloom/', 'app', 'tensorloom')).toBe(true);
    for (const url of ['https://tensorloom/index.html', 'app://evil/index.html', 'file:///index.html', 'app://tensorloom.evil.com/', '', undefined, 'not a url']) {
      expect(isTrustedSenderUrl(url, 'app', 'tensorloom'), String(url)).toBe(false);
    }
  });
});

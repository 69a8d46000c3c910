import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutosaveStore } from '../../../app/autosave';
import { createIpcService, isTrustedSenderUrl, type IpcService } from '../../../app/ipc/handlers';
import { RecentFiles } from '../../../app/recentFiles';
import { writeModelFile } from '../../../engine/io/modelFile';
import { makeDoc } from '../../fixtures/docBuilder';

const graphText = JSON.stringify(makeDoc({ layer1: { kind: 'dense' } }, []), null, 2);
const graphBytes = writeModelFile({ graph: makeDoc({ layer1: { kind: 'dense' } }, []), runs: [] });
const trainedBytes = writeModelFile({
  graph: makeDoc({ layer1: { kind: 'dense' } }, []),
  trained: { step: 5, weights: [{ name: 'layer1/kernel', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) }] },
  runs: [],
});

/** Stands in for the native dialogs: answers with the next queued path and records what it was asked. */
class ScriptedDialogs {
  openAnswers: (string | null)[] = [];
  saveAnswers: (string | null)[] = [];
  saveRequests: { defaultName: string; kind: string; defaultDir?: string }[] = [];

  chooseFileToOpen = async () => this.openAnswers.shift() ?? null;
  chooseFileToSave = async (defaultName: string, kind: 'model' | 'export', defaultDir?: string) => {
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
  it('opens the model file the user picks as bytes and remembers it as recent', async () => {
    fs.writeFileSync(inDir('model.tlgraph'), trainedBytes);
    dialogs.openAnswers.push(inDir('model.tlgraph'));
    const opened = await call('tensorloom:openModel');
    expect(opened.ok && opened.value?.name).toBe('model.tlgraph');
    expect(opened.ok && [...(opened.value?.bytes ?? [])]).toEqual([...trainedBytes]);
    const recents = await call('tensorloom:recentFiles');
    expect(recents).toEqual([{ id: expect.any(String), name: 'model.tlgraph', folder: dir }]);
  });

  it('opens an older .tlgraph.json graph too', async () => {
    fs.writeFileSync(inDir('old.tlgraph.json'), graphText);
    dialogs.openAnswers.push(inDir('old.tlgraph.json'));
    const opened = await call('tensorloom:openModel');
    expect(opened.ok && new TextDecoder().decode(opened.value?.bytes)).toBe(graphText);
  });

  it('answers null when the open dialog is cancelled', async () => {
    expect(await call('tensorloom:openModel')).toEqual({ ok: true, value: null });
  });

  it('sends back a coded error, not an exception, for a hostile file', async () => {
    fs.writeFileSync(inDir('evil.tlgraph.json'), '{"__proto__":{"isAdmin":true}}');
    dialogs.openAnswers.push(inDir('evil.tlgraph.json'));
    const result = await call('tensorloom:openModel');
    expect(result.ok ? 'opened' : result.error.code).toBe('E_FILE_INVALID');
  });

  it('reads a model for its weights without making it the document’s file or a recent file', async () => {
    dialogs.saveAnswers.push(inDir('mine.tlgraph'));
    await call('tensorloom:saveModel', graphBytes, 'mine');
    fs.writeFileSync(inDir('pretrained.tlgraph'), trainedBytes);
    dialogs.openAnswers.push(inDir('pretrained.tlgraph'));
    const read = await call('tensorloom:readModel');
    expect(read.ok && read.value?.name).toBe('pretrained.tlgraph');
    expect((await call('tensorloom:recentFiles')).map((r) => r.name)).toEqual(['mine.tlgraph']);
    // Save still writes to the document's own file, without asking.
    await call('tensorloom:saveModel', graphBytes, 'mine.tlgraph');
    expect(dialogs.saveRequests).toHaveLength(1);
  });

  it('asks where to save a new document, then saves to the same file without asking', async () => {
    dialogs.saveAnswers.push(inDir('mine.tlgraph'));
    expect(await call('tensorloom:saveModel', graphBytes, 'mine')).toEqual({ ok: true, value: { name: 'mine.tlgraph' } });
    expect(dialogs.saveRequests).toEqual([{ defaultName: 'mine.tlgraph', kind: 'model', defaultDir: undefined }]);

    expect(await call('tensorloom:saveModel', trainedBytes, 'mine.tlgraph')).toEqual({ ok: true, value: { name: 'mine.tlgraph' } });
    expect(dialogs.saveRequests).toHaveLength(1);
    expect([...fs.readFileSync(inDir('mine.tlgraph'))]).toEqual([...trainedBytes]);
  });

  it('saves a document opened from an old .tlgraph.json as a new .tlgraph, never over the JSON file', async () => {
    fs.writeFileSync(inDir('old.tlgraph.json'), graphText);
    dialogs.openAnswers.push(inDir('old.tlgraph.json'));
    await call('tensorloom:openModel');
    dialogs.saveAnswers.push(inDir('old.tlgraph'));
    await call('tensorloom:saveModel', trainedBytes, 'old.tlgraph.json');
    expect(dialogs.saveRequests.map((r) => r.defaultName)).toEqual(['old.tlgraph']);
    expect(fs.readFileSync(inDir('old.tlgraph.json'), 'utf8')).toBe(graphText);
  });

  it('asks again for Save As, for a renamed document and after File ▸ New', async () => {
    dialogs.saveAnswers.push(inDir('mine.tlgraph'));
    await call('tensorloom:saveModel', graphBytes, 'mine.tlgraph');

    await call('tensorloom:saveModel', graphBytes, 'mine.tlgraph', { saveAs: true });
    await call('tensorloom:saveModel', graphBytes, 'renamed.tlgraph');
    service.forgetCurrentFile();
    await call('tensorloom:saveModel', graphBytes, 'mine.tlgraph');
    expect(dialogs.saveRequests.map((r) => r.defaultName)).toEqual(['mine.tlgraph', 'mine.tlgraph', 'renamed.tlgraph', 'mine.tlgraph']);
    expect(dialogs.saveRequests[1].defaultDir).toBe(dir);
  });

  it('saves a graph-only copy to a place it asks for, and the next Save still goes to the model file', async () => {
    dialogs.saveAnswers.push(inDir('trained.tlgraph'), inDir('graph-only.tlgraph'));
    await call('tensorloom:saveModel', trainedBytes, 'trained');
    expect(await call('tensorloom:saveModel', graphBytes, 'trained.tlgraph', { graphOnly: true })).toEqual({ ok: true, value: { name: 'graph-only.tlgraph' } });
    await call('tensorloom:saveModel', trainedBytes, 'trained.tlgraph');
    expect(dialogs.saveRequests).toHaveLength(2);
    expect([...fs.readFileSync(inDir('graph-only.tlgraph'))]).toEqual([...graphBytes]);
  });

  it('refuses to save bytes the engine rejects, and writes nothing', async () => {
    dialogs.saveAnswers.push(inDir('bad.tlgraph'));
    const result = await call('tensorloom:saveModel', new TextEncoder().encode('{"formatVersion":1,"nodes":"lots","edges":[]}'), 'bad');
    expect(result.ok ? 'saved' : result.error.code).toBe('E_FILE_INVALID');
    expect(fs.existsSync(inDir('bad.tlgraph'))).toBe(false);
  });

  it('rejects malformed payloads without opening a dialog', async () => {
    for (const args of [[{ nodes: [] }, 'x'], [graphText, 'x'], [graphBytes, 'x', 'saveAs']] as unknown[][]) {
      const result = await call('tensorloom:saveModel', ...args);
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
    fs.writeFileSync(inDir('model.tlgraph'), trainedBytes);
    await recent.add(inDir('model.tlgraph'));
    const [entry] = await call('tensorloom:recentFiles');
    const reopened = await call('tensorloom:openRecent', entry.id);
    expect(reopened.ok && [...(reopened.value?.bytes ?? [])]).toEqual([...trainedBytes]);

    fs.rmSync(inDir('model.tlgraph'));
    expect(await call('tensorloom:openRecent', entry.id)).toEqual({ ok: true, value: null });
    expect(await call('tensorloom:recentFiles')).toEqual([]);
    expect(await call('tensorloom:openRecent', inDir('model.tlgraph'))).toEqual({ ok: true, value: null });
  });

  it('autosaves JSON objects only, and a save clears the autosave', async () => {
    await call('tensorloom:autosave', 'not json');
    await call('tensorloom:autosave', 12345);
    expect(fs.existsSync(path.join(dir, 'app-data', 'autosave.tlgraph.json'))).toBe(false);

    await call('tensorloom:autosave', graphText);
    expect(fs.readFileSync(path.join(dir, 'app-data', 'autosave.tlgraph.json'), 'utf8')).toBe(graphText);

    dialogs.saveAnswers.push(inDir('saved.tlgraph'));
    await call('tensorloom:saveModel', graphBytes, 'saved');
    expect(fs.existsSync(path.join(dir, 'app-data', 'autosave.tlgraph.json'))).toBe(false);
  });

  it('keeps only checkpoints the engine reads back whole', async () => {
    const checkpointFile = path.join(dir, 'app-data', 'autosave-checkpoint.tlgraph');
    await call('tensorloom:autosaveCheckpoint', trainedBytes);
    expect([...fs.readFileSync(checkpointFile)]).toEqual([...trainedBytes]);

    const damaged = trainedBytes.slice(0, trainedBytes.length - 40);
    for (const payload of [damaged, 'text', { bytes: [1, 2] }, new TextEncoder().encode('{"__proto__":{}}')]) {
      await call('tensorloom:autosaveCheckpoint', payload);
      expect([...fs.readFileSync(checkpointFile)]).toEqual([...trainedBytes]);
    }
    await call('tensorloom:autosaveCheckpoint', null);
    expect(fs.existsSync(checkpointFile)).toBe(false);
  });

  it('loads the autosave and checkpoint a crashed session left', async () => {
    await call('tensorloom:autosave', graphText);
    await call('tensorloom:autosaveCheckpoint', trainedBytes);
    const afterCrash = new AutosaveStore(path.join(dir, 'app-data'));
    await afterCrash.beginSession();
    const restarted = createIpcService({ chooseFileToOpen: dialogs.chooseFileToOpen, chooseFileToSave: dialogs.chooseFileToSave, recent, autosave: afterCrash });
    const snapshot = await restarted.handlers['tensorloom:loadAutosave']();
    expect(snapshot?.graph).toBe(graphText);
    expect([...(snapshot?.checkpoint ?? [])]).toEqual([...trainedBytes]);
  });
});

describe('failures nobody is shown', () => {
  it('go to the log instead of vanishing: a failed autosave, an unwritable recent list', async () => {
    const logged: string[] = [];
    const failingAutosave = Object.assign(Object.create(AutosaveStore.prototype) as AutosaveStore, {
      write: async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    });
    const failingRecent = Object.assign(Object.create(RecentFiles.prototype) as RecentFiles, {
      add: async () => {
        throw new Error('EACCES: permission denied');
      },
    });
    const logging = createIpcService({
      ...dialogs,
      recent: failingRecent,
      autosave: failingAutosave,
      logError: (context, err) => logged.push(`${context}: ${(err as Error).message}`),
    });
    await logging.handlers['tensorloom:autosave'](graphText);
    fs.writeFileSync(path.join(dir, 'model.tlgraph'), trainedBytes);
    dialogs.openAnswers.push(path.join(dir, 'model.tlgraph'));
    const opened = await logging.handlers['tensorloom:openModel']();
    expect(opened.ok).toBe(true);
    expect(logged).toEqual(['Autosave failed: ENOSPC: no space left on device', 'Updating the recent files failed: EACCES: permission denied']);
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

import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { createBrowserPlatform, type BrowserPlatformEnv } from '../../renderer/platform/browser';
import { createElectronPlatform } from '../../renderer/platform/electron';
import { getPlatform } from '../../renderer/platform';
import { PlatformError } from '../../renderer/platform/PlatformError';
import { MODEL_FILE_LIMITS } from '../../engine/io/modelFileLimits';
import type { TensorloomBridge } from '../../app/ipc/contract';
import type { MenuCommand } from '../../renderer/platform/types';

const graph = '{"formatVersion":1,"name":"autosaved","nodes":[],"edges":[]}';
/** Stands in for a checkpoint's `.tlgraph` bytes: the platform stores them as they are, without reading them. */
const checkpoint = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 254, 255]);

/** A browser environment whose downloads are captured instead of offered. */
function browserEnv(overrides: Partial<BrowserPlatformEnv> = {}) {
  const blobs = new Map<string, Blob>();
  const downloads: { name: string; blob: Blob }[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.push({ name: this.download, blob: blobs.get(this.href)! });
  });
  const env: BrowserPlatformEnv = {
    document,
    indexedDB: null,
    storage: window.localStorage,
    createObjectURL: (blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, blob);
      return url;
    },
    revokeObjectURL: () => undefined,
    ...overrides,
  };
  return { env, downloads };
}

afterEach(() => {
  window.localStorage.clear();
  vi.restoreAllMocks();
});

describe('browser platform autosave', () => {
  it('round-trips through localStorage where IndexedDB is missing', async () => {
    const { env } = browserEnv();
    await createBrowserPlatform(env).autosave(graph);
    expect(await createBrowserPlatform(env).loadAutosave()).toEqual({ graph, checkpoint: null });
  });

  it('round-trips through IndexedDB, and a later page load reads it back', async () => {
    const indexedDB = new IDBFactory();
    const { env } = browserEnv({ indexedDB });
    await createBrowserPlatform(env).autosave('{"first":1}');
    await createBrowserPlatform(env).autosave(graph);
    expect(window.localStorage.length).toBe(0);
    expect(await createBrowserPlatform(env).loadAutosave()).toEqual({ graph, checkpoint: null });
  });

  it('keeps the latest checkpoint bytes in IndexedDB beside the graph, and forgets them on request', async () => {
    const indexedDB = new IDBFactory();
    const { env } = browserEnv({ indexedDB });
    await createBrowserPlatform(env).autosave(graph);
    await createBrowserPlatform(env).autosaveCheckpoint(new Uint8Array([9, 9, 9]));
    await createBrowserPlatform(env).autosaveCheckpoint(checkpoint);
    const restored = await createBrowserPlatform(env).loadAutosave();
    expect(restored?.graph).toBe(graph);
    expect([...(restored?.checkpoint ?? [])]).toEqual([...checkpoint]);

    await createBrowserPlatform(env).autosaveCheckpoint(null);
    expect(await createBrowserPlatform(env).loadAutosave()).toEqual({ graph, checkpoint: null });
  });

  it('never throws from a checkpoint where IndexedDB is missing or broken', async () => {
    const broken = { open: () => { throw new Error('IndexedDB disabled'); } } as unknown as IDBFactory;
    await expect(createBrowserPlatform(browserEnv().env).autosaveCheckpoint(checkpoint)).resolves.toBeUndefined();
    await expect(createBrowserPlatform(browserEnv({ indexedDB: broken }).env).autosaveCheckpoint(checkpoint)).resolves.toBeUndefined();
  });

  it('falls back to localStorage when IndexedDB fails, and never throws', async () => {
    const broken = { open: () => { throw new Error('IndexedDB disabled'); } } as unknown as IDBFactory;
    const { env } = browserEnv({ indexedDB: broken });
    await expect(createBrowserPlatform(env).autosave(graph)).resolves.toBeUndefined();
    expect(await createBrowserPlatform(env).loadAutosave()).toEqual({ graph, checkpoint: null });
  });

  it('prefers the newer localStorage copy written while IndexedDB was failing', async () => {
    const indexedDB = new IDBFactory();
    await createBrowserPlatform(browserEnv({ indexedDB }).env).autosave('{"old":1}');
    const failing = { open: () => { throw new Error('quota'); } } as unknown as IDBFactory;
    await createBrowserPlatform(browserEnv({ indexedDB: failing }).env).autosave(graph);
    expect((await createBrowserPlatform(browserEnv({ indexedDB }).env).loadAutosave())?.graph).toBe(graph);
  });

  it('answers null when nothing was autosaved', async () => {
    expect(await createBrowserPlatform(browserEnv({ indexedDB: new IDBFactory() }).env).loadAutosave()).toBeNull();
  });
});

describe('browser platform files', () => {
  it('saves the model as a .tlgraph download with the exact bytes', async () => {
    const { env, downloads } = browserEnv();
    expect(await createBrowserPlatform(env).saveModel(checkpoint, 'my model')).toEqual({ name: 'my model.tlgraph' });
    expect(await createBrowserPlatform(env).saveModel(checkpoint, 'old.tlgraph.json')).toEqual({ name: 'old.tlgraph' });
    expect(await createBrowserPlatform(env).saveModel(checkpoint, '../trained.tlgraph')).toEqual({ name: 'trained.tlgraph' });
    expect(downloads.map((d) => d.name)).toEqual(['my model.tlgraph', 'old.tlgraph', 'trained.tlgraph']);
    expect([...new Uint8Array(await downloads[0].blob.arrayBuffer())]).toEqual([...checkpoint]);
  });

  it('exports bytes unchanged under a plain file name', async () => {
    const { env, downloads } = browserEnv();
    await createBrowserPlatform(env).exportFile('../weights.bin', new Uint8Array([0, 1, 255]), 'application/octet-stream');
    expect(downloads[0].name).toBe('weights.bin');
    expect([...new Uint8Array(await downloads[0].blob.arrayBuffer())]).toEqual([0, 1, 255]);
  });

  it('opens the file chosen in the file input as bytes, offering model and graph files', async () => {
    const { env } = browserEnv();
    const accepted: string[] = [];
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      accepted.push(this.accept);
      Object.defineProperty(this, 'files', { value: [new File([checkpoint], 'chosen.tlgraph')] });
      this.dispatchEvent(new Event('change'));
    });
    const opened = await createBrowserPlatform(env).openModel();
    expect(opened?.name).toBe('chosen.tlgraph');
    expect([...(opened?.bytes ?? [])]).toEqual([...checkpoint]);
    expect((await createBrowserPlatform(env).readModel())?.name).toBe('chosen.tlgraph');
    expect(accepted[0].split(',')).toEqual(expect.arrayContaining(['.tlgraph', '.json']));
    expect(document.querySelectorAll('input[type=file]')).toHaveLength(0);
  });

  it('refuses a chosen file over the size limit before reading it', async () => {
    const { env } = browserEnv();
    const huge = new File([''], 'huge.tlgraph');
    Object.defineProperty(huge, 'size', { value: MODEL_FILE_LIMITS.fileBytes + 1 });
    const read = vi.spyOn(huge, 'arrayBuffer');
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      Object.defineProperty(this, 'files', { value: [huge] });
      this.dispatchEvent(new Event('change'));
    });
    const error = await createBrowserPlatform(env).openModel().catch((e: unknown) => e);
    expect((error as PlatformError).code).toBe('E_FILE_TOO_LARGE');
    expect(read).not.toHaveBeenCalled();
  });

  it('answers null when the file chooser is cancelled', async () => {
    const { env } = browserEnv();
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      this.dispatchEvent(new Event('cancel'));
    });
    expect(await createBrowserPlatform(env).openModel()).toBeNull();
  });
});

/** Stands in for the preload bridge; every call answers like main would. */
function fakeBridge(overrides: Partial<TensorloomBridge> = {}): TensorloomBridge {
  return {
    openModel: async () => ({ ok: true, value: { name: 'a.tlgraph', bytes: checkpoint } }),
    readModel: async () => ({ ok: true, value: { name: 'a.tlgraph', bytes: checkpoint } }),
    saveModel: async (_bytes, name) => ({ ok: true, value: { name } }),
    autosave: async () => undefined,
    autosaveCheckpoint: async () => undefined,
    loadAutosave: async () => ({ graph, checkpoint }),
    exportFile: async (name) => ({ ok: true, value: { name } }),
    exportFolder: async (name) => ({ ok: true, value: { name } }),
    recentFiles: async () => [],
    openRecent: async () => ({ ok: true, value: null }),
    onMenuCommand: () => () => undefined,
    describeMenu: async () => ({ ok: true, value: null }),
    ...overrides,
  };
}

describe('electron platform', () => {
  it('turns a coded failure from main into a PlatformError with the engine problems', async () => {
    const problems = [{ code: 'E_UNKNOWN_KIND' as const, message: 'Node “x” is of kind “y”.', fix: 'Delete the node.' }];
    const platform = createElectronPlatform(
      fakeBridge({ openModel: async () => ({ ok: false, error: { code: 'E_FILE_INVALID', message: 'bad', fix: 'fix', problems } }) }),
    );
    const error = await platform.openModel().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).code).toBe('E_FILE_INVALID');
    expect((error as PlatformError).problems).toEqual(problems);
  });

  it('sends the bytes and the save options to main as they are', async () => {
    const sent: unknown[][] = [];
    const platform = createElectronPlatform(fakeBridge({ saveModel: async (...args) => (sent.push(args), { ok: true, value: { name: 'x.tlgraph' } }) }));
    expect(await platform.saveModel(checkpoint, 'x', { graphOnly: true })).toEqual({ name: 'x.tlgraph' });
    expect(sent).toEqual([[checkpoint, 'x', { saveAs: false, graphOnly: true }]]);
  });

  it('never throws from autosave, checkpoints or loadAutosave, even when the bridge fails', async () => {
    const gone = () => Promise.reject(new Error('gone'));
    const platform = createElectronPlatform(fakeBridge({ autosave: gone, autosaveCheckpoint: gone, loadAutosave: gone }));
    await expect(platform.autosave(graph)).resolves.toBeUndefined();
    await expect(platform.autosaveCheckpoint(checkpoint)).resolves.toBeUndefined();
    await expect(platform.loadAutosave()).resolves.toBeNull();
  });

  it('passes menu commands through', () => {
    let listener: ((c: MenuCommand) => void) | undefined;
    const platform = createElectronPlatform(fakeBridge({ onMenuCommand: (l) => ((listener = l), () => undefined) }));
    const received: MenuCommand[] = [];
    platform.onMenuCommand?.((c) => received.push(c));
    listener?.({ type: 'run', commandId: 'file.saveAs' });
    expect(received).toEqual([{ type: 'run', commandId: 'file.saveAs' }]);
  });
});

describe('getPlatform', () => {
  it('uses the browser platform where no Electron bridge is present', () => {
    expect(window.tensorloom).toBeUndefined();
    expect(getPlatform().kind).toBe('browser');
  });

  it('uses the preload bridge inside Electron', async () => {
    vi.resetModules();
    window.tensorloom = fakeBridge();
    try {
      const fresh = await import('../../renderer/platform');
      const platform = fresh.getPlatform();
      expect(platform.kind).toBe('electron');
      expect(await platform.loadAutosave()).toEqual({ graph, checkpoint });
    } finally {
      delete window.tensorloom;
    }
  });
});

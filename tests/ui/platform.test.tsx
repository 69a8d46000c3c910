import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { createBrowserPlatform, type BrowserPlatformEnv } from '../../renderer/platform/browser';
import { createElectronPlatform } from '../../renderer/platform/electron';
import { getPlatform } from '../../renderer/platform';
import { PlatformError } from '../../renderer/platform/PlatformError';
import type { TensorloomBridge } from '../../app/ipc/contract';
import type { MenuCommand } from '../../renderer/platform/types';

const graph = '{"formatVersion":1,"name":"autosaved","nodes":[],"edges":[]}';

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
    expect(await createBrowserPlatform(env).loadAutosave()).toBe(graph);
  });

  it('round-trips through IndexedDB, and a later page load reads it back', async () => {
    const indexedDB = new IDBFactory();
    const { env } = browserEnv({ indexedDB });
    await createBrowserPlatform(env).autosave('{"first":1}');
    await createBrowserPlatform(env).autosave(graph);
    expect(window.localStorage.length).toBe(0);
    expect(await createBrowserPlatform(env).loadAutosave()).toBe(graph);
  });

  it('falls back to localStorage when IndexedDB fails, and never throws', async () => {
    const broken = { open: () => { throw new Error('IndexedDB disabled'); } } as unknown as IDBFactory;
    const { env } = browserEnv({ indexedDB: broken });
    await expect(createBrowserPlatform(env).autosave(graph)).resolves.toBeUndefined();
    expect(await createBrowserPlatform(env).loadAutosave()).toBe(graph);
  });

  it('prefers the newer localStorage copy written while IndexedDB was failing', async () => {
    const indexedDB = new IDBFactory();
    await createBrowserPlatform(browserEnv({ indexedDB }).env).autosave('{"old":1}');
    const failing = { open: () => { throw new Error('quota'); } } as unknown as IDBFactory;
    await createBrowserPlatform(browserEnv({ indexedDB: failing }).env).autosave(graph);
    expect(await createBrowserPlatform(browserEnv({ indexedDB }).env).loadAutosave()).toBe(graph);
  });

  it('answers null when nothing was autosaved', async () => {
    expect(await createBrowserPlatform(browserEnv({ indexedDB: new IDBFactory() }).env).loadAutosave()).toBeNull();
  });
});

describe('browser platform files', () => {
  it('saves the graph as a download named like a graph file, with the exact text', async () => {
    const { env, downloads } = browserEnv();
    expect(await createBrowserPlatform(env).saveGraph(graph, 'my model')).toEqual({ name: 'my model.tlgraph.json' });
    expect(downloads).toHaveLength(1);
    expect(downloads[0].name).toBe('my model.tlgraph.json');
    expect(await downloads[0].blob.text()).toBe(graph);
  });

  it('exports bytes unchanged under a plain file name', async () => {
    const { env, downloads } = browserEnv();
    await createBrowserPlatform(env).exportFile('../weights.bin', new Uint8Array([0, 1, 255]), 'application/octet-stream');
    expect(downloads[0].name).toBe('weights.bin');
    expect([...new Uint8Array(await downloads[0].blob.arrayBuffer())]).toEqual([0, 1, 255]);
  });

  it('opens the file chosen in the file input', async () => {
    const { env } = browserEnv();
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      Object.defineProperty(this, 'files', { value: [new File([graph], 'chosen.tlgraph.json', { type: 'application/json' })] });
      this.dispatchEvent(new Event('change'));
    });
    expect(await createBrowserPlatform(env).openGraph()).toEqual({ name: 'chosen.tlgraph.json', text: graph });
    expect(document.querySelectorAll('input[type=file]')).toHaveLength(0);
  });

  it('answers null when the file chooser is cancelled', async () => {
    const { env } = browserEnv();
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      this.dispatchEvent(new Event('cancel'));
    });
    expect(await createBrowserPlatform(env).openGraph()).toBeNull();
  });
});

/** Stands in for the preload bridge; every call answers like main would. */
function fakeBridge(overrides: Partial<TensorloomBridge> = {}): TensorloomBridge {
  return {
    openGraph: async () => ({ ok: true, value: { name: 'a.tlgraph.json', text: graph } }),
    saveGraph: async (_text, name) => ({ ok: true, value: { name } }),
    autosave: async () => undefined,
    loadAutosave: async () => graph,
    exportFile: async (name) => ({ ok: true, value: { name } }),
    recentFiles: async () => [],
    openRecent: async () => ({ ok: true, value: null }),
    onMenuCommand: () => () => undefined,
    ...overrides,
  };
}

describe('electron platform', () => {
  it('turns a coded failure from main into a PlatformError with the engine problems', async () => {
    const problems = [{ code: 'E_UNKNOWN_KIND' as const, message: 'Node “x” is of kind “y”.', fix: 'Delete the node.' }];
    const platform = createElectronPlatform(
      fakeBridge({ openGraph: async () => ({ ok: false, error: { code: 'E_FILE_INVALID', message: 'bad', fix: 'fix', problems } }) }),
    );
    const error = await platform.openGraph().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).code).toBe('E_FILE_INVALID');
    expect((error as PlatformError).problems).toEqual(problems);
  });

  it('never throws from autosave or loadAutosave, even when the bridge fails', async () => {
    const platform = createElectronPlatform(
      fakeBridge({ autosave: () => Promise.reject(new Error('gone')), loadAutosave: () => Promise.reject(new Error('gone')) }),
    );
    await expect(platform.autosave(graph)).resolves.toBeUndefined();
    await expect(platform.loadAutosave()).resolves.toBeNull();
  });

  it('passes menu commands through', () => {
    let listener: ((c: MenuCommand) => void) | undefined;
    const platform = createElectronPlatform(fakeBridge({ onMenuCommand: (l) => ((listener = l), () => undefined) }));
    const received: MenuCommand[] = [];
    platform.onMenuCommand?.((c) => received.push(c));
    listener?.({ type: 'saveAs' });
    expect(received).toEqual([{ type: 'saveAs' }]);
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
      expect(await platform.loadAutosave()).toBe(graph);
    } finally {
      delete window.tensorloom;
    }
  });
});

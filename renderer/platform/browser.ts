import { MAX_DOCUMENT_BYTES } from '../../engine/graph/parse';
import { PlatformError } from './PlatformError';
import type { OpenedFile, Platform } from './types';

const GRAPH_FILE_SUFFIX = '.tlgraph.json';
const DB_NAME = 'tensorloom';
const DB_STORE = 'autosave';
const DB_KEY = 'current';
const STORAGE_KEY = 'tensorloom:autosave';

export interface BrowserPlatformEnv {
  document: Document;
  /** Null where IndexedDB is missing or blocked (some private modes); autosave then uses `storage`. */
  indexedDB: IDBFactory | null;
  storage: Storage | null;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
}

function defaultEnv(): BrowserPlatformEnv {
  let storage: Storage | null = null;
  try {
    storage = globalThis.localStorage ?? null;
  } catch {
    /* access throws where storage is disabled */
  }
  return {
    document: globalThis.document,
    indexedDB: globalThis.indexedDB ?? null,
    storage,
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => URL.revokeObjectURL(url),
  };
}

function downloadName(suggested: string, fallback: string): string {
  const base = String(suggested).split(/[\\/]/).pop()?.replace(/^[.\s]+/, '').trim() ?? '';
  return base || fallback;
}

function withGraphSuffix(name: string): string {
  return name.toLowerCase().endsWith(GRAPH_FILE_SUFFIX) ? name : `${name.replace(/\.json$/i, '')}${GRAPH_FILE_SUFFIX}`;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** One IndexedDB store holding one record: the latest autosave. */
class IndexedDbAutosave {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = this.factory.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(DB_STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    }).catch((err: unknown) => {
      this.db = null;
      throw err;
    });
    return this.db;
  }

  async write(text: string): Promise<void> {
    const tx = (await this.open()).transaction(DB_STORE, 'readwrite');
    tx.objectStore(DB_STORE).put(text, DB_KEY);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  async read(): Promise<string | null> {
    const value: unknown = await request((await this.open()).transaction(DB_STORE, 'readonly').objectStore(DB_STORE).get(DB_KEY));
    return typeof value === 'string' ? value : null;
  }
}

/**
 * The platform for a plain browser (the web build, tests): open through a file input, save and export as
 * downloads, autosave in IndexedDB, or in localStorage where IndexedDB is unavailable or fails.
 */
export function createBrowserPlatform(env: BrowserPlatformEnv = defaultEnv()): Platform {
  const idb = env.indexedDB ? new IndexedDbAutosave(env.indexedDB) : null;

  const download = (name: string, data: BlobPart, mime: string) => {
    const url = env.createObjectURL(new Blob([data], { type: mime }));
    const link = env.document.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    env.document.body.appendChild(link);
    link.click();
    link.remove();
    // The download has started from the click; revoking later gives slow browsers time to read it.
    setTimeout(() => env.revokeObjectURL(url), 60_000);
  };

  const pickFile = () =>
    new Promise<File | null>((resolve) => {
      const input = env.document.createElement('input');
      input.type = 'file';
      input.accept = `${GRAPH_FILE_SUFFIX},.json,application/json`;
      input.style.display = 'none';
      const finish = (file: File | null) => {
        input.remove();
        resolve(file);
      };
      input.addEventListener('change', () => finish(input.files?.[0] ?? null), { once: true });
      input.addEventListener('cancel', () => finish(null), { once: true });
      env.document.body.appendChild(input);
      input.click();
    });

  return {
    kind: 'browser',

    async openGraph(): Promise<OpenedFile | null> {
      const file = await pickFile();
      if (!file) return null;
      if (file.size > MAX_DOCUMENT_BYTES) {
        throw new PlatformError({
          code: 'E_FILE_TOO_LARGE',
          message: `“${file.name}” is ${(file.size / 1e6).toFixed(1)} MB; Tensorloom reads graph files of at most ${MAX_DOCUMENT_BYTES / 1e6} MB.`,
          fix: 'Check that this is a Tensorloom graph file.',
        });
      }
      try {
        return { name: file.name, text: await file.text() };
      } catch {
        throw new PlatformError({ code: 'E_FILE_ACCESS', message: `“${file.name}” could not be read.`, fix: 'Check that the file is readable and try again.' });
      }
    },

    async saveGraph(text, suggestedName) {
      const name = withGraphSuffix(downloadName(suggestedName, 'untitled'));
      download(name, text, 'application/json');
      return { name };
    },

    async exportFile(name, data, mime) {
      download(downloadName(name, 'export'), typeof data === 'string' ? data : new Uint8Array(data), mime);
    },

    // A successful IndexedDB write clears the localStorage copy, so a copy there is always the newer one.
    async autosave(text) {
      if (idb) {
        try {
          await idb.write(text);
          env.storage?.removeItem(STORAGE_KEY);
          return;
        } catch {
          /* fall through to localStorage */
        }
      }
      try {
        env.storage?.setItem(STORAGE_KEY, text);
      } catch {
        /* quota exceeded or storage disabled: autosave is best effort */
      }
    },

    async loadAutosave() {
      try {
        const stored = env.storage?.getItem(STORAGE_KEY) ?? null;
        if (stored !== null) return stored;
      } catch {
        /* storage disabled */
      }
      if (!idb) return null;
      try {
        return await idb.read();
      } catch {
        return null;
      }
    },
  };
}

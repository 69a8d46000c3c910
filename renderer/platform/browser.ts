import { coded, looksLikeZip, MAX_DOCUMENT_BYTES, MODEL_FILE_LIMITS, textFileSizeProblem, type Problem } from '../../engine';
import { PlatformError } from './PlatformError';
import type { AutosaveSnapshot, OpenedFile, Platform, PlatformErrorCode } from './types';

const MODEL_FILE_SUFFIX = '.tlgraph';
const MAX_MODEL_FILE_BYTES = MODEL_FILE_LIMITS.fileBytes;
/** The file picker offers model files and the older JSON graph files. */
const OPEN_ACCEPT = '.tlgraph,.json,application/json,application/zip';
const DB_NAME = 'tensorloom';
const DB_STORE = 'autosave';
const GRAPH_KEY = 'current';
const CHECKPOINT_KEY = 'checkpoint';
const STORAGE_KEY = 'tensorloom:autosave';

export interface BrowserPlatformEnv {
  document: Document;
  /** Null where IndexedDB is missing or blocked (some private modes); the graph autosave then uses `storage`. */
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

/** “model”, “model.tlgraph.json” and “model.tlgraph” all save as “model.tlgraph”. */
export function withModelSuffix(name: string): string {
  const stem = name.replace(/(\.tlgraph)?(\.json)?$/i, '');
  return `${stem || 'untitled'}${MODEL_FILE_SUFFIX}`;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** One IndexedDB object store holding two records: the latest graph autosave and the latest checkpoint. */
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

  /** Stores `value` under `key`; null deletes the record. */
  async write(key: string, value: string | Uint8Array | null): Promise<void> {
    const tx = (await this.open()).transaction(DB_STORE, 'readwrite');
    if (value === null) tx.objectStore(DB_STORE).delete(key);
    else tx.objectStore(DB_STORE).put(value, key);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  async read(key: string): Promise<unknown> {
    return request((await this.open()).transaction(DB_STORE, 'readonly').objectStore(DB_STORE).get(key));
  }
}

/** Stored bytes, whichever realm's typed array the store hands back (so not by `instanceof`). */
/** A refused file, carrying its coded problem so the file dialog says it in the UI language. */
function refusal(code: PlatformErrorCode, problem: Problem): PlatformError {
  return new PlatformError({ code, message: problem.message, fix: problem.fix, key: problem.key, fixKey: problem.fixKey, params: problem.params, problems: [problem] });
}

function asBytes(value: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return new Uint8Array(value as ArrayBuffer);
  return null;
}

/**
 * The platform for a plain browser (the web build, tests): open through a file input, save and export as
 * downloads, autosave in IndexedDB. The graph falls back to localStorage where IndexedDB is unavailable
 * or fails; checkpoints (binary, and larger than localStorage allows) are kept in IndexedDB only.
 */
export function createBrowserPlatform(env: BrowserPlatformEnv = defaultEnv()): Platform {
  const idb = env.indexedDB ? new IndexedDbAutosave(env.indexedDB) : null;

  /** Starts a download; a browser that refuses (no memory for the blob, downloads blocked) rejects with E_FILE_WRITE. */
  const download = (name: string, data: BlobPart, mime: string) => {
    let url: string;
    try {
      url = env.createObjectURL(new Blob([data], { type: mime }));
    } catch {
      throw PlatformError.of('E_FILE_WRITE', 'save.downloadFailed', { name });
    }
    try {
      const link = env.document.createElement('a');
      link.href = url;
      link.download = name;
      link.style.display = 'none';
      env.document.body.appendChild(link);
      link.click();
      link.remove();
    } catch {
      env.revokeObjectURL(url);
      throw PlatformError.of('E_FILE_WRITE', 'save.downloadFailed', { name });
    }
    // The download has started from the click; revoking later gives slow browsers time to read it.
    setTimeout(() => env.revokeObjectURL(url), 60_000);
  };

  const pickFile = () =>
    new Promise<File | null>((resolve) => {
      const input = env.document.createElement('input');
      input.type = 'file';
      input.accept = OPEN_ACCEPT;
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

  const openChosenFile = async (): Promise<OpenedFile | null> => {
    const file = await pickFile();
    if (!file) return null;
    // Checked before reading, so a huge file never reaches memory.
    if (file.size > MAX_MODEL_FILE_BYTES) {
      throw refusal('E_FILE_TOO_LARGE', coded('E_FILE_TOO_LARGE', 'file.modelTooLargeMb', { name: file.name, size: Math.round(file.size / 1e5) / 10, max: Math.round(MAX_MODEL_FILE_BYTES / 1e6) }));
    }
    try {
      // A graph file is text of at most MAX_DOCUMENT_BYTES: a larger file that is not a zip is refused from its
      // first bytes, before the whole of it is read.
      if (file.size > MAX_DOCUMENT_BYTES && !looksLikeZip(new Uint8Array(await file.slice(0, 4).arrayBuffer()))) {
        throw refusal('E_FILE_TOO_LARGE', textFileSizeProblem(file.name, file.size, { kind: 'graph', maxBytes: MAX_DOCUMENT_BYTES })!);
      }
      return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    } catch (err) {
      if (err instanceof PlatformError) throw err;
      throw refusal('E_FILE_ACCESS', coded('E_FILE_ACCESS', 'file.unreadable', { name: file.name }));
    }
  };

  return {
    kind: 'browser',

    openModel: openChosenFile,
    readModel: openChosenFile,

    async saveModel(bytes, suggestedName) {
      const name = withModelSuffix(downloadName(suggestedName, 'untitled'));
      download(name, new Uint8Array(bytes), 'application/octet-stream');
      return { name };
    },

    async exportFile(name, data, mime) {
      download(downloadName(name, 'export'), typeof data === 'string' ? data : new Uint8Array(data), mime);
    },

    // A successful IndexedDB write clears the localStorage copy, so a copy there is always the newer one.
    async autosave(text) {
      if (idb) {
        try {
          await idb.write(GRAPH_KEY, text);
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

    async autosaveCheckpoint(bytes) {
      if (!idb) return;
      try {
        await idb.write(CHECKPOINT_KEY, bytes);
      } catch {
        /* best effort: the next checkpoint tries again */
      }
    },

    async loadAutosave(): Promise<AutosaveSnapshot | null> {
      let graph: string | null = null;
      try {
        graph = env.storage?.getItem(STORAGE_KEY) ?? null;
      } catch {
        /* storage disabled */
      }
      let checkpoint: Uint8Array | null = null;
      if (idb) {
        try {
          if (graph === null) {
            const stored = await idb.read(GRAPH_KEY);
            graph = typeof stored === 'string' ? stored : null;
          }
          checkpoint = asBytes(await idb.read(CHECKPOINT_KEY));
        } catch {
          /* unreadable: start without it */
        }
      }
      return graph === null ? null : { graph, checkpoint };
    },
  };
}

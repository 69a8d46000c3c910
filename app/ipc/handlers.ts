import path from 'node:path';
import { MAX_DOCUMENT_BYTES } from '../../engine';
import { checkExportFiles, writeExportFolder } from '../exportFolder';
import type { AutosaveStore } from '../autosave';
import { checkModelBytes, MAX_EXPORT_BYTES, MODEL_FILE_SUFFIX, openModelFile, safeSuggestedName, saveModelFile, writeExportFile } from '../files';
import type { RecentFiles } from '../recentFiles';
import type { MessageKey } from '../../engine';
import type { IpcChannel, IpcResponse, IpcResult, OpenedFile, PlatformErrorInfo } from './contract';
import { platformError } from './platformError';

/**
 * What each IPC channel does, written against small interfaces instead of Electron so it runs in unit
 * tests. main.ts supplies the dialogs and checks who is calling before any of this runs. Every argument
 * arrives as `unknown` and is checked again here: the renderer is not trusted with paths or shapes.
 */
export interface HandlerDeps {
  /** Shows the open dialog; resolves with the chosen path or null. */
  chooseFileToOpen(): Promise<string | null>;
  /** Shows the save dialog with a default file name (in `defaultDir` when known); resolves with the path or null. */
  chooseFileToSave(defaultName: string, kind: 'model' | 'export', defaultDir?: string): Promise<string | null>;
  recent: RecentFiles;
  autosave: AutosaveStore;
  /** Called after the recent list changed, e.g. to rebuild the Open Recent menu. */
  onRecentChanged?(): void;
  /** Called with the file the window now shows, or null for a new document. */
  onCurrentFileChanged?(filePath: string | null): void;
  /** The path behind an id main gave a file the system handed over (double-click, open-file, a drop), once. */
  takeSystemOpen?(id: string): string | null;
  /** Where failures that the user is not shown go (the main-process log). */
  logError?(context: string, err: unknown): void;
}

export type IpcHandlers = { [C in IpcChannel]: (...args: unknown[]) => Promise<IpcResponse<C>> };

const EXPORT_MIME = /^[a-z]+\/[a-z0-9.+-]+$/i;

function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

function rejected(code: PlatformErrorInfo['code'], key: MessageKey): IpcResult<never> {
  return { ok: false, error: platformError(code, key) };
}

function badPayload(key: 'payload.save' | 'payload.export' | 'payload.openRecent'): IpcResult<never> {
  return rejected('E_PAYLOAD', key);
}

/** “model”, “model.tlgraph.json” and “model.tlgraph” all save as “model.tlgraph”. */
function ensureModelSuffix(name: string): string {
  const stem = name.replace(/(\.tlgraph)?(\.json)?$/i, '');
  return `${stem || 'untitled'}${MODEL_FILE_SUFFIX}`;
}

export interface IpcService {
  handlers: IpcHandlers;
  /** File ▸ New: the next Save asks for a place instead of writing over the last file. */
  forgetCurrentFile(): void;
}

export function createIpcService(deps: HandlerDeps): IpcService {
  /** The file the window shows; where Save writes without asking. */
  let currentFile: string | null = null;

  const setCurrentFile = (filePath: string | null) => {
    currentFile = filePath;
    deps.onCurrentFileChanged?.(filePath);
  };

  const rememberRecent = async (filePath: string) => {
    try {
      await deps.recent.add(filePath);
      deps.onRecentChanged?.();
    } catch (err) {
      // The recent list is a convenience; never fail an open or a save over it.
      deps.logError?.('Updating the recent files failed', err);
    }
  };

  const openPath = async (filePath: string): Promise<IpcResult<OpenedFile | null>> => {
    const opened = await openModelFile(filePath);
    if (!opened.ok) return opened;
    setCurrentFile(filePath);
    await rememberRecent(filePath);
    return ok(opened.file);
  };

  const handlers: IpcHandlers = {
    'tensorloom:openModel': async () => {
      const filePath = await deps.chooseFileToOpen();
      return filePath === null ? ok(null) : openPath(filePath);
    },

    'tensorloom:readModel': async () => {
      // Load weights from…: the file is only read, so the window's file and the recent list stay as they are.
      const filePath = await deps.chooseFileToOpen();
      if (filePath === null) return ok(null);
      const opened = await openModelFile(filePath);
      return opened.ok ? ok(opened.file) : opened;
    },

    'tensorloom:openRecent': async (id) => {
      if (typeof id !== 'string' || id.length > 64) return badPayload('payload.openRecent');
      const filePath = deps.takeSystemOpen?.(id) ?? (await deps.recent.resolve(id));
      if (filePath === null) return ok(null);
      const result = await openPath(filePath);
      if (!result.ok && result.error.code === 'E_FILE_NOT_FOUND') {
        await deps.recent.remove(filePath).catch((err: unknown) => deps.logError?.('Removing a missing recent file failed', err));
        deps.onRecentChanged?.();
        return ok(null);
      }
      return result;
    },

    'tensorloom:saveModel': async (bytes, suggestedName, opts) => {
      if (!(bytes instanceof Uint8Array)) return badPayload('payload.save');
      if (opts !== undefined && (typeof opts !== 'object' || opts === null)) return badPayload('payload.save');
      const saveAs = (opts as { saveAs?: unknown } | undefined)?.saveAs === true;
      const graphOnly = (opts as { graphOnly?: unknown } | undefined)?.graphOnly === true;
      const name = ensureModelSuffix(safeSuggestedName(suggestedName, `untitled${MODEL_FILE_SUFFIX}`));
      // Save writes over the open file only when the UI still names that file; a new or renamed document
      // is asked for a place, so Save can never overwrite a file the user did not mean. A graph-only copy
      // always asks, and leaves the window's file as it was.
      let target = !saveAs && !graphOnly && currentFile && path.basename(currentFile) === name ? currentFile : null;
      if (target === null) {
        target = await deps.chooseFileToSave(name, 'model', currentFile ? path.dirname(currentFile) : undefined);
        if (target === null) return ok(null);
      }
      const saved = await saveModelFile(target, bytes, { graphOnly });
      if (!saved.ok) return saved;
      await rememberRecent(target);
      if (graphOnly) return ok({ name: saved.name });
      setCurrentFile(target);
      await deps.autosave.discard().catch((err: unknown) => deps.logError?.('Clearing the autosave after a save failed', err));
      return ok({ name: saved.name });
    },

    'tensorloom:exportFile': async (name, data, mime) => {
      if (typeof mime !== 'string' || !EXPORT_MIME.test(mime)) return badPayload('payload.export');
      if (typeof data !== 'string' && !(data instanceof Uint8Array)) return badPayload('payload.export');
      const size = typeof data === 'string' ? data.length : data.byteLength;
      if (size > MAX_EXPORT_BYTES) return rejected('E_FILE_TOO_LARGE', 'export.tooLargeToWrite');
      const target = await deps.chooseFileToSave(safeSuggestedName(name, 'export'), 'export', currentFile ? path.dirname(currentFile) : undefined);
      if (target === null) return ok(null);
      const written = await writeExportFile(target, data);
      return written.ok ? ok({ name: written.name }) : written;
    },

    'tensorloom:exportFolder': async (suggestedName, files) => {
      // Checked whole before the dialog shows: a refused export never asks for a place.
      const checked = checkExportFiles(files);
      if (!checked.ok) return checked;
      // The save dialog names the new folder; main.ts's dialog for exports allows any name.
      const target = await deps.chooseFileToSave(safeSuggestedName(suggestedName, 'export'), 'export', currentFile ? path.dirname(currentFile) : undefined);
      if (target === null) return ok(null);
      const written = await writeExportFolder(target, checked.files);
      return written.ok ? ok({ name: written.name }) : written;
    },

    'tensorloom:autosave': async (text) => {
      // Autosave must never throw and never lose work, so it checks only what protects the disk: text,
      // bounded, a JSON object. A half-edited graph the engine would reject is still worth recovering.
      if (typeof text !== 'string' || text.length > MAX_DOCUMENT_BYTES) return;
      try {
        const value: unknown = JSON.parse(text);
        if (!value || typeof value !== 'object' || Array.isArray(value)) return;
        await deps.autosave.write(text);
      } catch (err) {
        // Retried with the next change.
        deps.logError?.('Autosave failed', err);
      }
    },

    'tensorloom:autosaveCheckpoint': async (bytes) => {
      // Read back whole before it is kept: a checkpoint is offered to the page again after a crash, so
      // it must be a model file the engine accepts. Bounded before any parsing.
      try {
        if (bytes === null) {
          await deps.autosave.writeCheckpoint(null);
          return;
        }
        if (!(bytes instanceof Uint8Array)) return;
        if (!checkModelBytes(bytes, 'checkpoint').ok) return;
        await deps.autosave.writeCheckpoint(bytes);
      } catch (err) {
        // Retried with the next checkpoint.
        deps.logError?.('Autosaving a checkpoint failed', err);
      }
    },

    'tensorloom:loadAutosave': async () => deps.autosave.recovered(),

    'tensorloom:recentFiles': async () => {
      try {
        return await deps.recent.list();
      } catch (err) {
        deps.logError?.('Reading the recent files failed', err);
        return [];
      }
    },
  };
  return { handlers, forgetCurrentFile: () => setCurrentFile(null) };
}

/** Only our own page, loaded from the app:// origin, may call the handlers. */
export function isTrustedSenderUrl(url: string | undefined, appScheme: string, appHost: string): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${appScheme}:` && parsed.host === appHost;
  } catch {
    return false;
  }
}

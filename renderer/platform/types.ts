import type { Problem } from '../../engine/graph/errors';

/**
 * Everything the UI needs from the machine it runs on. In Electron it is the preload bridge (main owns
 * dialogs and paths: the renderer never sends a path); in a plain browser it is a file input, a download
 * and IndexedDB. The same UI runs on either.
 */
export interface OpenedFile {
  /** Display name (no directory). */
  name: string;
  text: string;
}

export interface Platform extends PlatformExtras {
  readonly kind: 'electron' | 'browser';
  /** Asks the user for a graph file. Null when cancelled. */
  openGraph(): Promise<OpenedFile | null>;
  /** Saves the graph (atomically, in Electron). `saveAs` always asks for a place. Null when cancelled. */
  saveGraph(text: string, suggestedName: string, opts?: { saveAs?: boolean }): Promise<{ name: string } | null>;
  /** Stores a crash-recovery copy; called often, must be cheap and never throw. */
  autosave(text: string): Promise<void>;
  /** The last autosaved document, if any. */
  loadAutosave(): Promise<string | null>;
  /** Offers a generated file (exported code, a chart PNG) to the user. */
  exportFile(name: string, data: string | Uint8Array, mime: string): Promise<void>;
  // Failures reject with a PlatformError (renderer/platform/PlatformError.ts) carrying a PlatformErrorCode.
}

/** Why a platform call failed, with a stable code the UI can key on (engine problems when the graph is bad). */
export type PlatformErrorCode =
  | 'E_FILE_NOT_FOUND'
  | 'E_FILE_ACCESS'
  | 'E_FILE_TOO_LARGE'
  | 'E_FILE_NOT_TEXT'
  | 'E_FILE_INVALID'
  | 'E_FILE_WRITE'
  | 'E_PAYLOAD';

export interface PlatformErrorInfo {
  code: PlatformErrorCode;
  message: string;
  fix: string;
  /** The engine's problems, for E_FILE_INVALID. */
  problems?: Problem[];
}

/** A recently used file as the UI sees it: an opaque id to reopen it by, never a path to send back. */
export interface RecentFile {
  id: string;
  name: string;
  /** The folder, for display only. */
  folder: string;
}

/** What the native menu asks the UI to do; the UI owns the document, so it runs each command itself. */
export type MenuCommand =
  | { type: 'new' }
  | { type: 'open' }
  | { type: 'save' }
  | { type: 'saveAs' }
  | { type: 'openRecent'; id: string }
  | { type: 'aboutData' };

/**
 * Desktop-only extras. The browser platform leaves them out, so the UI checks for them
 * (`platform.recentFiles?.()`) instead of branching on `kind`.
 */
export interface PlatformExtras {
  /** Most recent first. */
  recentFiles?(): Promise<RecentFile[]>;
  /** Opens a file from `recentFiles()`. Null when it no longer exists (it is then dropped from the list). */
  openRecent?(id: string): Promise<OpenedFile | null>;
  /** Subscribes to native menu commands; returns the unsubscribe function. */
  onMenuCommand?(listener: (command: MenuCommand) => void): () => void;
}

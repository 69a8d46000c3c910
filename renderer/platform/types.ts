/**
 * Everything the UI needs from the machine it runs on. In Electron it is the preload bridge (main owns
 * dialogs and paths: the renderer never sends a path); in a plain browser it is a file input, a download
 * and IndexedDB. The same UI runs on either.
 *
 * The value types shared with the main process live in the IPC contract, the one module of types both
 * sides import (see app/ipc/contract.ts for why it sits there); they are re-exported here for the UI.
 */
import type { AutosaveSnapshot, CloseDecision, ExportFolderFile, MenuCommand, NativeMenuDescription, OpenedFile, RecentFile, SaveOptions, WindowLayout } from '../../app/ipc/contract';

export type {
  AutosaveSnapshot,
  CloseDecision,
  ExportFolderFile,
  MenuCommand,
  NativeMenuCommandItem,
  NativeMenuDescription,
  NativeMenuItem,
  NativeMenuSection,
  NativeMenuSectionId,
  OpenedFile,
  PlatformErrorCode,
  PlatformErrorInfo,
  RecentFile,
  SaveOptions,
  WindowLayout,
} from '../../app/ipc/contract';

export interface Platform extends PlatformExtras {
  readonly kind: 'electron' | 'browser';
  /** Asks the user for a model (`.tlgraph`) or graph (`.tlgraph.json`) file to open as the document. Null when cancelled. */
  openModel(): Promise<OpenedFile | null>;
  /**
   * Asks the user for a model file only to read from it (Load weights from…). The document's own file
   * is not changed. Null when cancelled.
   */
  readModel(): Promise<OpenedFile | null>;
  /** Saves a `.tlgraph` file (atomically, in Electron). `saveAs` always asks for a place. Null when cancelled. */
  saveModel(bytes: Uint8Array, suggestedName: string, opts?: SaveOptions): Promise<{ name: string } | null>;
  /** Stores a crash-recovery copy of the graph; called often, must be cheap and never throw. */
  autosave(text: string): Promise<void>;
  /** Stores the latest training checkpoint (`.tlgraph` bytes) beside the graph autosave, or forgets it (null); never throws. */
  autosaveCheckpoint(bytes: Uint8Array | null): Promise<void>;
  /** The last autosaved graph and checkpoint, if any. */
  loadAutosave(): Promise<AutosaveSnapshot | null>;
  /** Offers a generated file (exported code, a chart PNG) to the user. */
  exportFile(name: string, data: string | Uint8Array, mime: string): Promise<void>;
  // Failures reject with a PlatformError (renderer/platform/PlatformError.ts) carrying a PlatformErrorCode.
}

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
  /**
   * Writes an export's files into a new folder the user names in a dialog (File ▸ Export…). Null when
   * cancelled. The browser has no folders to write: it downloads a zip instead.
   */
  exportFolder?(suggestedName: string, files: ExportFolderFile[]): Promise<{ name: string } | null>;
  /** Gives the native menu the page's commands; rejects with a PlatformError (E_PAYLOAD) when main refuses it. */
  describeMenu?(description: NativeMenuDescription): Promise<void>;
  /**
   * Registers what the window asks before it closes (close button, Close Window, Quit): the listener asks
   * about unsaved changes, runs the save if chosen, and resolves `save` only when the file was written,
   * `discard` to close without saving (at once when nothing is unsaved), `cancel` to keep the window.
   * Returns the unsubscribe function.
   */
  onCloseRequest?(listener: () => Promise<CloseDecision>): () => void;
  /** The studio's height as the user left it on this display, or null. */
  windowLayout?(): Promise<WindowLayout>;
  /** Remembers the studio's height for this display (call when the user stops dragging). */
  rememberStudioHeight?(px: number): void;
}

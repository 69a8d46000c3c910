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

export interface Platform {
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
}

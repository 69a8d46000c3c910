/**
 * The one contract between the renderer and the main process: channel names and what travels over each,
 * and the value types both sides speak (opened files, coded errors, recent files, the native menu and its
 * commands).
 *
 * Types only, and the only module that crosses the renderer/app fence. It lives on the app side because
 * the IPC channels are main's to define; it imports nothing from renderer/ and nothing with code (only
 * engine types), so the renderer's `import type` of it pulls no main-process code into the page. The
 * fence is a lint rule (eslint.config.js): renderer/ may import this file, as types, and nothing else of
 * app/; app/ imports nothing of renderer/. `renderer/platform/types.ts` re-exports the shared types for
 * the UI. Paths never cross it: main owns the dialogs and the renderer never sends a path.
 */
import type { MessageKey, MessageParams, Problem } from '../../engine';

/** A file the user chose, as bytes: a `.tlgraph` model file (a zip) or an older `.tlgraph.json` graph. */
export interface OpenedFile {
  /** Display name (no directory). */
  name: string;
  bytes: Uint8Array;
}

/** What a reload or a restart after a crash finds: the last graph and, when training ran, its last checkpoint. */
export interface AutosaveSnapshot {
  /** The graph document as JSON text; it may be half-edited (autosave keeps what the engine would refuse). */
  graph: string;
  /** The latest training checkpoint as `.tlgraph` bytes, or null when none was kept. */
  checkpoint: Uint8Array | null;
}

export interface SaveOptions {
  /** Always ask for a place, even when the document already has a file. */
  saveAs?: boolean;
  /**
   * A copy of the graph without its trained weights: always asks for a place and does not become the
   * document's file, so the next Save still writes the whole model where it was.
   */
  graphOnly?: boolean;
}

/** Why a platform call failed, with a stable code the UI can key on (engine problems when the file is bad). */
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
  /** English, for logs; the UI says the failure from `key` and `params` in its own language. */
  message: string;
  fix: string;
  /** The sentence's key in the engine's MESSAGES and the values it names (a file's name, a size). */
  key?: MessageKey;
  fixKey?: MessageKey;
  params?: MessageParams;
  /** The engine's problems, for E_FILE_INVALID. */
  problems?: Problem[];
}

/** One file of an export, by its path inside the export's folder (`data/vocab.json`: `/` between folders). */
export interface ExportFolderFile {
  path: string;
  bytes: Uint8Array;
}

/** A recently used file as the UI sees it: an opaque id to reopen it by, never a path to send back. */
export interface RecentFile {
  id: string;
  name: string;
  /** The folder, for display only. */
  folder: string;
}

/**
 * What the native menu asks the UI to do. The commands are the page's (its one command list, which also
 * feeds the toolbar, the shortcuts and the context menu): a click sends the command's id back and the page
 * runs it from that list, if it is enabled now. A recent file is named by the opaque id main gave it.
 */
export type MenuCommand = { type: 'run'; commandId: string } | { type: 'openRecent'; fileId: string };

/**
 * The native menu as the page describes it, in its own language. The page's command list is the one
 * source of every label and shortcut; the page sends this at start-up (and again when the language or a
 * check mark changes) and main builds the menu from it, re-parsing it first. Main adds only what belongs
 * to the window: the macOS app menu, Quit, page zoom, full screen, developer tools, About.
 *
 * The other way, a second static list of ids and accelerators in app/, would have to be kept equal to
 * the page's by a test, and could only be in English: sending the page's own description leaves one list.
 */
export interface NativeMenuDescription {
  sections: NativeMenuSection[];
  /** The page's language (`en`, `ko`): main's own dialogs (close, crash, About) speak it too. */
  language?: string;
}

/** The menu bar's menus, in this order; main appends its own items to file (Quit), view (zoom) and help (About). */
export type NativeMenuSectionId = 'file' | 'edit' | 'view' | 'help';

export interface NativeMenuSection {
  id: NativeMenuSectionId;
  /** `&` marks the Alt-key letter on Windows and Linux (`&File`, `파일(&F)`). */
  label: string;
  items: NativeMenuItem[];
}

export type NativeMenuItem = NativeMenuCommandItem | NativeMenuSubmenu | NativeMenuRecentFiles | NativeMenuSeparator;

export interface NativeMenuCommandItem {
  kind: 'command';
  commandId: string;
  /** Shown as it is: an `&` here is an ampersand, not a mnemonic. */
  label: string;
  /** Electron accelerator syntax for this platform: `Ctrl+Shift+Z`, `Cmd+G`, `Delete`. */
  accelerator?: string;
  /** A toggle (`checkbox`) or one choice among its neighbours (`radio`), and whether it is on. */
  check?: { style: 'checkbox' | 'radio'; checked: boolean };
  /**
   * A clipboard command: main performs the browser's own action first (only main can, from a menu click),
   * which acts on a focused text field and does nothing elsewhere; the page runs its command only when no
   * text field has the focus.
   */
  nativeClipboard?: NativeClipboardAction;
}

export type NativeClipboardAction = 'cut' | 'copy' | 'paste';

export interface NativeMenuSubmenu {
  kind: 'submenu';
  label: string;
  items: Array<NativeMenuCommandItem | NativeMenuSeparator>;
}

/** Where main lists the recent files (it owns them; the page never sees their paths). */
export interface NativeMenuRecentFiles {
  kind: 'recentFiles';
  label: string;
  emptyLabel: string;
  clearLabel: string;
}

export interface NativeMenuSeparator {
  kind: 'separator';
}

/** The page's New command: main also forgets the document's file when it runs, so the next Save asks where. */
export type NewDocumentCommandId = 'file.new';

/** Results cross IPC as values: Electron keeps only the message of a thrown error, and we need the code. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: PlatformErrorInfo };

export interface IpcContract {
  /** Asks for a model or graph file and makes it the window's document (Save writes back to it). */
  'tensorloom:openModel': { request: []; response: IpcResult<OpenedFile | null> };
  /** Asks for a model file only to read from it (Load weights from…): the document's file stays as it is. */
  'tensorloom:readModel': { request: []; response: IpcResult<OpenedFile | null> };
  'tensorloom:saveModel': { request: [bytes: Uint8Array, suggestedName: string, opts?: SaveOptions]; response: IpcResult<{ name: string } | null> };
  'tensorloom:autosave': { request: [text: string]; response: void };
  /**
   * The latest training checkpoint as `.tlgraph` bytes, kept beside the graph autosave; null forgets it
   * (another document was opened, so the old weights belong to nothing on screen).
   */
  'tensorloom:autosaveCheckpoint': { request: [bytes: Uint8Array | null]; response: void };
  'tensorloom:loadAutosave': { request: []; response: AutosaveSnapshot | null };
  'tensorloom:exportFile': { request: [name: string, data: string | Uint8Array, mime: string]; response: IpcResult<{ name: string } | null> };
  /**
   * File ▸ Export… in the desktop app: asks for a new folder (a save dialog names it) and writes the files into
   * it, each atomically, all of them first in a hidden folder beside it that is renamed into place at the end.
   */
  'tensorloom:exportFolder': { request: [suggestedName: string, files: ExportFolderFile[]]; response: IpcResult<{ name: string } | null> };
  'tensorloom:recentFiles': { request: []; response: RecentFile[] };
  'tensorloom:openRecent': { request: [id: string]; response: IpcResult<OpenedFile | null> };
}

export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['response'];

/** Main → renderer: the one event channel, for native menu commands. */
export type MenuCommandChannel = 'tensorloom:menuCommand';
export type MenuCommandPayload = MenuCommand;

/**
 * Renderer → main: the native menu's description. Main answers once the menu is built, and only then
 * sends menu commands to the page (a click that opened the window waits for it), so none is lost.
 */
export type MenuDescriptionChannel = 'tensorloom:describeMenu';
export type MenuDescriptionRequest = [description: NativeMenuDescription];
export type MenuDescriptionResponse = IpcResult<null>;

/**
 * Main → preload, before a window closes (close button, Close Window, Quit; one window after another when
 * several are open): the payload is a request id. The page's listener asks about unsaved changes and runs
 * the save itself; the preload sends its decision back on CloseAnswerChannel.
 */
export type CloseRequestChannel = 'tensorloom:closeRequest';
/**
 * `save`: the document was saved (a cancelled or failed save is `cancel`). `discard`: close without
 * saving, also what a page with nothing unsaved answers at once. `cancel`: keep the window.
 */
export type CloseDecision = 'save' | 'discard' | 'cancel';
/** Preload → main: [requestId, decision]; `unanswered` when the page registered no listener (main falls back to beforeunload). */
export type CloseAnswerChannel = 'tensorloom:closeAnswer';
export type CloseAnswer = CloseDecision | 'unanswered';
/**
 * Preload → main: a `.tlgraph` file dropped on the window, by the path Electron recorded for the dropped
 * File (webUtils.getPathForFile, in the preload; a page-made File has none). Main opens it through the page
 * like Open Recent, so the page asks about unsaved changes first.
 */
export type DroppedFileChannel = 'tensorloom:openDroppedFile';
/** Preload → main: whether the page is cross-origin isolated (wasm threads need it); main logs it. */
export type PageIsolationChannel = 'tensorloom:pageIsolation';
/** Renderer → main: the studio's height in px as the user left it; main keeps it per display with the window's place. */
export type StudioHeightChannel = 'tensorloom:rememberStudioHeight';
/** Renderer → main: the remembered layout of this window on its display. */
export type WindowLayoutChannel = 'tensorloom:windowLayout';
export interface WindowLayout {
  studioHeight: number | null;
}

/** What the preload puts on `window.tensorloom`: one method per channel, nothing else. */
export interface TensorloomBridge {
  openModel(...args: IpcRequest<'tensorloom:openModel'>): Promise<IpcResponse<'tensorloom:openModel'>>;
  readModel(...args: IpcRequest<'tensorloom:readModel'>): Promise<IpcResponse<'tensorloom:readModel'>>;
  saveModel(...args: IpcRequest<'tensorloom:saveModel'>): Promise<IpcResponse<'tensorloom:saveModel'>>;
  autosave(...args: IpcRequest<'tensorloom:autosave'>): Promise<IpcResponse<'tensorloom:autosave'>>;
  autosaveCheckpoint(...args: IpcRequest<'tensorloom:autosaveCheckpoint'>): Promise<IpcResponse<'tensorloom:autosaveCheckpoint'>>;
  loadAutosave(...args: IpcRequest<'tensorloom:loadAutosave'>): Promise<IpcResponse<'tensorloom:loadAutosave'>>;
  exportFile(...args: IpcRequest<'tensorloom:exportFile'>): Promise<IpcResponse<'tensorloom:exportFile'>>;
  exportFolder(...args: IpcRequest<'tensorloom:exportFolder'>): Promise<IpcResponse<'tensorloom:exportFolder'>>;
  recentFiles(...args: IpcRequest<'tensorloom:recentFiles'>): Promise<IpcResponse<'tensorloom:recentFiles'>>;
  openRecent(...args: IpcRequest<'tensorloom:openRecent'>): Promise<IpcResponse<'tensorloom:openRecent'>>;
  /** Returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommandPayload) => void): () => void;
  describeMenu(...args: MenuDescriptionRequest): Promise<MenuDescriptionResponse>;
  // The desktop window's own calls; optional so stand-ins for the bridge in tests may leave them out.
  /** Main asks before the window closes; the listener answers once any save has finished. Returns the unsubscribe function. */
  onCloseRequest?(listener: () => Promise<CloseDecision>): () => void;
  windowLayout?(): Promise<WindowLayout>;
  rememberStudioHeight?(px: number): void;
}

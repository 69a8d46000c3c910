/**
 * The one contract between the renderer and the main process: channel names and what travels over each.
 * Types only: the preload and main both type their calls against it, so a channel or a payload cannot
 * drift on one side. It mirrors `renderer/platform/types.ts`; paths never cross it (main owns dialogs).
 */
import type { MenuCommand, OpenedFile, PlatformErrorInfo, RecentFile } from '../../renderer/platform/types';

/** Results cross IPC as values: Electron keeps only the message of a thrown error, and we need the code. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: PlatformErrorInfo };

export interface IpcContract {
  'tensorloom:openGraph': { request: []; response: IpcResult<OpenedFile | null> };
  'tensorloom:saveGraph': { request: [text: string, suggestedName: string, opts?: { saveAs?: boolean }]; response: IpcResult<{ name: string } | null> };
  'tensorloom:autosave': { request: [text: string]; response: void };
  'tensorloom:loadAutosave': { request: []; response: string | null };
  'tensorloom:exportFile': { request: [name: string, data: string | Uint8Array, mime: string]; response: IpcResult<{ name: string } | null> };
  'tensorloom:recentFiles': { request: []; response: RecentFile[] };
  'tensorloom:openRecent': { request: [id: string]; response: IpcResult<OpenedFile | null> };
}

export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['response'];

/** Main → renderer: the one event channel, for native menu commands. */
export type MenuCommandChannel = 'tensorloom:menuCommand';
export type MenuCommandPayload = MenuCommand;

/** What the preload puts on `window.tensorloom`: one method per channel, nothing else. */
export interface TensorloomBridge {
  openGraph(...args: IpcRequest<'tensorloom:openGraph'>): Promise<IpcResponse<'tensorloom:openGraph'>>;
  saveGraph(...args: IpcRequest<'tensorloom:saveGraph'>): Promise<IpcResponse<'tensorloom:saveGraph'>>;
  autosave(...args: IpcRequest<'tensorloom:autosave'>): Promise<IpcResponse<'tensorloom:autosave'>>;
  loadAutosave(...args: IpcRequest<'tensorloom:loadAutosave'>): Promise<IpcResponse<'tensorloom:loadAutosave'>>;
  exportFile(...args: IpcRequest<'tensorloom:exportFile'>): Promise<IpcResponse<'tensorloom:exportFile'>>;
  recentFiles(...args: IpcRequest<'tensorloom:recentFiles'>): Promise<IpcResponse<'tensorloom:recentFiles'>>;
  openRecent(...args: IpcRequest<'tensorloom:openRecent'>): Promise<IpcResponse<'tensorloom:openRecent'>>;
  /** Returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommandPayload) => void): () => void;
}

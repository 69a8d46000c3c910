/**
 * The only bridge between the page and the main process. It runs sandboxed and exposes one method per
 * IPC channel on `window.tensorloom`, never ipcRenderer itself, so a compromised page can reach exactly
 * these calls and nothing else. Every argument is checked again in main.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type {
  CloseAnswer,
  CloseAnswerChannel,
  CloseDecision,
  CloseRequestChannel,
  DroppedFileChannel,
  IpcChannel,
  IpcRequest,
  IpcResponse,
  MenuCommandChannel,
  MenuCommandPayload,
  MenuDescriptionChannel,
  MenuDescriptionResponse,
  PageIsolationChannel,
  StudioHeightChannel,
  TensorloomBridge,
  WindowLayout,
  WindowLayoutChannel,
} from './ipc/contract';

function invoke<C extends IpcChannel>(channel: C, ...args: IpcRequest<C>): Promise<IpcResponse<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<IpcResponse<C>>;
}

const menuCommandChannel: MenuCommandChannel = 'tensorloom:menuCommand';
const menuDescriptionChannel: MenuDescriptionChannel = 'tensorloom:describeMenu';
const closeRequestChannel: CloseRequestChannel = 'tensorloom:closeRequest';
const closeAnswerChannel: CloseAnswerChannel = 'tensorloom:closeAnswer';
const droppedFileChannel: DroppedFileChannel = 'tensorloom:openDroppedFile';
const pageIsolationChannel: PageIsolationChannel = 'tensorloom:pageIsolation';
const studioHeightChannel: StudioHeightChannel = 'tensorloom:rememberStudioHeight';
const windowLayoutChannel: WindowLayoutChannel = 'tensorloom:windowLayout';

/** The page's answer to "may this window close?", set by onCloseRequest; none until the page registers one. */
let closeListener: (() => Promise<CloseDecision>) | null = null;

ipcRenderer.on(closeRequestChannel, (_event: IpcRendererEvent, requestId: string) => {
  const listener = closeListener;
  const answered: Promise<CloseAnswer> = listener ? listener().catch((): CloseDecision => 'cancel') : Promise.resolve('unanswered');
  void answered.then((answer) => ipcRenderer.send(closeAnswerChannel, requestId, answer));
});

const bridge: TensorloomBridge = {
  openModel: () => invoke('tensorloom:openModel'),
  readModel: () => invoke('tensorloom:readModel'),
  saveModel: (bytes, suggestedName, opts) => invoke('tensorloom:saveModel', bytes, suggestedName, { saveAs: opts?.saveAs === true, graphOnly: opts?.graphOnly === true }),
  autosave: (text) => invoke('tensorloom:autosave', text),
  autosaveCheckpoint: (bytes) => invoke('tensorloom:autosaveCheckpoint', bytes),
  loadAutosave: () => invoke('tensorloom:loadAutosave'),
  exportFile: (name, data, mime) => invoke('tensorloom:exportFile', name, data, mime),
  exportFolder: (name, files) => invoke('tensorloom:exportFolder', name, files),
  recentFiles: () => invoke('tensorloom:recentFiles'),
  openRecent: (id) => invoke('tensorloom:openRecent', id),
  onMenuCommand: (listener) => {
    // The page gets the command only, never the IPC event (which would hand it the sender object).
    const forward = (_event: IpcRendererEvent, command: MenuCommandPayload) => listener(command);
    ipcRenderer.on(menuCommandChannel, forward);
    return () => {
      ipcRenderer.removeListener(menuCommandChannel, forward);
    };
  },
  describeMenu: (description) => ipcRenderer.invoke(menuDescriptionChannel, description) as Promise<MenuDescriptionResponse>,
  onCloseRequest: (listener) => {
    const registered = () => listener();
    closeListener = registered;
    return () => {
      if (closeListener === registered) closeListener = null;
    };
  },
  windowLayout: () => ipcRenderer.invoke(windowLayoutChannel) as Promise<WindowLayout>,
  rememberStudioHeight: (px) => ipcRenderer.send(studioHeightChannel, px),
};

contextBridge.exposeInMainWorld('tensorloom', bridge);

/** Names the app opens when dropped; anything else is left to the page (it may be a block being dragged). */
const DROPPABLE_DOCUMENT = /\.tlgraph(\.json)?$/i;

function droppedDocuments(event: DragEvent): File[] {
  return Array.from(event.dataTransfer?.files ?? []).filter((file) => DROPPABLE_DOCUMENT.test(file.name));
}

// A .tlgraph dropped anywhere on the window opens like Open Recent: main hands its id to the page, which
// asks about unsaved changes first. The path comes from Electron's record of the dropped file; a File the
// page made itself has none, so a page cannot name a path this way.
window.addEventListener(
  'dragover',
  (event) => {
    if (droppedDocuments(event).length > 0 || event.dataTransfer?.types.includes('Files')) event.preventDefault();
  },
  true,
);
window.addEventListener(
  'drop',
  (event) => {
    const documents = droppedDocuments(event);
    if (documents.length === 0) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const filePath = webUtils.getPathForFile(documents[0]);
    if (filePath) ipcRenderer.send(droppedFileChannel, filePath);
  },
  true,
);

window.addEventListener('DOMContentLoaded', () => {
  ipcRenderer.send(pageIsolationChannel, globalThis.crossOriginIsolated === true);
});

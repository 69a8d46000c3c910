/**
 * The only bridge between the page and the main process. It runs sandboxed and exposes one method per
 * IPC channel on `window.tensorloom`, never ipcRenderer itself, so a compromised page can reach exactly
 * these calls and nothing else. Every argument is checked again in main.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  IpcChannel,
  IpcRequest,
  IpcResponse,
  MenuCommandChannel,
  MenuCommandPayload,
  MenuDescriptionChannel,
  MenuDescriptionResponse,
  TensorloomBridge,
} from './ipc/contract';

function invoke<C extends IpcChannel>(channel: C, ...args: IpcRequest<C>): Promise<IpcResponse<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<IpcResponse<C>>;
}

const menuCommandChannel: MenuCommandChannel = 'tensorloom:menuCommand';
const menuDescriptionChannel: MenuDescriptionChannel = 'tensorloom:describeMenu';

const bridge: TensorloomBridge = {
  openModel: () => invoke('tensorloom:openModel'),
  readModel: () => invoke('tensorloom:readModel'),
  saveModel: (bytes, suggestedName, opts) => invoke('tensorloom:saveModel', bytes, suggestedName, { saveAs: opts?.saveAs === true, graphOnly: opts?.graphOnly === true }),
  autosave: (text) => invoke('tensorloom:autosave', text),
  autosaveCheckpoint: (bytes) => invoke('tensorloom:autosaveCheckpoint', bytes),
  loadAutosave: () => invoke('tensorloom:loadAutosave'),
  exportFile: (name, data, mime) => invoke('tensorloom:exportFile', name, data, mime),
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
};

contextBridge.exposeInMainWorld('tensorloom', bridge);

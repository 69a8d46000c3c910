import type { IpcResult, TensorloomBridge } from '../../app/ipc/contract';
import { PlatformError } from './PlatformError';
import type { Platform } from './types';

function unwrap<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new PlatformError(result.error);
  return result.value;
}

/** The desktop platform: every call goes through the preload bridge; main shows the dialogs. */
export function createElectronPlatform(bridge: TensorloomBridge): Platform {
  return {
    kind: 'electron',
    openModel: async () => unwrap(await bridge.openModel()),
    readModel: async () => unwrap(await bridge.readModel()),
    saveModel: async (bytes, suggestedName, opts) =>
      unwrap(await bridge.saveModel(bytes, suggestedName, { saveAs: opts?.saveAs === true, graphOnly: opts?.graphOnly === true })),
    // Autosave never throws: the next change (or checkpoint) tries again.
    autosave: async (text) => {
      try {
        await bridge.autosave(text);
      } catch {
        /* retried with the next change */
      }
    },
    autosaveCheckpoint: async (bytes) => {
      try {
        await bridge.autosaveCheckpoint(bytes);
      } catch {
        /* retried with the next checkpoint */
      }
    },
    loadAutosave: async () => {
      try {
        return await bridge.loadAutosave();
      } catch {
        return null;
      }
    },
    exportFile: async (name, data, mime) => {
      unwrap(await bridge.exportFile(name, data, mime));
    },
    exportFolder: async (name, files) => unwrap(await bridge.exportFolder(name, files)),
    recentFiles: () => bridge.recentFiles(),
    openRecent: async (id) => unwrap(await bridge.openRecent(id)),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    describeMenu: async (description) => {
      unwrap(await bridge.describeMenu(description));
    },
    ...(bridge.onCloseRequest ? { onCloseRequest: bridge.onCloseRequest.bind(bridge) } : {}),
    ...(bridge.windowLayout
      ? {
          windowLayout: async () => {
            try {
              return await bridge.windowLayout!();
            } catch {
              return { studioHeight: null };
            }
          },
        }
      : {}),
    ...(bridge.rememberStudioHeight ? { rememberStudioHeight: bridge.rememberStudioHeight.bind(bridge) } : {}),
  };
}

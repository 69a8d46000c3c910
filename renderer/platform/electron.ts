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
    openGraph: async () => unwrap(await bridge.openGraph()),
    saveGraph: async (text, suggestedName, opts) => unwrap(await bridge.saveGraph(text, suggestedName, { saveAs: opts?.saveAs === true })),
    autosave: async (text) => {
      try {
        await bridge.autosave(text);
      } catch {
        /* autosave never throws: the next change tries again */
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
    recentFiles: () => bridge.recentFiles(),
    openRecent: async (id) => unwrap(await bridge.openRecent(id)),
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
  };
}

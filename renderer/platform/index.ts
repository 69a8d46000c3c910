import type { TensorloomBridge } from '../../app/ipc/contract';
import { createBrowserPlatform } from './browser';
import { createElectronPlatform } from './electron';
import type { Platform } from './types';

export type { AutosaveSnapshot, MenuCommand, OpenedFile, Platform, PlatformErrorCode, PlatformErrorInfo, RecentFile, SaveOptions } from './types';
export { PlatformError } from './PlatformError';

declare global {
  interface Window {
    /** Set by the Electron preload (app/preload.ts); absent in a plain browser. */
    tensorloom?: TensorloomBridge;
  }
}

let platform: Platform | null = null;

/** The Electron bridge when the preload put one on the window, the browser fallbacks otherwise. */
export function getPlatform(): Platform {
  platform ??= typeof window !== 'undefined' && window.tensorloom ? createElectronPlatform(window.tensorloom) : createBrowserPlatform();
  return platform;
}

/**
 * The window's locks, apart from the wiring so tests can read them: web preferences, what a page may
 * open or navigate to, and what the session grants.
 */
import type { BrowserWindow, Session, WebContents } from 'electron';
import type { Rect } from './windowState';

export interface MainWindowSettings {
  bounds: Rect;
  minWidth: number;
  minHeight: number;
  preload: string;
  icon: string;
  /** Developer tools: unpackaged builds only. */
  devTools: boolean;
}

/**
 * Opens the app's window. The options are written out here, in the `new BrowserWindow` call itself, so a
 * reader (and Electronegativity, which reads this call) sees every lock in one place.
 */
export function createMainWindow(BrowserWindowClass: typeof BrowserWindow, settings: MainWindowSettings): BrowserWindow {
  return new BrowserWindowClass({
    ...settings.bounds,
    minWidth: settings.minWidth,
    minHeight: settings.minHeight,
    title: 'Tensorloom',
    icon: settings.icon,
    show: false,
    webPreferences: {
      preload: settings.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Files dropped on the window are opened by the preload, never navigated to.
      navigateOnDragDrop: false,
      // A middle click on a link would otherwise ask for a new window.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools: settings.devTools,
    },
  });
}

/**
 * Every web contents, present and future: no new windows, no navigation (the app is one page), no
 * <webview>. Links are not opened in the system browser either: the app has none that lead outside.
 */
export function guardWebContents(contents: Pick<WebContents, 'setWindowOpenHandler' | 'on'>): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The one permission the page uses: writing to the clipboard (copying blocks, charts). */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** The page needs nothing from the network or the machine beyond what the bridge offers. */
export function applySessionPolicy(target: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'>): void {
  target.setPermissionRequestHandler((_contents, permission, callback) => callback(GRANTED_PERMISSIONS.has(permission)));
  target.setPermissionCheckHandler((_contents, permission) => GRANTED_PERMISSIONS.has(permission));
  target.setDevicePermissionHandler(() => false);
  target.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (_details, callback) => callback({ cancel: true }));
}

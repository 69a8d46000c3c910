/**
 * The Electron main process, kept thin: it opens one locked-down window on the app:// origin, owns the
 * dialogs and the menu, and routes IPC to the files service (files.ts, autosave.ts, recentFiles.ts via
 * ipc/handlers.ts), which holds the logic and is unit-tested without Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type IpcMainInvokeEvent, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { APP_ENTRY_URL, APP_HOST, APP_SCHEME, serveAppRequest } from './appProtocol';
import { AutosaveStore } from './autosave';
import type { IpcChannel, MenuCommand, MenuCommandChannel, MenuDescriptionChannel, MenuDescriptionResponse, NativeMenuDescription } from './ipc/contract';
import { createIpcService, isTrustedSenderUrl } from './ipc/handlers';
import { buildMenuTemplate, parseMenuDescription } from './menu';
import { RecentFiles } from './recentFiles';

const MENU_COMMAND_CHANNEL: MenuCommandChannel = 'tensorloom:menuCommand';
const MENU_DESCRIPTION_CHANNEL: MenuDescriptionChannel = 'tensorloom:describeMenu';
const isMac = process.platform === 'darwin';
const isDev = !app.isPackaged;

// Must happen before `ready`. Standard + secure gives app:// a real origin with fetch, workers and
// cross-origin isolation, like https.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } },
]);
app.enableSandbox();

// Tests and portable setups keep their settings, recent files and autosaves apart from the user's.
if (process.env.TENSORLOOM_USER_DATA) app.setPath('userData', path.resolve(process.env.TENSORLOOM_USER_DATA));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  startApp();
}

function realWebRoot(): string {
  const webRoot = path.join(__dirname, '..', 'web');
  try {
    return fs.realpathSync(webRoot);
  } catch {
    return webRoot;
  }
}

function openExternalIfHttps(url: string): void {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:') void shell.openExternal(parsed.toString());
  } catch {
    /* not a URL: nothing to open */
  }
}

function startApp(): void {
  const userData = app.getPath('userData');
  const autosave = new AutosaveStore(path.join(userData, 'autosave'));
  const recent = new RecentFiles(path.join(userData, 'recent-files.json'));
  let mainWindow: BrowserWindow | null = null;
  let sessionEnded = false;
  /** The page's commands as it last described them; kept when its window closes (macOS keeps the menu). */
  let menuDescription: NativeMenuDescription | null = null;
  /** The page listens for menu commands once it has described the menu, and again after each reload. */
  let pageListening = false;
  const pendingMenuCommands: MenuCommand[] = [];

  const sendMenuCommand = (command: MenuCommand) => {
    if (mainWindow && pageListening) {
      mainWindow.webContents.send(MENU_COMMAND_CHANNEL, command);
      return;
    }
    // A page still loading, or no window at all (macOS keeps the menu after the last one closes): open one
    // if needed and send once the page has described its menu, which it does after it starts listening.
    pendingMenuCommands.push(command);
    mainWindow ??= createWindow();
  };

  const service = createIpcService({
    chooseFileToOpen: async () => {
      const options: OpenDialogOptions = {
        title: 'Open Model',
        properties: ['openFile'],
        filters: [
          { name: 'Tensorloom models and graphs', extensions: ['tlgraph', 'json'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    chooseFileToSave: async (defaultName, kind, defaultDir) => {
      const options: SaveDialogOptions = {
        title: kind === 'model' ? 'Save Model' : 'Export',
        defaultPath: path.join(defaultDir ?? app.getPath('documents'), defaultName),
        filters: kind === 'model' ? [{ name: 'Tensorloom model', extensions: ['tlgraph'] }] : [{ name: 'All files', extensions: ['*'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    recent,
    autosave,
    onRecentChanged: () => void refreshMenu(),
    onCurrentFileChanged: (filePath) => {
      if (isMac) mainWindow?.setRepresentedFilename(filePath ?? '');
      if (filePath) app.addRecentDocument(filePath);
    },
  });

  async function refreshMenu(): Promise<void> {
    const recentFiles = await recent.list().catch(() => []);
    const template = buildMenuTemplate({
      isMac,
      isDev,
      recentFiles,
      description: menuDescription,
      send: sendMenuCommand,
      nativeClipboard: (action) => mainWindow?.webContents[action](),
      onNew: service.forgetCurrentFile,
      onClearRecent: () => {
        void recent.clear().then(refreshMenu, () => undefined);
        app.clearRecentDocuments();
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  /** Only our own page's top frame, loaded from app://, may call main. */
  const isFromOurPage = (event: IpcMainInvokeEvent): boolean =>
    mainWindow !== null &&
    event.sender === mainWindow.webContents &&
    event.senderFrame !== null &&
    event.senderFrame === event.sender.mainFrame &&
    isTrustedSenderUrl(event.senderFrame.url, APP_SCHEME, APP_HOST);

  ipcMain.handle(MENU_DESCRIPTION_CHANNEL, async (event, description: unknown): Promise<MenuDescriptionResponse> => {
    if (!isFromOurPage(event)) throw new Error(`Refused ${MENU_DESCRIPTION_CHANNEL}: the request did not come from the Tensorloom window.`);
    const parsed = parseMenuDescription(description);
    if (!parsed.ok) return parsed;
    menuDescription = parsed.value;
    await refreshMenu();
    pageListening = true;
    for (const command of pendingMenuCommands.splice(0)) event.sender.send(MENU_COMMAND_CHANNEL, command);
    return { ok: true, value: null };
  });

  for (const channel of Object.keys(service.handlers) as IpcChannel[]) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isFromOurPage(event)) throw new Error(`Refused ${channel}: the request did not come from the Tensorloom window.`);
      return service.handlers[channel](...args);
    });
  }

  function createWindow(): BrowserWindow {
    const win = new BrowserWindow({
      width: 1440,
      height: 900,
      minWidth: 960,
      minHeight: 600,
      title: 'Tensorloom',
      // Packaged builds take their icon from electron-builder.yml; this one shows in the Linux window list and
      // when running unpackaged (the web build carries the icon beside the app).
      icon: path.join(realWebRoot(), 'icon.png'),
      show: false,
      webPreferences: {
        preload: path.join(__dirname, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });
    win.once('ready-to-show', () => win.show());
    // A reload starts a page that has not subscribed yet: hold menu commands until it describes the menu again.
    win.webContents.on('did-start-loading', () => {
      if (mainWindow === win) pageListening = false;
    });

    // The page asks before losing unsaved changes (beforeunload); Electron leaves the asking to us.
    win.webContents.on('will-prevent-unload', (event) => {
      const choice = dialog.showMessageBoxSync(win, {
        type: 'question',
        buttons: ['Leave Without Saving', 'Stay'],
        defaultId: 1,
        cancelId: 1,
        title: 'Unsaved changes',
        message: 'This graph has changes that are not saved.',
        detail: 'Leave and lose them, or stay and save first.',
      });
      if (choice === 0) event.preventDefault();
    });

    win.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit') return;
      void autosave.setAsideForRecovery().finally(() => {
        if (win.isDestroyed()) return;
        dialog.showMessageBoxSync(win, {
          type: 'warning',
          buttons: ['Reload'],
          title: 'Tensorloom stopped',
          message: `The page stopped unexpectedly (${details.reason}).`,
          detail: 'It will reload and offer your last autosaved graph.',
        });
        win.webContents.reload();
      });
    });

    win.on('closed', () => {
      if (mainWindow === win) {
        mainWindow = null;
        pageListening = false;
      }
    });
    void win.loadURL(APP_ENTRY_URL);
    return win;
  }

  // Every web contents, present and future: no new windows, no navigation away, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      openExternalIfHttps(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => {
      event.preventDefault();
      openExternalIfHttps(event.url);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('second-instance', () => {
    if (!mainWindow) {
      mainWindow = createWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });

  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
  });

  // A clean quit: the next start offers no recovery. Async work needs the quit held once.
  app.on('will-quit', (event) => {
    if (sessionEnded) return;
    event.preventDefault();
    void autosave
      .endSession()
      .catch(() => undefined)
      .finally(() => {
        sessionEnded = true;
        app.quit();
      });
  });

  void app.whenReady().then(async () => {
    const webRoot = realWebRoot();
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(webRoot, request.url, request.method));

    // The page needs nothing from the network or the machine beyond what the bridge offers.
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
    session.defaultSession.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
    session.defaultSession.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) =>
      callback({ cancel: true }),
    );

    app.setAboutPanelOptions({ applicationName: 'Tensorloom', applicationVersion: app.getVersion() });
    await autosave.beginSession().catch(() => undefined);
    await refreshMenu();
    mainWindow = createWindow();
  });
}

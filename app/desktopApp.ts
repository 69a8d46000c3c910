/**
 * The desktop app's wiring: windows, menus, IPC, files from the system, closing and quitting, crashes,
 * logs. It takes the pieces of Electron it uses as a parameter (main.ts passes the real module), so unit
 * tests drive it with a small fake and check what only a running Electron could show otherwise. The
 * logic it wires lives in plain modules beside it (files service, window state, crash loop, log).
 */
import type {
  BrowserWindow as ElectronBrowserWindow,
  Event as ElectronEvent,
  IpcMainEvent,
  IpcMainInvokeEvent,
  MessageBoxSyncOptions,
  OpenDialogOptions,
  SaveDialogOptions,
  WebContents,
} from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { listDatasets } from '../engine';
import { APP_ENTRY_URL, APP_HOST, APP_SCHEME, serveAppRequest } from './appProtocol';
import { AutosaveStore } from './autosave';
import { removeStaleTempFiles } from './atomicWrite';
import { CrashLoopGuard } from './crashLoop';
import { mainLanguage, mainText, type MainLanguage, type MainText } from './dialogText';
import type {
  CloseAnswer,
  CloseAnswerChannel,
  CloseDecision,
  CloseRequestChannel,
  DroppedFileChannel,
  IpcChannel,
  MenuCommand,
  MenuCommandChannel,
  MenuDescriptionChannel,
  MenuDescriptionResponse,
  NativeMenuDescription,
  PageIsolationChannel,
  StudioHeightChannel,
  WindowLayout,
  WindowLayoutChannel,
} from './ipc/contract';
import { createIpcService, isTrustedSenderUrl } from './ipc/handlers';
import { RotatingLog } from './log';
import { buildMenuTemplate, parseMenuDescription } from './menu';
import { RecentFiles } from './recentFiles';
import { documentsOnCommandLine, isDocumentPath, SystemOpenRequests } from './systemFiles';
import { applySessionPolicy, createMainWindow, guardWebContents } from './windowSecurity';
import { displayKey, restorePlacement, WindowStateStore, type DisplayArea, type Rect } from './windowState';

type ElectronModule = typeof import('electron');
/** The parts of Electron the app uses; tests pass fakes of these. */
export type DesktopElectron = Pick<ElectronModule, 'app' | 'BrowserWindow' | 'crashReporter' | 'dialog' | 'ipcMain' | 'Menu' | 'protocol' | 'screen' | 'session' | 'shell'>;

export interface DesktopEnvironment {
  platform: NodeJS.Platform;
  argv: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The folder of the built main.cjs and preload.cjs; the page is in `../web`. */
  appDir: string;
  now?(): number;
  /** Hooks the process's last-resort error events (main.ts: uncaughtException, unhandledRejection). */
  onProcessError?(handler: (err: unknown) => void): void;
}

const CHANNELS = {
  menuCommand: 'tensorloom:menuCommand' satisfies MenuCommandChannel,
  describeMenu: 'tensorloom:describeMenu' satisfies MenuDescriptionChannel,
  closeRequest: 'tensorloom:closeRequest' satisfies CloseRequestChannel,
  closeAnswer: 'tensorloom:closeAnswer' satisfies CloseAnswerChannel,
  droppedFile: 'tensorloom:openDroppedFile' satisfies DroppedFileChannel,
  pageIsolation: 'tensorloom:pageIsolation' satisfies PageIsolationChannel,
  studioHeight: 'tensorloom:rememberStudioHeight' satisfies StudioHeightChannel,
  windowLayout: 'tensorloom:windowLayout' satisfies WindowLayoutChannel,
} as const;

/** electron-builder.yml's appId. */
const APP_USER_MODEL_ID = 'org.tensorloom.app';
export const WINDOW_DEFAULTS = { width: 1440, height: 900, minWidth: 960, minHeight: 600 };
const STUDIO_HEIGHT_RANGE = { min: 80, max: 10_000 };
const WINDOW_STATE_SAVE_DELAY_MS = 500;

/** What each window keeps beside its BrowserWindow. */
interface WindowRecord {
  win: ElectronBrowserWindow;
  /** The page listens for menu commands (it has described the menu since its last load). */
  listening: boolean;
  /** The close was agreed (the page answered save or discard, or the app is quitting after a crash). */
  closeAgreed: boolean;
  /** The page agreed to lose its changes, so its beforeunload guard is not asked again. */
  unloadAgreed: boolean;
  asking: Promise<CloseDecision> | null;
  saveTimer: ReturnType<typeof setTimeout> | null;
}

export interface DesktopApp {
  log: RotatingLog;
  /** Open windows, oldest first. */
  windows(): ElectronBrowserWindow[];
}

/** A bundled library's name, version and licence, as build-app.mjs writes them into licenses.json. */
interface BundledLicence {
  name: string;
  version: string;
  license: string;
}

export function startDesktopApp(electron: DesktopElectron, environment: DesktopEnvironment): DesktopApp {
  const { app, BrowserWindow, crashReporter, dialog, ipcMain, Menu, protocol, screen, session, shell } = electron;
  const isMac = environment.platform === 'darwin';
  const isDev = !app.isPackaged;
  const now = environment.now ?? Date.now;

  // Must happen before `ready`. Standard + secure gives app:// a real origin with fetch, workers and
  // cross-origin isolation, like https.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true } },
  ]);
  app.enableSandbox();

  // Tests and portable setups keep their settings, recent files, logs and autosaves apart from the user's.
  if (environment.env.TENSORLOOM_USER_DATA) app.setPath('userData', path.resolve(environment.env.TENSORLOOM_USER_DATA));
  app.setAppLogsPath();
  const log = new RotatingLog(app.getPath('logs'));
  environment.onProcessError?.((err) => log.error('Unhandled error in the main process', err));
  // Crash dumps stay on this machine (crashDumps folder); nothing is ever uploaded.
  crashReporter.start({ uploadToServer: false, compress: true });

  const records = new Map<number, WindowRecord>();
  const windowsInOrder = () => [...records.values()].map((r) => r.win).filter((w) => !w.isDestroyed());
  const handle: DesktopApp = { log, windows: windowsInOrder };

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return handle;
  }

  const userData = app.getPath('userData');
  const autosave = new AutosaveStore(path.join(userData, 'autosave'));
  const recent = new RecentFiles(path.join(userData, 'recent-files.json'));
  const windowState = new WindowStateStore(path.join(userData, 'window-state.json'));
  const systemOpens = new SystemOpenRequests();
  const crashGuard = new CrashLoopGuard();
  const webRoot = realPath(path.join(environment.appDir, '..', 'web'));

  let ready = false;
  let firstWindowCreated = false;
  /** The page's commands as it last described them; kept when its window closes (macOS keeps the menu). */
  let menuDescription: NativeMenuDescription | null = null;
  let language: MainLanguage = 'en';
  const pendingMenuCommands: MenuCommand[] = [];
  let quitAgreed = false;
  let quitting: Promise<void> | null = null;
  /** After a crash the user chose Quit: the autosave stays for the next start to offer. */
  let keepRecoveryOnQuit = false;
  let sessionEnded = false;
  let nextCloseRequest = 1;
  const closeAnswers = new Map<string, { contents: WebContents; resolve(answer: CloseAnswer): void }>();

  const text = () => mainText(language);
  const focusedOrFirst = (): ElectronBrowserWindow | null => BrowserWindow.getFocusedWindow() ?? windowsInOrder()[0] ?? null;
  const recordOf = (contents: WebContents) => [...records.values()].find((r) => !r.win.isDestroyed() && r.win.webContents === contents) ?? null;

  /** Only our own window's top frame, loaded from app://, may call main. */
  const isFromOurPage = (event: IpcMainInvokeEvent | IpcMainEvent): boolean => {
    const record = recordOf(event.sender);
    return (
      record !== null &&
      event.senderFrame !== null &&
      event.senderFrame !== undefined &&
      event.senderFrame === event.sender.mainFrame &&
      isTrustedSenderUrl(event.senderFrame.url, APP_SCHEME, APP_HOST)
    );
  };

  const sendMenuCommand = (command: MenuCommand) => {
    const win = focusedOrFirst();
    const record = win ? records.get(win.id) : undefined;
    if (record?.listening) {
      win!.webContents.send(CHANNELS.menuCommand, command);
      return;
    }
    // A page still loading, or no window at all (macOS keeps the menu after the last one closes): open one
    // if needed and send once the page has described its menu, which it does after it starts listening.
    pendingMenuCommands.push(command);
    if (ready && !win) createWindow();
  };

  /** A document the system handed over: opened through the page, which asks about unsaved changes first. */
  const openFromSystem = (filePath: string) => {
    if (!isDocumentPath(filePath)) {
      log.warn(`Ignored a request to open “${path.basename(filePath)}”: Tensorloom opens .tlgraph files.`);
      return;
    }
    const win = focusedOrFirst();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    sendMenuCommand({ type: 'openRecent', fileId: systemOpens.add(filePath) });
  };

  const service = createIpcService({
    chooseFileToOpen: async () => {
      const options: OpenDialogOptions = {
        title: text().openDialogTitle,
        properties: ['openFile'],
        filters: [
          { name: text().modelsAndGraphsFilter, extensions: ['tlgraph', 'json'] },
          { name: text().allFilesFilter, extensions: ['*'] },
        ],
      };
      const win = focusedOrFirst();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    chooseFileToSave: async (defaultName, kind, defaultDir) => {
      const options: SaveDialogOptions = {
        title: kind === 'model' ? text().saveModelDialogTitle : text().exportDialogTitle,
        defaultPath: path.join(defaultDir ?? app.getPath('documents'), defaultName),
        filters: kind === 'model' ? [{ name: text().modelFilter, extensions: ['tlgraph'] }] : [{ name: text().allFilesFilter, extensions: ['*'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const win = focusedOrFirst();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    recent,
    autosave,
    takeSystemOpen: (id) => systemOpens.take(id),
    logError: (context, err) => log.error(context, err),
    onRecentChanged: () => refreshMenu(),
    onCurrentFileChanged: (filePath) => {
      if (isMac) focusedOrFirst()?.setRepresentedFilename(filePath ?? '');
      // The system's recent list (Dock, jump list) then opens it again through open-file / second-instance.
      if (filePath) app.addRecentDocument(filePath);
    },
  });

  function refreshMenu(): void {
    void recent
      .list()
      .catch((err: unknown) => {
        log.error('Reading the recent files for the menu failed', err);
        return [];
      })
      .then((recentFiles) => {
        const template = buildMenuTemplate({
          isMac,
          isDev,
          recentFiles,
          description: menuDescription,
          send: sendMenuCommand,
          nativeClipboard: (action) => focusedOrFirst()?.webContents[action](),
          onNew: service.forgetCurrentFile,
          onClearRecent: () => {
            recent.clear().then(refreshMenu, log.failure('Clearing the recent files failed'));
            app.clearRecentDocuments();
          },
          text: text(),
          onOpenLogs: () => {
            void shell.openPath(log.dir).then((problem) => {
              if (problem) log.error(`Opening the logs folder failed: ${problem}`);
            });
          },
          onAbout: showAbout,
        });
        Menu.setApplicationMenu(Menu.buildFromTemplate(template));
      });
  }

  /** The words of the start-up failure box: the system's language, since the page never spoke. */
  function startFailureText(): MainText {
    try {
      return mainText(mainLanguage(app.getLocale()));
    } catch {
      return text();
    }
  }

  function showAbout(): void {
    const t = text();
    const win = focusedOrFirst();
    const options: MessageBoxSyncOptions = {
      type: 'info',
      buttons: [t.ok],
      title: t.about,
      message: `Tensorloom ${app.getVersion()}`,
      detail: t.aboutDetail(
        { electron: process.versions.electron ?? '?', chrome: process.versions.chrome ?? '?', node: process.versions.node },
        bundledLicences(environment.appDir, log),
        listDatasets()
          .map((d) => `${d.name} (${d.licence})`)
          .join('; '),
      ),
    };
    if (win) dialog.showMessageBoxSync(win, options);
    else dialog.showMessageBoxSync(options);
  }

  // ——— IPC: every channel checks that its caller is our own page ———

  const refuse = (channel: string) => new Error(`Refused ${channel}: the request did not come from the Tensorloom window.`);

  ipcMain.handle(CHANNELS.describeMenu, (event, description: unknown): MenuDescriptionResponse => {
    if (!isFromOurPage(event)) throw refuse(CHANNELS.describeMenu);
    const parsed = parseMenuDescription(description);
    if (!parsed.ok) return parsed;
    menuDescription = parsed.value;
    language = mainLanguage(parsed.value.language ?? app.getLocale());
    refreshMenu();
    const record = recordOf(event.sender);
    if (record) record.listening = true;
    for (const command of pendingMenuCommands.splice(0)) event.sender.send(CHANNELS.menuCommand, command);
    return { ok: true, value: null };
  });

  for (const channel of Object.keys(service.handlers) as IpcChannel[]) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      if (!isFromOurPage(event)) throw refuse(channel);
      return service.handlers[channel](...args);
    });
  }

  ipcMain.on(CHANNELS.closeAnswer, (event, requestId: unknown, answer: unknown) => {
    if (!isFromOurPage(event) || typeof requestId !== 'string') return;
    const pending = closeAnswers.get(requestId);
    if (!pending || pending.contents !== event.sender) return;
    closeAnswers.delete(requestId);
    pending.resolve(answer === 'save' || answer === 'discard' || answer === 'cancel' || answer === 'unanswered' ? answer : 'cancel');
  });

  ipcMain.on(CHANNELS.droppedFile, (event, filePath: unknown) => {
    if (!isFromOurPage(event)) return;
    if (typeof filePath !== 'string' || !path.isAbsolute(filePath) || filePath.includes('\0') || !isDocumentPath(filePath)) return;
    openFromSystem(filePath);
  });

  ipcMain.on(CHANNELS.pageIsolation, (event, isolated: unknown) => {
    if (!isFromOurPage(event)) return;
    if (isolated === true) log.info('The page is cross-origin isolated: training can use wasm threads.');
    else log.warn('The page is not cross-origin isolated (crossOriginIsolated is false despite COOP/COEP): training runs single-threaded.');
  });

  const currentDisplay = (win: ElectronBrowserWindow): DisplayArea => screen.getDisplayMatching(win.getNormalBounds());

  ipcMain.handle(CHANNELS.windowLayout, (event): WindowLayout => {
    if (!isFromOurPage(event)) throw refuse(CHANNELS.windowLayout);
    const record = recordOf(event.sender);
    const key = record ? displayKey(currentDisplay(record.win)) : null;
    return { studioHeight: key ? (windowState.current().displays[key]?.studioHeight ?? null) : null };
  });

  ipcMain.on(CHANNELS.studioHeight, (event, px: unknown) => {
    if (!isFromOurPage(event)) return;
    if (typeof px !== 'number' || !Number.isFinite(px) || px < STUDIO_HEIGHT_RANGE.min || px > STUDIO_HEIGHT_RANGE.max) return;
    const record = recordOf(event.sender);
    if (!record) return;
    const key = displayKey(currentDisplay(record.win));
    const remembered = windowState.current().displays[key] ? Promise.resolve() : windowState.remember(key, record.win.getNormalBounds(), record.win.isMaximized());
    remembered.then(() => windowState.rememberStudioHeight(key, px)).catch(log.failure('Saving the studio height failed'));
  });

  // ——— Windows ———

  function rememberPlacement(win: ElectronBrowserWindow): void {
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    const bounds: Rect = win.getNormalBounds();
    windowState.remember(displayKey(screen.getDisplayMatching(bounds)), bounds, win.isMaximized()).catch(log.failure('Saving the window position failed'));
  }

  function createWindow(): ElectronBrowserWindow {
    const placement = restorePlacement(windowState.current(), screen.getAllDisplays(), screen.getPrimaryDisplay(), WINDOW_DEFAULTS);
    const win = createMainWindow(BrowserWindow, {
      bounds: placement.bounds,
      minWidth: WINDOW_DEFAULTS.minWidth,
      minHeight: WINDOW_DEFAULTS.minHeight,
      preload: path.join(environment.appDir, 'preload.cjs'),
      // Packaged builds take their icon from electron-builder.yml; this one shows in the Linux window list.
      icon: path.join(webRoot, 'icon.png'),
      devTools: isDev,
    });
    const record: WindowRecord = { win, listening: false, closeAgreed: false, unloadAgreed: false, asking: null, saveTimer: null };
    records.set(win.id, record);
    if (placement.maximized) win.maximize();
    win.once('ready-to-show', () => win.show());

    const saveSoon = () => {
      if (record.saveTimer) clearTimeout(record.saveTimer);
      record.saveTimer = setTimeout(() => rememberPlacement(win), WINDOW_STATE_SAVE_DELAY_MS);
      record.saveTimer.unref?.();
    };
    for (const change of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(change as 'resize', saveSoon);

    // A reload starts a page that has not subscribed yet: hold menu commands until it describes the menu again.
    win.webContents.on('did-start-loading', () => {
      record.listening = false;
      record.unloadAgreed = false;
    });

    win.on('close', (event) => {
      if (record.saveTimer) clearTimeout(record.saveTimer);
      rememberPlacement(win);
      if (record.closeAgreed || quitAgreed) return;
      event.preventDefault();
      void askToClose(record).then((decision) => {
        if (decision === 'cancel' || win.isDestroyed()) return;
        record.closeAgreed = true;
        win.close();
      });
    });

    // The page's beforeunload guard (a reload, or a page that never answered the close request): the same
    // three choices as closing.
    win.webContents.on('will-prevent-unload', (event) => {
      if (record.unloadAgreed) {
        event.preventDefault();
        return;
      }
      const t = text();
      const choice = dialog.showMessageBoxSync(win, {
        type: 'question',
        buttons: [t.save, t.dontSave, t.cancel],
        defaultId: 0,
        cancelId: 2,
        title: t.unsavedTitle,
        message: t.unsavedMessage,
        detail: t.unsavedDetail,
      });
      if (choice === 1) {
        event.preventDefault();
        return;
      }
      // Save or Cancel: the window stays (a save runs in the page; closing again then goes through).
      record.closeAgreed = false;
      quitAgreed = false;
      if (choice === 0) sendMenuCommand({ type: 'run', commandId: 'file.save' });
    });

    // A page that hangs while it is asked about closing could never answer: offer to close it anyway. Its last
    // autosave is then kept for the next start (the session is not ended cleanly), so nothing autosaved is lost.
    win.on('unresponsive', () => {
      const pending = [...closeAnswers].find(([, p]) => p.contents === win.webContents);
      if (!pending) return;
      const t = text();
      const choice = dialog.showMessageBoxSync(win, {
        type: 'warning',
        buttons: [t.wait, t.closeAnyway],
        defaultId: 0,
        cancelId: 0,
        title: t.notRespondingTitle,
        message: t.notRespondingMessage,
        detail: t.notRespondingDetail,
      });
      if (choice !== 1 || !closeAnswers.has(pending[0])) return;
      log.warn('A window that did not answer the close question was closed; its autosave is kept for the next start.');
      keepRecoveryOnQuit = true;
      closeAnswers.delete(pending[0]);
      record.closeAgreed = true;
      pending[1].resolve('discard');
      win.destroy();
    });

    win.webContents.on('render-process-gone', (_event, details) => {
      // A close question the dead page can no longer answer keeps the window.
      for (const [id, pending] of closeAnswers) {
        if (pending.contents === win.webContents) {
          closeAnswers.delete(id);
          pending.resolve('cancel');
        }
      }
      if (details.reason === 'clean-exit') return;
      log.error(`The window's page stopped (${details.reason}, exit code ${details.exitCode}).`);
      const response = crashGuard.record(now());
      autosave
        .setAsideForRecovery()
        .catch(log.failure('Keeping the autosave for recovery failed'))
        .finally(() => {
          if (win.isDestroyed()) return;
          if (response === 'reload') {
            win.webContents.reload();
            return;
          }
          const t = text();
          const choice = dialog.showMessageBoxSync(win, {
            type: 'warning',
            buttons: [t.reopen, t.quit],
            defaultId: 0,
            cancelId: 1,
            title: t.crashTitle,
            message: t.crashMessage(details.reason),
            detail: t.crashDetail,
          });
          if (choice === 0) {
            crashGuard.reset();
            win.webContents.reload();
            return;
          }
          keepRecoveryOnQuit = true;
          quitAgreed = true;
          app.quit();
        });
    });

    win.on('closed', () => {
      if (record.saveTimer) clearTimeout(record.saveTimer);
      records.delete(win.id);
    });
    void win.loadURL(APP_ENTRY_URL);
    firstWindowCreated = true;
    return win;
  }

  /**
   * Asks the window's page whether it may close. The page answers after its own Save / Don't save /
   * Cancel question (and after the save, if chosen). A page that has not loaded has nothing unsaved; a
   * page that registered no listener falls back to its beforeunload guard.
   */
  function askToClose(record: WindowRecord): Promise<CloseDecision> {
    const { win } = record;
    if (record.asking) return record.asking;
    if (win.isDestroyed() || win.webContents.isCrashed() || !record.listening) return Promise.resolve('discard');
    const requestId = `close-${nextCloseRequest++}`;
    record.asking = new Promise<CloseAnswer>((resolve) => {
      closeAnswers.set(requestId, { contents: win.webContents, resolve });
      win.webContents.send(CHANNELS.closeRequest, requestId);
    }).then((answer): CloseDecision => {
      record.asking = null;
      if (answer === 'unanswered') return 'discard';
      if (answer !== 'cancel') record.unloadAgreed = true;
      return answer;
    });
    return record.asking;
  }

  /** Quit asks every window in turn, and stops at the first Cancel. */
  function quitAfterAsking(): Promise<void> {
    quitting ??= (async () => {
      for (const win of windowsInOrder()) {
        const record = records.get(win.id);
        if (!record) continue;
        win.focus();
        const decision = await askToClose(record);
        if (decision === 'cancel') return;
        record.closeAgreed = true;
      }
      quitAgreed = true;
      app.quit();
    })().finally(() => {
      quitting = null;
    });
    return quitting;
  }

  // ——— App events ———

  // Every web contents, present and future: no new windows, no navigation away, no <webview>.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

  // macOS hands files over with open-file, also before `ready` (a double-click that starts the app).
  app.on('open-file', (event: ElectronEvent, filePath: string) => {
    event.preventDefault();
    openFromSystem(filePath);
  });

  app.on('second-instance', (_event, commandLine: string[], workingDirectory: string) => {
    const documents = documentsOnCommandLine(commandLine, workingDirectory);
    const win = focusedOrFirst();
    if (!win) {
      if (ready) createWindow();
    } else {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    for (const document of documents) openFromSystem(document);
  });

  // The GPU or utility processes: Chromium restarts them, but a pattern of crashes explains a slow or blank canvas.
  app.on('child-process-gone', (_event, details) => {
    if (details.reason !== 'clean-exit') log.warn(`A ${details.type} process stopped (${details.reason}, exit code ${details.exitCode}).`);
  });

  app.on('window-all-closed', () => {
    if (!isMac) app.quit();
  });

  app.on('before-quit', (event) => {
    if (quitAgreed) return;
    event.preventDefault();
    void quitAfterAsking();
  });

  // A clean quit: the next start offers no recovery. Async work needs the quit held once.
  app.on('will-quit', (event) => {
    if (sessionEnded || keepRecoveryOnQuit) return;
    event.preventDefault();
    autosave
      .endSession()
      .catch(log.failure('Ending the autosave session failed'))
      .finally(() => {
        sessionEnded = true;
        app.quit();
      });
  });

  for (const document of documentsOnCommandLine(environment.argv, environment.cwd)) openFromSystem(document);

  // Windows: the jump list (the system's recent documents) and the taskbar group belong to this id.
  if (environment.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  void app
    .whenReady()
    .then(async () => {
      protocol.handle(APP_SCHEME, (request) => serveAppRequest(webRoot, request.url, request.method));
      applySessionPolicy(session.defaultSession);
      await autosave.beginSession().catch(log.failure('Starting the autosave session failed'));
      await removeStaleTempFiles(userData);
      await windowState.load();
      language = mainLanguage(app.getLocale());
      ready = true;
      refreshMenu();
      createWindow();
      // Registered once a window exists, so a Dock click during start-up cannot open a second one.
      app.on('activate', () => {
        if (firstWindowCreated && windowsInOrder().length === 0) createWindow();
      });
    })
    .catch((err: unknown) => {
      log.error('Starting Tensorloom failed', err);
      const t = startFailureText();
      dialog.showErrorBox(t.startFailedTitle, t.startFailedDetail(err instanceof Error ? err.message : String(err), log.dir));
      app.exit(1);
    });

  return handle;
}

function realPath(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch {
    return dir;
  }
}

/** The libraries bundled into the app with their licences, as build-app.mjs recorded them. */
function bundledLicences(appDir: string, log: RotatingLog): string {
  try {
    const entries = JSON.parse(fs.readFileSync(path.join(appDir, 'licenses.json'), 'utf8')) as BundledLicence[];
    return entries.map((e) => `${e.name} ${e.version} (${e.license})`).join(', ');
  } catch (err) {
    log.error('Reading the bundled licences failed', err);
    return '—';
  }
}

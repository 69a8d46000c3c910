/**
 * A small stand-in for the parts of Electron the main process uses (app/desktopApp.ts takes them as a
 * parameter). It keeps what main registered (handlers, listeners, windows, menus) and lets a test play
 * the events Electron would send: `ready`, a second start, a file handed over, a close, a crash.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { DesktopElectron } from '../../../app/desktopApp';
import type { DisplayArea, Rect } from '../../../app/windowState';

type Listener = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FakeEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function fakeEvent<T extends object>(extra: T = {} as T): FakeEvent & T {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
    ...extra,
  };
}

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }

  once(name: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.off(name, wrapped);
      return listener(...args);
    };
    return this.on(name, wrapped);
  }

  off(name: string, listener: Listener): this {
    this.listeners.set(name, (this.listeners.get(name) ?? []).filter((l) => l !== listener));
    return this;
  }

  listenerCount(name: string): number {
    return this.listeners.get(name)?.length ?? 0;
  }

  emit(name: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(name) ?? []) listener(...args);
  }
}

export class FakeWebContents extends Emitter {
  readonly sent: { channel: string; args: unknown[] }[] = [];
  mainFrame = { url: 'app://tensorloom/index.html' };
  crashed = false;
  reloads = 0;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly clipboard: string[] = [];

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  sentOn(channel: string): unknown[][] {
    return this.sent.filter((m) => m.channel === channel).map((m) => m.args);
  }

  reload(): void {
    this.reloads++;
    this.emit('did-start-loading');
  }

  isCrashed(): boolean {
    return this.crashed;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  cut(): void {
    this.clipboard.push('cut');
  }

  copy(): void {
    this.clipboard.push('copy');
  }

  paste(): void {
    this.clipboard.push('paste');
  }
}

export class FakeBrowserWindow extends Emitter {
  static all: FakeBrowserWindow[] = [];
  static focused: FakeBrowserWindow | null = null;
  private static nextId = 1;

  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.focused && !FakeBrowserWindow.focused.destroyed ? FakeBrowserWindow.focused : null;
  }

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.all.filter((w) => !w.destroyed);
  }

  readonly id = FakeBrowserWindow.nextId++;
  readonly webContents = new FakeWebContents();
  destroyed = false;
  maximized = false;
  minimized = false;
  url: string | null = null;
  bounds: Rect;
  representedFilename = '';

  constructor(readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
    super();
    this.bounds = { x: Number(options.x), y: Number(options.y), width: Number(options.width), height: Number(options.height) };
    FakeBrowserWindow.all.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.url = url;
    this.webContents.emit('did-start-loading');
    return Promise.resolve();
  }

  /** Like Electron: the close event may be prevented; otherwise the window goes. */
  close(): void {
    if (this.destroyed) return;
    const event = fakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.emit('closed');
  }

  /** Closes without the close event (what Electron's destroy does). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isFullScreen(): boolean {
    return false;
  }

  restore(): void {
    this.minimized = false;
  }

  focus(): void {
    FakeBrowserWindow.focused = this;
  }

  show(): void {}

  maximize(): void {
    this.maximized = true;
  }

  isMaximized(): boolean {
    return this.maximized;
  }

  getNormalBounds(): Rect {
    return { ...this.bounds };
  }

  setRepresentedFilename(name: string): void {
    this.representedFilename = name;
  }
}

export interface FakeElectronOptions {
  userData: string;
  isPackaged?: boolean;
  displays?: DisplayArea[];
  /** The answers the next message boxes give (button index), in order. */
  messageBoxAnswers?: number[];
}

export function createFakeElectron(options: FakeElectronOptions) {
  FakeBrowserWindow.all = [];
  FakeBrowserWindow.focused = null;
  const paths: Record<string, string> = {
    userData: options.userData,
    logs: `${options.userData}/logs`,
    documents: `${options.userData}/documents`,
  };
  let markReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));
  const messageBoxAnswers = [...(options.messageBoxAnswers ?? [])];
  const messageBoxes: { buttons?: string[]; title?: string; message?: string; detail?: string }[] = [];
  const handlers = new Map<string, Listener>();
  const ipcListeners = new Map<string, Listener>();
  const menus: MenuItemConstructorOptions[][] = [];
  const schemes: unknown[] = [];
  const protocolHandlers = new Map<string, Listener>();
  const crashReporterStarts: unknown[] = [];
  const openedPaths: string[] = [];
  const recentDocuments: string[] = [];
  const sessionPolicy: {
    permissionRequest?: Listener;
    permissionCheck?: Listener;
    devicePermission?: Listener;
    beforeRequest?: { filter: { urls: string[] }; listener: Listener };
  } = {};
  const displays = options.displays ?? [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 25, width: 1920, height: 1055 } }];

  const app = Object.assign(new Emitter(), {
    isPackaged: options.isPackaged ?? true,
    quitRequests: 0,
    exitCode: null as number | null,
    /** True once a quit went through before-quit and will-quit without being held. */
    quitted: false,
    enableSandbox() {},
    setPath(name: string, value: string) {
      paths[name] = value;
    },
    getPath(name: string) {
      return paths[name];
    },
    setAppLogsPath() {},
    appUserModelId: null as string | null,
    setAppUserModelId(id: string) {
      app.appUserModelId = id;
    },
    getLocale: () => 'en-US',
    getVersion: () => '0.1.0',
    requestSingleInstanceLock: () => true,
    whenReady: () => readyPromise,
    addRecentDocument(filePath: string) {
      recentDocuments.push(filePath);
    },
    clearRecentDocuments() {
      recentDocuments.length = 0;
    },
    exit(code: number) {
      app.exitCode = code;
    },
    quit() {
      app.quitRequests++;
      const beforeQuit = fakeEvent();
      app.emit('before-quit', beforeQuit);
      if (beforeQuit.defaultPrevented) return;
      const willQuit = fakeEvent();
      app.emit('will-quit', willQuit);
      if (!willQuit.defaultPrevented) app.quitted = true;
    },
  });

  const dialog = {
    showMessageBoxSync: (...args: unknown[]) => {
      const opts = (args.length === 2 ? args[1] : args[0]) as (typeof messageBoxes)[number];
      messageBoxes.push(opts);
      return messageBoxAnswers.shift() ?? 0;
    },
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showSaveDialog: async () => ({ canceled: true, filePath: '' }),
    showErrorBox: (title: string, content: string) => messageBoxes.push({ title, message: content }),
  };

  const contains = (area: Rect, x: number, y: number) => x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height;

  const fake = {
    app,
    BrowserWindow: FakeBrowserWindow,
    crashReporter: { start: (opts: unknown) => crashReporterStarts.push(opts) },
    dialog,
    ipcMain: {
      handle: (channel: string, listener: Listener) => handlers.set(channel, listener),
      on: (channel: string, listener: Listener) => ipcListeners.set(channel, listener),
    },
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => template,
      setApplicationMenu: (menu: MenuItemConstructorOptions[]) => menus.push(menu),
    },
    protocol: {
      registerSchemesAsPrivileged: (list: unknown[]) => schemes.push(...list),
      handle: (scheme: string, handler: Listener) => protocolHandlers.set(scheme, handler),
    },
    screen: {
      getAllDisplays: () => displays,
      getPrimaryDisplay: () => displays[0],
      getDisplayMatching: (rect: Rect) => displays.find((d) => contains(d.bounds, rect.x + rect.width / 2, rect.y + rect.height / 2)) ?? displays[0],
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (l: Listener) => (sessionPolicy.permissionRequest = l),
        setPermissionCheckHandler: (l: Listener) => (sessionPolicy.permissionCheck = l),
        setDevicePermissionHandler: (l: Listener) => (sessionPolicy.devicePermission = l),
        webRequest: { onBeforeRequest: (filter: { urls: string[] }, listener: Listener) => (sessionPolicy.beforeRequest = { filter, listener }) },
      },
    },
    shell: {
      openPath: async (target: string) => {
        openedPaths.push(target);
        return '';
      },
    },
  };

  /** An IPC event as Electron builds it, from `contents`' top frame unless told otherwise. */
  const ipcEvent = (contents: FakeWebContents, frame: { url: string } = contents.mainFrame) => ({ sender: contents, senderFrame: frame });

  return {
    electron: fake as unknown as DesktopElectron,
    app,
    ready: () => markReady(),
    windows: () => FakeBrowserWindow.getAllWindows(),
    messageBoxes,
    messageBoxAnswers,
    menus,
    schemes,
    protocolHandlers,
    crashReporterStarts,
    sessionPolicy,
    openedPaths,
    recentDocuments,
    handlers,
    ipcListeners,
    ipcEvent,
    /** Calls an invoke handler as the page would (ipcRenderer.invoke). */
    invoke(channel: string, contents: FakeWebContents, ...args: unknown[]): unknown {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler(ipcEvent(contents), ...args);
    },
    /** Sends a one-way message as the preload would (ipcRenderer.send). */
    send(channel: string, contents: FakeWebContents, ...args: unknown[]): void {
      const listener = ipcListeners.get(channel);
      if (!listener) throw new Error(`no listener for ${channel}`);
      listener(ipcEvent(contents), ...args);
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

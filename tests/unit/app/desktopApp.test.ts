import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDesktopApp, type DesktopApp } from '../../../app/desktopApp';
import { writeModelFile } from '../../../engine/io/modelFile';
import { makeDoc } from '../../fixtures/docBuilder';
import { createFakeElectron, fakeEvent, FakeWebContents, type FakeBrowserWindow, type FakeElectron } from './fakeElectron';

const modelBytes = writeModelFile({ graph: makeDoc({ layer1: { kind: 'dense' } }, []), runs: [] });

let dir: string;
let userData: string;
let clock: number;
let processErrorHandler: ((err: unknown) => void) | null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-desktop-'));
  userData = path.join(dir, 'user-data');
  clock = Date.parse('2026-01-01T00:00:00Z');
  processErrorHandler = null;
});

afterEach(() => {
  // Writes started by the last events (window state, log) may still be landing: retry the removal.
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

interface Started {
  fake: FakeElectron;
  desktop: DesktopApp;
}

function start(options: { argv?: string[]; isPackaged?: boolean; messageBoxAnswers?: number[]; displays?: Parameters<typeof createFakeElectron>[0]['displays'] } = {}): Started {
  const fake = createFakeElectron({ userData, isPackaged: options.isPackaged, messageBoxAnswers: options.messageBoxAnswers, displays: options.displays });
  const desktop = startDesktopApp(fake.electron, {
    platform: 'linux',
    argv: options.argv ?? ['/opt/Tensorloom/tensorloom'],
    cwd: dir,
    env: {},
    appDir: path.join(dir, 'dist', 'app'),
    now: () => clock,
    onProcessError: (handler) => (processErrorHandler = handler),
  });
  return { fake, desktop };
}

async function startReady(options: Parameters<typeof start>[0] = {}): Promise<Started & { win: FakeBrowserWindow }> {
  const started = start(options);
  started.fake.ready();
  await vi.waitFor(() => expect(started.fake.windows()).toHaveLength(1));
  return { ...started, win: started.fake.windows()[0] };
}

/** The page has loaded and described its menu: from now on it receives menu commands and close requests. */
async function pageListens(fake: FakeElectron, win: FakeBrowserWindow): Promise<void> {
  const answer = await fake.invoke('tensorloom:describeMenu', win.webContents, { sections: [], language: 'en' });
  expect(answer).toEqual({ ok: true, value: null });
}

const menuCommands = (win: FakeBrowserWindow) => win.webContents.sentOn('tensorloom:menuCommand').map(([command]) => command);
const closeRequests = (win: FakeBrowserWindow) => win.webContents.sentOn('tensorloom:closeRequest').map(([id]) => id as string);

function writeModel(name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, modelBytes);
  return file;
}

describe('the main window', () => {
  it('is locked down: sandboxed, isolated, no Node, no developer tools in a packaged build, the app:// page', async () => {
    const { win } = await startReady({ isPackaged: true });
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
      preload: path.join(dir, 'dist', 'app', 'preload.cjs'),
    });
    expect(win.url).toBe('app://tensorloom/index.html');
  });

  it('keeps developer tools for unpackaged development runs', async () => {
    const { win } = await startReady({ isPackaged: false });
    expect(win.options.webPreferences.devTools).toBe(true);
  });

  it('registers app:// as a secure standard scheme and starts crash reporting without upload', async () => {
    const { fake } = await startReady();
    expect(fake.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(fake.protocolHandlers.has('app')).toBe(true);
    expect(fake.crashReporterStarts).toEqual([expect.objectContaining({ uploadToServer: false })]);
  });

  it('names itself for the Windows jump list and taskbar with the packaged app id', async () => {
    const fake = createFakeElectron({ userData });
    startDesktopApp(fake.electron, { platform: 'win32', argv: ['tensorloom.exe'], cwd: dir, env: {}, appDir: dir });
    expect(fake.app.appUserModelId).toBe('org.tensorloom.app');
    const config = fs.readFileSync(path.resolve('electron-builder.yml'), 'utf8');
    expect(config).toMatch(/^appId: org\.tensorloom\.app$/m);
  });

  it('registers the macOS activate handler only once the first window exists', async () => {
    const { fake } = start();
    expect(fake.app.listenerCount('activate')).toBe(0);
    fake.ready();
    await vi.waitFor(() => expect(fake.windows()).toHaveLength(1));
    expect(fake.app.listenerCount('activate')).toBe(1);
  });
});

describe('who may call main', () => {
  it('answers the page’s top frame on app:// and refuses a subframe, another origin and another web contents', async () => {
    const { fake, win } = await startReady();
    await expect(fake.invoke('tensorloom:recentFiles', win.webContents)).resolves.toEqual([]);
    const handler = fake.handlers.get('tensorloom:recentFiles')!;
    expect(() => handler(fake.ipcEvent(win.webContents, { url: 'app://tensorloom/frame.html' }))).toThrow(/did not come from the Tensorloom window/);
    const evil = { url: 'https://evil.example/' };
    win.webContents.mainFrame = evil;
    expect(() => handler(fake.ipcEvent(win.webContents, evil))).toThrow(/Refused tensorloom:recentFiles/);
    expect(() => handler(fake.ipcEvent(new FakeWebContents()))).toThrow(/Refused/);
  });

  it('ignores one-way messages (a dropped file) from anything but the page', async () => {
    const { fake, win } = await startReady();
    await pageListens(fake, win);
    const model = writeModel('dropped.tlgraph');
    fake.ipcListeners.get('tensorloom:openDroppedFile')!(fake.ipcEvent(new FakeWebContents()), model);
    expect(menuCommands(win)).toEqual([]);
  });
});

describe('navigation, new windows and permissions', () => {
  it('denies window.open, navigation, redirects and <webview> in every web contents', async () => {
    const { fake } = await startReady();
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', fakeEvent(), contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = fakeEvent({ url: 'https://example.com/' });
      contents.emit(name, event);
      expect(event.defaultPrevented, name).toBe(true);
    }
  });

  it('grants only clipboard writes, no devices, and blocks every network request', async () => {
    const { fake } = await startReady();
    const granted: Record<string, boolean> = {};
    for (const permission of ['clipboard-sanitized-write', 'media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      fake.sessionPolicy.permissionRequest!(null, permission, (allowed: boolean) => (granted[permission] = allowed));
    }
    expect(granted).toEqual({ 'clipboard-sanitized-write': true, media: false, geolocation: false, notifications: false, 'clipboard-read': false, openExternal: false });
    expect(fake.sessionPolicy.permissionCheck!(null, 'media')).toBe(false);
    expect(fake.sessionPolicy.devicePermission!({ deviceType: 'usb' })).toBe(false);
    expect(fake.sessionPolicy.beforeRequest!.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    let cancelled: unknown;
    fake.sessionPolicy.beforeRequest!.listener({ url: 'https://example.com/' }, (answer: unknown) => (cancelled = answer));
    expect(cancelled).toEqual({ cancel: true });
  });
});

describe('files handed over by the system', () => {
  it('opens a document named on the first start’s command line once the page listens, through the page', async () => {
    const model = writeModel('first.tlgraph');
    const { fake, win } = await startReady({ argv: ['/opt/Tensorloom/tensorloom', '--no-sandbox-probe', 'first.tlgraph', 'notes.txt'] });
    expect(menuCommands(win)).toEqual([]);
    await pageListens(fake, win);
    const commands = menuCommands(win);
    expect(commands).toEqual([{ type: 'openRecent', fileId: expect.stringMatching(/^system-/) }]);
    const opened = (await fake.invoke('tensorloom:openRecent', win.webContents, (commands[0] as { fileId: string }).fileId)) as { ok: boolean; value: { name: string } };
    expect(opened).toMatchObject({ ok: true, value: { name: 'first.tlgraph' } });
    expect(fake.recentDocuments).toEqual([model]);
    // The id answers once: replaying it opens nothing.
    await expect(fake.invoke('tensorloom:openRecent', win.webContents, (commands[0] as { fileId: string }).fileId)).resolves.toEqual({ ok: true, value: null });
  });

  it('opens a document from a second start in the running window (relative to that start’s folder, file:// URLs too)', async () => {
    const { fake, win } = await startReady();
    await pageListens(fake, win);
    const elsewhere = path.join(dir, 'elsewhere');
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'second.tlgraph'), modelBytes);
    fs.writeFileSync(path.join(elsewhere, 'third.tlgraph'), modelBytes);
    win.minimized = true;
    fake.app.emit('second-instance', fakeEvent(), ['/opt/Tensorloom/tensorloom', 'second.tlgraph', `file://${path.join(elsewhere, 'third.tlgraph')}`], elsewhere);
    expect(win.minimized).toBe(false);
    const ids = menuCommands(win).map((c) => (c as { fileId: string }).fileId);
    expect(ids).toHaveLength(2);
    await expect(fake.invoke('tensorloom:openRecent', win.webContents, ids[0])).resolves.toMatchObject({ ok: true, value: { name: 'second.tlgraph' } });
    await expect(fake.invoke('tensorloom:openRecent', win.webContents, ids[1])).resolves.toMatchObject({ ok: true, value: { name: 'third.tlgraph' } });
  });

  it('takes macOS open-file before ready and delivers it once the page listens', async () => {
    writeModel('early.tlgraph');
    const { fake } = start();
    const early = fakeEvent();
    fake.app.emit('open-file', early, path.join(dir, 'early.tlgraph'));
    expect(early.defaultPrevented).toBe(true);
    fake.ready();
    await vi.waitFor(() => expect(fake.windows()).toHaveLength(1));
    const win = fake.windows()[0];
    await pageListens(fake, win);
    const [command] = menuCommands(win) as { fileId: string }[];
    await expect(fake.invoke('tensorloom:openRecent', win.webContents, command.fileId)).resolves.toMatchObject({ ok: true, value: { name: 'early.tlgraph' } });
  });

  it('opens a dropped .tlgraph like the others, and ignores other files and relative paths', async () => {
    const { fake, win } = await startReady();
    await pageListens(fake, win);
    const model = writeModel('dropped.tlgraph');
    fake.send('tensorloom:openDroppedFile', win.webContents, path.join(dir, 'picture.png'));
    fake.send('tensorloom:openDroppedFile', win.webContents, 'dropped.tlgraph');
    expect(menuCommands(win)).toEqual([]);
    fake.send('tensorloom:openDroppedFile', win.webContents, model);
    expect(menuCommands(win)).toEqual([{ type: 'openRecent', fileId: expect.stringMatching(/^system-/) }]);
  });
});

describe('closing a window', () => {
  it('asks the page and keeps the window on Cancel, closes it on Don’t save or after a save', async () => {
    const { fake, win } = await startReady();
    await pageListens(fake, win);

    win.close();
    expect(win.destroyed).toBe(false);
    const [first] = closeRequests(win);
    fake.send('tensorloom:closeAnswer', win.webContents, first, 'cancel');
    await vi.waitFor(() => expect(closeRequests(win)).toHaveLength(1));
    expect(win.destroyed).toBe(false);

    win.close();
    const second = closeRequests(win)[1];
    fake.send('tensorloom:closeAnswer', win.webContents, second, 'save');
    await vi.waitFor(() => expect(win.destroyed).toBe(true));
  });

  it('ignores an answer to a question it did not ask, or from another page', async () => {
    const { fake, win } = await startReady();
    await pageListens(fake, win);
    win.close();
    const [request] = closeRequests(win);
    fake.send('tensorloom:closeAnswer', win.webContents, 'close-999', 'discard');
    fake.ipcListeners.get('tensorloom:closeAnswer')!(fake.ipcEvent(new FakeWebContents()), request, 'discard');
    await new Promise((resolve) => setImmediate(resolve));
    expect(win.destroyed).toBe(false);
    fake.send('tensorloom:closeAnswer', win.webContents, request, 'discard');
    await vi.waitFor(() => expect(win.destroyed).toBe(true));
  });

  it('falls back to the page’s beforeunload guard when the page registered no listener: Save / Don’t Save / Cancel', async () => {
    const { fake, win } = await startReady({ messageBoxAnswers: [0, 2, 1] });
    await pageListens(fake, win);
    win.close();
    fake.send('tensorloom:closeAnswer', win.webContents, closeRequests(win)[0], 'unanswered');
    await vi.waitFor(() => expect(win.listenerCount('close')).toBeGreaterThan(0));

    // The page's beforeunload handler holds the unload: Electron asks main.
    const unload = () => {
      const event = fakeEvent();
      win.webContents.emit('will-prevent-unload', event);
      return event.defaultPrevented;
    };
    expect(unload()).toBe(false); // Save: the window stays and the page saves
    expect(menuCommands(win)).toContainEqual({ type: 'run', commandId: 'file.save' });
    expect(unload()).toBe(false); // Cancel
    expect(unload()).toBe(true); // Don't Save: the unload goes ahead
    expect(fake.messageBoxes.map((b) => b.buttons)).toEqual(Array(3).fill(['Save', 'Don’t Save', 'Cancel']));
  });

  it('does not ask the page again in beforeunload once it answered the close request', async () => {
    const { fake, win } = await startReady();
    await pageListens(fake, win);
    win.close();
    fake.send('tensorloom:closeAnswer', win.webContents, closeRequests(win)[0], 'discard');
    await vi.waitFor(() => expect(win.destroyed).toBe(true));
    const event = fakeEvent();
    win.webContents.emit('will-prevent-unload', event);
    expect(event.defaultPrevented).toBe(true);
    expect(fake.messageBoxes).toEqual([]);
  });
});

describe('a page that hangs while asked about closing', () => {
  it('offers Wait or Close Anyway; closing keeps the autosave for the next start', async () => {
    const { fake, win } = await startReady({ messageBoxAnswers: [0, 1] });
    await pageListens(fake, win);
    await fake.invoke('tensorloom:autosave', win.webContents, '{"name":"hung work"}');
    win.emit('unresponsive');
    expect(fake.messageBoxes).toEqual([]); // not asking anything: nothing to do
    fake.app.quit();
    expect(closeRequests(win)).toHaveLength(1);
    win.emit('unresponsive');
    expect(fake.messageBoxes.at(-1)?.buttons).toEqual(['Wait', 'Close Anyway']);
    expect(win.destroyed).toBe(false);
    win.emit('unresponsive');
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(win.destroyed).toBe(true);
    expect(fs.existsSync(path.join(userData, 'autosave', 'session-running.json'))).toBe(true);
    expect(fs.readFileSync(path.join(userData, 'autosave', 'autosave.tlgraph.json'), 'utf8')).toBe('{"name":"hung work"}');
  });
});

describe('quitting', () => {
  it('asks the page; Cancel stops the quit, and an agreed quit ends the autosave session', async () => {
    const { fake, win } = await startReady();
    await pageListens(fake, win);
    const marker = path.join(userData, 'autosave', 'session-running.json');
    expect(fs.existsSync(marker)).toBe(true);

    fake.app.quit();
    fake.send('tensorloom:closeAnswer', win.webContents, closeRequests(win)[0], 'cancel');
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.app.quitted).toBe(false);

    fake.app.quit();
    fake.send('tensorloom:closeAnswer', win.webContents, closeRequests(win)[1], 'discard');
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(fs.existsSync(marker)).toBe(false);
  });
});

describe('a page that crashes', () => {
  const crash = (win: FakeBrowserWindow) => win.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed', exitCode: 139 });

  it('reloads quietly once; a second crash within a minute stops and offers Reopen or Quit', async () => {
    const { fake, win } = await startReady({ messageBoxAnswers: [0] });
    crash(win);
    await vi.waitFor(() => expect(win.webContents.reloads).toBe(1));
    expect(fake.messageBoxes).toEqual([]);

    clock += 30_000;
    crash(win);
    await vi.waitFor(() => expect(fake.messageBoxes).toHaveLength(1));
    expect(fake.messageBoxes[0].buttons).toEqual(['Reopen', 'Quit']);
    expect(win.webContents.reloads).toBe(2); // Reopen

    // Reopen starts the count again: one more crash reloads quietly.
    clock += 5_000;
    crash(win);
    await vi.waitFor(() => expect(win.webContents.reloads).toBe(3));
    expect(fake.messageBoxes).toHaveLength(1);
  });

  it('a crash a minute after the last one reloads quietly', async () => {
    const { fake, win } = await startReady();
    crash(win);
    clock += 61_000;
    crash(win);
    await vi.waitFor(() => expect(win.webContents.reloads).toBe(2));
    expect(fake.messageBoxes).toEqual([]);
  });

  it('on Quit keeps the recovered graph for the next start', async () => {
    const { fake, win } = await startReady({ messageBoxAnswers: [1] });
    await fake.invoke('tensorloom:autosave', win.webContents, '{"name":"unsaved work"}');
    crash(win);
    await vi.waitFor(() => expect(win.webContents.reloads).toBe(1));
    await fake.invoke('tensorloom:autosave', win.webContents, '{"name":"newer work"}');
    crash(win);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
    expect(fs.readFileSync(path.join(userData, 'autosave', 'recovered.tlgraph.json'), 'utf8')).toBe('{"name":"newer work"}');
    expect(fs.existsSync(path.join(userData, 'autosave', 'session-running.json'))).toBe(true);
  });
});

describe('window placement', () => {
  const laptop = { id: 1, bounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
  const monitor = { id: 2, bounds: { x: 1440, y: 0, width: 2560, height: 1440 }, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };

  it('remembers size, position and maximised per display, and restores them inside the visible area', async () => {
    const first = await startReady({ displays: [laptop, monitor] });
    first.win.bounds = { x: 2000, y: 100, width: 1600, height: 1000 };
    first.win.maximized = true;
    await pageListens(first.fake, first.win);
    first.win.close();
    first.fake.send('tensorloom:closeAnswer', first.win.webContents, closeRequests(first.win)[0], 'discard');
    await vi.waitFor(() => expect(first.win.destroyed).toBe(true));
    const stateFile = path.join(userData, 'window-state.json');
    await vi.waitFor(() => expect(fs.existsSync(stateFile)).toBe(true));
    const saved = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
    expect(saved.last).toBe('2:2560x1440');
    expect(saved.displays['2:2560x1440']).toEqual({ bounds: { x: 2000, y: 100, width: 1600, height: 1000 }, maximized: true });

    // Same monitor: same place.
    const again = await startReady({ displays: [laptop, monitor] });
    expect(again.win.bounds).toEqual({ x: 2000, y: 100, width: 1600, height: 1000 });
    expect(again.win.maximized).toBe(true);

    // The monitor is unplugged: the window opens on the laptop, whole and on screen.
    const laptopOnly = await startReady({ displays: [laptop] });
    const b = laptopOnly.win.bounds;
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.y).toBeGreaterThanOrEqual(25);
    expect(b.x + b.width).toBeLessThanOrEqual(1440);
    expect(b.y + b.height).toBeLessThanOrEqual(900);
  });

  it('keeps the studio’s height per display and gives it back to the page', async () => {
    const { fake, win } = await startReady({ displays: [laptop, monitor] });
    expect(await fake.invoke('tensorloom:windowLayout', win.webContents)).toEqual({ studioHeight: null });
    fake.send('tensorloom:rememberStudioHeight', win.webContents, 412);
    fake.send('tensorloom:rememberStudioHeight', win.webContents, -5);
    fake.send('tensorloom:rememberStudioHeight', win.webContents, 'tall');
    await vi.waitFor(async () => expect(await fake.invoke('tensorloom:windowLayout', win.webContents)).toEqual({ studioHeight: 412 }));
  });
});

describe('menus and logs', () => {
  it('builds the menu with Close Window, Open Logs Folder and About, and opens the logs folder', async () => {
    const { fake } = await startReady();
    await vi.waitFor(() => expect(fake.menus.length).toBeGreaterThan(0));
    const labels = (items: Electron.MenuItemConstructorOptions[]): string[] =>
      items.flatMap((i) => [String(i.label ?? i.role), ...labels((i.submenu as Electron.MenuItemConstructorOptions[]) ?? [])]);
    const menu = fake.menus.at(-1)!;
    expect(labels(menu)).toEqual(expect.arrayContaining(['Close Window', 'Open Logs Folder', 'About Tensorloom']));
    const help = menu.find((i) => i.role === 'help')!.submenu as Electron.MenuItemConstructorOptions[];
    (help.find((i) => i.label === 'Open Logs Folder')!.click as () => void)();
    await vi.waitFor(() => expect(fake.openedPaths).toEqual([path.join(userData, 'logs')]));
  });

  it('About names the versions and the licences of the bundled libraries and datasets', async () => {
    fs.mkdirSync(path.join(dir, 'dist', 'app'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', 'app', 'licenses.json'), JSON.stringify([{ name: 'zod', version: '4.6.7', license: 'MIT' }]));
    const { fake } = await startReady();
    await vi.waitFor(() => expect(fake.menus.length).toBeGreaterThan(0));
    const help = fake.menus.at(-1)!.find((i) => i.role === 'help')!.submenu as Electron.MenuItemConstructorOptions[];
    (help.find((i) => i.label === 'About Tensorloom')!.click as () => void)();
    const about = fake.messageBoxes.at(-1)!;
    expect(about.message).toBe('Tensorloom 0.1.0');
    expect(about.detail).toMatch(/Libraries in the app: zod 4\.6\.7 \(MIT\)\./);
    expect(about.detail).toMatch(/Datasets: .*\(CC BY 4\.0\)/);
    expect(about.detail).toMatch(/Fonts: none are bundled/);
  });

  it('writes main-process errors to the log in the logs folder', async () => {
    const { desktop } = await startReady();
    processErrorHandler!(new Error('something broke in main'));
    const logText = fs.readFileSync(desktop.log.file, 'utf8');
    expect(path.dirname(desktop.log.file)).toBe(path.join(userData, 'logs'));
    expect(logText).toMatch(/ERROR Unhandled error in the main process: Error: something broke in main/);
  });

  it('logs a GPU process that stops, not one that exits cleanly', async () => {
    const { fake, desktop } = await startReady();
    fake.app.emit('child-process-gone', fakeEvent(), { type: 'GPU', reason: 'crashed', exitCode: 11 });
    fake.app.emit('child-process-gone', fakeEvent(), { type: 'Utility', reason: 'clean-exit', exitCode: 0 });
    const logText = fs.readFileSync(desktop.log.file, 'utf8');
    expect(logText).toMatch(/WARN A GPU process stopped \(crashed, exit code 11\)/);
    expect(logText).not.toMatch(/Utility/);
  });

  it('logs whether the page is cross-origin isolated', async () => {
    const { fake, win, desktop } = await startReady();
    fake.send('tensorloom:pageIsolation', win.webContents, false);
    expect(fs.readFileSync(desktop.log.file, 'utf8')).toMatch(/WARN The page is not cross-origin isolated.*single-threaded/);
  });

  it('uses the page’s language for its own dialogs', async () => {
    const { fake, win } = await startReady({ messageBoxAnswers: [0] });
    await fake.invoke('tensorloom:describeMenu', win.webContents, { sections: [], language: 'ko' });
    win.webContents.emit('will-prevent-unload', fakeEvent());
    expect(fake.messageBoxes[0].buttons).toEqual(['저장', '저장 안 함', '취소']);
  });
});

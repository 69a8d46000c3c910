import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeModelFile } from '../../engine/io/modelFile';
import { makeDoc } from '../fixtures/docBuilder';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Electron executable, or null where only the npm package (without its binary) is installed. */
function electronBinary(): string | null {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test.describe('Electron shell', () => {
  test.skip(binary === null, 'Electron binary not installed — Electron tests skipped');
  test.skip(process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY, 'No display for Electron (run under xvfb-run) — Electron tests skipped');

  let app: ElectronApplication;
  let userData: string;

  /** Starts the app with `extraArgs` after the app folder, as a double-click with a file would. */
  async function launch(extraArgs: string[] = []): Promise<void> {
    const env = { ...process.env, TENSORLOOM_USER_DATA: userData } as Record<string, string>;
    // Set in some shells; Electron would then run as plain Node and never open a window.
    delete env.ELECTRON_RUN_AS_NODE;
    app = await electron.launch({
      executablePath: binary!,
      // Chromium's OS sandbox refuses to start as root (containers); the page's own sandbox is unaffected.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), repoRoot, ...extraArgs],
      env,
    });
  }

  test.beforeEach(async () => {
    expect(fs.existsSync(path.join(repoRoot, 'dist', 'app', 'main.cjs')), 'run `npm run build` first').toBe(true);
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-e2e-'));
    if (!test.info().title.includes('command line')) await launch();
  });

  test.afterEach(async () => {
    await app?.close();
    fs.rmSync(userData, { recursive: true, force: true });
  });

  test('opens one window on the app origin, cross-origin isolated', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await expect(page).toHaveTitle(/Tensorloom/);
    expect(page.url()).toBe('app://tensorloom/index.html');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  });

  test('gives the page the bridge and nothing else of Node or Electron', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    const globals = await page.evaluate(() => {
      const scope = globalThis as Record<string, unknown>;
      return {
        bridge: Object.keys((scope.tensorloom as object) ?? {}).sort(),
        require: typeof scope.require,
        process: typeof scope.process,
        module: typeof scope.module,
        ipcRenderer: typeof (scope.tensorloom as Record<string, unknown> | undefined)?.ipcRenderer,
      };
    });
    expect(globals).toEqual({
      bridge: [
        'autosave',
        'autosaveCheckpoint',
        'describeMenu',
        'exportFile',
        'exportFolder',
        'loadAutosave',
        'onCloseRequest',
        'onMenuCommand',
        'openModel',
        'openRecent',
        'readModel',
        'recentFiles',
        'rememberStudioHeight',
        'saveModel',
        'windowLayout',
      ],
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
      ipcRenderer: 'undefined',
    });
  });

  test('refuses new windows and navigation away from the app', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    await page.evaluate(() => {
      (globalThis as Record<string, unknown>).stillTheSamePage = true;
      window.location.href = 'https://example.com/';
    });
    // A navigation, had it been allowed, would have replaced the page by now.
    await page.waitForTimeout(1000);
    expect(page.url()).toBe('app://tensorloom/index.html');
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>).stillTheSamePage)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('opens a .tlgraph named on the command line (a double-click) in the window', async () => {
    const model = path.join(userData, 'handed-over.tlgraph');
    fs.writeFileSync(model, writeModelFile({ graph: makeDoc({ layer1: { kind: 'dense' } }, []), runs: [] }));
    await launch([model]);
    const page = await app.firstWindow();
    await expect(page.getByText('handed-over.tlgraph').first()).toBeVisible({ timeout: 20_000 });
  });

  test('writes its log in the logs folder', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('load');
    const logsDir = await app.evaluate(({ app: electronApp }) => electronApp.getPath('logs'));
    await expect.poll(() => fs.existsSync(path.join(logsDir, 'main.log'))).toBe(true);
    expect(fs.readFileSync(path.join(logsDir, 'main.log'), 'utf8')).toMatch(/cross-origin isolated/);
  });

  test('answers the bridge: nothing to recover on a first start', async () => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.evaluate(() => (globalThis as unknown as { tensorloom: { loadAutosave(): Promise<unknown> } }).tensorloom.loadAutosave())).toBeNull();
  });
});

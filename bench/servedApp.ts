/**
 * The built web app (dist/web) served by scripts/serve.mjs and opened in Debian's Chromium, for the benchmarks
 * that measure the app as a user runs it (bench/canvas, bench/studio). Builds the web app first when it is
 * missing; after renderer changes rebuild by hand (`npm run build:web`). TENSORLOOM_WEB_DIR serves another build
 * instead (e.g. one made with `vite build --outDir`, to compare two builds without touching dist/web).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../tests/chromium';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const defaultWebDir = join(root, 'dist', 'web');
/** The build the benchmarks open: dist/web, or TENSORLOOM_WEB_DIR. */
export const webDir = process.env.TENSORLOOM_WEB_DIR || defaultWebDir;

function ensureWebBuild(log: (line: string) => void, dir: string): void {
  if (existsSync(join(dir, 'index.html'))) return;
  if (dir !== defaultWebDir) throw new Error(`${dir} holds no index.html (build it with vite build --outDir)`);
  log('dist/web/index.html is missing; running npm run build:web…');
  const build = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build:web failed');
}

function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), '--port', '0', '--dir', dir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs printed no URL in 15 s: ${out}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /https?:\/\/[^\s]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited (${code}): ${out}`));
    });
  });
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
  if (server.exitCode === null) server.kill('SIGKILL');
}

/**
 * Runs `measure` with the app's URL and a fresh Chromium; the server and the browser are always shut down.
 * `dir` serves another build (a baseline to compare with, in the same run).
 */
export async function withServedApp<T>(log: (line: string) => void, measure: (url: string, browser: Browser) => Promise<T>, dir: string = webDir): Promise<T> {
  ensureWebBuild(log, dir);
  let server: ChildProcess | null = null;
  let browser: Browser | null = null;
  try {
    const started = await startServer(dir);
    server = started.child;
    log(`serving ${dir} at ${started.url}`);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
    return await measure(started.url, browser);
  } finally {
    await browser?.close().catch(() => undefined);
    if (server) await stopServer(server);
  }
}

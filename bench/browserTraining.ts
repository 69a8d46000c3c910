/**
 * The app's training in headless Chromium: bundles bench/browser/ with esbuild, serves it from 127.0.0.1 with
 * the cross-origin isolation headers the app is served with (so tfjs-wasm may use threads), and runs one
 * measured training per backend, each in a fresh page and worker.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { buildData, DATA_FILES, DEFAULT_DATA_DIR } from '../scripts/build-data';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../tests/chromium';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'bench/out/browser');
const wasmDir = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');

/** WebGPU is asked for too, so the benchmark can try every backend. */
const BENCH_FLAGS = [...CHROMIUM_FLAGS, '--enable-unsafe-webgpu'];

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
};

async function bundle(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'bench/browser/benchWorker.ts')],
    outfile: join(outDir, 'benchWorker.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
    // tfjs-backend-wasm's emscripten glue mentions Node modules behind runtime checks.
    external: ['fs', 'path', 'worker_threads', 'perf_hooks', 'os', 'crypto'],
  });
  await copyFile(join(root, 'bench/browser/index.html'), join(outDir, 'index.html'));
  if (DATA_FILES.some((name) => !existsSync(join(DEFAULT_DATA_DIR, name)))) buildData(DEFAULT_DATA_DIR);
}

/** Static files from three folders; every response cross-origin isolated. */
function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const [folder, name] = path.startsWith('/wasm/')
      ? [wasmDir, path.slice(6)]
      : path.startsWith('/data/')
        ? [DEFAULT_DATA_DIR, path.slice(6)]
        : [outDir, path === '/' ? 'index.html' : path.slice(1)];
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    if (name.includes('..') || name.includes('/')) {
      res.writeHead(404, headers).end();
      return;
    }
    try {
      const body = await readFile(join(folder, name));
      res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(name)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    });
  });
}

/** Resident memory of a process and all its descendants (Chromium's renderer, GPU and worker processes). */
async function treeRssBytes(rootPid: number): Promise<number> {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * 4096);
    } catch {
      // The process ended while we looked.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parents.get(p) ?? 0, hops++) if (p === rootPid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, bytes] of rss) if (inTree(pid)) total += bytes;
  return total;
}

export interface BrowserRunRequest {
  backend: 'wasm' | 'webgl' | 'webgpu' | 'cpu';
  steps: number;
  warmup: number;
  /** Warm-up and measured steps last at least this long too (bench/trainingProbe.ts, ProbeOptions.timed). */
  timed?: { settleMs: number; measureMs: number };
  model: 'app' | 'reference';
  /** The bench template `app` trains (bench/templateJobs.ts); gpt-mini when absent. */
  template?: string;
  timeoutMs: number;
  /** Profile the measured steps, splitting these kernels by operand shapes (bench/kernelProfile.ts). */
  profileKernels?: string[];
}

/** Runs each request in its own page; a backend that fails reports `{ error }` instead of numbers. */
export async function runInChromium(requests: BrowserRunRequest[], log: (line: string) => void): Promise<Record<string, unknown>[]> {
  await bundle();
  const { server: http, origin } = await serve();
  const server = await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: BENCH_FLAGS });
  const browser = await chromium.connect(server.wsEndpoint());
  const browserPid = server.process().pid ?? 0;
  const results: Record<string, unknown>[] = [];
  try {
    const chromiumVersion = browser.version();
    for (const request of requests) {
      log(`chromium ${request.backend} (${request.template ?? request.model}, ${request.steps} steps)…`);
      const page = await browser.newPage();
      let peakRssBytes = 0;
      const started = Date.now();
      try {
        await page.goto(`${origin}/`);
        const run = page.evaluate((r) => (window as unknown as { runBench(r: unknown): Promise<unknown> }).runBench(r), {
          backend: request.backend,
          steps: request.steps,
          warmup: request.warmup,
          timed: request.timed,
          model: request.model,
          template: request.template,
          profileKernels: request.profileKernels,
        });
        const timeout = new Promise<Record<string, unknown>>((resolve) =>
          setTimeout(() => resolve({ error: `no result within ${request.timeoutMs / 1000} s` }), request.timeoutMs),
        );
        // Chromium's processes' resident memory, sampled while training runs.
        const sampler = setInterval(async () => {
          peakRssBytes = Math.max(peakRssBytes, await treeRssBytes(browserPid));
        }, 1000);
        const result = (await Promise.race([run, timeout])) as Record<string, unknown>;
        clearInterval(sampler);
        results.push({ runtime: 'chromium', requested: request.backend, chromiumVersion, peakRssBytes: peakRssBytes || null, wallMs: Date.now() - started, ...result, backend: result.backend ?? request.backend });
      } catch (err) {
        results.push({ runtime: 'chromium', backend: request.backend, error: String(err) });
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
    http.close();
  }
  return results;
}

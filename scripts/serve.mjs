#!/usr/bin/env node
// A tiny static server for the web build (dist/web), with the headers the app needs
// (app/webPolicy.mjs): cross-origin isolation (COOP/COEP) so the wasm backend may use threads,
// and a strict CSP that allows only same-origin code, blob: workers and data: images, and wasm compilation only in
// workers (securityHeadersFor).
// Used by `npm start` when Electron is not installed and by Playwright's webServer.
// No dependencies: node:http only. Bound to 127.0.0.1; never serves outside --dir.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside, mimeTypeFor, resolveRequestPath, securityHeadersFor, SECURITY_HEADERS } from '../app/webPolicy.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function send(res, status, headers, body) {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

export function createStaticServer(root) {
  const realRoot = fs.realpathSync(path.resolve(root));
  return http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'Method not allowed\n');
      return;
    }
    const filePath = resolveRequestPath(realRoot, req.url ?? '/');
    if (filePath === null) {
      send(res, 403, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Forbidden\n');
      return;
    }
    fs.realpath(filePath, (realErr, realPath) => {
      // A symlink inside the build must not lead outside it either.
      if (realErr || !isInside(realRoot, realPath)) {
        send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
        return;
      }
      fs.stat(realPath, (statErr, stat) => {
        if (statErr || !stat.isFile()) {
          send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found\n');
          return;
        }
        const headers = {
          ...securityHeadersFor(realPath),
          'Content-Type': mimeTypeFor(realPath),
          'Content-Length': String(stat.size),
          'Cache-Control': 'no-cache',
        };
        if (req.method === 'HEAD') {
          send(res, 200, headers);
          return;
        }
        res.writeHead(200, headers);
        const stream = fs.createReadStream(realPath);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
      });
    });
  });
}

/** Reads `--port N` (0 = any free port) and `--dir PATH`; throws with a readable message otherwise. */
export function parseServeArgs(argv) {
  const options = { port: 4173, dir: path.join(repoRoot, 'dist', 'web') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inlineValue] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => inlineValue ?? argv[++i];
    if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be an integer from 0 to 65535`);
      options.port = port;
    } else if (flag === '--dir') {
      options.dir = path.resolve(value());
    } else if (flag === '--help' || flag === '-h') {
      options.help = true;
    } else {
      throw new Error(`Unknown option ${arg}`);
    }
  }
  return options;
}

/** Starts serving `dir` on 127.0.0.1:`port` (0 = any free port); resolves with the server and its URL. */
export function serve({ dir, port }) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir} has no index.html. Build the web app first: npm run build:web`);
  }
  const server = createStaticServer(dir);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, url: `http://127.0.0.1:${address.port}/` });
    });
  });
}

/** Serves until SIGINT/SIGTERM, printing the URL; exits the process on failure. */
export async function serveUntilStopped(options) {
  try {
    const { server, url } = await serve(options);
    console.log(`Tensorloom is running at ${url}`);
    const stop = () => {
      // Browsers keep connections alive; close them so the process ends at once.
      server.closeAllConnections();
      server.close(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return url;
  } catch (err) {
    console.error(err.code === 'EADDRINUSE' ? `Port ${options.port} is already in use. Try --port 0.` : err.message);
    process.exit(1);
  }
}

async function main() {
  let options;
  try {
    options = parseServeArgs(process.argv.slice(2));
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  if (options.help) {
    console.log('Usage: node scripts/serve.mjs [--port 4173] [--dir dist/web]\n--port 0 picks any free port.');
    return;
  }
  await serveUntilStopped(options);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const serveScript = path.resolve(__dirname, '../../../scripts/serve.mjs');

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

// Raw requests: fetch() would normalise `..` away before it reaches the server.
function rawGet(port: number, requestPath: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: requestPath, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('scripts/serve.mjs', () => {
  let tmp: string;
  let server: ChildProcess;
  let port: number;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-serve-'));
    const web = path.join(tmp, 'web');
    fs.mkdirSync(path.join(web, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Tensorloom</title>');
    fs.writeFileSync(path.join(web, 'assets', 'tfjs-backend-wasm.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
    fs.writeFileSync(path.join(web, 'assets', 'index.js'), 'console.log(1)');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside the build');

    server = spawn(process.execPath, [serveScript, '--port', '0', '--dir', web], { stdio: ['ignore', 'pipe', 'pipe'] });
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Tensorloom is running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (match) resolve(Number(match[1]));
      });
      server.once('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
    });
  });

  afterAll(() => {
    server?.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves index.html with cross-origin isolation and a same-origin CSP', async () => {
    const res = await rawGet(port, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
    const csp = String(res.headers['content-security-policy']);
    // The page compiles no WebAssembly; only worker scripts may (they carry their own policy).
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('wasm-unsafe-eval');
    expect(csp).toContain("worker-src 'self' blob:");
    expect(String((await rawGet(port, '/assets/index.js')).headers['content-security-policy'])).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toMatch(/img-src [^;]*data:/);
    expect(csp).not.toMatch(/https?:/);
    expect(res.body.toString()).toContain('<title>Tensorloom</title>');
  });

  it('serves wasm as application/wasm so it can be compiled while streaming', async () => {
    const res = await rawGet(port, '/assets/tfjs-backend-wasm.wasm');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/wasm');
    expect([...res.body]).toEqual([0, 0x61, 0x73, 0x6d]);
    expect((await rawGet(port, '/assets/index.js')).headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses paths that leave the build directory', async () => {
    for (const attempt of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await rawGet(port, attempt);
      expect(res.status, attempt).toBeGreaterThanOrEqual(400);
      expect(res.body.toString(), attempt).not.toContain('outside the build');
    }
  });

  it('answers 404 for files that do not exist', async () => {
    expect((await rawGet(port, '/missing.js')).status).toBe(404);
  });
});

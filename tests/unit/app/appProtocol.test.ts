import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { APP_ENTRY_URL, serveAppRequest } from '../../../app/appProtocol';

let tmp: string;
let webRoot: string;

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-protocol-')));
  webRoot = path.join(tmp, 'web');
  fs.mkdirSync(path.join(webRoot, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Tensorloom</title>');
  fs.writeFileSync(path.join(webRoot, 'assets', 'backend.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  fs.writeFileSync(path.join(webRoot, 'assets', 'trainingWorker.js'), 'self.onmessage = () => {};');
  fs.writeFileSync(path.join(tmp, 'private.txt'), 'not part of the app');
  fs.symlinkSync(path.join(tmp, 'private.txt'), path.join(webRoot, 'assets', 'escape.txt'));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('app:// protocol', () => {
  it('serves the entry page cross-origin isolated, under the strict CSP', async () => {
    const res = await serveAppRequest(webRoot, APP_ENTRY_URL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(res.headers.get('content-security-policy')).not.toContain('wasm-unsafe-eval');
    expect(await res.text()).toContain('<title>Tensorloom</title>');
  });

  it('allows WebAssembly compilation only in scripts, whose policy counts where they start a worker', async () => {
    const res = await serveAppRequest(webRoot, 'app://tensorloom/assets/trainingWorker.js');
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    const wasm = await serveAppRequest(webRoot, 'app://tensorloom/assets/backend.wasm');
    expect(wasm.headers.get('content-security-policy')).not.toContain('wasm-unsafe-eval');
  });

  it('serves wasm with its MIME type', async () => {
    const res = await serveAppRequest(webRoot, 'app://tensorloom/assets/backend.wasm');
    expect(res.headers.get('content-type')).toBe('application/wasm');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 0x61, 0x73, 0x6d]);
  });

  it('serves nothing outside the web build: traversal, symlinks out, other hosts', async () => {
    for (const url of [
      'app://tensorloom/%2e%2e/private.txt',
      'app://tensorloom/..%2fprivate.txt',
      'app://tensorloom/assets/escape.txt',
      'app://other/index.html',
      'app://tensorloom/missing.js',
    ]) {
      const res = await serveAppRequest(webRoot, url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text(), url).not.toContain('not part of the app');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await serveAppRequest(webRoot, APP_ENTRY_URL, 'POST')).status).toBe(405);
  });
});

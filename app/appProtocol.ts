import fs from 'node:fs/promises';
import { isInside, mimeTypeFor, resolveRequestPath, securityHeadersFor, SECURITY_HEADERS } from './webPolicy.mjs';

/**
 * The renderer is served from app://tensorloom/ rather than file://: a real origin lets the page carry
 * response headers (CSP, and COOP/COEP for cross-origin isolation, which wasm threads need), gives
 * fetch() and workers a same-origin base, and keeps the page away from the rest of the disk.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'tensorloom';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Answers one app:// request from the files under `webRoot` (an absolute, real path). Never throws. */
export async function serveAppRequest(webRoot: string, requestUrl: string, method = 'GET'): Promise<Response> {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return plain(400, 'Bad request');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not found');
  if (method !== 'GET' && method !== 'HEAD') return plain(405, 'Method not allowed');
  const filePath = resolveRequestPath(webRoot, url.pathname);
  if (filePath === null) return plain(403, 'Forbidden');
  try {
    const realPath = await fs.realpath(filePath);
    if (!isInside(webRoot, realPath)) return plain(404, 'Not found');
    const body = await fs.readFile(realPath);
    return new Response(method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...securityHeadersFor(realPath), 'Content-Type': mimeTypeFor(realPath), 'Content-Length': String(body.byteLength) },
    });
  } catch {
    return plain(404, 'Not found');
  }
}

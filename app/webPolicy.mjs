// The headers and file rules every way of serving the renderer shares: the Electron app:// protocol
// (app/main.ts) and the static server (scripts/serve.mjs). Plain JavaScript so the server runs on bare
// Node; typed by webPolicy.d.mts.
import path from 'node:path';

/**
 * Same-origin only. blob: workers are how tfjs and the training worker start threads; data:/blob: images
 * carry chart exports. No remote origin appears anywhere: the app works offline and sends nothing out.
 * `wasmCompilation` adds 'wasm-unsafe-eval' (compiling WebAssembly; it does not allow eval).
 */
function contentSecurityPolicy(wasmCompilation) {
  return [
    "default-src 'self'",
    wasmCompilation ? "script-src 'self' 'wasm-unsafe-eval'" : "script-src 'self'",
    "worker-src 'self' blob:",
    // React and React Flow position nodes with style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' blob: data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The page: it compiles no WebAssembly (tfjs and the project's kernels run in the training worker). */
export const DOCUMENT_CONTENT_SECURITY_POLICY = contentSecurityPolicy(false);

/**
 * Scripts. A CSP header on a script response counts only where that script starts a worker (a page's own
 * scripts run under the page's policy), so this is the training worker's policy, and the policy of the
 * blob: threads it starts (they inherit it): the one place WebAssembly is compiled.
 */
export const WORKER_CONTENT_SECURITY_POLICY = contentSecurityPolicy(true);

/** Cross-origin isolation, so SharedArrayBuffer (and with it wasm threads) is available. */
export const ISOLATION_HEADERS = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/** The headers of every response that is not a script: pages, data, errors. */
export const SECURITY_HEADERS = Object.freeze({
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': DOCUMENT_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
});

const SCRIPT_HEADERS = Object.freeze({ ...SECURITY_HEADERS, 'Content-Security-Policy': WORKER_CONTENT_SECURITY_POLICY });

/** The security headers for serving `filePath`: scripts carry the worker policy (see WORKER_CONTENT_SECURITY_POLICY). */
export function securityHeadersFor(filePath) {
  return /\.(m|c)?js$/i.test(filePath) ? SCRIPT_HEADERS : SECURITY_HEADERS;
}

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.bin': 'application/octet-stream',
};

export function mimeTypeFor(filePath) {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path onto a file under `root` (an absolute, resolved directory), or null when it would leave
 * `root` (`..`, encoded separators, backslashes, NUL bytes) or cannot be decoded. `/` means index.html.
 */
export function resolveRequestPath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(String(urlPath).split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').includes('..')) return null;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const absolute = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  if (absolute !== root && !absolute.startsWith(root + path.sep)) return null;
  return absolute;
}

/** True when `candidate` (a real path) lies inside `root` (a real path). */
export function isInside(root, candidate) {
  return candidate === root || candidate.startsWith(root + path.sep);
}

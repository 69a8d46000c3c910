#!/usr/bin/env node
// `npm start`: builds what is missing, then runs the desktop app. Where the Electron binary is not
// installed (it is downloaded separately from the npm package, and some machines cannot), it serves the
// same web build in the browser instead, so the app is always one command away.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseServeArgs, serveUntilStopped } from './serve.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The oldest Node the build runs on: Vite and its bundler declare ^20.19 || >=22.12 (README, Set-up). Checked
 * first, so an older Node gets this sentence instead of a stack trace from deep inside the build.
 */
function assertNodeVersion() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const supported = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;
  if (!supported) {
    console.error(`Tensorloom needs Node 20.19 or newer (22.13+ recommended); this is Node ${process.versions.node}.`);
    process.exit(1);
  }
}

/** The Electron executable, or null when only the npm package (without its binary) is installed. */
function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * What a start needs built, by the file each part leaves behind: the page always (its datasets first, since the
 * page ships them), the main process only for Electron. The wasm kernels are committed, so they are not rebuilt.
 */
function missingParts(withElectron) {
  const parts = [];
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'web', 'index.html'))) {
    parts.push({ label: 'the datasets', script: 'build:data' }, { label: 'the web app', script: 'build:web' });
  }
  if (withElectron && !fs.existsSync(path.join(repoRoot, 'dist', 'app', 'main.cjs'))) {
    parts.push({ label: 'the desktop shell', script: 'build:app' });
  }
  return parts;
}

/**
 * Runs each build script with its output held back: a first start then prints a line per part instead of pages
 * of build logs, and the address to open stays in sight. A failing part prints everything it said.
 */
function build(parts) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  for (const { label, script } of parts) {
    const startedAt = Date.now();
    process.stdout.write(`Building ${label}… `);
    const result = spawnSync(npm, ['run', '--silent', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    if (result.status !== 0) {
      console.log('failed.');
      process.stdout.write(result.stdout ?? '');
      process.stderr.write(result.stderr ?? '');
      if (result.error) console.error(result.error.message);
      console.error(`The build failed (npm run ${script}); the messages above say why.`);
      process.exit(result.status ?? 1);
    }
    console.log(`done (${Math.round((Date.now() - startedAt) / 1000)} s)`);
  }
}

function launchElectron(binary, args) {
  const env = { ...process.env };
  // Set in some shells and CI images; it would make Electron run as plain Node and ignore the app.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [repoRoot, ...args], { cwd: repoRoot, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** The web server's options (`--port`, `--dir`), read before building so a mistyped one costs no build. */
function serveOptions(args) {
  try {
    return parseServeArgs(args);
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
}

assertNodeVersion();
const args = process.argv.slice(2);
const binary = electronBinary();
if (binary) {
  build(missingParts(true));
  launchElectron(binary, args);
} else {
  const options = serveOptions(args);
  build(missingParts(false));
  console.log('Electron is not installed here, so Tensorloom runs in your browser. Open this address (Ctrl+C stops it):\n');
  await serveUntilStopped(options);
}

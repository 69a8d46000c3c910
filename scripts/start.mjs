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
const builtOutputs = [path.join(repoRoot, 'dist', 'web', 'index.html'), path.join(repoRoot, 'dist', 'app', 'main.cjs')];

/** The Electron executable, or null when only the npm package (without its binary) is installed. */
function electronBinary() {
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function buildIfMissing() {
  const missing = builtOutputs.filter((file) => !fs.existsSync(file));
  if (missing.length === 0) return;
  console.log(`Building first (missing ${missing.map((f) => path.relative(repoRoot, f)).join(', ')})…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(result.status ?? 1);
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

const args = process.argv.slice(2);
buildIfMissing();
const binary = electronBinary();
if (binary) {
  launchElectron(binary, args);
} else {
  console.log('Electron binary not installed here; serving the web build instead');
  let options;
  try {
    options = parseServeArgs(args);
  } catch (err) {
    console.error(err.message);
    process.exit(2);
  }
  await serveUntilStopped(options);
}

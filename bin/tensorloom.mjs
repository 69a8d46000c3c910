#!/usr/bin/env node
// Runs the TypeScript command-line trainer (app/cli.ts) through tsx, from wherever it is invoked.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_WASM_FLAGS } from '../scripts/node-wasm-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Resolved from this file, not from the caller's directory, so `npx tensorloom` works anywhere.
const tsx = import.meta.resolve('tsx');
const child = spawn(process.execPath, [...NODE_WASM_FLAGS, '--import', tsx, join(root, 'app', 'cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the child from the terminal by itself (it finishes the step and prints its summary);
// this process only has to outlive it. SIGTERM, sent to this process alone, is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 130 : 1);
});

#!/usr/bin/env node
// Bundles the Electron main process and preload into dist/app as CommonJS (what Electron loads with
// `main` in package.json and a sandboxed preload requires). Engine code that main imports is bundled in;
// electron stays external because Electron provides it at run time.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'dist', 'app');

const shared = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: repoRoot,
};

await Promise.all([
  build({ ...shared, entryPoints: ['app/main.ts'], outfile: path.join(outDir, 'main.cjs') }),
  // A sandboxed preload can require only `electron` and a few polyfilled modules: it must be one file.
  build({ ...shared, entryPoints: ['app/preload.ts'], outfile: path.join(outDir, 'preload.cjs') }),
]);
console.log(`Built ${path.relative(repoRoot, outDir)}/main.cjs and preload.cjs`);

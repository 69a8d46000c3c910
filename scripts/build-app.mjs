#!/usr/bin/env node
// Bundles the Electron main process and preload into dist/app as CommonJS (what Electron loads with
// `main` in package.json and a sandboxed preload requires). Engine code that main imports is bundled in;
// electron stays external because Electron provides it at run time.
import { build } from 'esbuild';
import fs from 'node:fs';
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
/**
 * The libraries the app ships (every runtime dependency is bundled into the page or main), with their versions and
 * licences, for Help ▸ About. Read from the installed packages, so the list cannot drift from what was bundled.
 */
function bundledLicences() {
  const { dependencies = {} } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  return Object.keys(dependencies)
    .sort()
    .map((name) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'));
      const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'see its package');
      return { name, version: manifest.version, license };
    });
}
fs.writeFileSync(path.join(outDir, 'licenses.json'), `${JSON.stringify(bundledLicences(), null, 2)}\n`);

console.log(`Built ${path.relative(repoRoot, outDir)}/main.cjs, preload.cjs and licenses.json`);

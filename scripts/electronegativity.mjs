#!/usr/bin/env node
// Electronegativity, Doyensec's scanner for Electron misconfigurations, over the code that runs in Electron: the
// main process and preload (app/) and the page's HTML. Run by `npm run lint`. It passes when every finding is
// explained in scripts/electronegativity-allowlist.json (a reviewed false positive, each with its reason), and
// fails on any other finding, on an allow-list entry that no longer matches anything (so the list stays true),
// and on a file the scanner could not parse. Works offline: the checks that would download Electron's release
// list are the excluded ones, and its request for translations is answered "offline" (keepOffline).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const allowListPath = path.join(repoRoot, 'scripts', 'electronegativity-allowlist.json');

/** What is scanned: everything Electron runs of ours, plus the page's HTML (for its CSP and inline settings). */
function scanSet() {
  const files = [];
  for (const entry of fs.readdirSync(path.join(repoRoot, 'app'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|mjs|cjs|js)$/.test(entry.name) || entry.name.endsWith('.d.mts')) continue;
    files.push(path.relative(repoRoot, path.join(entry.parentPath ?? entry.path, entry.name)));
  }
  files.push('renderer/index.html');
  return files.sort();
}

function readAllowList() {
  const list = JSON.parse(fs.readFileSync(allowListPath, 'utf8'));
  for (const [i, entry] of [...list.excludedChecks, ...list.findings].entries()) {
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < 20) throw new Error(`Allow-list entry ${i} (${entry.check}) needs a reason.`);
  }
  return list;
}

/**
 * The scanner asks GitHub for fresh translations on every run (and waits out a timeout and retries without a
 * network). Its HTTP client is answered "offline" at once instead: the bundled English texts are used, the run
 * takes seconds, and a lint step never depends on the network.
 */
function keepOffline() {
  const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = scannerRequire.resolve('got');
  const offline = () => Promise.reject(new Error('Tensorloom runs Electronegativity offline'));
  offline.head = offline;
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };
}

export async function scan() {
  const { excludedChecks, findings: allowed } = readAllowList();
  // The scanner reads a folder: a copy of the scan set keeps node_modules, dist and tests out of it.
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorloom-electronegativity-'));
  try {
    for (const file of scanSet()) {
      fs.mkdirSync(path.join(workDir, path.dirname(file)), { recursive: true });
      fs.copyFileSync(path.join(repoRoot, file), path.join(workDir, file));
    }
    const electronVersion = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
    keepOffline();
    const runner = require('@doyensec/electronegativity/dist/runner.js');
    const run = typeof runner === 'function' ? runner : runner.default;
    const quiet = console.log;
    console.log = () => undefined; // its progress and the offline translation notice
    let result;
    try {
      result = await run({
        input: workDir,
        isRelative: true,
        isVerbose: false,
        customScan: [],
        // It names checks by class (AvailableSecurityFixesGlobalCheck); its findings by id (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK).
        excludeFromScan: excludedChecks.map((c) => c.check.replaceAll('_', '').toLowerCase()),
        electronVersionOverride: electronVersion,
        severitySet: 'informational',
        confidenceSet: 'tentative',
      });
    } finally {
      console.log = quiet;
    }
    const issues = result.issues.map((issue) => ({
      check: issue.id,
      file: issue.file.split(path.sep).join('/'),
      line: issue.location.line,
      description: issue.description,
    }));
    const matches = (entry, issue) => entry.check === issue.check && entry.file === issue.file;
    const unexplained = issues.filter((issue) => !allowed.some((entry) => matches(entry, issue)));
    const stale = allowed.filter((entry) => !issues.some((issue) => matches(entry, issue)));
    const unparsed = result.errors.filter((e) => !e.tolerable).map((e) => `${path.relative(workDir, e.file)}: ${e.message}`);
    return { issues, unexplained, stale, unparsed, electronVersion };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const startedAt = Date.now();
  const { issues, unexplained, stale, unparsed, electronVersion } = await scan();
  for (const u of unexplained) console.error(`${u.check} ${u.file}:${u.line} — ${u.description}`);
  for (const s of stale) console.error(`Allow-list entry ${s.check} for ${s.file} matches nothing any more: remove it.`);
  for (const p of unparsed) console.error(`Could not scan ${p}`);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  if (unexplained.length || stale.length || unparsed.length) {
    console.error(`Electronegativity (Electron ${electronVersion}): ${unexplained.length} unexplained finding(s), ${stale.length} stale allow-list entr(ies), ${unparsed.length} unscanned file(s). Fix them, or explain a false positive in ${path.relative(repoRoot, allowListPath)}.`);
    process.exit(1);
  }
  console.log(`Electronegativity (Electron ${electronVersion}): ${issues.length} finding(s), each explained in the allow-list (${seconds} s).`);
}

/**
 * `npm run bench:studio`: does the UI thread stay responsive while a model trains in the studio?
 *
 * The built web app (dist/web, built if missing) served by scripts/serve.mjs, Debian's Chromium through
 * Playwright. It opens the GPT-mini template, opens the studio, sets the batch (8 by default: more steps a
 * second, so more progress messages, snapshots and samples for the UI to take in than the template's 32)
 * and presses Start. For ~30 s of training it shows the Charts, then the Attention, then the Samples tab
 * (each third of the time), so chart redraws, heat-map painting and sample lists all happen, while the
 * page records:
 * - main-thread long tasks (PerformanceObserver 'longtask': every task over 50 ms), with the tab open;
 * - long animation frames ('long-animation-frame', where Chromium has it), whose script attribution says
 *   which code ran in them;
 * - requestAnimationFrame intervals, whose longest gap bounds the longest task even when none passes 50 ms.
 * Goal: no main-thread task over 50 ms. Writes bench/studio/results.md and results.json.
 *
 * Options: --seconds N (training window, default 30), --batch N (default 8), --profile (also records a
 * main-thread CPU profile over the window to bench/out/studio.cpuprofile and prints the functions with the
 * most time; build with `npx vite build --config renderer/vite.config.ts --minify false` for readable names).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, Page } from '@playwright/test';
import { quantile } from '../quantile';
import { withServedApp } from '../servedApp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LONG_TASK_MS = 50;
const TEMPLATE = 'gpt-mini';
const TABS = ['Charts', 'Attention', 'Samples'] as const;
const log = (line: string) => console.log(`[bench:studio ${new Date().toISOString().slice(11, 19)}] ${line}`);

interface LongTask {
  /** ms since recording began (just before Start was pressed) */
  start: number;
  duration: number;
  tab: string;
  /** Scripts of the long animation frames that overlap the task: what ran in it, where Chromium says. */
  scripts: string[];
}

interface LongFrame {
  start: number;
  duration: number;
  blockingDuration: number;
  /** Time spent in style, layout and paint at the end of the frame. */
  renderMs: number;
  tab: string;
  scripts: { source: string; invoker: string; duration: number }[];
}

interface PageRecord {
  tasks: { start: number; duration: number }[];
  frames: { start: number; duration: number; blockingDuration: number; renderMs: number; scripts: { source: string; invoker: string; duration: number }[] }[];
  rafGaps: number[];
  loafSupported: boolean;
}

export interface StudioBenchResult {
  date: string;
  template: string;
  batch: number;
  seconds: number;
  backend: string;
  stepsTrained: number;
  stepsPerSec: number;
  tokensPerSec: number;
  snapshotEvery: number;
  newestSampleStep: number | null;
  longTasks: { count: number; totalMs: number; longestMs: number; byTab: Record<string, { count: number; longestMs: number }>; list: LongTask[] };
  /** The longest single script of the app in any long animation frame: its own longest piece of work. */
  longestScriptMs: number;
  /**
   * The longest run of the bench's own trivial callbacks (a requestAnimationFrame tick, the observers): they
   * do next to nothing, so their time is time the UI thread waited for a CPU — the contention floor.
   */
  longestTrivialCallbackMs: number;
  longestFrameGapMs: number;
  frameGapP95Ms: number;
  frames: number;
  longAnimationFrames: { supported: boolean; count: number; topScripts: { source: string; invoker: string; totalMs: number; count: number }[]; list: LongFrame[] };
  /** Load averages (1, 5, 15 min) before and after: other processes on the machine stretch every task. */
  machine: { cpus: number; model: string; loadBefore: number[]; load: number[] };
}

// Installed before the app's own scripts. A string, not a function: tsx would wrap a named function in a
// helper that the page lacks.
const OBSERVERS = `(() => {
  const rec = { tasks: [], frames: [], rafGaps: [], loafSupported: false, t0: 0, recording: false };
  window.__studioBench = rec;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (rec.recording && e.startTime >= rec.t0) rec.tasks.push({ start: e.startTime - rec.t0, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  if ((PerformanceObserver.supportedEntryTypes || []).includes('long-animation-frame')) {
    rec.loafSupported = true;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!rec.recording || e.startTime < rec.t0) continue;
        rec.frames.push({
          start: e.startTime - rec.t0,
          duration: e.duration,
          blockingDuration: e.blockingDuration,
          renderMs: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
          scripts: (e.scripts || []).map((s) => ({
            source: s.sourceURL ? s.sourceURL.split('/').pop() + ':' + (s.sourceFunctionName || '?') + '@' + s.sourceCharPosition : 'bench',
            invoker: s.invoker || '',
            duration: s.duration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  }
  let last = 0;
  const tick = (now) => {
    if (rec.recording && last) rec.rafGaps.push(now - last);
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

async function currentStep(page: Page): Promise<number> {
  const text = await page.getByTestId('studio-step').textContent();
  return Number(text ?? 0);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Functions by self time and by total time (self + callees), in ms, from a V8 CPU profile. */
function profileSummary(profile: CpuProfile, top = 15) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(id);
    if (!leaf || ['(idle)', '(program)', '(garbage collector)'].includes(leaf.callFrame.functionName)) {
      if (leaf) self.set(leaf.callFrame.functionName, (self.get(leaf.callFrame.functionName) ?? 0) + ms);
      return;
    }
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const key = name(n);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { self: sorted(self), total: sorted(total) };
}

async function measure(url: string, seconds: number, batch: number, browser: Browser, profile: boolean): Promise<StudioBenchResult> {
  const loadBefore = loadavg();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  const cdp = profile ? await context.newCDPSession(page) : null;
  page.on('pageerror', (err) => log(`page error: ${err.message}`));
  await page.addInitScript(OBSERVERS);
  await page.goto(url);
  await page.getByTestId(`template-${TEMPLATE}`).click();
  const studio = page.getByRole('region', { name: 'Training studio' });
  // Opening a template may already show the studio open: toggle only a closed one.
  const toggle = studio.locator('.studio-header button[aria-expanded]');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const batchInput = page.getByRole('region', { name: 'Run settings' }).getByLabel('Batch', { exact: true });
  await batchInput.fill(String(batch));
  const steps = Number(await page.getByRole('region', { name: 'Run settings' }).getByLabel('Steps', { exact: true }).inputValue());
  // The studio's rule (StudioPanel): a snapshot every 10 steps, or every tenth of a short run.
  const snapshotEvery = Math.max(1, Math.min(10, Math.ceil(steps / 10)));
  await page.waitForTimeout(1000); // let the picker's preview and the pre-flight settle

  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
    await cdp.send('Profiler.start');
  }
  await page.evaluate('window.__studioBench.t0 = performance.now(), window.__studioBench.recording = true');
  const tabAt: { at: number; tab: string }[] = [];
  const showTab = async (tab: string) => {
    tabAt.push({ at: (await page.evaluate('performance.now() - window.__studioBench.t0')) as number, tab });
    await studio.getByRole('tab', { name: tab }).click();
  };
  await showTab(TABS[0]);
  await studio.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByTestId('studio-step').waitFor({ timeout: 120_000 });
  const firstStep = await currentStep(page);
  const trainStart = Date.now();
  log(`training started (step ${firstStep}); recording for ${seconds} s`);
  for (let i = 0; i < TABS.length; i++) {
    if (i > 0) await showTab(TABS[i]);
    await page.waitForTimeout((seconds * 1000) / TABS.length);
  }
  const lastStep = await currentStep(page);
  const elapsed = (Date.now() - trainStart) / 1000;
  const status = (await studio.locator('.studio-status').textContent()) ?? '';
  const tokensPerSec = Number(/([\d,]+) tokens\/s/.exec(status)?.[1].replace(/,/g, '') ?? NaN);
  const backend = /backend (\w+)/.exec(status)?.[1] ?? 'unknown';
  const newestSample = await studio.locator('.studio-sample').first().textContent().catch(() => null);
  const newestSampleStep = newestSample ? Number(/step (\d+)/.exec(newestSample)?.[1] ?? NaN) : null;
  await page.evaluate('window.__studioBench.recording = false');
  if (cdp) {
    const { profile: cpu } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await mkdir(join(root, 'bench', 'out'), { recursive: true });
    await writeFile(join(root, 'bench', 'out', 'studio.cpuprofile'), JSON.stringify(cpu));
    const summary = profileSummary(cpu);
    log('main thread, most self time (ms):');
    for (const [fn, ms] of summary.self) log(`  ${ms.toFixed(0).padStart(6)}  ${fn}`);
    log('main thread, most total time (ms):');
    for (const [fn, ms] of summary.total) log(`  ${ms.toFixed(0).padStart(6)}  ${fn}`);
  }
  await studio.getByRole('button', { name: 'Stop' }).click();
  await mkdir(join(root, 'bench', 'out'), { recursive: true });
  await page.screenshot({ path: join(root, 'bench', 'out', 'studio-last-run.png') });

  const rec = (await page.evaluate('window.__studioBench')) as PageRecord;
  await context.close();

  const tabOf = (t: number) => [...tabAt].reverse().find((x) => x.at <= t)?.tab ?? TABS[0];
  const frames: LongFrame[] = rec.frames.map((f) => ({ ...f, tab: tabOf(f.start) }));
  const tasks: LongTask[] = rec.tasks.map((t) => ({
    ...t,
    tab: tabOf(t.start),
    scripts: frames
      .filter((f) => f.start < t.start + t.duration && t.start < f.start + f.duration)
      .flatMap((f) => f.scripts.map((sc) => `${sc.source === 'bench' ? 'bench ' : ''}${sc.invoker || '?'} ${sc.duration.toFixed(0)} ms`)),
  }));
  const byTab: Record<string, { count: number; longestMs: number }> = {};
  for (const tab of TABS) {
    const inTab = tasks.filter((t) => t.tab === tab);
    byTab[tab] = { count: inTab.length, longestMs: Math.max(0, ...inTab.map((t) => t.duration)) };
  }
  const scripts = new Map<string, { source: string; invoker: string; totalMs: number; count: number }>();
  for (const f of frames) {
    for (const s of f.scripts) {
      const key = `${s.source}|${s.invoker}`;
      const entry = scripts.get(key) ?? { source: s.source, invoker: s.invoker, totalMs: 0, count: 0 };
      entry.totalMs += s.duration;
      entry.count += 1;
      scripts.set(key, entry);
    }
  }
  const gaps = [...rec.rafGaps].sort((a, b) => a - b);
  return {
    date: new Date().toISOString(),
    template: TEMPLATE,
    batch,
    seconds: elapsed,
    backend,
    stepsTrained: lastStep - firstStep,
    stepsPerSec: (lastStep - firstStep) / elapsed,
    tokensPerSec,
    snapshotEvery,
    newestSampleStep,
    longTasks: {
      count: tasks.length,
      totalMs: tasks.reduce((a, t) => a + t.duration, 0),
      longestMs: Math.max(0, ...tasks.map((t) => t.duration)),
      byTab,
      list: tasks,
    },
    longestScriptMs: Math.max(0, ...frames.flatMap((f) => f.scripts.filter((sc) => sc.source !== 'bench').map((sc) => sc.duration))),
    longestTrivialCallbackMs: Math.max(0, ...frames.flatMap((f) => f.scripts.filter((sc) => sc.source === 'bench').map((sc) => sc.duration))),
    longestFrameGapMs: gaps.at(-1) ?? NaN,
    frameGapP95Ms: quantile(gaps, 0.95),
    frames: gaps.length,
    longAnimationFrames: {
      supported: rec.loafSupported,
      count: frames.length,
      topScripts: [...scripts.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, 8),
      list: frames,
    },
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', loadBefore, load: loadavg() },
  };
}

function render(r: StudioBenchResult): string {
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const verdict = r.longTasks.count === 0 ? `**none over ${LONG_TASK_MS} ms**` : `**${r.longTasks.count} over ${LONG_TASK_MS} ms** (longest ${ms(r.longTasks.longestMs)})`;
  const lines = [
    '# Studio benchmark: the UI thread while a model trains',
    '',
    `Generated ${r.date} by \`npm run bench:studio\` (bench/studio/run.ts).`,
    '',
    `GPT-mini template, batch ${r.batch}, backend ${r.backend}: ${r.stepsTrained} steps in ${r.seconds.toFixed(1)} s (${r.stepsPerSec.toFixed(1)} steps/s, ${Number.isFinite(r.tokensPerSec) ? r.tokensPerSec.toLocaleString('en') : '?'} tokens/s), attention snapshot and sample every ${r.snapshotEvery} steps${r.newestSampleStep !== null ? ` (newest sample at the end: step ${r.newestSampleStep})` : ''}.`,
    '',
    `Main-thread long tasks while training: ${verdict}.`,
    '',
    '| Measure | Value | Goal |',
    '| --- | --- | --- |',
    `| Long tasks (> ${LONG_TASK_MS} ms), all tabs | ${r.longTasks.count} (total ${ms(r.longTasks.totalMs)}) | 0 |`,
    ...TABS.map((tab) => `| … with the ${tab} tab open | ${r.longTasks.byTab[tab].count}${r.longTasks.byTab[tab].count ? ` (longest ${ms(r.longTasks.byTab[tab].longestMs)})` : ''} | 0 |`),
    `| Longest long task | ${r.longTasks.count ? ms(r.longTasks.longestMs) : `none over ${LONG_TASK_MS} ms`} | < ${LONG_TASK_MS} ms |`,
    `| Longest script of the app in a long animation frame | ${r.longAnimationFrames.supported ? ms(r.longestScriptMs) : 'not supported here'} | < ${LONG_TASK_MS} ms |`,
    `| Longest trivial callback of the bench itself (time spent waiting for a CPU) | ${r.longAnimationFrames.supported ? ms(r.longestTrivialCallbackMs) : 'not supported here'} | ≈ 0 ms |`,
    `| Longest gap between animation frames | ${ms(r.longestFrameGapMs)} | < ${LONG_TASK_MS} ms |`,
    `| Animation-frame gap, p95 (${r.frames} frames) | ${r.frameGapP95Ms.toFixed(1)} ms | ≈ 16.7 ms |`,
    `| Long animation frames (> 50 ms) | ${r.longAnimationFrames.supported ? r.longAnimationFrames.count : 'not supported here'} | 0 |`,
    '',
  ];
  if (r.longTasks.count) {
    lines.push('| Long task at | Duration | Tab | Scripts in it (long-animation-frame attribution) |', '| --- | --- | --- | --- |');
    for (const t of r.longTasks.list) lines.push(`| ${(t.start / 1000).toFixed(2)} s | ${ms(t.duration)} | ${t.tab} | ${t.scripts.join(', ') || 'none: style, layout, paint, GC or waiting for a CPU'} |`);
    lines.push('');
  }
  if (r.longAnimationFrames.topScripts.length) {
    lines.push('Scripts that ran in long animation frames (minified bundle names; total time):', '');
    for (const s of r.longAnimationFrames.topScripts) lines.push(`- \`${s.source}\` via ${s.invoker || '?'}: ${ms(s.totalMs)} in ${s.count} frame(s)`);
    lines.push('');
  }
  lines.push(
    '## What keeps the UI thread short',
    '',
    'Found with `--profile` (a main-thread CPU profile of an unminified build) and fixed in the studio:',
    '',
    '- uPlot charts cost ~10–30 ms each to build: they are built once when the studio opens (empty until the first step), one per animation frame, and kept mounted (hidden) while another tab shows, instead of four at once on the first progress message or on every return to the Charts tab.',
    '- Chart redraws (`setData`, which draws in a microtask) and heat-map paints run as frame jobs, one per animation frame; a newer update replaces a pending one.',
    '- Heat-map cells are written as one pixel each into a small image and scaled up (one `drawImage`), not one `fillRect` with a parsed colour string per cell.',
    '- Progress messages are throttled to 10 a second but batch every step; the studio panel no longer re-renders at every attention snapshot; tab switches render as a React transition (in slices); the progress bar has no CSS transition (its events went through React at every message).',
    '',
    'What remains on this machine is contention: the worker trains on both cores (the wasm matmul uses two threads), so the UI thread waits for a CPU; the bench\'s own trivial callbacks show how long (row “trivial callback” above).',
    '',
    '## Method',
    '',
    '- The built web app (dist/web) served by `scripts/serve.mjs` with its COOP/COEP headers, headless Debian Chromium (software GL: SwiftShader) at 1280×800 via Playwright; training runs in the app\'s Web Worker on the backend the studio picks.',
    `- Open the GPT-mini template, open the studio, set the batch to ${r.batch}, press Start. Recording starts just before Start (so the worker's start-up is inside it) and runs ~${Math.round(r.seconds)} s of training: a third each with the ${TABS.join(', ')} tabs open — live uPlot charts, attention heat-maps redrawn at each snapshot, the sample list.`,
    `- \`PerformanceObserver\` on \`longtask\` (tasks over ${LONG_TASK_MS} ms) and \`long-animation-frame\` (frames over 50 ms, with the scripts that ran in them), plus every \`requestAnimationFrame\` interval: the longest gap bounds the longest task even when none passes ${LONG_TASK_MS} ms.`,
    '- A benchmark, not a test: numbers vary with the machine and its load. bench/studio/results.json holds every long task and long frame with its time and tab.',
    '',
    '## Machine',
    '',
    `- ${r.machine.cpus} × ${r.machine.model}, ${process.platform}; load average (1 / 5 / 15 min) before: ${r.machine.loadBefore.map((x) => x.toFixed(2)).join(' / ')}, after: ${r.machine.load.map((x) => x.toFixed(2)).join(' / ')}. The training worker itself keeps both cores busy (the wasm matmul runs on two threads), so the UI thread always shares the CPU; other processes stretch its tasks further.`,
    '',
    '## Rerun',
    '',
    '```sh',
    'npm run build:web && npm run bench:studio    # options: -- --seconds 30 --batch 8',
    '```',
    '',
    'Builds the web app first when dist/web/index.html is missing; rebuild by hand after renderer changes. Needs /usr/bin/chromium.',
    '',
  );
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, batch: { type: 'string', default: '8' }, profile: { type: 'boolean', default: false } } });
  const seconds = Number(values.seconds);
  const batch = Number(values.batch);
  if (!(seconds > 0) || !(batch >= 1)) throw new Error('--seconds and --batch take positive numbers');
  await withServedApp(log, async (url, browser) => {
    const result = await measure(url, seconds, batch, browser, values.profile ?? false);
    log(`${result.stepsTrained} steps in ${result.seconds.toFixed(1)} s on ${result.backend}`);
    log(`long tasks: ${result.longTasks.count} (longest ${result.longTasks.longestMs.toFixed(0)} ms); longest frame gap ${result.longestFrameGapMs.toFixed(0)} ms`);
    for (const t of result.longTasks.list) log(`  long task at ${(t.start / 1000).toFixed(2)} s: ${t.duration.toFixed(0)} ms (${t.tab}; ${t.scripts.join(', ') || 'no script'})`);
    log(`longest app script in a long frame: ${result.longestScriptMs.toFixed(0)} ms; longest trivial bench callback: ${result.longestTrivialCallbackMs.toFixed(0)} ms`);
    for (const s of result.longAnimationFrames.topScripts) log(`  in long frames: ${s.source} via ${s.invoker}: ${s.totalMs.toFixed(0)} ms × ${s.count}`);
    await writeFile(join(root, 'bench', 'studio', 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(join(root, 'bench', 'studio', 'results.md'), render(result));
    log('wrote bench/studio/results.md and results.json');
  });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

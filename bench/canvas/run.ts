/**
 * `npm run bench:canvas`: how the editor holds up on a generated 1,000-block graph.
 *
 * 1. Re-inference after one parameter edit: `analyzeGraph` on a fresh document object after changing one
 *    Feed-Forward's hidden width (as the document store does on an inspector edit), median and p95 over 30
 *    edits after warm-up, against the 16 ms frame budget; and `canConnect` for one connection drag check
 *    (the first check on a new document analyzes it; later checks reuse the cached analysis).
 * 2. Frames per second while panning: the built web app (dist/web, built if missing) served by
 *    scripts/serve.mjs, Debian's Chromium through Playwright, the 1,000-block document restored from the
 *    autosave slot in localStorage, then ~3 s of mouse drags on the empty pane while the page counts
 *    requestAnimationFrame callbacks. Measured twice in one run, in a fresh page each: with the canvas's
 *    level of detail off (every block drawn in full at fit-view zoom) and on (the default: blocks drawn as
 *    named rectangles without ports, edges without shape labels, below LEVEL_OF_DETAIL_ZOOM).
 * Prints a markdown table and writes bench/canvas/results.md.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { analyzeGraph } from '../../engine/graph/analyze';
import { canConnect } from '../../engine/graph/canConnect';
import type { Connection, GraphDoc } from '../../engine/graph/schema';
import { LEVEL_OF_DETAIL_ZOOM, VIEW_PREFERENCES_KEY } from '../../renderer/store/viewStore';
import { quantile } from '../quantile';
import { CANVAS_BENCH_LAYERS as LAYERS, generateCanvasBenchDoc } from './generate';
import { withServedApp } from '../servedApp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FRAME_BUDGET_MS = 16;
const WARMUP_EDITS = 10;
const TIMED_EDITS = 30;
const PAN_MS = 3000;
const ROUNDS = 3;
const AUTOSAVE_KEY = 'tensorloom:autosave';
const log = (line: string) => console.log(`[bench:canvas ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** One inspector edit, done immutably the way the store does it: new doc, new nodes array, new node. */
function withParam(doc: GraphDoc, nodeId: string, name: string, value: number): GraphDoc {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, [name]: value } } : n)) };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1], n: samples.length };
}

// ---------------------------------------------------------------------------------------------------
// 1. Engine timings in Node.

function measureEngine(doc: GraphDoc) {
  const first = analyzeGraph(doc);
  const errors = first.problems.filter((p) => p.code.startsWith('E_'));
  if (errors.length) throw new Error(`The generated document does not analyze cleanly: ${errors.slice(0, 3).map((p) => p.message).join(' | ')}`);

  const ffIds = doc.nodes.filter((n) => n.kind === 'feedForward').map((n) => n.id);
  let current = doc;
  const samples: number[] = [];
  for (let i = 0; i < WARMUP_EDITS + TIMED_EDITS; i++) {
    // Alternate between blocks and values so no edit is a no-op and the edited block moves around the graph.
    const target = ffIds[(i * 37) % ffIds.length];
    current = withParam(current, target, 'hidden', 256 + 32 * (i % 16));
    const t0 = performance.now();
    const analysis = analyzeGraph(current);
    const dt = performance.now() - t0;
    if (analysis.order.length !== doc.nodes.length) throw new Error('analyzeGraph did not visit every block');
    if (i >= WARMUP_EDITS) samples.push(dt);
  }

  // A drag check: the embedding's output dragged onto a free (optional) memory port of an attention block.
  const conn: Connection = { source: 'embed', sourcePort: 'out', target: `mha${Math.floor(LAYERS / 2)}`, targetPort: 'memory' };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < WARMUP_EDITS + TIMED_EDITS; i++) {
    // A new document object each round, as after an edit: the first check analyzes it, the rest hit the cache.
    const fresh = withParam(doc, 'logits', 'units', 65 + (i % 2));
    let t0 = performance.now();
    const result = canConnect(fresh, conn);
    const coldMs = performance.now() - t0;
    if (!result.ok) throw new Error(`canConnect refused the benchmark connection: ${result.reason}`);
    t0 = performance.now();
    canConnect(fresh, conn);
    const warmMs = performance.now() - t0;
    if (i >= WARMUP_EDITS) {
      cold.push(coldMs);
      warm.push(warmMs);
    }
  }
  return { analyze: stats(samples), canConnectCold: stats(cold), canConnectWarm: stats(warm) };
}

// ---------------------------------------------------------------------------------------------------
// 2. Panning fps in Chromium.

/** A point on the canvas where the empty pane (not a block, edge or control) is on top. */
async function emptyPanePoint(page: Page): Promise<{ x: number; y: number } | null> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="canvas"]') ?? document.querySelector('.react-flow');
    if (!canvas) return null;
    const r = canvas.getBoundingClientRect();
    for (let fy = 0.5; fy < 0.95; fy += 0.05) {
      for (const sign of [1, -1]) {
        const y = r.top + r.height * (sign > 0 ? fy : 1 - fy);
        for (let fx = 0.3; fx < 0.7; fx += 0.02) {
          const x = r.left + r.width * fx;
          const el = document.elementFromPoint(x, y);
          if (el && el.classList.contains('react-flow__pane')) return { x, y };
        }
      }
    }
    return null;
  });
}

async function measurePanning(doc: GraphDoc, simplifyZoomedOut: boolean) {
  return withServedApp(log, async (url, browser) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    // The app restores its autosave on start; localStorage is read before IndexedDB.
    const text = JSON.stringify(doc);
    await page.addInitScript(
      ([key, value]) => {
        if (!sessionStorage.getItem('bench:seeded')) {
          localStorage.setItem(key, value);
          sessionStorage.setItem('bench:seeded', '1');
        }
      },
      [AUTOSAVE_KEY, text] as const,
    );
    // The level-of-detail switch is a remembered view preference (renderer/store/viewStore.ts).
    await page.addInitScript(
      ([key, value]) => localStorage.setItem(key, value),
      [VIEW_PREFERENCES_KEY, JSON.stringify({ simplifyZoomedOut })] as const,
    );
    const loadStart = Date.now();
    await page.goto(url);
    await page.locator('.react-flow__node').first().waitFor({ state: 'visible', timeout: 60_000 });
    // The app fits the restored graph into view; on a loaded machine that can take seconds, and panning at
    // zoom 1 (a handful of blocks on screen) would measure the wrong thing.
    await page.waitForFunction(
      `(() => { const m = /scale\\(([\\d.]+)\\)/.exec(document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? ''); return m !== null && Number(m[1]) < 0.5; })()`,
      null,
      { timeout: 60_000, polling: 250 },
    );
    await page.waitForTimeout(1500); // let the first drawing at that zoom settle
    const loadMs = Date.now() - loadStart;
    const renderedNodes = await page.locator('.react-flow__node').count();
    const renderedEdges = await page.locator('.react-flow__edge').count();
    const simplifiedBlocks = await page.locator('[data-detail="simple"]').count();
    const edgeLabels = await page.locator('.react-flow__edge-text').count();
    const zoom = Number(/scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1] ?? NaN);
    log(`editor open with ${renderedNodes} block elements and ${renderedEdges} edge elements in the DOM (${loadMs} ms)`);

    const start = await emptyPanePoint(page);
    if (!start) throw new Error('Found no empty pane to drag on');

    // Idle frame rate first, as the ceiling this headless browser reaches.
    // Page scripts are passed as strings: tsx would wrap named functions in a helper the page lacks.
    const idle = (await page.evaluate(`new Promise((resolve) => {
      let frames = 0;
      const t0 = performance.now();
      const tick = (now) => {
        frames++;
        if (now - t0 < 1000) requestAnimationFrame(tick);
        else resolve((frames * 1000) / (now - t0));
      };
      requestAnimationFrame(tick);
    })`)) as number;

    await page.evaluate(`(() => {
      window.__benchFrames = [];
      window.__benchRun = true;
      const tick = (now) => {
        window.__benchFrames.push(now);
        if (window.__benchRun) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const transformBefore = await page.locator('.react-flow__viewport').getAttribute('style');
    const panStart = Date.now();
    let dir = 1;
    let drags = 0;
    while (Date.now() - panStart < PAN_MS) {
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move(start.x + dir * 300, start.y + dir * 120, { steps: 6 });
      await page.mouse.up();
      dir = -dir;
      drags++;
    }
    const frames = (await page.evaluate('window.__benchRun = false, window.__benchFrames')) as number[];
    const transformAfter = await page.locator('.react-flow__viewport').getAttribute('style');
    const elapsed = frames[frames.length - 1] - frames[0];
    const intervals = frames.slice(1).map((t, i) => t - frames[i]);
    const fps = ((frames.length - 1) * 1000) / elapsed;
    const panned = transformBefore !== transformAfter || drags % 2 === 0;
    return { fps, idleFps: idle, frames: frames.length, seconds: elapsed / 1000, frameMs: stats(intervals), drags, renderedNodes, renderedEdges, simplifiedBlocks, edgeLabels, zoom, loadMs, panned };
  });
}

// ---------------------------------------------------------------------------------------------------

const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main() {
  const doc = generateCanvasBenchDoc();
  log(`generated ${doc.nodes.length} blocks, ${doc.edges.length} edges`);
  const engine = measureEngine(doc);
  log(`analyzeGraph after one edit: median ${ms(engine.analyze.median)}, p95 ${ms(engine.analyze.p95)}`);

  // Each mode is measured ROUNDS times, alternating, each in a fresh page: on a shared machine one run can
  // land in a busy second, so the run with the median frame rate stands for its mode.
  type Panning = Awaited<ReturnType<typeof measurePanning>>;
  const runs: { full: Panning[]; simple: Panning[] } = { full: [], simple: [] };
  let panningError: string | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of ['full', 'simple'] as const) {
      try {
        const result = await measurePanning(doc, mode === 'simple');
        runs[mode].push(result);
        log(`panning, level of detail ${mode === 'simple' ? 'on' : 'off'}: ${result.fps.toFixed(1)} fps (idle ${result.idleFps.toFixed(1)} fps, zoom ${result.zoom})`);
      } catch (err) {
        panningError = err instanceof Error ? err.message : String(err);
        log(`panning measurement failed: ${panningError}`);
      }
    }
  }
  const medianRun = (list: Panning[]): Panning | null => (list.length ? [...list].sort((a, b) => a.fps - b.fps)[Math.floor((list.length - 1) / 2)] : null);
  const panning = { full: medianRun(runs.full), simple: medianRun(runs.simple) };
  const fpsList = (list: Panning[]) => list.map((p) => p.fps.toFixed(1)).join(', ');

  const load = loadavg().map((x) => x.toFixed(2)).join(' / ');
  const verdict = (x: number) => (x <= FRAME_BUDGET_MS ? 'within' : 'over');
  const rows = [
    '| Measure | Median | p95 | Goal |',
    '| --- | --- | --- | --- |',
    `| \`analyzeGraph\` after one param edit (${engine.analyze.n} edits) | ${ms(engine.analyze.median)} | ${ms(engine.analyze.p95)} | ≤ ${FRAME_BUDGET_MS} ms: ${verdict(engine.analyze.p95)} (p95) |`,
    `| \`canConnect\`, first check on a new doc (analyzes it) | ${ms(engine.canConnectCold.median)} | ${ms(engine.canConnectCold.p95)} | ≤ ${FRAME_BUDGET_MS} ms: ${verdict(engine.canConnectCold.p95)} (p95) |`,
    `| \`canConnect\`, later checks during the same drag | ${ms(engine.canConnectWarm.median)} | ${ms(engine.canConnectWarm.p95)} | ≤ ${FRAME_BUDGET_MS} ms: ${verdict(engine.canConnectWarm.p95)} (p95) |`,
    ...(['full', 'simple'] as const).map((mode) => {
      const p = panning[mode];
      const name = mode === 'simple' ? 'level of detail on (simplified blocks)' : 'level of detail off (full blocks)';
      return p
        ? `| Panning, ${name}: frame interval (${p.frames} frames in ${p.seconds.toFixed(1)} s) | ${ms(p.frameMs.median)} | ${ms(p.frameMs.p95)} | ≤ ${FRAME_BUDGET_MS} ms |`
        : `| Panning, ${name} | not measured | | |`;
    }),
  ];
  const table = rows.join('\n');
  console.log(`\n${table}\n`);
  const { full, simple } = panning;
  if (full && simple) console.log(`Panning: ${full.fps.toFixed(1)} fps with full blocks → ${simple.fps.toFixed(1)} fps simplified (idle page: ${simple.idleFps.toFixed(1)} fps)\n`);
  const describe = (p: Panning, what: string) =>
    `${what}: **${p.fps.toFixed(1)} fps** over ${p.seconds.toFixed(1)} s of mouse drags on the empty pane (${p.drags} drags${p.panned ? '' : '; the viewport transform did not change, so the drags may not have panned'}); the same page idle: ${p.idleFps.toFixed(1)} fps. Fit-view zoom ${p.zoom}; ${p.renderedNodes} block elements (${p.simplifiedBlocks} simplified), ${p.renderedEdges} edge elements and ${p.edgeLabels} edge labels in the DOM; opening the restored document took ${p.loadMs} ms.`;

  const md = [
    '# Canvas benchmark: a 1,000-block graph',
    '',
    `Generated ${new Date().toISOString()} by \`npm run bench:canvas\` (bench/canvas/run.ts).`,
    '',
    `Graph: ${doc.nodes.length} blocks, ${doc.edges.length} edges — Token Input → Embedding → Positional Encoding → ${LAYERS} × [Multi-Head Attention → Add & Norm → Feed-Forward → Add & Norm] → Dense → LM Head ← Target.`,
    '',
    table,
    '',
    full && simple
      ? `**Panning at fit-view zoom: ${full.fps.toFixed(1)} fps with every block drawn in full → ${simple.fps.toFixed(1)} fps with the level of detail** (below zoom ${LEVEL_OF_DETAIL_ZOOM}: blocks are named rectangles without ports or shadows, edges carry no shape labels, the background grid is off, and the whole graph stays mounted, so a pan step re-culls nothing, on a \`will-change: transform\` layer; ×${(simple.fps / full.fps).toFixed(1)}).`
      : `**Panning not measured (both ways):** ${panningError}`,
    '',
    `Each mode was measured ${ROUNDS} times, alternating, in a fresh page each; the run with the median frame rate is shown. All runs: level of detail off ${fpsList(runs.full)} fps; on ${fpsList(runs.simple)} fps.`,
    '',
    ...(full ? [`- ${describe(full, 'Level of detail off')}`] : []),
    ...(simple ? [`- ${describe(simple, 'Level of detail on')}`] : []),
    '- Before this benchmark measured both ways (2026-11-22 04:52 UTC, commit c0c00a8, full blocks only): 3.3 fps, idle page 61.2 fps.',
    '',
    'What still limits it (found by hiding parts of the simplified canvas with injected CSS on this machine, 2026-11-22): the main thread is busy in style, layout and paint, not in JavaScript (under 5 % of a pan in a CPU profile). Hiding every block element raised panning from about 8 to 19 fps; hiding all edges, the minimap or the block titles gained under 15 % each. The next step is to draw zoomed-out blocks into one canvas element instead of 1,000 DOM nodes, and to re-measure on a real GPU.',
    '',
    '## Method',
    '',
    `- Re-inference: each round changes one Feed-Forward's hidden width on a new document object (as an inspector edit does), then times \`analyzeGraph(doc)\`; ${WARMUP_EDITS} warm-up edits, then ${TIMED_EDITS} timed. Goal: within one ${FRAME_BUDGET_MS} ms frame.`,
    '- Drag check: `canConnect` for Embedding.out → a Multi-Head Attention\'s free `memory` port. The first check on a new document runs a full analysis (then cached per document object); later checks in the same drag reuse it.',
    `- Panning: the built web app (dist/web) served by \`scripts/serve.mjs\`, headless Debian Chromium (software GL: SwiftShader) at 1280×800 via Playwright; the document is put in the autosave slot (localStorage \`${AUTOSAVE_KEY}\`) so the app restores it on start. Then ~${PAN_MS / 1000} s of alternating mouse drags on the empty pane while the page counts \`requestAnimationFrame\` callbacks, once with the level of detail off and once on (localStorage \`${VIEW_PREFERENCES_KEY}\`, a fresh page each). Headless Chromium with software rendering is a lower bound for a desktop GPU.`,
    '',
    '## Machine',
    '',
    `- ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}`,
    `- Load average (1 / 5 / 15 min) at the end of the run: ${load}`,
    '',
    '## Rerun',
    '',
    '```sh',
    'npm run bench:canvas    # or: npx tsx bench/canvas/run.ts',
    '```',
    '',
    'Builds the web app first when dist/web/index.html is missing (`npm run build:web`); rebuild by hand after renderer changes. Needs /usr/bin/chromium.',
    '',
  ].join('\n');
  await writeFile(join(root, 'bench', 'canvas', 'results.md'), md);
  log('wrote bench/canvas/results.md');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

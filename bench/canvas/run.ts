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
 *    requestAnimationFrame callbacks — once from the moment the fitted document appears (stalls included) and once
 *    after it has settled. Measured twice in one run, in a fresh page each: with the canvas's
 *    level of detail off (every block drawn in full at fit-view zoom) and on (the default: blocks drawn as
 *    named rectangles without ports, edges without shape labels, below LEVEL_OF_DETAIL_ZOOM).
 * Prints a markdown table and writes bench/canvas/results.md.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { specOf } from '../../engine/blocks/specs';
import { analyzeGraph } from '../../engine/graph/analyze';
import { canConnect } from '../../engine/graph/canConnect';
import type { Connection, GraphDoc } from '../../engine/graph/schema';
import { BLOCK_WIDTH, blockHeight } from '../../renderer/canvas/geometry';
import { LEVEL_OF_DETAIL_ZOOM, VIEW_PREFERENCES_KEY } from '../../renderer/store/viewStore';
import { quantile } from '../quantile';
import { CANVAS_BENCH_LAYERS as LAYERS, generateCanvasBenchDoc } from './generate';
import { webDir, withServedApp } from '../servedApp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FRAME_BUDGET_MS = 16;
const WARMUP_EDITS = 10;
const TIMED_EDITS = 30;
const PAN_MS = 3000;
const ZOOM_MS = 3000;
// CANVAS_BENCH_ROUNDS=1 for a quick look; the recorded results use 3.
const ROUNDS = Number(process.env.CANVAS_BENCH_ROUNDS) || 3;
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
  // Its 1,001-block chain is past what the compiler builds (E_GRAPH_TOO_DEEP); editing it is what is measured.
  const errors = first.problems.filter((p) => p.code.startsWith('E_') && p.code !== 'E_GRAPH_TOO_DEEP');
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
// 2. Frames per second while panning and while zooming, in Chromium.

/**
 * A point on the canvas where the empty pane is on top and no block is drawn (zoomed out, blocks painted in
 * the overview bitmap let the pane take the pointer; a press on one would hover, then drag, that block).
 */
async function emptyPanePoint(page: Page, rects: { x: number; y: number; width: number; height: number }[]): Promise<{ x: number; y: number } | null> {
  // Page scripts are passed as strings: tsx would wrap the named helpers in a function the page lacks.
  return page.evaluate(`((blocks) => {
    const canvas = document.querySelector('[data-testid="canvas"]') ?? document.querySelector('.react-flow');
    const viewport = document.querySelector('.react-flow__viewport');
    if (!canvas || !viewport) return null;
    const m = /translate\\(([-\\d.]+)px,\\s*([-\\d.]+)px\\)\\s*scale\\(([\\d.]+)\\)/.exec(viewport.getAttribute('style') ?? '');
    const [tx, ty, zoom] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 1];
    const paneBox = canvas.getBoundingClientRect();
    // Hovering a block the bitmap draws gives it an element: a press there would drag the block, not the view.
    const onBlock = (x, y) => {
      const fx = (x - paneBox.left - tx) / zoom;
      const fy = (y - paneBox.top - ty) / zoom;
      return blocks.some((b) => fx >= b.x - 4 && fx <= b.x + b.width + 4 && fy >= b.y - 4 && fy <= b.y + b.height + 4);
    };
    for (let fy = 0.5; fy < 0.95; fy += 0.02) {
      for (const sign of [1, -1]) {
        const y = paneBox.top + paneBox.height * (sign > 0 ? fy : 1 - fy);
        for (let fx = 0.3; fx < 0.7; fx += 0.002) {
          const x = paneBox.left + paneBox.width * fx;
          const el = document.elementFromPoint(x, y);
          if (el && el.classList.contains('react-flow__pane') && !onBlock(x, y)) return { x, y };
        }
      }
    }
    return null;
  })(${JSON.stringify(rects)})`);
}

const viewportZoom = async (page: Page) => Number(/scale\(([\d.]+)\)/.exec((await page.locator('.react-flow__viewport').getAttribute('style')) ?? '')?.[1] ?? NaN);

/**
 * Installed before the app loads: every requestAnimationFrame callback's time from the start, and the moment
 * the viewport first shows the fitted zoom (below 0.5), seen by a MutationObserver so a busy page cannot delay it.
 */
const FRAME_RECORDER = `(() => {
  window.__benchFrames = [];
  const tick = () => {
    window.__benchFrames.push(performance.now());
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const fitted = () => {
    const m = /scale\\(([\\d.]+)\\)/.exec(document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? '');
    if (window.__benchFittedAt === undefined && m && Number(m[1]) < 0.5) window.__benchFittedAt = performance.now();
  };
  new MutationObserver(fitted).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });
})()`;

/**
 * The frames the page drew while `act` runs, from the recorder above: frames per second over the whole window
 * (a stall before the first frame or after the last counts), and the frame intervals including those ends.
 * `since` starts the window earlier than now (a page time), e.g. at the moment the fitted document appeared.
 */
async function framesWhile(page: Page, act: () => Promise<void>, since?: number) {
  const start = since ?? ((await page.evaluate('performance.now()')) as number);
  await act();
  const end = (await page.evaluate('performance.now()')) as number;
  const all = (await page.evaluate('window.__benchFrames')) as number[];
  const frames = all.filter((t) => t >= start && t <= end);
  const marks = [start, ...frames, end];
  const intervals = marks.slice(1).map((t, i) => t - marks[i]);
  const seconds = (end - start) / 1000;
  const firstFrameMs = frames.length ? frames[0] - start : end - start;
  return { fps: frames.length / seconds, frames: frames.length, seconds, frameMs: stats(intervals), longestMs: Math.max(...intervals), firstFrameMs };
}

interface ViewRun {
  /** Panning from the moment the fitted document appears, before anything has settled. */
  panFromFit: Awaited<ReturnType<typeof framesWhile>> & { drags: number };
  pan: Awaited<ReturnType<typeof framesWhile>> & { drags: number; panned: boolean };
  zoom: Awaited<ReturnType<typeof framesWhile>> & { wheels: number; zoomRange: [number, number] };
  idleFps: number;
  renderedNodes: number;
  renderedEdges: number;
  simplifiedBlocks: number;
  bitmapBlocks: number;
  bitmapEdges: number;
  /** The bitmap's last full drawing (ms): at the fit-view zoom, and at the higher resolution zooming asked for. */
  drawMs: { fit: number; zoomed: number } | null;
  edgeLabels: number;
  zoom0: number;
  loadMs: number;
}

async function measureView(doc: GraphDoc, simplifyZoomedOut: boolean, dir: string): Promise<ViewRun> {
  return withServedApp(
    log,
    async (url, browser) => {
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
      await page.addInitScript(FRAME_RECORDER);
      const loadStart = Date.now();
      await page.goto(url);
      // Block elements at first (zoom 1), or the overview bitmap once fitted.
      await page.locator('.react-flow__node, [data-testid="overview-canvas"]').first().waitFor({ state: 'attached', timeout: 60_000 });
      // The app fits the restored graph into view; on a loaded machine that can take seconds, and panning at
      // zoom 1 (a handful of blocks on screen) would measure the wrong thing.
      await page.waitForFunction(
        () => {
          const m = /scale\(([\d.]+)\)/.exec(document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? '');
          return m !== null && Number(m[1]) < 0.5;
        },
        null,
        { timeout: 60_000, polling: 250 },
      );
      const loadMs = Date.now() - loadStart;
      const fittedAt = (await page.evaluate('window.__benchFittedAt')) as number;
      const rects = doc.nodes.map((n) => ({ x: n.position.x, y: n.position.y, width: BLOCK_WIDTH, height: blockHeight(specOf(n.kind)!) }));
      const start = await emptyPanePoint(page, rects);
      if (!start) throw new Error('Found no empty pane to drag on');

      // Panning from the moment the fitted document appeared: what a person who starts dragging at once sees.
      // Alternating mouse drags on the empty pane for PAN_MS; the count of drags made.
      const dragPane = async (): Promise<number> => {
        const t0 = Date.now();
        let dir = 1;
        let count = 0;
        while (Date.now() - t0 < PAN_MS) {
          await page.mouse.move(start.x, start.y);
          await page.mouse.down();
          await page.mouse.move(start.x + dir * 300, start.y + dir * 120, { steps: 6 });
          await page.mouse.up();
          dir = -dir;
          count++;
        }
        return count;
      };
      let dragsFromFit = 0;
      const panFromFit = await framesWhile(
        page,
        async () => {
          dragsFromFit = await dragPane();
        },
        fittedAt,
      );
      await page.waitForTimeout(1500); // then let everything settle for the measures below
      const renderedNodes = await page.locator('.react-flow__node').count();
      const renderedEdges = await page.locator('.react-flow__edge').count();
      const simplifiedBlocks = await page.locator('[data-detail="simple"]').count();
      const edgeLabels = await page.locator('.react-flow__edge-text').count();
      const overview = page.locator('[data-testid="overview-canvas"]');
      const bitmapBlocks = (await overview.count()) ? Number(await overview.getAttribute('data-blocks')) : 0;
      const bitmapEdges = (await overview.count()) ? Number(await overview.getAttribute('data-edges')) : 0;
      const drawMsAtFit = (await overview.count()) ? Number(await overview.getAttribute('data-draw-ms')) : NaN;
      const zoom0 = await viewportZoom(page);
      log(`editor open: ${renderedNodes} block elements, ${renderedEdges} edge elements, ${bitmapBlocks} blocks in the bitmap (${loadMs} ms)`);
      await page.mouse.move(start.x, start.y);

      // Idle frame rate first, as the ceiling this headless browser reaches.
      const idleFps = (await page.evaluate(`new Promise((resolve) => {
        let frames = 0;
        const t0 = performance.now();
        const tick = (now) => {
          frames++;
          if (now - t0 < 1000) requestAnimationFrame(tick);
          else resolve((frames * 1000) / (now - t0));
        };
        requestAnimationFrame(tick);
      })`)) as number;

      const transformBefore = await page.locator('.react-flow__viewport').getAttribute('style');
      let drags = 0;
      const pan = await framesWhile(page, async () => {
        drags = await dragPane();
      });
      const transformAfter = await page.locator('.react-flow__viewport').getAttribute('style');

      // Zooming: wheel steps in and back out at the same point, within the zoomed-out range (each step ×1.15).
      await page.mouse.move(start.x, start.y);
      let wheels = 0;
      let lo = zoom0;
      let hi = zoom0;
      const zoom = await framesWhile(page, async () => {
        const t0 = Date.now();
        while (Date.now() - t0 < ZOOM_MS) {
          for (const deltaY of [-100, -100, -100, -100, -100, 100, 100, 100, 100, 100]) {
            await page.mouse.wheel(0, deltaY);
            wheels++;
            // The zoom reached, read at the turn (in, then back out).
            if (wheels % 10 === 5) hi = Math.max(hi, await viewportZoom(page));
          }
          lo = Math.min(lo, await viewportZoom(page));
        }
      });
      await page.waitForTimeout(500); // a redraw at the zoom reached settles after 120 ms
      const drawMsZoomed = (await overview.count()) ? Number(await overview.getAttribute('data-draw-ms')) : NaN;
      return {
        panFromFit: { ...panFromFit, drags: dragsFromFit },
        pan: { ...pan, drags, panned: transformBefore !== transformAfter || drags % 2 === 0 },
        zoom: { ...zoom, wheels, zoomRange: [lo, hi] as [number, number] },
        idleFps,
        renderedNodes,
        renderedEdges,
        simplifiedBlocks,
        bitmapBlocks,
        bitmapEdges,
        drawMs: Number.isFinite(drawMsAtFit) ? { fit: drawMsAtFit, zoomed: drawMsZoomed } : null,
        edgeLabels,
        zoom0,
        loadMs,
      };
    },
    dir,
  );
}

// ---------------------------------------------------------------------------------------------------

const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main() {
  const doc = generateCanvasBenchDoc();
  log(`generated ${doc.nodes.length} blocks, ${doc.edges.length} edges`);
  const engine = measureEngine(doc);
  log(`analyzeGraph after one edit: median ${ms(engine.analyze.median)}, p95 ${ms(engine.analyze.p95)}`);

  // Each mode is measured ROUNDS times, alternating, each in a fresh page: on a shared machine one run can
  // land in a busy second, so the run with the median frame rate stands for its mode. A baseline build
  // (TENSORLOOM_BASELINE_WEB_DIR, e.g. the previous commit built with `vite build --outDir`) joins the rotation
  // with the level of detail on, so before and after are measured under the same load.
  const baselineDir = process.env.TENSORLOOM_BASELINE_WEB_DIR;
  type Mode = 'baseline' | 'full' | 'simple';
  const modes: Mode[] = baselineDir ? ['baseline', 'full', 'simple'] : ['full', 'simple'];
  const modeName: Record<Mode, string> = {
    baseline: 'baseline build, level of detail on',
    full: 'level of detail off (every block an element)',
    simple: 'level of detail on (overview bitmap)',
  };
  const runs: Record<Mode, ViewRun[]> = { baseline: [], full: [], simple: [] };
  let viewError: string | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of modes) {
      try {
        const result = await measureView(doc, mode !== 'full', mode === 'baseline' ? baselineDir! : webDir);
        runs[mode].push(result);
        log(`${modeName[mode]}: panning ${result.panFromFit.fps.toFixed(1)} fps from the fit, ${result.pan.fps.toFixed(1)} fps settled, zooming ${result.zoom.fps.toFixed(1)} fps (idle ${result.idleFps.toFixed(1)} fps, zoom ${result.zoom0})`);
      } catch (err) {
        viewError = err instanceof Error ? err.message : String(err);
        log(`${modeName[mode]}: measurement failed: ${viewError}`);
      }
    }
  }
  const medianBy = (list: ViewRun[], fps: (r: ViewRun) => number): ViewRun | null => (list.length ? [...list].sort((a, b) => fps(a) - fps(b))[Math.floor((list.length - 1) / 2)] : null);
  const panOf = (r: ViewRun) => r.pan.fps;
  const panFromFitOf = (r: ViewRun) => r.panFromFit.fps;
  const zoomOf = (r: ViewRun) => r.zoom.fps;
  const fpsList = (list: ViewRun[], fps: (r: ViewRun) => number) => list.map((r) => fps(r).toFixed(1)).join(', ');

  const load = loadavg().map((x) => x.toFixed(2)).join(' / ');
  const verdict = (x: number) => (x <= FRAME_BUDGET_MS ? 'within' : 'over');
  const rows = [
    '| Measure | Median | p95 | Goal |',
    '| --- | --- | --- | --- |',
    `| \`analyzeGraph\` after one param edit (${engine.analyze.n} edits) | ${ms(engine.analyze.median)} | ${ms(engine.analyze.p95)} | ≤ ${FRAME_BUDGET_MS} ms: ${verdict(engine.analyze.p95)} (p95) |`,
    `| \`canConnect\`, first check on a new doc (analyzes it) | ${ms(engine.canConnectCold.median)} | ${ms(engine.canConnectCold.p95)} | ≤ ${FRAME_BUDGET_MS} ms: ${verdict(engine.canConnectCold.p95)} (p95) |`,
    `| \`canConnect\`, later checks during the same drag | ${ms(engine.canConnectWarm.median)} | ${ms(engine.canConnectWarm.p95)} | ≤ ${FRAME_BUDGET_MS} ms: ${verdict(engine.canConnectWarm.p95)} (p95) |`,
    ...modes.flatMap((mode) =>
      (['panFromFit', 'pan', 'zoom'] as const).map((what) => {
        const r = medianBy(runs[mode], what === 'panFromFit' ? panFromFitOf : what === 'pan' ? panOf : zoomOf);
        const label = `${what === 'panFromFit' ? 'Panning from the moment the fitted document appears' : what === 'pan' ? 'Panning once settled' : 'Zooming'}, ${modeName[mode]}`;
        if (!r) return `| ${label} | not measured | | |`;
        const m = r[what];
        return `| ${label}: frame interval (${m.frames} frames in ${m.seconds.toFixed(1)} s, **${m.fps.toFixed(1)} fps**; longest ${m.longestMs.toFixed(0)} ms; idle page ${r.idleFps.toFixed(1)} fps) | ${ms(m.frameMs.median)} | ${ms(m.frameMs.p95)} | ≥ 30 fps: ${m.fps >= 30 ? 'within' : 'under'} |`;
      }),
    ),
  ];
  const table = rows.join('\n');
  console.log(`\n${table}\n`);
  const describe = (mode: Mode) => {
    const r = medianBy(runs[mode], panOf);
    if (!r) return [];
    const z = medianBy(runs[mode], zoomOf)!;
    const early = medianBy(runs[mode], panFromFitOf)!;
    return [
      `- ${modeName[mode]}: panning from the moment the fitted document appears **${early.panFromFit.fps.toFixed(1)} fps** over ${early.panFromFit.seconds.toFixed(1)} s (${early.panFromFit.drags} drags; first frame after ${early.panFromFit.firstFrameMs.toFixed(0)} ms, longest frame ${early.panFromFit.longestMs.toFixed(0)} ms); once settled, panning **${r.pan.fps.toFixed(1)} fps** over ${r.pan.seconds.toFixed(1)} s of mouse drags on the empty pane (${r.pan.drags} drags${r.pan.panned ? '' : '; the viewport transform did not change, so the drags may not have panned'}); zooming **${z.zoom.fps.toFixed(1)} fps** over ${z.zoom.seconds.toFixed(1)} s (${z.zoom.wheels} wheel steps, zoom ${z.zoom.zoomRange[0].toFixed(2)}–${z.zoom.zoomRange[1].toFixed(2)}); the same page idle: ${r.idleFps.toFixed(1)} fps. Fit-view zoom ${r.zoom0}; ${r.renderedNodes} block elements (${r.simplifiedBlocks} simplified), ${r.renderedEdges} edge elements and ${r.edgeLabels} edge labels in the DOM; ${r.bitmapBlocks} blocks and ${r.bitmapEdges} edges in the overview bitmap${r.drawMs ? ` (drawn in ${r.drawMs.fit} ms at the fit-view zoom; the last redraw while zooming ${r.drawMs.zoomed} ms)` : ''}; opening the restored document took ${r.loadMs} ms. All runs: panning from the fit ${fpsList(runs[mode], panFromFitOf)} fps; settled ${fpsList(runs[mode], panOf)} fps; zooming ${fpsList(runs[mode], zoomOf)} fps.`,
    ];
  };
  const simplePan = medianBy(runs.simple, panOf);
  const simplePanFromFit = medianBy(runs.simple, panFromFitOf);
  const simpleZoom = medianBy(runs.simple, zoomOf);
  const basePan = medianBy(runs.baseline, panOf);
  const basePanFromFit = medianBy(runs.baseline, panFromFitOf);
  const baseZoom = medianBy(runs.baseline, zoomOf);

  const md = [
    '# Canvas benchmark: a 1,000-block graph',
    '',
    `Generated ${new Date().toISOString()} by \`npm run bench:canvas\` (bench/canvas/run.ts).`,
    '',
    `Graph: ${doc.nodes.length} blocks, ${doc.edges.length} edges — Token Input → Embedding → Positional Encoding → ${LAYERS} × [Multi-Head Attention → Add & Norm → Feed-Forward → Add & Norm] → Dense → LM Head ← Target.`,
    '',
    table,
    '',
    simplePan && simpleZoom
      ? `**At fit-view zoom, with the level of detail on: panning ${simplePanFromFit!.panFromFit.fps.toFixed(1)} fps from the moment the fitted document appears and ${simplePan.pan.fps.toFixed(1)} fps once settled, zooming ${simpleZoom.zoom.fps.toFixed(1)} fps${basePan && baseZoom && basePanFromFit ? ` (baseline build in the same run: ${basePanFromFit.panFromFit.fps.toFixed(1)}, ${basePan.pan.fps.toFixed(1)} and ${baseZoom.zoom.fps.toFixed(1)} fps)` : ''}.** Below zoom ${LEVEL_OF_DETAIL_ZOOM} the blocks and edges are painted into one canvas bitmap inside React Flow's viewport (renderer/canvas/OverviewCanvas.tsx), so a pan or zoom moves and scales it without drawing; React Flow keeps elements only for selected, hovered and dragged blocks; the bitmap is redrawn when the graph changes and at the new resolution once a zoom settles.`
      : `**Not measured:** ${viewError}`,
    '',
    ...modes.flatMap(describe),
    '- The first seconds after a large document appears (Chromium traces, 2026-12-07, this machine): the restored graph used to be drawn at zoom 1 first, every block and edge in view an element (about 1.5 s of React rendering, a 0.7 s forced layout, 0.4 s of edge-label measuring), then fitted with a 200 ms animation whose intermediate zooms drew elements again, then torn down for the bitmap; and the bitmap, drawn on the GPU canvas, held the GPU thread about 3–4 s (`SwapBuffers` waiting in `ContextVk::finishImpl` for SwiftShader to finish its curves). Now a large document is drawn only once fitted, the fit jumps, and the bitmap is drawn by the CPU (about 100–250 ms here). The page\'s own work is done within about 0.3 s of the fit; what remains before the first frames is the GPU thread, which with SwiftShader spends about 1 s on the first frames that show the bitmap, and 1–2 s more while the training worker starts tfjs and its WebGL context on that same thread (with the worker kept from loading, frames resume about 1.5 s after the fit instead of 3 s). The frames per second from the fit count that stall over a window that starts at the fit.',
    '- Before the overview bitmap (2026-11-22, this machine, level of detail as named rectangles, one element per block): panning 3.1 fps with full blocks, 6.0 fps simplified; `analyzeGraph` after one edit median 13.17 ms, p95 24.36 ms; `canConnect` first check median 16.81 ms, p95 28.68 ms (a full analysis each time; now each block\'s inference is reused while its params and inputs are unchanged, engine/graph/analyze.ts).',
    '',
    '## Method',
    '',
    `- Re-inference: each round changes one Feed-Forward's hidden width on a new document object (as an inspector edit does), then times \`analyzeGraph(doc)\`; ${WARMUP_EDITS} warm-up edits, then ${TIMED_EDITS} timed. Goal: within one ${FRAME_BUDGET_MS} ms frame.`,
    '- Drag check: `canConnect` for Embedding.out → a Multi-Head Attention\'s free `memory` port. The first check on a new document runs a full analysis (then cached per document object); later checks in the same drag reuse it.',
    `- Panning and zooming: the built web app (dist/web, or TENSORLOOM_WEB_DIR) served by \`scripts/serve.mjs\`, headless Debian Chromium (software GL: SwiftShader) at 1280×800 via Playwright; the document is put in the autosave slot (localStorage \`${AUTOSAVE_KEY}\`) so the app restores it on start. The page records every \`requestAnimationFrame\` callback from its start, and the moment the viewport first shows the fitted zoom (a MutationObserver). Panning is measured twice: ~${PAN_MS / 1000} s of alternating mouse drags on the empty pane counted from that moment (what someone who drags at once sees; a stall before the first frame counts), and again after 1.5 s to settle. Then ~${ZOOM_MS / 1000} s of mouse-wheel steps in and out (5 in, 5 out, ×1.15 each) at the same point, each rate counted over its whole window (frames ÷ window length, stalls at either end included); the idle rate is counted first in the same page. Once with the level of detail off and once on (localStorage \`${VIEW_PREFERENCES_KEY}\`, a fresh page each), and with TENSORLOOM_BASELINE_WEB_DIR a third time on that build. Headless Chromium with software rendering is a lower bound for a desktop GPU.`,
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
    'Builds the web app first when dist/web/index.html is missing (`npm run build:web`); rebuild by hand after renderer changes. Needs /usr/bin/chromium. To compare with an earlier build in the same run: `npx vite build --config renderer/vite.config.ts --outDir /tmp/web-before` on that commit, then `TENSORLOOM_BASELINE_WEB_DIR=/tmp/web-before npm run bench:canvas`.',
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

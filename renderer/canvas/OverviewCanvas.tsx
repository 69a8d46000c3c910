import { Panel, useReactFlow, useStore, ViewportPortal, type ReactFlowState } from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Size } from './geometry';
import { drawOverview, type BlockTarget, type OverviewScene, type OverviewStyle } from './overview';
import './overview.css';

const zoomSelector = (s: ReactFlowState): number => s.transform[2];

/**
 * Largest bitmap drawn, in device pixels: a 1,000-block graph just under the level-of-detail zoom is about
 * 2,500 × 3,400 px; past the cap the bitmap is drawn coarser and scaled up (zoomed out, a little blur).
 */
const MAX_PIXELS = 10_000_000;
/** Redraw for a new zoom once it has held this long; meanwhile the last bitmap is scaled with the view. */
const ZOOM_SETTLE_MS = 120;
/**
 * The bitmap is drawn at a power of two at least 1.6 times the zoom, so zooming in from fit view and back out
 * redraws nothing until the zoom passes that resolution (a redraw of 1,000 blocks takes a frame or more);
 * zoomed further out than MAX_OVERSAMPLING below its resolution it is drawn again (a bitmap shrunk that far
 * shimmers and wastes memory).
 */
const MAX_OVERSAMPLING = 4;
const rasterZoomFor = (zoom: number) => 2 ** Math.ceil(Math.log2(zoom * 1.6));

/**
 * The overview bitmap (overview.ts) placed inside React Flow's viewport, so panning and zooming move and
 * scale it with the React-drawn nodes and edges and draw nothing anew: the browser only composites. It is
 * redrawn when the scene changes, and at a new resolution once a zoom settles. Under every React Flow
 * element (z-index), and transparent to the pointer: the pane under it keeps panning, and Canvas.tsx finds
 * the block under the pointer with `blockAt`.
 */
function OverviewCanvasView({ scene }: { scene: OverviewScene }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const zoom = useStore(zoomSelector);
  const [rasterZoom, setRasterZoom] = useState(() => rasterZoomFor(zoom));

  useEffect(() => {
    const sharpEnough = zoom <= rasterZoom * 1.05 && zoom * MAX_OVERSAMPLING >= rasterZoom;
    if (sharpEnough) return;
    const timer = setTimeout(() => setRasterZoom(rasterZoomFor(zoom)), ZOOM_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [zoom, rasterZoom]);

  const { bounds } = scene;
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const area = Math.max(1, bounds.width * bounds.height);
  const scale = Math.min(rasterZoom * dpr, Math.sqrt(MAX_PIXELS / area));
  const pixelWidth = Math.max(1, Math.ceil(bounds.width * scale));
  const pixelHeight = Math.max(1, Math.ceil(bounds.height * scale));

  useEffect(() => {
    const canvas = canvasRef.current;
    // A bitmap in memory, drawn by the CPU (`willReadFrequently` asks for that): it is drawn once per graph change
    // or zoom step and then only moved, and drawn on the GPU its thousands of curves wait in the GPU's queue until
    // the next frame is shown — seconds with software GL (bench/canvas/results.md), about what the CPU takes here.
    const ctx = canvas?.getContext('2d', { willReadFrequently: true });
    if (!canvas || !ctx) return;
    // Setting the size clears the bitmap, so it is set only when it changes.
    if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
    if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
    const started = performance.now();
    drawOverview(ctx, scene, readOverviewStyle(canvas), scale, bounds.x, bounds.y);
    // How long the last full drawing took, for the canvas benchmark (bench/canvas/run.ts).
    canvas.dataset.drawMs = (performance.now() - started).toFixed(1);
  }, [scene, scale, pixelWidth, pixelHeight, bounds.x, bounds.y]);

  return (
    <ViewportPortal>
      <canvas
        ref={canvasRef}
        className="overview-canvas"
        data-testid="overview-canvas"
        data-blocks={scene.blocks.length}
        data-edges={scene.edges.length}
        aria-hidden="true"
        style={{ left: bounds.x, top: bounds.y, width: bounds.width, height: bounds.height }}
      />
    </ViewportPortal>
  );
}

export const OverviewCanvas = memo(OverviewCanvasView);

/** The stylesheet's colours (app.css custom properties) and the UI font, as the elements would use them. */
function readOverviewStyle(el: HTMLElement): OverviewStyle {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const category: Record<string, string> = {};
  for (const c of ['inputs', 'embeddings', 'recurrent', 'attention', 'transformer', 'layers', 'heads']) category[c] = v(`--cat-${c}`, '#495057');
  const port: Record<string, string> = { unknown: '#adb5bd', selected: v('--accent', '#3b5bdb') };
  for (const k of ['tokens', 'labels', 'sequence', 'vector', 'state']) port[k] = v(`--port-${k}`, '#868e96');
  return {
    panel: v('--panel', '#ffffff'),
    border: '#c9ced6',
    error: v('--error', '#d9480f'),
    text: v('--text', '#1d2330'),
    category,
    port,
    fontFamily: css.fontFamily || 'sans-serif',
  };
}

const viewSelector = (s: ReactFlowState) => ({ x: s.transform[0], y: s.transform[1], zoom: s.transform[2], width: s.width, height: s.height });
const sameView = (a: ReturnType<typeof viewSelector>, b: ReturnType<typeof viewSelector>) =>
  a.x === b.x && a.y === b.y && a.zoom === b.zoom && a.width === b.width && a.height === b.height;

/**
 * The minimap while zoomed out: React Flow's own draws only nodes it renders, and here most blocks are hidden
 * nodes painted in the bitmap. Every block as a grey box (painted once per graph), the view as a rectangle
 * over them; pressing or dragging on it centres the view there, as React Flow's `pannable` minimap does.
 */
function OverviewMinimapView({ blocks, size }: { blocks: readonly BlockTarget[]; size: Size }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const backdrop = useRef<HTMLCanvasElement | null>(null);
  const view = useStore(viewSelector, sameView);
  const flow = useReactFlow();
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;

  // The flow rectangle the minimap shows: the blocks and the view together, fitted with a margin, as React Flow's minimap frames them.
  const blockBox = useMemo(() => {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const b of blocks) {
      minX = Math.min(minX, b.x);
      minY = Math.min(minY, b.y);
      maxX = Math.max(maxX, b.x + b.width);
      maxY = Math.max(maxY, b.y + b.height);
    }
    return Number.isFinite(minX) ? { minX, minY, maxX, maxY } : { minX: 0, minY: 0, maxX: 1, maxY: 1 };
  }, [blocks]);
  const viewBox = { minX: -view.x / view.zoom, minY: -view.y / view.zoom, maxX: (view.width - view.x) / view.zoom, maxY: (view.height - view.y) / view.zoom };
  const minX = Math.min(blockBox.minX, viewBox.minX);
  const minY = Math.min(blockBox.minY, viewBox.minY);
  const spanX = Math.max(blockBox.maxX, viewBox.maxX) - minX;
  const spanY = Math.max(blockBox.maxY, viewBox.maxY) - minY;
  const scale = Math.min(size.width / spanX, size.height / spanY) * 0.95;
  const offsetX = (size.width - spanX * scale) / 2 - minX * scale;
  const offsetY = (size.height - spanY * scale) / 2 - minY * scale;

  // The blocks are painted once per graph, at their own fit; each view change copies them into place.
  useEffect(() => {
    const bw = blockBox.maxX - blockBox.minX;
    const bh = blockBox.maxY - blockBox.minY;
    const s = (Math.min(size.width / bw, size.height / bh) || 1) * dpr;
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.ceil(bw * s));
    c.height = Math.max(1, Math.ceil(bh * s));
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#ced4da';
    for (const b of blocks) ctx.fillRect((b.x - blockBox.minX) * s, (b.y - blockBox.minY) * s, Math.max(1, b.width * s), Math.max(1, b.height * s));
    backdrop.current = c;
  }, [blocks, blockBox, size.width, size.height, dpr]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const w = Math.round(size.width * dpr);
    const h = Math.round(size.height * dpr);
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, size.width, size.height);
    if (backdrop.current) {
      ctx.drawImage(backdrop.current, offsetX + blockBox.minX * scale, offsetY + blockBox.minY * scale, (blockBox.maxX - blockBox.minX) * scale, (blockBox.maxY - blockBox.minY) * scale);
    }
    // Outside the view is dimmed, as React Flow's minimap mask does.
    const vx = offsetX + viewBox.minX * scale;
    const vy = offsetY + viewBox.minY * scale;
    const vw = (viewBox.maxX - viewBox.minX) * scale;
    const vh = (viewBox.maxY - viewBox.minY) * scale;
    ctx.fillStyle = 'rgba(240, 240, 240, 0.6)';
    ctx.beginPath();
    ctx.rect(0, 0, size.width, size.height);
    ctx.rect(vx, vy, vw, vh);
    ctx.fill('evenodd');
    ctx.strokeStyle = '#b1b1b7';
    ctx.lineWidth = 1;
    ctx.strokeRect(vx, vy, vw, vh);
  });

  const centreAt = useCallback(
    (e: ReactPointerEvent<HTMLCanvasElement>) => {
      const r = e.currentTarget.getBoundingClientRect();
      const x = (e.clientX - r.left - offsetX) / scale;
      const y = (e.clientY - r.top - offsetY) / scale;
      void flow.setCenter(x, y, { zoom: flow.getZoom() });
    },
    [flow, offsetX, offsetY, scale],
  );

  return (
    <Panel position="bottom-right" className="react-flow__minimap minimap overview-minimap" style={{ width: size.width, height: size.height }}>
      <canvas
        ref={canvasRef}
        data-testid="overview-minimap"
        style={{ width: size.width, height: size.height, display: 'block' }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          centreAt(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons) centreAt(e);
        }}
      />
    </Panel>
  );
}

export const OverviewMinimap = memo(OverviewMinimapView);

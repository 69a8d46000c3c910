/**
 * The zoomed-out canvas drawn as one bitmap. Below the level-of-detail zoom a block's ports and numbers are a
 * few pixels high, and a thousand block elements cost the browser more to restyle and repaint than to draw:
 * so the blocks and edges nobody can read are painted into one <canvas> (OverviewCanvas.tsx), and React Flow
 * keeps elements only for the blocks a person is acting on (selected, hovered, dragged). This module holds the
 * parts that need no DOM: which shapes to draw and where (from the same FlowGraph the React nodes come from),
 * the hit test that finds the block under the pointer, and the drawing onto a 2D context.
 */
import { getBezierPath, getSmoothStepPath, Position, type Edge } from '@xyflow/react';
import { portKindOf, specOf, type BlockCategory, type PortKind, type TensorType } from '../../engine';
import type { FlowGraph, FlowNode } from './adapter';
import { BLOCK_WIDTH, blockHeight, portCenterY } from './geometry';
import { WRAP_EDGE_OFFSET } from './routing';

/**
 * The bitmap takes over from this many shown blocks. A template's dozen simplified elements cost the browser
 * little, and as elements every block and edge keeps its keyboard focus, hover and click; it is past a few
 * hundred that restyling and repainting them makes panning stutter (bench/canvas/results.md).
 */
export const OVERVIEW_MIN_BLOCKS = 100;

/** A block as the overview draws it, in flow coordinates. */
export interface OverviewBlock {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  category: BlockCategory;
  /** What the block is called on the canvas: its own label, else its kind's name in the UI language. */
  title: string;
  frozen: boolean;
  hasError: boolean;
}

export interface OverviewEdge {
  id: string;
  /** SVG path data, the same curve React Flow would draw for this edge. */
  path: string;
  kind: PortKind | 'unknown';
  selected: boolean;
}

export interface OverviewScene {
  blocks: OverviewBlock[];
  edges: OverviewEdge[];
  /** Everything drawn, with a margin for line widths (flow coordinates); zero-sized when nothing is. */
  bounds: { x: number; y: number; width: number; height: number };
}

/**
 * Where an edge meets a block: React Flow puts a left/right handle's centre on the border and the edge's end
 * on the handle's outer side (`.block .port` is 12 px wide).
 */
const HANDLE_OUTSET = 6;
const BOUNDS_MARGIN = 40;

interface Anchor {
  x: number;
  y: number;
}

/**
 * The shapes to draw for a graph: every block that is shown and not `inReact` (drawn by React Flow instead), and
 * every edge with at least one end drawn here (an edge between two React-drawn nodes is React Flow's).
 */
export function overviewScene(graph: FlowGraph, inReact: (id: string) => boolean, nameOf: (kind: string) => string): OverviewScene {
  const byId = new Map<string, FlowNode>();
  for (const n of graph.nodes) byId.set(n.id, n);
  const blocks: OverviewBlock[] = [];
  for (const n of graph.nodes) {
    if (n.type !== 'block' || n.hidden || inReact(n.id)) continue;
    const spec = specOf(n.data.kind);
    blocks.push({
      id: n.id,
      x: n.position.x,
      y: n.position.y,
      width: BLOCK_WIDTH,
      height: spec ? blockHeight(spec) : 100,
      category: spec?.category ?? 'layers',
      title: n.data.label || (spec ? nameOf(spec.kind) : n.data.kind),
      frozen: n.data.frozen,
      hasError: n.data.problems.some((p) => p.severity !== 'warning'),
    });
  }

  const edges: OverviewEdge[] = [];
  for (const e of graph.edges) {
    if (inReact(e.source) && inReact(e.target)) continue;
    const source = anchorOf(byId.get(e.source), e.sourceHandle, 'out');
    const target = anchorOf(byId.get(e.target), e.targetHandle, 'in');
    if (!source || !target) continue;
    const type = (e.data as { type?: TensorType } | undefined)?.type;
    edges.push({ id: e.id, path: edgePath(e, source, target), kind: type ? portKindOf(type) : 'unknown', selected: !!e.selected });
  }

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const include = (x: number, y: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  for (const b of blocks) {
    include(b.x, b.y);
    include(b.x + b.width, b.y + b.height);
  }
  // Edges leave blocks sideways and wrap edges run along corridors between rows; their ends bound them well
  // enough with the margin, except a corridor edge that leaves the blocks' box (its corridor y is in the path).
  for (const e of graph.edges) {
    const corridorY = (e.data as { corridorY?: number } | undefined)?.corridorY;
    if (typeof corridorY === 'number' && Number.isFinite(minX)) include(minX, corridorY);
  }
  const bounds = Number.isFinite(minX)
    ? { x: minX - BOUNDS_MARGIN, y: minY - BOUNDS_MARGIN, width: maxX - minX + 2 * BOUNDS_MARGIN, height: maxY - minY + 2 * BOUNDS_MARGIN }
    : { x: 0, y: 0, width: 0, height: 0 };
  return { blocks, edges, bounds };
}

function anchorOf(node: FlowNode | undefined, handle: string | null | undefined, side: 'in' | 'out'): Anchor | null {
  if (!node) return null;
  const x = side === 'out' ? node.position.x + (node.width ?? BLOCK_WIDTH) + HANDLE_OUTSET : node.position.x - HANDLE_OUTSET;
  if (node.type === 'block') {
    const spec = specOf(node.data.kind);
    const ports = side === 'out' ? spec?.outputs : spec?.inputs;
    const index = Math.max(0, ports?.findIndex((p) => p.name === handle) ?? 0);
    return { x: side === 'out' ? node.position.x + BLOCK_WIDTH + HANDLE_OUTSET : x, y: node.position.y + portCenterY(index) };
  }
  // A collapsed group's frame: its crossing handles sit one per row down its side (GroupFrameNode.tsx).
  const ports = side === 'out' ? node.data.outputs : node.data.inputs;
  const index = Math.max(0, ports.findIndex((p) => p.id === handle));
  return { x, y: node.position.y + FRAME_FIRST_HANDLE + index * FRAME_HANDLE_ROW };
}

/** GroupFrameNode.tsx places a collapsed frame's handles at `top: 52 + i * 20` inside its 30 px header. */
const FRAME_FIRST_HANDLE = 30 + 52;
const FRAME_HANDLE_ROW = 20;

function edgePath(e: Edge, s: Anchor, t: Anchor): string {
  const corridorY = (e.data as { corridorY?: number } | undefined)?.corridorY;
  const ends = { sourceX: s.x, sourceY: s.y, sourcePosition: Position.Right, targetX: t.x, targetY: t.y, targetPosition: Position.Left };
  if (e.type === 'wrap' && typeof corridorY === 'number') {
    return getSmoothStepPath({ ...ends, centerY: corridorY, offset: WRAP_EDGE_OFFSET, borderRadius: 10 })[0];
  }
  return getBezierPath(ends)[0];
}

/** A shown block's box and title, for finding the block under the pointer whoever draws it. */
export interface BlockTarget {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
}

/** Every shown block (not inside a collapsed group), in drawing order. */
export function blockTargets(graph: FlowGraph, nameOf: (kind: string) => string): BlockTarget[] {
  const targets: BlockTarget[] = [];
  for (const n of graph.nodes) {
    if (n.type !== 'block' || n.hidden) continue;
    const spec = specOf(n.data.kind);
    targets.push({
      id: n.id,
      x: n.position.x,
      y: n.position.y,
      width: BLOCK_WIDTH,
      height: spec ? blockHeight(spec) : 100,
      title: n.data.label || (spec ? nameOf(spec.kind) : n.data.kind),
    });
  }
  return targets;
}

/** The block under a point in flow coordinates: the one drawn last (on top) when blocks overlap. */
export function blockAt<T extends Pick<BlockTarget, 'x' | 'y' | 'width' | 'height'>>(blocks: readonly T[], x: number, y: number): T | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    if (x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height) return b;
  }
  return undefined;
}

/**
 * An edge the bitmap draws, as the straight pieces of its drawn route (flow coordinates), for finding the edge
 * under the pointer: the bitmap cannot take the pointer itself, so the canvas asks what lies under it.
 */
export interface EdgeTarget {
  id: string;
  /** The route's corners in order: x0, y0, x1, y1, …. */
  points: number[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Straight pieces per curve segment: within a tenth of a screen pixel of the curve at every zoom the bitmap serves. */
const CURVE_STEPS = 16;

/**
 * The points along an SVG path as React Flow writes edges (absolute or relative M, L, H, V, C, Q and Z), curves
 * broken into CURVE_STEPS straight pieces. Anything else in the path ends it where it was.
 */
export function flattenPath(d: string, steps = CURVE_STEPS): number[] {
  const tokens = d.match(/[MLHVCQZmlhvcqz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? [];
  const points: number[] = [];
  let i = 0;
  let command = '';
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  const num = () => Number(tokens[i++]);
  const hasNumber = () => i < tokens.length && !/^[A-Za-z]$/.test(tokens[i]);
  while (i < tokens.length) {
    const before = points.length;
    if (/^[A-Za-z]$/.test(tokens[i])) command = tokens[i++];
    else if (!command) return points;
    const relative = command === command.toLowerCase();
    const ox = relative ? x : 0;
    const oy = relative ? y : 0;
    switch (command.toUpperCase()) {
      case 'M':
        x = ox + num();
        y = oy + num();
        startX = x;
        startY = y;
        points.push(x, y);
        command = relative ? 'l' : 'L'; // further pairs after a move are lines
        break;
      case 'L':
        x = ox + num();
        y = oy + num();
        points.push(x, y);
        break;
      case 'H':
        x = ox + num();
        points.push(x, y);
        break;
      case 'V':
        y = oy + num();
        points.push(x, y);
        break;
      case 'C': {
        const [x1, y1, x2, y2, x3, y3] = [ox + num(), oy + num(), ox + num(), oy + num(), ox + num(), oy + num()];
        for (let k = 1; k <= steps; k++) {
          const t = k / steps;
          const u = 1 - t;
          points.push(u * u * u * x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3, u * u * u * y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3);
        }
        x = x3;
        y = y3;
        break;
      }
      case 'Q': {
        const [x1, y1, x2, y2] = [ox + num(), oy + num(), ox + num(), oy + num()];
        for (let k = 1; k <= steps; k++) {
          const t = k / steps;
          const u = 1 - t;
          points.push(u * u * x + 2 * u * t * x1 + t * t * x2, u * u * y + 2 * u * t * y1 + t * t * y2);
        }
        x = x2;
        y = y2;
        break;
      }
      case 'Z':
        x = startX;
        y = startY;
        points.push(x, y);
        if (hasNumber()) return points;
        break;
      default:
        return points;
    }
    // A command short of numbers (a malformed path) ends the route at the last whole point.
    if (!Number.isFinite(x) || !Number.isFinite(y) || points.some((v) => !Number.isFinite(v))) {
      points.length = before;
      return points;
    }
  }
  return points;
}

/** The routes of the edges a scene draws, for `edgesNear`. */
export function edgeTargets(scene: Pick<OverviewScene, 'edges'>): EdgeTarget[] {
  return scene.edges.map((e) => {
    const points = flattenPath(e.path);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let k = 0; k < points.length; k += 2) {
      minX = Math.min(minX, points[k]);
      maxX = Math.max(maxX, points[k]);
      minY = Math.min(minY, points[k + 1]);
      maxY = Math.max(maxY, points[k + 1]);
    }
    return { id: e.id, points, minX, minY, maxX, maxY };
  });
}

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 > 0 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2)) : 0;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * The ids of the edges whose drawn route passes within `tolerance` of (x, y) (flow coordinates), nearest first;
 * of two at the same distance, the one drawn later (on top) first.
 */
export function edgesNear(targets: readonly EdgeTarget[], x: number, y: number, tolerance: number): string[] {
  const hits: { id: string; distance: number; order: number }[] = [];
  targets.forEach((e, order) => {
    if (x < e.minX - tolerance || x > e.maxX + tolerance || y < e.minY - tolerance || y > e.maxY + tolerance) return;
    let best = Infinity;
    const p = e.points;
    for (let k = 0; k + 3 < p.length; k += 2) best = Math.min(best, segmentDistance(x, y, p[k], p[k + 1], p[k + 2], p[k + 3]));
    if (p.length === 2) best = Math.hypot(x - p[0], y - p[1]);
    if (best <= tolerance) hits.push({ id: e.id, distance: best, order });
  });
  hits.sort((a, b) => a.distance - b.distance || b.order - a.order);
  return hits.map((h) => h.id);
}

/** Colours and font, read from the app's stylesheet so the bitmap matches the elements it stands in for. */
export interface OverviewStyle {
  panel: string;
  border: string;
  error: string;
  text: string;
  /** A block category's header stripe (`--cat-*`). */
  category: Record<string, string>;
  /** An edge's colour by what it carries (`--port-*`); `unknown` is dashed grey. */
  port: Record<string, string>;
  fontFamily: string;
}

/** The simplified block's title: `.block-simple-title` in app.css (26 px, semibold, up to three lines). */
export const TITLE_FONT_SIZE = 26;
const TITLE_LINE_HEIGHT = 1.15;
const TITLE_MAX_LINES = 3;
const TITLE_PADDING = 12;
/** Below this many screen pixels a title is a grey bar: text that small is unreadable and costs most to draw. */
const MIN_LEGIBLE_TEXT_PX = 4;

/**
 * Draws the scene onto a context whose pixels are `scale` times flow units, with flow point (originX,
 * originY) at the context's top-left. Edges first, then blocks over them, as React Flow layers them.
 */
export function drawOverview(ctx: CanvasRenderingContext2D, scene: OverviewScene, style: OverviewStyle, scale: number, originX: number, originY: number): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(scale, 0, 0, scale, -originX * scale, -originY * scale);
  // At least about one screen pixel wide, or a zoomed-out edge would fade to nothing.
  const hairline = 1 / scale;

  const byKind = new Map<string, Path2D>();
  const selected = new Path2D();
  for (const e of scene.edges) {
    const path = new Path2D(e.path);
    if (e.selected) selected.addPath(path);
    let p = byKind.get(e.kind);
    if (!p) byKind.set(e.kind, (p = new Path2D()));
    p.addPath(path);
  }
  ctx.lineWidth = Math.max(2, hairline);
  for (const [kind, path] of byKind) {
    ctx.strokeStyle = style.port[kind] ?? style.port.unknown;
    ctx.setLineDash(kind === 'unknown' ? [5, 4] : []);
    ctx.stroke(path);
  }
  ctx.setLineDash([]);
  ctx.lineWidth = Math.max(3.5, 2 * hairline);
  ctx.strokeStyle = style.port.selected ?? style.border;
  ctx.stroke(selected);

  // Bodies in one path, borders in two (ordinary, with a problem), header stripes one path per category.
  const bodies = new Path2D();
  const problemBodies = new Path2D();
  const stripes = new Map<string, Path2D>();
  for (const b of scene.blocks) {
    (b.hasError ? problemBodies : bodies).roundRect(b.x, b.y, b.width, b.height, 8);
    let s = stripes.get(b.category);
    if (!s) stripes.set(b.category, (s = new Path2D()));
    s.roundRect(b.x, b.y, b.width, 5, [8, 8, 0, 0]);
  }
  ctx.fillStyle = style.panel;
  ctx.fill(bodies);
  ctx.fill(problemBodies);
  ctx.lineWidth = Math.max(1, hairline);
  ctx.strokeStyle = style.border;
  ctx.stroke(bodies);
  ctx.strokeStyle = style.error;
  ctx.lineWidth = Math.max(2, hairline);
  ctx.stroke(problemBodies);
  for (const [category, path] of stripes) {
    ctx.fillStyle = style.category[category] ?? style.category.layers;
    ctx.fill(path);
  }

  const lineHeight = TITLE_FONT_SIZE * TITLE_LINE_HEIGHT;
  const legible = TITLE_FONT_SIZE * scale >= MIN_LEGIBLE_TEXT_PX;
  ctx.font = `600 ${TITLE_FONT_SIZE}px ${style.fontFamily}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = legible ? style.text : 'rgba(29, 35, 48, 0.28)';
  for (const b of scene.blocks) {
    const title = b.frozen ? `❄ ${b.title}` : b.title;
    const lines = titleLines(ctx, title, b.width - 2 * TITLE_PADDING);
    const top = b.y + b.height / 2 - ((lines.length - 1) * lineHeight) / 2;
    if (legible) {
      // A graph repeats a handful of names: each is drawn once per resolution and copied, as text costs most.
      const sprite = titleSprite(ctx, lines, b.width, scale, style.text);
      if (sprite) ctx.drawImage(sprite, b.x, top - lineHeight / 2, b.width, lines.length * lineHeight);
      else lines.forEach((line, i) => ctx.fillText(line, b.x + b.width / 2, top + i * lineHeight));
      continue;
    }
    lines.forEach((line, i) => {
      const cy = top + i * lineHeight;
      const w = Math.min(b.width - 2 * TITLE_PADDING, lineWidths.get(line) ?? b.width / 2);
      ctx.fillRect(b.x + (b.width - w) / 2, cy - TITLE_FONT_SIZE * 0.35, w, TITLE_FONT_SIZE * 0.7);
    });
  }
}

const sprites = new Map<string, HTMLCanvasElement>();

/** A title's lines drawn once into a small canvas at the bitmap's resolution (null where no DOM canvas exists). */
function titleSprite(ctx: CanvasRenderingContext2D, lines: string[], width: number, scale: number, color: string): HTMLCanvasElement | null {
  if (typeof document === 'undefined') return null;
  const key = `${ctx.font}\n${scale}\n${color}\n${width}\n${lines.join('\n')}`;
  let sprite = sprites.get(key);
  if (sprite) return sprite;
  const lineHeight = TITLE_FONT_SIZE * TITLE_LINE_HEIGHT;
  sprite = document.createElement('canvas');
  sprite.width = Math.max(1, Math.ceil(width * scale));
  sprite.height = Math.max(1, Math.ceil(lines.length * lineHeight * scale));
  // In memory like the bitmap it is copied into (OverviewCanvas.tsx): a GPU sprite would be read back per copy.
  const s = sprite.getContext('2d', { willReadFrequently: true });
  if (!s) return null;
  s.scale(sprite.width / width, sprite.height / (lines.length * lineHeight));
  s.font = ctx.font;
  s.textAlign = 'center';
  s.textBaseline = 'middle';
  s.fillStyle = color;
  lines.forEach((line, i) => s.fillText(line, width / 2, (i + 0.5) * lineHeight));
  if (sprites.size > 400) sprites.clear();
  sprites.set(key, sprite);
  return sprite;
}

// Line breaking measures text, which is slow next to drawing it: each title's lines are kept per font.
const layoutCache = new Map<string, string[]>();
const lineWidths = new Map<string, number>();

/**
 * A title broken into at most three lines of `maxWidth` (flow units at the title font): at spaces where it
 * can, anywhere inside a word that is wider than a line (CSS `overflow-wrap: anywhere`), the last line
 * ending in an ellipsis when the title does not fit.
 */
export function titleLines(ctx: Pick<CanvasRenderingContext2D, 'measureText' | 'font'>, title: string, maxWidth: number): string[] {
  const key = `${ctx.font}\n${maxWidth}\n${title}`;
  const cached = layoutCache.get(key);
  if (cached) return cached;
  const width = (s: string) => ctx.measureText(s).width;
  const lines: string[] = [];
  let line = '';
  const push = (text: string) => {
    lines.push(text);
    lineWidths.set(text, width(text));
  };
  // Break opportunities as CSS has them: at spaces, and after a hyphen (“Feed-” / “forward”).
  const words = title
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => w.split(/(?<=-)(?=.)/).map((part, i) => ({ part, glue: i === 0 ? ' ' : '' })));
  for (const { part: word, glue } of words) {
    const candidate = line ? `${line}${glue}${word}` : word;
    if (width(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) push(line);
    // A word wider than a line is broken between characters (Korean names often have no spaces to break at).
    let rest = word;
    while (width(rest) > maxWidth) {
      let cut = rest.length - 1;
      while (cut > 1 && width(rest.slice(0, cut)) > maxWidth) cut--;
      push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) push(line);
  let result = lines;
  if (lines.length > TITLE_MAX_LINES) {
    let last = lines[TITLE_MAX_LINES - 1];
    while (last.length > 1 && width(`${last}…`) > maxWidth) last = last.slice(0, -1);
    result = [...lines.slice(0, TITLE_MAX_LINES - 1), `${last}…`];
    lineWidths.set(`${last}…`, width(`${last}…`));
  }
  if (layoutCache.size > 5000) {
    layoutCache.clear();
    lineWidths.clear();
  }
  layoutCache.set(key, result);
  return result;
}

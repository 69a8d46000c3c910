/**
 * Where to draw an edge whose target lies to the left of its source (the next row of a wrapped layout, or
 * blocks moved by hand). Drawn as React Flow's default curve it would run back across the blocks between
 * its ends; instead it leaves the source to the right, drops into a horizontal corridor that no block
 * occupies, runs left along it and enters the target from the left (the `wrap` edge, WrapEdge.tsx).
 */
import type { Size } from './geometry';

export interface Rect extends Size {
  x: number;
  y: number;
}

/** How far a wrap edge runs straight out of its handles before it turns; the canvas's smooth-step offset too. */
export const WRAP_EDGE_OFFSET = 20;
/** Clearance kept between a corridor and the blocks above and below it. */
const CLEARANCE = 10;
/** Distance between parallel wrap edges that share a corridor, so their lines and labels do not coincide. */
export const CORRIDOR_LANE = 14;

/** An edge needs a wrap route when its target's left side is not clear to the right of its source. */
export function needsWrapRoute(source: Rect, target: Rect): boolean {
  return target.x < source.x + source.width + 2 * WRAP_EDGE_OFFSET;
}

export interface Corridor {
  /** The band [top, bottom] free of blocks across the edge's horizontal run. */
  top: number;
  bottom: number;
}

/**
 * Obstacles in the order findCorridor needs them (by top edge). Sorted once per drawing of the canvas, not
 * once per edge: a 1,000-block graph has dozens of wrapped edges.
 */
export function sortedByTop(rects: Iterable<Rect>): Rect[] {
  return [...rects].sort((a, b) => a.y - b.y);
}

/**
 * The free horizontal band for an edge from `source` to `target` (rects of their nodes) among `obstacles`
 * (sorted by top edge: sortedByTop): free of every obstacle whose x-range meets the edge's horizontal run. Of those, the one whose two vertical legs (down
 * the right of the source, up or down the left of the target) cross the fewest blocks, then the nearest to
 * the span between the two nodes' vertical centres, then the nearest to the target.
 */
export function findCorridor(source: Rect, target: Rect, obstacles: readonly Rect[]): Corridor {
  const runLeft = Math.min(target.x, source.x + source.width) - WRAP_EDGE_OFFSET - CLEARANCE;
  const runRight = Math.max(target.x, source.x + source.width) + WRAP_EDGE_OFFSET + CLEARANCE;
  // Sweep the blocked y-intervals top to bottom; the gaps between them (and above and below all) are the
  // free bands.
  const bands: Corridor[] = [];
  let cursor = -Infinity;
  for (const r of obstacles) {
    if (r.x >= runRight || r.x + r.width <= runLeft) continue;
    const top = r.y - CLEARANCE;
    if (top > cursor) bands.push({ top: cursor, bottom: top });
    cursor = Math.max(cursor, r.y + r.height + CLEARANCE);
  }
  bands.push({ top: cursor, bottom: Infinity });

  const sourceY = source.y + source.height / 2;
  const targetY = target.y + target.height / 2;
  const from = Math.min(sourceY, targetY);
  const to = Math.max(sourceY, targetY);
  const sourceLegX = source.x + source.width + WRAP_EDGE_OFFSET;
  const targetLegX = target.x - WRAP_EDGE_OFFSET;
  // Only blocks standing where a leg runs can be crossed by it; on a large graph that is a small share.
  const onLegs = obstacles.filter((r) => r !== source && r !== target && ((sourceLegX > r.x && sourceLegX < r.x + r.width) || (targetLegX > r.x && targetLegX < r.x + r.width)));
  const crossings = (band: Corridor) => {
    const y = laneY(band, 0, 1);
    return onLegs.filter((r) => crossesVertical(r, sourceLegX, sourceY, y) || crossesVertical(r, targetLegX, y, targetY)).length;
  };
  const score = (band: Corridor): [number, number, number] => [
    crossings(band),
    band.bottom < from ? from - band.bottom : band.top > to ? band.top - to : 0,
    Math.abs(laneY(band, 0, 1) - targetY),
  ];
  let best = bands[0];
  let bestScore = score(best);
  for (const band of bands.slice(1)) {
    const sc = score(band);
    if (sc[0] < bestScore[0] || (sc[0] === bestScore[0] && (sc[1] < bestScore[1] || (sc[1] === bestScore[1] && sc[2] < bestScore[2])))) {
      best = band;
      bestScore = sc;
    }
  }
  return best;
}

function crossesVertical(r: Rect, x: number, y0: number, y1: number): boolean {
  return x > r.x && x < r.x + r.width && Math.max(y0, y1) > r.y && Math.min(y0, y1) < r.y + r.height;
}

/** The y of lane `lane` of `lanes` in a corridor: centred in a bounded band, close to the blocks in an open one. */
export function laneY(corridor: Corridor, lane: number, lanes: number): number {
  const spread = (lane - (lanes - 1) / 2) * CORRIDOR_LANE;
  if (Number.isFinite(corridor.top) && Number.isFinite(corridor.bottom)) return (corridor.top + corridor.bottom) / 2 + spread;
  if (Number.isFinite(corridor.top)) return corridor.top + CLEARANCE + lane * CORRIDOR_LANE;
  if (Number.isFinite(corridor.bottom)) return corridor.bottom - CLEARANCE - lane * CORRIDOR_LANE;
  return spread;
}

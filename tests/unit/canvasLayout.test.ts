import { describe, expect, it } from 'vitest';
import { specOf } from '../../engine/blocks/specs';
import { analyzeGraph } from '../../engine/graph/analyze';
import { templates } from '../../engine/templates/index';
import { docToFlow } from '../../renderer/canvas/adapter';
import { BLOCK_WIDTH, FIT_PADDING, MINIMAP, blockHeight, fitPadding, showsMinimap } from '../../renderer/canvas/geometry';
import { ROW_GAP, layoutDoc, wrapIntoRows, type LaidBox } from '../../renderer/canvas/layout';
import { WRAP_EDGE_OFFSET, findCorridor, needsWrapRoute, sortedByTop, type Rect } from '../../renderer/canvas/routing';
import { EMPTY_SELECTION } from '../../renderer/store/documentStore';
import { STUDIO_DOCK, VIEW_PREFERENCES_KEY, clampStudioDockHeight, readViewPreferences } from '../../renderer/store/viewStore';

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('wrapping a left-to-right layout into rows', () => {
  /** A chain of `n` boxes 200 wide, 70 apart, as elk lays a chain out. */
  const chain = (n: number): LaidBox[] => Array.from({ length: n }, (_, i) => ({ id: `b${i}`, x: i * 270, y: 0, width: 200, height: 100 }));

  it('keeps a short chain in one row in a wide canvas and cuts a long one into rows shaped like the canvas', () => {
    expect(new Set(wrapIntoRows(chain(3), 4).map((b) => b.y)).size).toBe(1);
    const rows = wrapIntoRows(chain(12), 1.4);
    const tops = [...new Set(rows.map((b) => b.y))].sort((a, b) => a - b);
    expect(tops.length).toBeGreaterThan(1);
    // Rows are stacked with the corridor between them, and each row starts at the left edge.
    expect(tops[1] - tops[0]).toBe(100 + ROW_GAP);
    for (const top of tops) expect(Math.min(...rows.filter((b) => b.y === top).map((b) => b.x))).toBe(0);
    // Reading order is kept: row by row, left to right, the chain's order.
    const order = [...rows].sort((a, b) => a.y - b.y || a.x - b.x).map((b) => b.id);
    expect(order).toEqual(chain(12).map((b) => b.id));
    // A wider canvas gets fewer rows.
    expect(new Set(wrapIntoRows(chain(12), 4).map((b) => b.y)).size).toBeLessThan(tops.length);
  });

  it('never splits a column: boxes whose x-ranges overlap stay in one row', () => {
    const boxes: LaidBox[] = [...chain(10), { id: 'under3', x: 3 * 270 + 50, y: 150, width: 200, height: 100 }];
    const rows = wrapIntoRows(boxes, 1);
    const b3 = rows.find((b) => b.id === 'b3')!;
    const under = rows.find((b) => b.id === 'under3')!;
    expect(new Set(rows.map((b) => b.y)).size).toBeGreaterThan(2); // the chain was wrapped…
    // …yet the box under b3 kept its place relative to b3: same row, same offsets.
    expect(under.y - b3.y).toBe(150);
    expect(under.x - b3.x).toBe(50);
  });
});

describe('routing an edge to a block on the left', () => {
  const box = (x: number, y: number, width = 200, height = 100): Rect => ({ x, y, width, height });

  it('needs a wrap route only when the target does not start clear to the right of the source', () => {
    expect(needsWrapRoute(box(0, 0), box(300, 0))).toBe(false);
    expect(needsWrapRoute(box(0, 0), box(200 + 2 * WRAP_EDGE_OFFSET - 1, 0))).toBe(true);
    expect(needsWrapRoute(box(600, 0), box(0, 300))).toBe(true);
  });

  it('finds the empty corridor between two rows, not a band through the blocks', () => {
    const row1 = [box(0, 0), box(270, 0, 200, 160), box(540, 0)];
    const row2 = [box(0, 300), box(270, 300), box(540, 300)];
    const all = sortedByTop([...row1, ...row2]);
    const corridor = findCorridor(row1[2], row2[0], all);
    expect(corridor.top).toBeGreaterThanOrEqual(160);
    expect(corridor.bottom).toBeLessThanOrEqual(300);
  });

  it('goes around the blocks when no band between the two is free', () => {
    const source = box(400, 0, 200, 300);
    const target = box(0, 100);
    const blocker = box(150, 0, 200, 300);
    const corridor = findCorridor(source, target, sortedByTop([source, target, blocker]));
    expect(corridor.top >= 300 || corridor.bottom <= 0).toBe(true);
  });
});

describe('every template, laid out', () => {
  for (const template of templates) {
    it(`${template.id}: no block overlaps another, and no edge runs back across a block`, async () => {
      const doc = await layoutDoc(template.build());
      const rects = doc.nodes.map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, width: BLOCK_WIDTH, height: blockHeight(specOf(n.kind)!) }));
      for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlaps(rects[i], rects[j]), `${rects[i].id} overlaps ${rects[j].id}`).toBe(false);

      const flow = docToFlow(doc, analyzeGraph(doc), EMPTY_SELECTION);
      const byId = new Map(rects.map((r) => [r.id, r]));
      for (const edge of flow.edges) {
        const s = byId.get(edge.source)!;
        const t = byId.get(edge.target)!;
        if (!needsWrapRoute(s, t)) continue;
        // A backward edge is drawn along its corridor: the horizontal run from the target's left to the
        // source's right must cross no block.
        expect(edge.type, `${edge.id} runs backward but is not routed`).toBe('wrap');
        const y = (edge.data as { corridorY: number }).corridorY;
        const run: Rect = { x: t.x - WRAP_EDGE_OFFSET, y: y - 1, width: s.x + s.width + 2 * WRAP_EDGE_OFFSET - t.x, height: 2 };
        for (const r of rects) expect(overlaps(run, r), `${edge.id}'s corridor at y ${y} crosses ${r.id}`).toBe(false);
      }
    });
  }
});

describe('the minimap and fit view', () => {
  it('shows the minimap only in a canvas large enough for it', () => {
    expect(showsMinimap({ width: 770, height: 580 })).toBe(true);
    expect(showsMinimap({ width: 770, height: 310 })).toBe(false);
    expect(showsMinimap({ width: 400, height: 580 })).toBe(false);
  });

  it('keeps the minimap corner free along the side that costs the graph less zoom', () => {
    const canvas = { width: 800, height: 600 };
    // A wide, flat graph: its width limits the zoom, so a strip along the bottom is free.
    expect(fitPadding({ width: 3000, height: 300 }, canvas, true)).toMatchObject({ right: FIT_PADDING, bottom: expect.stringMatching(/px$/) });
    // A tall, narrow graph: its height limits the zoom, so the strip goes on the right.
    expect(fitPadding({ width: 300, height: 3000 }, canvas, true)).toMatchObject({ bottom: FIT_PADDING, right: expect.stringMatching(/px$/) });
    const tall = fitPadding({ width: 300, height: 3000 }, canvas, true) as { right: string };
    expect(parseFloat(tall.right)).toBeGreaterThanOrEqual(MINIMAP.width + MINIMAP.margin);
    // Without a minimap there is nothing to keep free.
    expect(fitPadding({ width: 300, height: 3000 }, canvas, false)).toBe(FIT_PADDING);
  });
});

describe('remembered view preferences', () => {
  const storage = (value: string | null) => ({ getItem: (key: string) => (key === VIEW_PREFERENCES_KEY ? value : null) });

  it('reads the studio dock height, the level-of-detail switch and the studio open choice, with defaults for anything malformed', () => {
    expect(readViewPreferences(storage(JSON.stringify({ studioDockHeight: 420, simplifyZoomedOut: false })))).toEqual({ studioDockHeight: 420, simplifyZoomedOut: false, studioOpen: null });
    expect(readViewPreferences(storage(JSON.stringify({ studioDockHeight: 420, simplifyZoomedOut: false, studioOpen: false })))).toEqual({ studioDockHeight: 420, simplifyZoomedOut: false, studioOpen: false });
    expect(readViewPreferences(storage(null))).toEqual({ studioDockHeight: STUDIO_DOCK.default, simplifyZoomedOut: true, studioOpen: null });
    expect(readViewPreferences(storage('{not json'))).toEqual({ studioDockHeight: STUDIO_DOCK.default, simplifyZoomedOut: true, studioOpen: null });
    expect(readViewPreferences(storage(JSON.stringify({ studioDockHeight: '9', simplifyZoomedOut: 1, studioOpen: 'yes' })))).toEqual({ studioDockHeight: STUDIO_DOCK.default, simplifyZoomedOut: true, studioOpen: null });
    expect(readViewPreferences(storage(JSON.stringify({ studioDockHeight: 5 }))).studioDockHeight).toBe(STUDIO_DOCK.min);
  });

  it('keeps the dock between its minimum and what the window leaves the canvas', () => {
    expect(clampStudioDockHeight(10)).toBe(STUDIO_DOCK.min);
    expect(clampStudioDockHeight(500, 400)).toBe(400);
    expect(clampStudioDockHeight(500, 100)).toBe(STUDIO_DOCK.min);
    expect(clampStudioDockHeight(1e9)).toBe(STUDIO_DOCK.max);
    expect(clampStudioDockHeight(Number.NaN)).toBe(STUDIO_DOCK.default);
  });
});

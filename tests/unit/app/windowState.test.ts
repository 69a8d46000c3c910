import { describe, expect, it } from 'vitest';
import { clampToArea, displayKey, parseWindowState, restorePlacement, type DisplayArea, type WindowStateFile } from '../../../app/windowState';

const defaults = { width: 1440, height: 900, minWidth: 960, minHeight: 600 };
const min = { width: defaults.minWidth, height: defaults.minHeight };
const laptop: DisplayArea = { id: 1, bounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitor: DisplayArea = { id: 2, bounds: { x: 1440, y: -200, width: 2560, height: 1440 }, workArea: { x: 1440, y: -200, width: 2560, height: 1400 } };

function state(entries: Record<string, { bounds: { x: number; y: number; width: number; height: number }; maximized?: boolean; studioHeight?: number }>, last?: string): WindowStateFile {
  return {
    version: 1,
    displays: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, { maximized: false, ...v }])),
    ...(last ? { last } : {}),
  };
}

describe('clampToArea', () => {
  it('moves a window that hangs off an edge back inside, keeping its size', () => {
    expect(clampToArea({ x: 1300, y: -50, width: 1000, height: 700 }, laptop.workArea, min)).toEqual({ x: 440, y: 25, width: 1000, height: 700 });
  });

  it('shrinks a window larger than the area to the area', () => {
    expect(clampToArea({ x: 0, y: 0, width: 2400, height: 1300 }, laptop.workArea, min)).toEqual(laptop.workArea);
  });

  it('grows a window below the minimum size, but never beyond the area', () => {
    expect(clampToArea({ x: 10, y: 30, width: 200, height: 100 }, laptop.workArea, min)).toEqual({ x: 10, y: 30, width: 960, height: 600 });
    const tiny = { x: 0, y: 0, width: 800, height: 500 };
    expect(clampToArea({ x: 0, y: 0, width: 200, height: 100 }, tiny, min)).toEqual({ x: 0, y: 0, width: 800, height: 500 });
  });
});

describe('restorePlacement', () => {
  it('opens centred on the primary display at the default size the first time', () => {
    expect(restorePlacement(null, [laptop], laptop, defaults)).toEqual({
      bounds: { x: 0, y: 25, width: 1440, height: 875 },
      maximized: false,
      studioHeight: null,
      displayKey: '1:1440x900',
    });
    const big: DisplayArea = { id: 3, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
    expect(restorePlacement(null, [big], big, defaults).bounds).toEqual({ x: 240, y: 70, width: 1440, height: 900 });
  });

  it('goes back to the display it was last on, with that display’s place, maximised state and studio height', () => {
    const saved = state(
      {
        [displayKey(laptop)]: { bounds: { x: 100, y: 100, width: 1000, height: 700 }, studioHeight: 250 },
        [displayKey(monitor)]: { bounds: { x: 2000, y: 0, width: 1800, height: 1100 }, maximized: true, studioHeight: 420 },
      },
      displayKey(monitor),
    );
    expect(restorePlacement(saved, [laptop, monitor], laptop, defaults)).toEqual({
      bounds: { x: 2000, y: 0, width: 1800, height: 1100 },
      maximized: true,
      studioHeight: 420,
      displayKey: '2:2560x1440',
    });
    // The monitor is gone: the laptop's own placement.
    expect(restorePlacement(saved, [laptop], laptop, defaults)).toMatchObject({ bounds: { x: 100, y: 100, width: 1000, height: 700 }, studioHeight: 250 });
  });

  it('does not mistake a different monitor that took over a display id for the remembered one', () => {
    const saved = state({ [displayKey(monitor)]: { bounds: { x: 2000, y: 0, width: 1800, height: 1100 } } }, displayKey(monitor));
    const otherMonitorSameId: DisplayArea = { ...monitor, bounds: { ...monitor.bounds, width: 1280, height: 1024 } };
    expect(restorePlacement(saved, [laptop, otherMonitorSameId], laptop, defaults).displayKey).toBe('1:1440x900');
  });

  it('clamps a remembered place into the work area when the resolution went down', () => {
    const key = displayKey(laptop);
    const saved = state({ [key]: { bounds: { x: 900, y: 600, width: 1200, height: 800 } } }, key);
    const b = restorePlacement(saved, [laptop], laptop, defaults).bounds;
    expect(b).toEqual({ x: 240, y: 100, width: 1200, height: 800 });
  });
});

describe('parseWindowState', () => {
  it('keeps well-formed entries and drops the rest', () => {
    const parsed = parseWindowState({
      version: 1,
      last: 'a',
      displays: {
        a: { bounds: { x: 1, y: 2, width: 300, height: 400 }, maximized: true, studioHeight: 333.4 },
        b: { bounds: { x: 'left', y: 2, width: 300, height: 400 } },
        c: { bounds: { x: 1, y: 2, width: -3, height: 400 } },
        d: { bounds: { x: 1, y: 2, width: 300, height: 400 }, studioHeight: Number.NaN, maximized: 'yes' },
      },
    });
    expect(parsed).toEqual({
      version: 1,
      last: 'a',
      displays: { a: { bounds: { x: 1, y: 2, width: 300, height: 400 }, maximized: true, studioHeight: 333 }, d: { bounds: { x: 1, y: 2, width: 300, height: 400 }, maximized: false } },
    });
    expect(parseWindowState({ version: 2, displays: {} })).toBeNull();
    expect(parseWindowState('[]')).toBeNull();
    expect(parseWindowState({ version: 1, displays: {}, last: 'gone' })).toEqual({ version: 1, displays: {} });
  });
});

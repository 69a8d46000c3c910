import fs from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomicWrite';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What main reads of each screen (Electron's `Display`, reduced to what placement needs). */
export interface DisplayArea {
  id: number;
  bounds: Rect;
  /** The part of the screen not taken by the task bar, dock or menu bar. */
  workArea: Rect;
}

/** How the window sat on one display: its normal (unmaximised) bounds, and the studio's height in px. */
export interface WindowPlacement {
  bounds: Rect;
  maximized: boolean;
  studioHeight?: number;
}

export interface WindowStateFile {
  version: 1;
  /** By display key: the same window goes back where it was on the laptop screen and on the desk monitor. */
  displays: Record<string, WindowPlacement>;
  /** The display the window was last on. */
  last?: string;
}

export interface RestoredPlacement {
  bounds: Rect;
  maximized: boolean;
  studioHeight: number | null;
  displayKey: string;
}

export interface PlacementDefaults {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

const MAX_STATE_BYTES = 64 * 1024;
const MAX_DISPLAYS_REMEMBERED = 16;

/** A screen is known by its id and size, so a different monitor that takes over an id is not mistaken for it. */
export function displayKey(display: DisplayArea): string {
  return `${display.id}:${display.bounds.width}x${display.bounds.height}`;
}

/**
 * Fits `bounds` inside `area`: shrunk to the area (not below the minimum the window allows, unless the
 * area itself is smaller) and moved so that all of it shows. A window saved on a monitor that is now
 * gone, or at a larger resolution, comes back whole and on screen.
 */
export function clampToArea(bounds: Rect, area: Rect, min: { width: number; height: number }): Rect {
  const width = Math.round(Math.min(Math.max(bounds.width, Math.min(min.width, area.width)), area.width));
  const height = Math.round(Math.min(Math.max(bounds.height, Math.min(min.height, area.height)), area.height));
  const x = Math.round(Math.min(Math.max(bounds.x, area.x), area.x + area.width - width));
  const y = Math.round(Math.min(Math.max(bounds.y, area.y), area.y + area.height - height));
  return { x, y, width, height };
}

function centred(area: Rect, width: number, height: number): Rect {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return { x: Math.round(area.x + (area.width - w) / 2), y: Math.round(area.y + (area.height - h) / 2), width: w, height: h };
}

/**
 * Where the window opens: on the display it was last on if that one is still connected, else on any
 * connected display it remembers (the primary first), else centred on the primary display at the default
 * size; always inside the chosen display's work area.
 */
export function restorePlacement(state: WindowStateFile | null, displays: readonly DisplayArea[], primary: DisplayArea, defaults: PlacementDefaults): RestoredPlacement {
  const min = { width: defaults.minWidth, height: defaults.minHeight };
  const remembered = (display: DisplayArea) => state?.displays[displayKey(display)];
  const last = state?.last ? displays.find((d) => displayKey(d) === state.last && remembered(d)) : undefined;
  const display = last ?? [primary, ...displays].find((d) => remembered(d)) ?? primary;
  const placement = remembered(display);
  if (!placement) {
    return { bounds: centred(primary.workArea, defaults.width, defaults.height), maximized: false, studioHeight: null, displayKey: displayKey(primary) };
  }
  return {
    bounds: clampToArea(placement.bounds, display.workArea, min),
    maximized: placement.maximized,
    studioHeight: placement.studioHeight ?? null,
    displayKey: displayKey(display),
  };
}

function isRect(value: unknown): value is Rect {
  const r = value as Rect;
  return (
    typeof r === 'object' &&
    r !== null &&
    [r.x, r.y, r.width, r.height].every((n) => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 1e6) &&
    r.width > 0 &&
    r.height > 0
  );
}

/** Reads a state file field by field; anything malformed is dropped, never trusted. */
export function parseWindowState(value: unknown): WindowStateFile | null {
  const raw = value as { version?: unknown; displays?: unknown; last?: unknown };
  if (typeof raw !== 'object' || raw === null || raw.version !== 1 || typeof raw.displays !== 'object' || raw.displays === null) return null;
  const displays: Record<string, WindowPlacement> = {};
  for (const [key, entry] of Object.entries(raw.displays as Record<string, unknown>).slice(0, MAX_DISPLAYS_REMEMBERED)) {
    const e = entry as { bounds?: unknown; maximized?: unknown; studioHeight?: unknown };
    if (key.length > 64 || typeof e !== 'object' || e === null || !isRect(e.bounds)) continue;
    const placement: WindowPlacement = { bounds: e.bounds, maximized: e.maximized === true };
    if (typeof e.studioHeight === 'number' && Number.isFinite(e.studioHeight) && e.studioHeight > 0 && e.studioHeight < 1e5) placement.studioHeight = Math.round(e.studioHeight);
    displays[key] = placement;
  }
  return { version: 1, displays, ...(typeof raw.last === 'string' && raw.last in displays ? { last: raw.last } : {}) };
}

/** The window state on disk (JSON in the user-data folder, written atomically). A missing or corrupt file reads as nothing. */
export class WindowStateStore {
  private state: WindowStateFile = { version: 1, displays: {} };
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<WindowStateFile | null> {
    try {
      const stat = await fs.stat(this.file);
      if (stat.size > MAX_STATE_BYTES) return null;
      const parsed = parseWindowState(JSON.parse(await fs.readFile(this.file, 'utf8')));
      if (parsed) this.state = parsed;
      return parsed;
    } catch {
      return null;
    }
  }

  current(): WindowStateFile {
    return this.state;
  }

  /** Records where the window is now (on `key`'s display); the studio's height stays as it was for that display. */
  remember(key: string, bounds: Rect, maximized: boolean): Promise<void> {
    const studioHeight = this.state.displays[key]?.studioHeight;
    return this.update(key, { bounds, maximized, ...(studioHeight ? { studioHeight } : {}) });
  }

  rememberStudioHeight(key: string, studioHeight: number): Promise<void> {
    const existing = this.state.displays[key];
    if (!existing) return Promise.resolve();
    return this.update(key, { ...existing, studioHeight: Math.round(studioHeight) });
  }

  private update(key: string, placement: WindowPlacement): Promise<void> {
    const others = Object.entries(this.state.displays).filter(([k]) => k !== key).slice(0, MAX_DISPLAYS_REMEMBERED - 1);
    this.state = { version: 1, displays: { ...Object.fromEntries(others), [key]: placement }, last: key };
    const snapshot = JSON.stringify(this.state, null, 2);
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        await fs.mkdir(path.dirname(this.file), { recursive: true });
        await writeFileAtomic(this.file, snapshot);
      });
    return this.writing;
  }
}

import { create } from 'zustand';
import type { InitFrom, Problem, WeightTransferPlan } from '../../engine';
import type { XY } from './edits';

/**
 * State of the editor's view that is not part of the document and never undone: where nodes are while a
 * drag is in progress (committed to the doc once, at drag end), the refused-connection hint, which
 * screen is showing, requests to the canvas to move its viewport, and layout preferences that are
 * remembered across sessions (in localStorage, not in the document: they belong to this machine's window,
 * not to the model).
 */
export interface ConnectHint {
  reason: string;
  x: number;
  y: number;
}

/**
 * A file that was refused, with its coded problems (the engine's, or the platform's when the file could
 * not even be read); the open document is untouched.
 */
export interface FileProblems {
  name: string;
  problems: Array<Pick<Problem, 'message' | 'fix' | 'nodeId' | 'key' | 'fixKey' | 'params'> & { code: string }>;
}

/** “Load weights from…”: the chosen model and, once the worker has matched it to this graph, the plan. */
export interface WeightTransferReview {
  initFrom: InitFrom;
  /** Null while the worker is still matching blocks. */
  plan: WeightTransferPlan | null;
  /** Why no plan could be made (the graph does not compile, the worker failed). */
  failure: string | null;
}

export interface ViewState {
  screen: 'start' | 'editor';
  dragPositions: Record<string, XY>;
  connectHint: ConnectHint | null;
  /** Bumped to ask the canvas to centre on a node. */
  centerRequest: { nodeId: string; seq: number } | null;
  /** Bumped to ask the canvas to fit the whole graph. */
  fitRequest: number;
  snapToGrid: boolean;
  /** A short notice (saved, pasted, error) shown at the bottom. */
  notice: string | null;
  /** Bumped when the native menu asks for the studio's "About the data" tab. */
  aboutDataRequest: number;
  /** Height in px of the bottom dock while the training studio is open (the user drags or keys it). */
  studioDockHeight: number;
  /** Whether the training studio is open (expanded) in the bottom dock. */
  studioOpen: boolean;
  /**
   * Draw blocks as plain named rectangles, without ports or edge labels, when zoomed out below
   * LEVEL_OF_DETAIL_ZOOM. On by default; the canvas benchmark turns it off to measure the difference.
   */
  simplifyZoomedOut: boolean;
  fileProblems: FileProblems | null;
  weightTransfer: WeightTransferReview | null;
  setScreen(screen: ViewState['screen']): void;
  setDragPositions(p: Record<string, XY>): void;
  setConnectHint(h: ConnectHint | null): void;
  centerOn(nodeId: string): void;
  requestFit(): void;
  toggleSnap(): void;
  notify(text: string | null): void;
  showAboutData(): void;
  setStudioDockHeight(px: number): void;
  /** Opens or closes the studio; the choice is remembered for the next start. */
  setStudioOpen(open: boolean): void;
  toggleStudio(): void;
  showFileProblems(problems: FileProblems | null): void;
  setWeightTransfer(review: WeightTransferReview | null): void;
}

export const STUDIO_DOCK = {
  /** Room for the studio's header, the problems strip and a few rows of its body. */
  min: 180,
  default: 260,
  /** Share of the window's height the studio opens with (see defaultStudioDockHeight). */
  windowShare: 0.325,
  /** Below this height the studio lays itself out compactly (shorter charts beside the attention map). */
  compactBelow: 400,
  /** The canvas keeps at least this much height however far the dock is dragged (see app.css too). */
  minCanvas: 200,
  /**
   * The studio starts open, when the learner has not chosen, in a window at least this tall: there the opening dock
   * (260 px at 700) leaves the canvas more than its 200 px beside the toolbar and summary bar (about 75 px).
   */
  openAtStartMinWindow: 700,
  /** An upper bound for windows that have not been laid out yet; the window's own height is the real one. */
  max: 1600,
  /** Arrow keys move the handle by `step`, Page Up/Down by `page`. */
  step: 16,
  page: 80,
} as const;

/**
 * Below this zoom a block's 11 px port labels and numbers are under 5 px on screen: unreadable, yet costly to
 * paint. A fitted template (about 0.45 to 0.9 in a 1280 × 800 window) stays above it, ports and all.
 */
export const LEVEL_OF_DETAIL_ZOOM = 0.4;

export const VIEW_PREFERENCES_KEY = 'tensorloom:view';

interface ViewPreferences {
  studioDockHeight: number;
  simplifyZoomedOut: boolean;
  /** The learner's last open/closed choice for the studio; null until they make one. */
  studioOpen: boolean | null;
}

/**
 * The open studio's first height: a share of the window, so that on a 1,280×800 laptop (260 px) it shows the run
 * controls, the loss chart and the attention map beside it without scrolling, laid out compactly, while the canvas
 * keeps the ~450 px a fitted template needs to be drawn with its ports (zoom ≥ LEVEL_OF_DETAIL_ZOOM); never less
 * than STUDIO_DOCK.default.
 * The learner's own height (dragged) is remembered instead.
 */
export function defaultStudioDockHeight(windowHeight = typeof window === 'undefined' ? 0 : window.innerHeight): number {
  return Math.max(STUDIO_DOCK.default, Math.round(windowHeight * STUDIO_DOCK.windowShare));
}

/** Whether the studio starts open when the learner has not chosen: only where the window is tall enough for it and the canvas. */
export function defaultStudioOpen(windowHeight = typeof window === 'undefined' ? 0 : window.innerHeight): boolean {
  return windowHeight >= STUDIO_DOCK.openAtStartMinWindow;
}

const DEFAULT_PREFERENCES: ViewPreferences = { studioDockHeight: defaultStudioDockHeight(), simplifyZoomedOut: true, studioOpen: null };

export function clampStudioDockHeight(px: number, available = Infinity): number {
  const max = Math.max(STUDIO_DOCK.min, Math.min(STUDIO_DOCK.max, available));
  return Math.round(Math.min(max, Math.max(STUDIO_DOCK.min, Number.isFinite(px) ? px : STUDIO_DOCK.default)));
}

/** Reads remembered preferences; anything missing, malformed or out of range falls back to the default. */
export function readViewPreferences(storage: Pick<Storage, 'getItem'> | undefined = browserStorage()): ViewPreferences {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(VIEW_PREFERENCES_KEY) ?? 'null');
    if (!raw || typeof raw !== 'object') return DEFAULT_PREFERENCES;
    const r = raw as Partial<Record<keyof ViewPreferences, unknown>>;
    return {
      studioDockHeight: typeof r.studioDockHeight === 'number' ? clampStudioDockHeight(r.studioDockHeight) : DEFAULT_PREFERENCES.studioDockHeight,
      simplifyZoomedOut: typeof r.simplifyZoomedOut === 'boolean' ? r.simplifyZoomedOut : DEFAULT_PREFERENCES.simplifyZoomedOut,
      studioOpen: typeof r.studioOpen === 'boolean' ? r.studioOpen : DEFAULT_PREFERENCES.studioOpen,
    };
  } catch {
    return DEFAULT_PREFERENCES;
  }
}

function writeViewPreferences(prefs: ViewPreferences): void {
  try {
    browserStorage()?.setItem(VIEW_PREFERENCES_KEY, JSON.stringify(prefs));
  } catch {
    // Storage full or denied: the preference lasts for this session only.
  }
}

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

const initialPreferences = readViewPreferences();
/** Kept apart from `studioOpen`: a window-height default is not a choice, and is not written down as one. */
let studioOpenChoice = initialPreferences.studioOpen;

export const useViewStore = create<ViewState>()((set, get) => ({
  screen: 'start',
  dragPositions: {},
  connectHint: null,
  centerRequest: null,
  fitRequest: 0,
  snapToGrid: true,
  notice: null,
  aboutDataRequest: 0,
  fileProblems: null,
  weightTransfer: null,
  studioDockHeight: initialPreferences.studioDockHeight,
  simplifyZoomedOut: initialPreferences.simplifyZoomedOut,
  studioOpen: initialPreferences.studioOpen ?? defaultStudioOpen(),
  setScreen: (screen) => set({ screen }),
  setDragPositions: (dragPositions) => set({ dragPositions }),
  setConnectHint: (connectHint) => {
    const cur = get().connectHint;
    if (cur === connectHint || (cur && connectHint && cur.reason === connectHint.reason && cur.x === connectHint.x && cur.y === connectHint.y)) return;
    set({ connectHint });
  },
  centerOn: (nodeId) => set({ centerRequest: { nodeId, seq: (get().centerRequest?.seq ?? 0) + 1 } }),
  requestFit: () => set({ fitRequest: get().fitRequest + 1 }),
  toggleSnap: () => set({ snapToGrid: !get().snapToGrid }),
  notify: (notice) => set({ notice }),
  showAboutData: () => set({ screen: 'editor', aboutDataRequest: get().aboutDataRequest + 1 }),
  setStudioDockHeight: (px) => {
    const studioDockHeight = clampStudioDockHeight(px);
    if (studioDockHeight === get().studioDockHeight) return;
    set({ studioDockHeight });
    writeViewPreferences({ studioDockHeight, simplifyZoomedOut: get().simplifyZoomedOut, studioOpen: studioOpenChoice });
  },
  setStudioOpen: (studioOpen) => {
    studioOpenChoice = studioOpen;
    writeViewPreferences({ studioDockHeight: get().studioDockHeight, simplifyZoomedOut: get().simplifyZoomedOut, studioOpen });
    if (studioOpen !== get().studioOpen) set({ studioOpen });
  },
  toggleStudio: () => get().setStudioOpen(!get().studioOpen),
  showFileProblems: (fileProblems) => set({ fileProblems }),
  setWeightTransfer: (weightTransfer) => set({ weightTransfer }),
}));

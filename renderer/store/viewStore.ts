import { create } from 'zustand';
import type { XY } from './edits';

/**
 * State of the editor's view that is not part of the document and never undone: where nodes are while a
 * drag is in progress (committed to the doc once, at drag end), the refused-connection hint, which
 * screen is showing, and requests to the canvas to move its viewport.
 */
export interface ConnectHint {
  reason: string;
  x: number;
  y: number;
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
  setScreen(screen: ViewState['screen']): void;
  setDragPositions(p: Record<string, XY>): void;
  setConnectHint(h: ConnectHint | null): void;
  centerOn(nodeId: string): void;
  requestFit(): void;
  toggleSnap(): void;
  notify(text: string | null): void;
  showAboutData(): void;
}

export const useViewStore = create<ViewState>()((set, get) => ({
  screen: 'start',
  dragPositions: {},
  connectHint: null,
  centerRequest: null,
  fitRequest: 0,
  snapToGrid: true,
  notice: null,
  aboutDataRequest: 0,
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
}));

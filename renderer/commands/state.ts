import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { i18n } from '../i18n';
import { useDocumentStore, type Selection } from '../store/documentStore';
import { useViewStore, type ViewState } from '../store/viewStore';

/** What commands decide by: whether they may run now, and which toggles are on. Plain values, read in one go. */
export interface CommandState {
  screen: ViewState['screen'];
  selection: Selection;
  /** Blocks in the document. */
  nodeCount: number;
  canUndo: boolean;
  canRedo: boolean;
  snapToGrid: boolean;
  /** The training studio is open under the canvas. */
  studioOpen: boolean;
  /** The UI language's code. */
  language: string;
}

/** The state now, for a key press or a menu click. */
export function readCommandState(): CommandState {
  const { doc, selection } = useDocumentStore.getState();
  const history = useDocumentStore.temporal.getState();
  const view = useViewStore.getState();
  return {
    screen: view.screen,
    selection,
    nodeCount: doc.nodes.length,
    canUndo: history.pastStates.length > 0,
    canRedo: history.futureStates.length > 0,
    snapToGrid: view.snapToGrid,
    studioOpen: view.studioOpen,
    language: i18n.language,
  };
}

/** The same state for components, which redraw when any part of it changes. */
export function useCommandState(): CommandState {
  const screen = useViewStore((s) => s.screen);
  const snapToGrid = useViewStore((s) => s.snapToGrid);
  const studioOpen = useViewStore((s) => s.studioOpen);
  const selection = useDocumentStore((s) => s.selection);
  const nodeCount = useDocumentStore((s) => s.doc.nodes.length);
  const canUndo = useStore(useDocumentStore.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useDocumentStore.temporal, (s) => s.futureStates.length > 0);
  const language = useTranslation().i18n.language;
  return useMemo(
    () => ({ screen, selection, nodeCount, canUndo, canRedo, snapToGrid, studioOpen, language }),
    [screen, selection, nodeCount, canUndo, canRedo, snapToGrid, studioOpen, language],
  );
}

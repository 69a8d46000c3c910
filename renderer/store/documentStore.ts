/**
 * The one store of the open graph document.
 *
 * API for other panels (the training studio, …):
 *   import { useDocumentStore } from '../store/documentStore';
 *   const doc = useDocumentStore((s) => s.doc);              // the current GraphDoc (immutable; replaced on every edit)
 *   const selected = useDocumentStore((s) => s.selection);   // { nodes: string[]; edges: string[]; groups: string[] }
 *   useDocumentStore.getState().setTraining({ steps: 1000 }); // change the training config (one undo step)
 *   useDocumentStore.getState().setFrozen([id], true);        // freeze a block's weights (one undo step)
 *   useDocumentStore.getState().select({ nodes: [id] });      // select (and `centerOn` in viewStore to scroll to it)
 *   useDocumentStore.temporal.getState().undo() / .redo()     // history (zundo); only `doc` is recorded
 *
 * React Flow's nodes and edges are derived from `doc` (see canvas/adapter.ts); nothing else holds graph
 * state. Every action that changes `doc` is one undo step; selection changes are not recorded.
 */
import { create } from 'zustand';
import { temporal } from 'zundo';
import type { Connection, GraphDoc, GraphGroup, ParamValue, TrainingConfig } from '../../engine';
import * as edits from './edits';

export interface Selection {
  nodes: string[];
  edges: string[];
  groups: string[];
}

export const EMPTY_SELECTION: Selection = { nodes: [], edges: [], groups: [] };

export interface DocumentState {
  doc: GraphDoc;
  selection: Selection;
  /** Name of the file the doc was opened from or saved to, if any. */
  fileName: string | null;

  /**
   * Counts the documents shown since start (each open, restore or new document); state that belongs to one
   * document, such as the studio's probe text, is kept per value.
   */
  documentSeq: number;
  /** Replaces the document (open, restore). Clears history: undo must not cross files. */
  load(doc: GraphDoc, fileName?: string | null): void;
  /** Replaces the document with a new one (a template, a blank canvas) as one undo step, so Undo brings the old one back. */
  replace(doc: GraphDoc): void;
  select(sel: Partial<Selection>): void;
  addBlock(kind: string, position: edits.XY): string;
  moveNodes(positions: Readonly<Record<string, edits.XY>>): void;
  /** Adds an edge; `replaces` is an edge removed in the same undo step (the input's old connection). */
  connect(c: Connection, replaces?: string): void;
  deleteSelection(): void;
  deleteItems(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  setParam(nodeId: string, name: string, value: ParamValue): void;
  setLabel(nodeId: string, label: string): void;
  /** Freezes blocks (their weights are not trained) or makes them trainable again; one undo step. */
  setFrozen(nodeIds: readonly string[], frozen: boolean): void;
  groupSelection(label: string): string | null;
  ungroup(groupId: string): void;
  updateGroup(groupId: string, patch: Partial<Pick<GraphGroup, 'label' | 'repeat' | 'collapsed'>>): void;
  paste(fragment: edits.Fragment, offset: edits.XY): void;
  setName(name: string): void;
  setTraining(patch: Partial<TrainingConfig>): void;
  setFileName(name: string | null): void;
  /** Replaces the doc with one computed elsewhere (e.g. group + layout) as a single undo step. */
  apply(doc: GraphDoc, selection?: Partial<Selection>): void;
}

export const useDocumentStore = create<DocumentState>()(
  temporal(
    (set, get) => ({
      doc: edits.emptyDoc(),
      selection: EMPTY_SELECTION,
      fileName: null,
      documentSeq: 0,

      load(doc, fileName = null) {
        set({ doc, selection: EMPTY_SELECTION, fileName, documentSeq: get().documentSeq + 1 });
        useDocumentStore.temporal.getState().clear();
      },
      replace(doc) {
        set({ doc, selection: EMPTY_SELECTION, fileName: null, documentSeq: get().documentSeq + 1 });
      },
      select(sel) {
        set({ selection: { ...EMPTY_SELECTION, ...sel } });
      },
      addBlock(kind, position) {
        const { doc, id } = edits.addNode(get().doc, kind, position);
        set({ doc, selection: { ...EMPTY_SELECTION, nodes: [id] } });
        return id;
      },
      moveNodes(positions) {
        set({ doc: edits.moveNodes(get().doc, positions) });
      },
      connect(c, replaces) {
        set({ doc: edits.connect(get().doc, c, replaces) });
      },
      deleteSelection() {
        const { selection } = get();
        const { doc } = get();
        const groupMembers = doc.nodes.filter((n) => n.group && selection.groups.includes(n.group)).map((n) => n.id);
        get().deleteItems([...selection.nodes, ...groupMembers], selection.edges);
      },
      deleteItems(nodeIds, edgeIds) {
        const doc = edits.removeItems(get().doc, nodeIds, edgeIds);
        if (doc !== get().doc) set({ doc, selection: EMPTY_SELECTION });
      },
      setParam(nodeId, name, value) {
        set({ doc: edits.setParam(get().doc, nodeId, name, value) });
      },
      setLabel(nodeId, label) {
        set({ doc: edits.setLabel(get().doc, nodeId, label) });
      },
      setFrozen(nodeIds, frozen) {
        set({ doc: edits.setFrozen(get().doc, nodeIds, frozen) });
      },
      groupSelection(label) {
        const ids = get().selection.nodes;
        if (!ids.length) return null;
        const { doc, groupId } = edits.groupNodes(get().doc, ids, label);
        set({ doc, selection: { ...EMPTY_SELECTION, groups: [groupId] } });
        return groupId;
      },
      ungroup(groupId) {
        set({ doc: edits.ungroup(get().doc, groupId), selection: EMPTY_SELECTION });
      },
      updateGroup(groupId, patch) {
        set({ doc: edits.updateGroup(get().doc, groupId, patch) });
      },
      paste(fragment, offset) {
        const { doc, nodeIds } = edits.pasteFragment(get().doc, fragment, offset);
        set({ doc, selection: { ...EMPTY_SELECTION, nodes: nodeIds } });
      },
      setName(name) {
        set({ doc: edits.setName(get().doc, name) });
      },
      setTraining(patch) {
        const doc = get().doc;
        set({ doc: { ...doc, training: { ...doc.training, ...patch } } });
      },
      setFileName(fileName) {
        set({ fileName });
      },
      apply(doc, selection) {
        set(selection ? { doc, selection: { ...EMPTY_SELECTION, ...selection } } : { doc });
      },
    }),
    {
      partialize: (s) => ({ doc: s.doc }),
      // Only a new document object is a step: selection and file name changes are not.
      equality: (a, b) => a.doc === b.doc,
      limit: 200,
    },
  ),
);

export function undo(): void {
  useDocumentStore.temporal.getState().undo();
}

export function redo(): void {
  useDocumentStore.temporal.getState().redo();
}

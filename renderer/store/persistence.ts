/**
 * Save, open and autosave through the platform interface (Electron bridge or browser fallbacks).
 * The document store knows nothing of files; this module connects the two.
 */
import { formatProblem } from '../../engine/graph/errors';
import { parseDocument } from '../../engine/graph/parse';
import type { GraphDoc } from '../../engine/graph/schema';
import { templateById } from '../../engine/templates/index';
import { layoutDoc } from '../canvas/layout';
import { i18n } from '../i18n';
import type { Platform } from '../platform/types';
import { useDocumentStore } from './documentStore';
import { useViewStore } from './viewStore';

export const AUTOSAVE_DELAY_MS = 400;

let platform: Platform | null = null;

export function serializeDoc(doc: GraphDoc): string {
  return JSON.stringify(doc, null, 2);
}

/**
 * Restores the last autosaved document (opening the editor on it), then autosaves every change after a
 * short quiet period. Returns a function that stops autosaving.
 */
export async function startPersistence(p: Platform): Promise<() => void> {
  platform = p;
  try {
    const text = await p.loadAutosave();
    if (text) {
      const parsed = parseDocument(text);
      if (parsed.ok && parsed.doc.nodes.length) {
        useDocumentStore.getState().load(parsed.doc);
        useViewStore.getState().setScreen('editor');
        useViewStore.getState().requestFit();
        useViewStore.getState().notify(i18n.t('notice.restored'));
      }
    }
  } catch {
    // No recovery copy is not an error; start fresh.
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = useDocumentStore.subscribe((state, prev) => {
    if (state.doc === prev.doc) return;
    clearTimeout(timer);
    timer = setTimeout(() => void p.autosave(serializeDoc(state.doc)).catch(() => undefined), AUTOSAVE_DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

function fileNameFor(doc: GraphDoc): string {
  const base = doc.name.replace(/[^\p{L}\p{N}_ -]+/gu, '').trim() || 'graph';
  return `${base}.tlgraph.json`;
}

export async function saveDocument(saveAs = false): Promise<void> {
  if (!platform) return;
  const { doc, fileName, setFileName } = useDocumentStore.getState();
  try {
    const result = await platform.saveGraph(serializeDoc(doc), fileName ?? fileNameFor(doc), { saveAs: saveAs || !fileName });
    if (!result) return;
    setFileName(result.name);
    useViewStore.getState().notify(i18n.t('notice.saved', { name: result.name }));
  } catch (err) {
    useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: (err as Error).message }));
  }
}

export async function openDocument(): Promise<void> {
  if (!platform) return;
  try {
    const file = await platform.openGraph();
    if (!file) return;
    const parsed = parseDocument(file.text);
    if (!parsed.ok) {
      useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: parsed.problems.map(formatProblem).join(' ') }));
      return;
    }
    showDocument(parsed.doc, file.name);
    useViewStore.getState().notify(i18n.t('notice.opened', { name: file.name }));
  } catch (err) {
    useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: (err as Error).message }));
  }
}

export function showDocument(doc: GraphDoc, fileName: string | null = null): void {
  useDocumentStore.getState().load(doc, fileName);
  useViewStore.getState().setScreen('editor');
  useViewStore.getState().requestFit();
}

/** Opens a template laid out left → right, so every template reads the same way. */
export async function openTemplate(id: string): Promise<void> {
  const template = templateById(id);
  if (!template) return;
  const doc = template.build();
  let laid = doc;
  try {
    laid = await layoutDoc(doc);
  } catch {
    // Keep the template's own positions if layout fails.
  }
  showDocument(laid);
}

export function newBlankDocument(doc: GraphDoc): void {
  showDocument(doc);
}

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
import type { MenuCommand, Platform } from '../platform/types';
import { useDocumentStore } from './documentStore';
import { useViewStore } from './viewStore';

export const AUTOSAVE_DELAY_MS = 400;

let platform: Platform | null = null;
/** True from the first edit after a load or save until the next save. */
let unsaved = false;

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
    unsaved = true;
    clearTimeout(timer);
    timer = setTimeout(() => void p.autosave(serializeDoc(state.doc)).catch(() => undefined), AUTOSAVE_DELAY_MS);
  });
  const stopMenu = p.onMenuCommand?.((command) => void runMenuCommand(command));
  // Leaving with unsaved edits asks first (Electron turns this into a native "Leave / Stay" dialog).
  const guard = (event: BeforeUnloadEvent) => {
    if (!unsaved) return;
    event.preventDefault();
  };
  window.addEventListener('beforeunload', guard);
  return () => {
    clearTimeout(timer);
    unsubscribe();
    stopMenu?.();
    window.removeEventListener('beforeunload', guard);
  };
}

/** The native menu's commands; the UI owns the document, so it carries them out here. */
export async function runMenuCommand(command: MenuCommand): Promise<void> {
  switch (command.type) {
    case 'new':
      useViewStore.getState().setScreen('start');
      return;
    case 'open':
      return openDocument();
    case 'save':
      return saveDocument(false);
    case 'saveAs':
      return saveDocument(true);
    case 'openRecent':
      return openRecentDocument(command.id);
    case 'aboutData':
      useViewStore.getState().showAboutData();
      return;
  }
}

async function openRecentDocument(id: string): Promise<void> {
  if (!platform?.openRecent) return;
  try {
    const file = await platform.openRecent(id);
    if (file) showParsed(file.text, file.name);
  } catch (err) {
    useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: (err as Error).message }));
  }
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
    unsaved = false;
    useViewStore.getState().notify(i18n.t('notice.saved', { name: result.name }));
  } catch (err) {
    useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: (err as Error).message }));
  }
}

export async function openDocument(): Promise<void> {
  if (!platform) return;
  try {
    const file = await platform.openGraph();
    if (file) showParsed(file.text, file.name);
  } catch (err) {
    useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: (err as Error).message }));
  }
}

function showParsed(text: string, name: string): void {
  const parsed = parseDocument(text);
  if (!parsed.ok) {
    useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: parsed.problems.map(formatProblem).join(' ') }));
    return;
  }
  showDocument(parsed.doc, name);
  useViewStore.getState().notify(i18n.t('notice.opened', { name }));
}

export function showDocument(doc: GraphDoc, fileName: string | null = null): void {
  useDocumentStore.getState().load(doc, fileName);
  unsaved = false;
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

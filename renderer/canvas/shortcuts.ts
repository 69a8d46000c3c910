import { useEffect } from 'react';
import { redo, undo, useDocumentStore } from '../store/documentStore';
import { copySelection, cutSelection, duplicateSelection, groupSelection, pasteClipboard } from './actions';

/** Typing in a field keeps its own keys (Backspace edits text, Ctrl+Z undoes typing). */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The editor's keyboard shortcuts; Ctrl on Linux/Windows, Cmd on macOS. */
export function handleEditorKey(e: KeyboardEvent): boolean {
  if (isTextField(e.target)) return false;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && key === 'z' && !e.shiftKey) undo();
  else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) redo();
  else if (mod && key === 'c') void copySelection();
  else if (mod && key === 'x') void cutSelection();
  else if (mod && key === 'v') void pasteClipboard();
  else if (mod && key === 'd') duplicateSelection();
  else if (mod && key === 'g') void groupSelection();
  else if (mod && key === 'a') {
    const { doc, select } = useDocumentStore.getState();
    select({ nodes: doc.nodes.map((n) => n.id) });
  } else if (!mod && (e.key === 'Delete' || e.key === 'Backspace')) useDocumentStore.getState().deleteSelection();
  else return false;
  e.preventDefault();
  return true;
}

export function useEditorShortcuts(): void {
  useEffect(() => {
    window.addEventListener('keydown', handleEditorKey);
    return () => window.removeEventListener('keydown', handleEditorKey);
  }, []);
}

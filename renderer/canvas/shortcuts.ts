import { useEffect } from 'react';
import { handleCommandKey } from '../commands/keyboard';

/**
 * The editor's keyboard shortcuts: each key press is looked up in the command list (renderer/commands/),
 * which says what it runs, on which platform (Ctrl on Linux and Windows, Cmd on macOS) and whether it is
 * enabled now. Returns whether the key was a command's.
 */
export function handleEditorKey(event: KeyboardEvent): boolean {
  return handleCommandKey(event);
}

/** Listens on the window, so the shortcuts work wherever the focus is, except where a field keeps its keys. */
export function useEditorShortcuts(): void {
  useEffect(() => {
    window.addEventListener('keydown', handleEditorKey);
    return () => window.removeEventListener('keydown', handleEditorKey);
  }, []);
}

import { create } from 'zustand';

/** What to do with unsaved edits before something replaces or closes the document. */
export type UnsavedChoice = 'save' | 'discard' | 'cancel';

interface UnsavedPromptState {
  /** The question on screen, with the document's name; null when none is asked. */
  pending: { name: string; answer(choice: UnsavedChoice): void } | null;
}

export const useUnsavedPromptStore = create<UnsavedPromptState>(() => ({ pending: null }));

/**
 * Shows the Save / Don't save / Cancel dialog and resolves with the answer. A second question while one is
 * open gets the same answer as the first (two commands racing to replace the document ask once).
 */
export function askUnsavedChoice(name: string): Promise<UnsavedChoice> {
  return new Promise((resolve) => {
    const current = useUnsavedPromptStore.getState().pending;
    if (current) {
      const previous = current.answer;
      useUnsavedPromptStore.setState({
        pending: {
          name: current.name,
          answer: (choice) => {
            previous(choice);
            resolve(choice);
          },
        },
      });
      return;
    }
    useUnsavedPromptStore.setState({
      pending: {
        name,
        answer: (choice) => {
          useUnsavedPromptStore.setState({ pending: null });
          resolve(choice);
        },
      },
    });
  });
}

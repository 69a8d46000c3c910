/** Fields where typing keeps its own keys: Backspace edits text, Ctrl+Z undoes typing. */
export function isTextField(target: EventTarget | null): target is HTMLElement {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The text field that has the keyboard focus, if any. */
export function focusedTextField(): HTMLElement | null {
  if (typeof document === 'undefined') return null;
  const active = document.activeElement;
  return isTextField(active) ? active : null;
}

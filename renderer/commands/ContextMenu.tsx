import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { shortcutHints } from './CommandButton';
import { getCommand, type CommandId } from './commands';
import { isCommandEnabled, runCommand } from './run';
import { useCommandState } from './state';
import './contextMenu.css';

/** What a right-click on the canvas offers, in order; `-` separates groups. */
export const CONTEXT_MENU_LAYOUT: readonly (CommandId | '-')[] = [
  'edit.cut',
  'edit.copy',
  'edit.paste',
  'edit.duplicate',
  'edit.delete',
  '-',
  'edit.group',
  'edit.ungroup',
  '-',
  'edit.selectAll',
  'view.autoLayout',
  'view.fit',
];

export interface ContextMenuPosition {
  /** Client coordinates of the click. */
  x: number;
  y: number;
}

/**
 * The canvas's context menu, drawn from the command list: each entry shows its label and shortcut, is
 * greyed out when its command is disabled, and closes the menu when it runs. Arrow keys move between
 * entries; Escape, a click elsewhere or the window losing focus close it.
 */
export function CommandContextMenu({ at, onClose }: { at: ContextMenuPosition; onClose(): void }) {
  const { t } = useTranslation();
  const state = useCommandState();
  const menu = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState(at);

  // Keep the whole menu inside the window near the right and bottom edges.
  useLayoutEffect(() => {
    const el = menu.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    setPosition({ x: Math.max(0, Math.min(at.x, window.innerWidth - width - 4)), y: Math.max(0, Math.min(at.y, window.innerHeight - height - 4)) });
  }, [at]);

  useEffect(() => {
    menu.current?.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
    const closeOutside = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', closeOutside, true);
    window.addEventListener('blur', onClose);
    return () => {
      document.removeEventListener('pointerdown', closeOutside, true);
      window.removeEventListener('blur', onClose);
    };
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? [])];
    const current = items.indexOf(document.activeElement as HTMLButtonElement);
    const focus = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (event.key === 'Escape') onClose();
    else if (event.key === 'ArrowDown') focus(current + 1);
    else if (event.key === 'ArrowUp') focus(current < 0 ? -1 : current - 1);
    else if (event.key === 'Home') focus(0);
    else if (event.key === 'End') focus(-1);
    else return;
    // The menu's own keys: not a command's, and not the page's to scroll with.
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div ref={menu} className="context-menu" role="menu" aria-label={t('menu.canvas')} style={{ left: position.x, top: position.y }} onKeyDown={onKeyDown}>
      {CONTEXT_MENU_LAYOUT.map((slot, i) => {
        if (slot === '-') return <hr key={`sep-${i}`} role="separator" />;
        const hints = shortcutHints(slot);
        return (
          <button
            key={slot}
            type="button"
            role="menuitem"
            disabled={!isCommandEnabled(slot, state)}
            aria-keyshortcuts={hints['aria-keyshortcuts']}
            onClick={() => {
              onClose();
              runCommand(slot, 'contextMenu');
            }}
          >
            <span>{t(getCommand(slot).labelKey)}</span>
            {hints.title && (
              <span className="shortcut" aria-hidden="true">
                {hints.title}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}

import type { ButtonHTMLAttributes, MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getCommand, shortcutsOf, type CommandId, type CommandSource } from './commands';
import { isCommandChecked, isCommandEnabled, runCommand } from './run';
import { currentKeyPlatform, formatShortcut, toAriaKeyShortcut, type KeyPlatform } from './shortcut';
import type { CommandState } from './state';

/** The command's shortcut for a tooltip (`Ctrl+G`, `⌘G`) and for assistive technology; empty when it has none. */
export function shortcutHints(id: CommandId, platform: KeyPlatform = currentKeyPlatform()): { title?: string; 'aria-keyshortcuts'?: string } {
  const shortcuts = shortcutsOf(id, platform);
  if (!shortcuts.length) return {};
  return { title: formatShortcut(shortcuts[0], platform), 'aria-keyshortcuts': shortcuts.map((s) => toAriaKeyShortcut(s, platform)).join(' ') };
}

interface CommandButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'id' | 'onClick' | 'disabled' | 'children'> {
  id: CommandId;
  state: CommandState;
  source?: CommandSource;
  /** Called before the command runs (a folding menu closes itself). */
  onBeforeRun?(event: MouseEvent<HTMLButtonElement>): void;
}

/** A button for a command: its label, its shortcut as the tooltip, disabled when the command is. */
export function CommandButton({ id, state, source = 'toolbar', onBeforeRun, ...rest }: CommandButtonProps) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      {...shortcutHints(id)}
      {...rest}
      disabled={!isCommandEnabled(id, state)}
      onClick={(event) => {
        onBeforeRun?.(event);
        runCommand(id, source);
      }}
    >
      {t(getCommand(id).labelKey)}
    </button>
  );
}

/** A toggle command as a checkbox with its label. */
export function CommandCheckbox({ id, state, className }: { id: CommandId; state: CommandState; className?: string }) {
  const { t } = useTranslation();
  return (
    <label className={className} {...shortcutHints(id)}>
      <input type="checkbox" checked={isCommandChecked(id, state) ?? false} disabled={!isCommandEnabled(id, state)} onChange={() => runCommand(id, 'toolbar')} />{' '}
      {t(getCommand(id).labelKey)}
    </label>
  );
}

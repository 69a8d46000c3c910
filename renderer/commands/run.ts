import { i18n } from '../i18n';
import { useViewStore } from '../store/viewStore';
import { getCommand, type CommandId, type CommandSource } from './commands';
import { readCommandState, type CommandState } from './state';

export function isCommandEnabled(id: CommandId, state: CommandState = readCommandState()): boolean {
  return getCommand(id).enabledWhen?.(state) ?? true;
}

export function isCommandChecked(id: CommandId, state: CommandState = readCommandState()): boolean | undefined {
  return getCommand(id).checkedWhen?.(state);
}

/**
 * Runs a command from any place, if it is enabled now; returns whether it ran. An asynchronous command
 * that fails says so in the notice bar instead of failing silently.
 */
export function runCommand(id: CommandId, source: CommandSource, state: CommandState = readCommandState()): boolean {
  const command = getCommand(id);
  if (!isCommandEnabled(id, state)) return false;
  let result: void | Promise<unknown>;
  try {
    result = command.run({ state, source });
  } catch (err) {
    reportFailure(id, err);
    return true;
  }
  if (result instanceof Promise) result.catch((err: unknown) => reportFailure(id, err));
  return true;
}

function reportFailure(id: CommandId, err: unknown): void {
  const reason = err instanceof Error ? err.message : String(err);
  useViewStore.getState().notify(i18n.t('notice.commandFailed', { command: i18n.t(getCommand(id).labelKey), reason }));
}

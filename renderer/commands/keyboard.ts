import { COMMAND_IDS, getCommand, shortcutsOf, type CommandId } from './commands';
import { runCommand } from './run';
import { currentKeyPlatform, matchesShortcut, parseShortcut, type KeyPlatform, type ParsedShortcut } from './shortcut';
import { isTextField } from './textFields';

type KeyEventLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

const bindings = new Map<KeyPlatform, Array<{ id: CommandId; shortcut: ParsedShortcut }>>();

/** Every shortcut the page answers on a platform, parsed once. */
function pageBindings(platform: KeyPlatform) {
  let list = bindings.get(platform);
  if (!list) {
    list = COMMAND_IDS.filter((id) => (getCommand(id).keyHandler ?? 'page') === 'page').flatMap((id) =>
      shortcutsOf(id, platform).map((spec) => ({ id, shortcut: parseShortcut(spec) })),
    );
    bindings.set(platform, list);
  }
  return list;
}

/** The command a key press stands for on a platform, or null. Keys the native menu owns (Ctrl+N) are not the page's. */
export function commandForKey(event: KeyEventLike, platform: KeyPlatform): CommandId | null {
  return pageBindings(platform).find((b) => matchesShortcut(b.shortcut, event, platform))?.id ?? null;
}

/**
 * Runs the command a key press stands for. The key is the command's even when the command is disabled
 * (Ctrl+D must not fall through to the browser's bookmark dialog), so it is consumed either way; a
 * disabled command does nothing. Typing in a field keeps its keys, except for the few commands meant to
 * work there (Save).
 */
export function handleCommandKey(event: KeyboardEvent, platform: KeyPlatform = currentKeyPlatform()): boolean {
  // An input method composing Korean (or any script) owns the keys until it commits.
  if (event.defaultPrevented || event.isComposing) return false;
  const id = commandForKey(event, platform);
  if (!id) return false;
  if (isTextField(event.target) && !getCommand(id).whileTyping) return false;
  event.preventDefault();
  runCommand(id, 'keyboard');
  return true;
}

/**
 * Keyboard shortcuts written once, as `Mod+Shift+Z`, and read four ways: matched against a KeyboardEvent,
 * shown to people (Ctrl+Shift+Z on Linux and Windows, ⇧⌘Z on macOS), handed to Electron as a menu
 * accelerator, and announced to assistive technology (`aria-keyshortcuts`).
 *
 * `Mod` is the platform's command key: Cmd on macOS, Ctrl elsewhere. `Ctrl` is the Control key everywhere
 * (on macOS it is not the command key). The last part is the key: a letter or digit, a single character,
 * or a KeyboardEvent key name such as `Delete`, `Backspace` or `Escape`.
 */

/** macOS draws and matches shortcuts its own way; Linux and Windows share theirs. */
export type KeyPlatform = 'mac' | 'other';

/** A shortcut as written in the command list, e.g. `Mod+G`, `Mod+Shift+Z`, `Delete`. */
export type ShortcutSpec = string;

export interface ParsedShortcut {
  mod: boolean;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  /** Upper-case for letters; a key name (`Delete`) or a single character otherwise. */
  key: string;
}

const MODIFIERS = ['Mod', 'Ctrl', 'Alt', 'Shift'] as const;
type Modifier = (typeof MODIFIERS)[number];

/** The platform the page runs on, from the browser's own report. */
export function currentKeyPlatform(): KeyPlatform {
  if (typeof navigator === 'undefined') return 'other';
  const withHints = navigator as Navigator & { userAgentData?: { platform?: string } };
  const name = withHints.userAgentData?.platform || navigator.platform || '';
  return /mac|iphone|ipad/i.test(name) ? 'mac' : 'other';
}

/** Parses a spec; throws on a malformed one, which is a mistake in the command list, not user input. */
export function parseShortcut(spec: ShortcutSpec): ParsedShortcut {
  const parts = spec.split('+');
  // `Mod++` names the plus key: an empty last part after a `+`.
  if (parts.length > 1 && parts[parts.length - 1] === '' && parts[parts.length - 2] === '') parts.splice(-2, 2, '+');
  const key = parts.pop() ?? '';
  if (!key) throw new Error(`E_SHORTCUT_SPEC: “${spec}” names no key. Write it as modifiers and a key, e.g. “Mod+Shift+Z”.`);
  const parsed: ParsedShortcut = { mod: false, ctrl: false, alt: false, shift: false, key: key.length === 1 ? key.toUpperCase() : key };
  for (const part of parts) {
    if (!(MODIFIERS as readonly string[]).includes(part)) {
      throw new Error(`E_SHORTCUT_SPEC: “${part}” in “${spec}” is not a modifier. Use ${MODIFIERS.join(', ')}.`);
    }
    const flag = part.toLowerCase() as Lowercase<Modifier>;
    if (parsed[flag]) throw new Error(`E_SHORTCUT_SPEC: “${spec}” names ${part} twice.`);
    parsed[flag] = true;
  }
  return parsed;
}

/** Which physical modifiers a shortcut needs on a platform. */
function modifierKeys(s: ParsedShortcut, platform: KeyPlatform): { ctrl: boolean; meta: boolean; alt: boolean; shift: boolean } {
  return {
    ctrl: s.ctrl || (s.mod && platform === 'other'),
    meta: s.mod && platform === 'mac',
    alt: s.alt,
    shift: s.shift,
  };
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/**
 * True when the event is exactly this shortcut on this platform: the same key and the same modifiers, no
 * more (Ctrl+Shift+C is not Ctrl+C). Letters and digits also match by physical key when the layout types
 * another script (a Korean layout reports `ㅋ` for the Z key), so shortcuts work whatever the input language.
 */
export function matchesShortcut(spec: ShortcutSpec | ParsedShortcut, event: KeyLike, platform: KeyPlatform): boolean {
  const s = typeof spec === 'string' ? parseShortcut(spec) : spec;
  const need = modifierKeys(s, platform);
  if (event.ctrlKey !== need.ctrl || event.metaKey !== need.meta || event.altKey !== need.alt || event.shiftKey !== need.shift) return false;
  if (s.key.length > 1) return event.key === s.key;
  if (event.key.length === 1 && /^[\x21-\x7e]$/.test(event.key)) return event.key.toUpperCase() === s.key;
  return /^[A-Z]$/.test(s.key) ? event.code === `Key${s.key}` : /^[0-9]$/.test(s.key) ? event.code === `Digit${s.key}` : false;
}

const MAC_KEY_SYMBOLS: Record<string, string> = {
  Backspace: '⌫',
  Delete: '⌦',
  Enter: '↩',
  Escape: '⎋',
  Tab: '⇥',
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
};

/** The shortcut as people read it on their platform: `Ctrl+Shift+Z`, or `⇧⌘Z` on macOS. */
export function formatShortcut(spec: ShortcutSpec, platform: KeyPlatform): string {
  const s = parseShortcut(spec);
  const need = modifierKeys(s, platform);
  if (platform === 'mac') {
    // Apple's order: Control, Option, Shift, Command, then the key, with no separators.
    return `${need.ctrl ? '⌃' : ''}${need.alt ? '⌥' : ''}${need.shift ? '⇧' : ''}${need.meta ? '⌘' : ''}${MAC_KEY_SYMBOLS[s.key] ?? s.key}`;
  }
  return [need.ctrl && 'Ctrl', need.alt && 'Alt', need.shift && 'Shift', s.key].filter(Boolean).join('+');
}

/** Electron's names for keys that its accelerator syntax spells differently from KeyboardEvent.key. */
const ACCELERATOR_KEYS: Record<string, string> = { '+': 'Plus', ' ': 'Space', ArrowLeft: 'Left', ArrowRight: 'Right', ArrowUp: 'Up', ArrowDown: 'Down', Escape: 'Esc' };

/** The shortcut in Electron's accelerator syntax, for the native menu on this platform. */
export function toElectronAccelerator(spec: ShortcutSpec, platform: KeyPlatform): string {
  const s = parseShortcut(spec);
  const need = modifierKeys(s, platform);
  return [need.meta && 'Cmd', need.ctrl && 'Ctrl', need.alt && 'Alt', need.shift && 'Shift', ACCELERATOR_KEYS[s.key] ?? s.key].filter(Boolean).join('+');
}

/** The shortcut in `aria-keyshortcuts` syntax (WAI-ARIA: `Control+Shift+Z`, `Meta+G`). */
export function toAriaKeyShortcut(spec: ShortcutSpec, platform: KeyPlatform): string {
  const s = parseShortcut(spec);
  const need = modifierKeys(s, platform);
  return [need.ctrl && 'Control', need.alt && 'Alt', need.shift && 'Shift', need.meta && 'Meta', s.key === ' ' ? 'Space' : s.key].filter(Boolean).join('+');
}

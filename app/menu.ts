import type { MenuItemConstructorOptions } from 'electron';
import type {
  IpcResult,
  MenuCommand,
  NativeClipboardAction,
  NativeMenuCommandItem,
  NativeMenuDescription,
  NativeMenuItem,
  NativeMenuSection,
  NativeMenuSectionId,
  NativeMenuSeparator,
  NewDocumentCommandId,
  RecentFile,
} from './ipc/contract';
import type { MainMenuRole, MainText } from './dialogText';
import { platformError } from './ipc/platformError';

export interface MenuOptions {
  isMac: boolean;
  /** Development builds get Reload and Developer Tools. */
  isDev: boolean;
  recentFiles: RecentFile[];
  /**
   * The page's commands, labelled in its language (see NativeMenuDescription); null until the page has
   * described them, when the menu holds only the window's own items and the text-editing roles.
   */
  description: NativeMenuDescription | null;
  /** Sends a command to the page; the page owns the document and runs it. */
  send(command: MenuCommand): void;
  /** The browser's own cut, copy or paste in the page (it reaches a focused text field). */
  nativeClipboard(action: NativeClipboardAction): void;
  /** New also tells main that Save has no file to write to any more. */
  onNew(): void;
  onClearRecent(): void;
  /** Main's own items (Close Window, Window, Open Logs Folder, About) in the page's language. */
  text: Pick<MainText, 'closeWindow' | 'windowMenu' | 'openLogs' | 'about' | 'quit' | 'fallbackMenus' | 'roles'>;
  /** Help ▸ Open Logs Folder. */
  onOpenLogs(): void;
  /** About, with the versions and the licences of what the app bundles. */
  onAbout(): void;
}

const NEW_DOCUMENT_COMMAND: NewDocumentCommandId = 'file.new';
const SECTION_ORDER: readonly NativeMenuSectionId[] = ['file', 'edit', 'view', 'help'];

/**
 * The native menu as a template, without touching Electron, so main.ts stays thin. The page's commands
 * come from its description and go back to it by id: it knows whether there are unsaved changes, what
 * is selected and what each command does.
 */
export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { isMac, isDev } = options;
  const described = new Map(options.description?.sections.map((s) => [s.id, s]) ?? []);
  const pageItems = (id: NativeMenuSectionId) => (described.get(id)?.items ?? []).map((item) => toMenuItem(item, options));
  const { text } = options;
  const label = (id: NativeMenuSectionId) => described.get(id)?.label ?? text.fallbackMenus[id];
  // Electron labels its roles in English; main names them in the page's language.
  const role = (r: MainMenuRole) => ({ role: r, label: text.roles[r] }) as const;

  // Close Window goes through the window's close, so unsaved changes are asked about like the close button.
  const closeWindow: MenuItemConstructorOptions = { role: 'close', label: text.closeWindow, accelerator: 'CmdOrCtrl+W' };
  const file: MenuItemConstructorOptions = {
    label: label('file'),
    submenu: [...withTrailingSeparator(pageItems('file')), closeWindow, ...(isMac ? [] : [separator(), { role: 'quit', label: text.quit } as const])],
  };

  // Before the page has described its Edit menu, text fields still need the roles (Cmd+C on macOS goes through the menu).
  const edit: MenuItemConstructorOptions = {
    label: label('edit'),
    submenu: described.has('edit')
      ? pageItems('edit')
      : [role('undo'), role('redo'), separator(), role('cut'), role('copy'), role('paste'), role('selectAll')],
  };

  const view: MenuItemConstructorOptions = {
    label: label('view'),
    submenu: [
      ...(isDev ? [role('reload'), role('forceReload'), role('toggleDevTools'), separator()] : []),
      ...withTrailingSeparator(pageItems('view')),
      role('resetZoom'),
      role('zoomIn'),
      role('zoomOut'),
      separator(),
      role('togglefullscreen'),
    ],
  };

  const about: MenuItemConstructorOptions = { label: text.about, click: options.onAbout };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: label('help'),
    submenu: [...withTrailingSeparator(pageItems('help')), { label: text.openLogs, click: options.onOpenLogs }, ...(isMac ? [] : [about])],
  };

  const byId: Record<NativeMenuSectionId, MenuItemConstructorOptions> = { file, edit, view, help };
  if (!isMac) return SECTION_ORDER.map((id) => byId[id]);
  // macOS: About sits in the app menu; the Window menu lists the open windows.
  const appMenu: MenuItemConstructorOptions = {
    role: 'appMenu',
    submenu: [about, separator(), role('services'), separator(), role('hide'), role('hideOthers'), role('unhide'), separator(), role('quit')],
  };
  const windowMenu: MenuItemConstructorOptions = { role: 'windowMenu', label: text.windowMenu.replace(/\(&\w\)/, '').replace('&', '') };
  return [appMenu, file, edit, view, windowMenu, help];
}

function separator(): MenuItemConstructorOptions {
  return { type: 'separator' };
}

function withTrailingSeparator(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.length ? [...items, separator()] : items;
}

/** Labels from the page are text: an `&` would otherwise become a mnemonic on Windows and Linux. */
function literal(label: string): string {
  return label.replace(/&/g, '&&');
}

function toMenuItem(item: NativeMenuItem, options: MenuOptions): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'separator':
      return separator();
    case 'command':
      return commandItem(item, options);
    case 'submenu':
      return { label: literal(item.label), submenu: item.items.map((i) => toMenuItem(i, options)) };
    case 'recentFiles':
      return {
        label: literal(item.label),
        submenu: options.recentFiles.length
          ? [
              ...options.recentFiles.map(
                (file): MenuItemConstructorOptions => ({
                  label: literal(file.name),
                  sublabel: file.folder,
                  click: () => options.send({ type: 'openRecent', fileId: file.id }),
                }),
              ),
              separator(),
              { label: literal(item.clearLabel), click: options.onClearRecent },
            ]
          : [{ label: literal(item.emptyLabel), enabled: false }],
      };
  }
}

function commandItem(item: NativeMenuCommandItem, options: MenuOptions): MenuItemConstructorOptions {
  return {
    label: literal(item.label),
    ...(item.accelerator
      ? {
          accelerator: item.accelerator,
          // A bare key (Delete) is shown but left to the page: registered, it could be taken from text fields.
          // A combination is registered, so it works wherever the page does not answer it first.
          registerAccelerator: item.accelerator.includes('+'),
        }
      : {}),
    ...(item.check ? { type: item.check.style, checked: item.check.checked } : {}),
    click: () => {
      if (item.nativeClipboard) options.nativeClipboard(item.nativeClipboard);
      if (item.commandId === NEW_DOCUMENT_COMMAND) options.onNew();
      options.send({ type: 'run', commandId: item.commandId });
    },
  };
}

// ——— Parsing the page's description: main trusts no payload, even from its own page ———

const MAX_ITEMS = 100;
const MAX_LABEL = 120;
const COMMAND_ID = /^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9]+)+$/;
const MODIFIERS = new Set(['Cmd', 'Command', 'Ctrl', 'Control', 'CmdOrCtrl', 'CommandOrControl', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta']);
const ACCELERATOR_KEY =
  /^([A-Z0-9]|F([1-9]|1[0-9]|2[0-4])|Plus|Space|Tab|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Esc|Escape|[-=[\];',./`\\])$/;
const CLIPBOARD_ACTIONS = new Set<NativeClipboardAction>(['cut', 'copy', 'paste']);

/** An Electron accelerator: distinct known modifiers, then one key (`Ctrl+Shift+Z`, `Cmd+G`, `Delete`). */
export function isAccelerator(value: string): boolean {
  const parts = value.split('+');
  const key = parts.pop() ?? '';
  return ACCELERATOR_KEY.test(key) && parts.every((p) => MODIFIERS.has(p)) && new Set(parts).size === parts.length;
}

class DescriptionError extends Error {
  constructor(readonly where: string, what: string) {
    super(`${where} ${what}`);
  }
}

function fail(where: string, what: string): never {
  throw new DescriptionError(where, what);
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'is not an object');
  return value as Record<string, unknown>;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) fail(where, 'is not a list');
  if (value.length > MAX_ITEMS) fail(where, `has more than ${MAX_ITEMS} entries`);
  return value;
}

function text(value: unknown, where: string): string {
  // Control characters have no place in a menu label and could hide text.
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LABEL || /\p{Cc}/u.test(value)) {
    fail(where, `is not a label of 1 to ${MAX_LABEL} printable characters`);
  }
  return value;
}

function parseCommandItem(raw: Record<string, unknown>, where: string): NativeMenuCommandItem {
  if (typeof raw.commandId !== 'string' || raw.commandId.length > 64 || !COMMAND_ID.test(raw.commandId)) fail(`${where}.commandId`, 'is not a command id');
  const item: NativeMenuCommandItem = { kind: 'command', commandId: raw.commandId, label: text(raw.label, `${where}.label`) };
  if (raw.accelerator !== undefined) {
    if (typeof raw.accelerator !== 'string' || !isAccelerator(raw.accelerator)) fail(`${where}.accelerator`, 'is not an Electron accelerator');
    item.accelerator = raw.accelerator;
  }
  if (raw.check !== undefined) {
    const check = record(raw.check, `${where}.check`);
    if ((check.style !== 'checkbox' && check.style !== 'radio') || typeof check.checked !== 'boolean') fail(`${where}.check`, 'is not { style, checked }');
    item.check = { style: check.style, checked: check.checked };
  }
  if (raw.nativeClipboard !== undefined) {
    if (!CLIPBOARD_ACTIONS.has(raw.nativeClipboard as NativeClipboardAction)) fail(`${where}.nativeClipboard`, 'is not cut, copy or paste');
    item.nativeClipboard = raw.nativeClipboard as NativeClipboardAction;
  }
  return item;
}

function parseItem(value: unknown, where: string, nested: boolean): NativeMenuItem {
  const raw = record(value, where);
  switch (raw.kind) {
    case 'separator':
      return { kind: 'separator' };
    case 'command':
      return parseCommandItem(raw, where);
    case 'submenu':
      if (nested) fail(where, 'is a submenu inside a submenu');
      return {
        kind: 'submenu',
        label: text(raw.label, `${where}.label`),
        items: list(raw.items, `${where}.items`).map((v, i) => parseItem(v, `${where}.items[${i}]`, true) as NativeMenuCommandItem | NativeMenuSeparator),
      };
    case 'recentFiles':
      if (nested) fail(where, 'lists recent files inside a submenu');
      return {
        kind: 'recentFiles',
        label: text(raw.label, `${where}.label`),
        emptyLabel: text(raw.emptyLabel, `${where}.emptyLabel`),
        clearLabel: text(raw.clearLabel, `${where}.clearLabel`),
      };
    default:
      return fail(`${where}.kind`, 'is not separator, command, submenu or recentFiles');
  }
}

/**
 * Re-reads the page's menu description field by field, keeping only what the contract names. A malformed
 * one is refused whole (E_PAYLOAD) and the menu stays as it was.
 */
export function parseMenuDescription(value: unknown): IpcResult<NativeMenuDescription> {
  try {
    const seen = new Set<NativeMenuSectionId>();
    const sections = list(record(value, 'the description').sections, 'sections').map((v, i): NativeMenuSection => {
      const raw = record(v, `sections[${i}]`);
      const id = raw.id as NativeMenuSectionId;
      if (!SECTION_ORDER.includes(id)) fail(`sections[${i}].id`, `is not one of ${SECTION_ORDER.join(', ')}`);
      if (seen.has(id)) fail(`sections[${i}].id`, `repeats “${id}”`);
      seen.add(id);
      return { id, label: text(raw.label, `sections[${i}].label`), items: list(raw.items, `sections[${i}].items`).map((item, j) => parseItem(item, `sections[${i}].items[${j}]`, false)) };
    });
    const language = record(value, 'the description').language;
    if (language !== undefined && (typeof language !== 'string' || !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language))) fail('language', 'is not a language tag');
    return { ok: true, value: { sections, ...(language === undefined ? {} : { language }) } };
  } catch (err) {
    if (!(err instanceof DescriptionError)) throw err;
    return {
      ok: false,
      error: platformError('E_PAYLOAD', 'payload.menuRefused', { detail: err.message, detailKey: 'detail.menu.field', field: err.where }),
    };
  }
}

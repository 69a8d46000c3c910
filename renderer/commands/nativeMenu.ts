/**
 * The desktop app's menu bar, described from the command list and sent to main, which builds the native
 * menu from it (main cannot import this code: the two share only the IPC contract's types). A click comes
 * back as the command's id and runs here, from the same list as the toolbar and the keyboard.
 */
import { i18n, LANGUAGES } from '../i18n';
import type { MenuCommand, NativeMenuCommandItem, NativeMenuDescription, NativeMenuItem, NativeMenuSectionId, Platform } from '../platform/types';
import { openRecentDocument } from '../store/persistence';
import { useViewStore } from '../store/viewStore';
import { getCommand, isCommandId, languageCommandId, shortcutsOf, type CommandId, type TranslationKey } from './commands';
import { isCommandChecked, runCommand } from './run';
import { currentKeyPlatform, toElectronAccelerator, type KeyPlatform } from './shortcut';
import { readCommandState, type CommandState } from './state';
import { focusedTextField } from './textFields';

type MenuSlot = CommandId | '-' | 'recentFiles' | { submenuKey: TranslationKey; radio: boolean; items: readonly CommandId[] };

export interface NativeMenuSectionLayout {
  id: NativeMenuSectionId;
  labelKey: TranslationKey;
  items: readonly MenuSlot[];
}

/** Where each command sits in the menu bar. A command listed here is a menu command. */
export const NATIVE_MENU_LAYOUT: readonly NativeMenuSectionLayout[] = [
  {
    id: 'file',
    labelKey: 'menu.file',
    items: ['file.new', 'file.open', 'recentFiles', '-', 'file.save', 'file.saveAs', 'file.saveGraphOnly', '-', 'file.loadWeights', 'file.export'],
  },
  {
    id: 'edit',
    labelKey: 'menu.edit',
    items: ['edit.undo', 'edit.redo', '-', 'edit.cut', 'edit.copy', 'edit.paste', 'edit.duplicate', 'edit.delete', '-', 'edit.selectAll', '-', 'edit.group', 'edit.ungroup'],
  },
  {
    id: 'view',
    labelKey: 'menu.view',
    items: ['view.autoLayout', 'view.fit', 'view.snapToGrid', '-', 'view.toggleStudio', '-', { submenuKey: 'app.language', radio: true, items: LANGUAGES.map((l) => languageCommandId(l.code)) }],
  },
  { id: 'help', labelKey: 'menu.help', items: ['help.lessons', 'help.aboutData'] },
];

/** Every command the menu bar shows, in menu order. */
export function nativeMenuCommandIds(layout: readonly NativeMenuSectionLayout[] = NATIVE_MENU_LAYOUT): CommandId[] {
  return layout.flatMap((section) => section.items.flatMap((slot) => (typeof slot === 'object' ? [...slot.items] : isCommandId(slot) ? [slot] : [])));
}

function commandItem(id: CommandId, platform: KeyPlatform, state: CommandState, checkStyle: 'checkbox' | 'radio'): NativeMenuCommandItem {
  const command = getCommand(id);
  const item: NativeMenuCommandItem = { kind: 'command', commandId: id, label: i18n.t(command.labelKey) };
  const shortcut = shortcutsOf(id, platform)[0];
  if (shortcut) item.accelerator = toElectronAccelerator(shortcut, platform);
  const checked = isCommandChecked(id, state);
  if (checked !== undefined) item.check = { style: checkStyle, checked };
  if (command.textEdit === 'cut' || command.textEdit === 'copy' || command.textEdit === 'paste') item.nativeClipboard = command.textEdit;
  return item;
}

/**
 * The menu bar in the UI's language with this platform's accelerators. Items are not greyed out as the
 * selection changes: a disabled command does nothing when it arrives, and Edit ▸ Copy must stay
 * available to text fields whatever is selected on the canvas.
 */
export function describeNativeMenu(platform: KeyPlatform = currentKeyPlatform(), state: CommandState = readCommandState()): NativeMenuDescription {
  return {
    // Main's own dialogs (unsaved changes, crash, About) speak the page's language.
    language: i18n.language,
    sections: NATIVE_MENU_LAYOUT.map((section) => ({
      id: section.id,
      label: i18n.t(section.labelKey),
      items: section.items.map((slot): NativeMenuItem => {
        if (slot === '-') return { kind: 'separator' };
        if (slot === 'recentFiles') return { kind: 'recentFiles', label: i18n.t('menu.openRecent'), emptyLabel: i18n.t('menu.noRecent'), clearLabel: i18n.t('menu.clearRecent') };
        if (typeof slot === 'object') {
          return { kind: 'submenu', label: i18n.t(slot.submenuKey), items: slot.items.map((id) => commandItem(id, platform, state, slot.radio ? 'radio' : 'checkbox')) };
        }
        return commandItem(slot, platform, state, 'checkbox');
      }),
    })),
  };
}

/**
 * A native menu command. In a focused text field the editing commands act on the field: main has already
 * done cut, copy and paste there natively (see NativeMenuCommandItem.nativeClipboard), and undo, redo and
 * select all are the field's own. An id the list does not know is ignored.
 */
export function runMenuCommand(message: MenuCommand): void {
  if (message.type === 'openRecent') {
    void openRecentDocument(message.fileId);
    return;
  }
  if (!isCommandId(message.commandId)) return;
  const textEdit = getCommand(message.commandId).textEdit;
  if (textEdit && focusedTextField()) {
    if (textEdit === 'undo' || textEdit === 'redo' || textEdit === 'selectAll') document.execCommand(textEdit);
    return;
  }
  runCommand(message.commandId, 'menu');
}

/**
 * Listens for native menu commands, then describes the menu to main (which holds commands until then, so
 * a click that opened the window is not lost), and describes it again when the language or a check mark
 * changes. Returns the function that stops. Does nothing on a platform without a native menu.
 */
export function connectNativeMenu(platform: Platform, keyPlatform: KeyPlatform = currentKeyPlatform()): () => void {
  const { onMenuCommand, describeMenu } = platform;
  if (!onMenuCommand || !describeMenu) return () => undefined;
  const stopListening = onMenuCommand.call(platform, runMenuCommand);
  let sent = '';
  const publish = () => {
    const description = describeNativeMenu(keyPlatform);
    const text = JSON.stringify(description);
    if (text === sent) return;
    sent = text;
    describeMenu.call(platform, description).catch((err: unknown) => {
      sent = '';
      console.error('The native menu was not updated:', err);
    });
  };
  publish();
  const checks = () => nativeMenuCommandIds().map((id) => isCommandChecked(id)).join();
  let lastChecks = checks();
  const stopView = useViewStore.subscribe(() => {
    const now = checks();
    if (now === lastChecks) return;
    lastChecks = now;
    publish();
  });
  i18n.on('languageChanged', publish);
  return () => {
    stopListening();
    stopView();
    i18n.off('languageChanged', publish);
  };
}

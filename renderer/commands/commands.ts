/**
 * The editor's one list of commands. The toolbar, the keyboard, the canvas's context menu and the native
 * menu all read it: a command's label, shortcut, enabled state and action are written here once, so
 * the toolbar's tooltip, the menu's accelerator and the key that runs it cannot disagree.
 *
 * Where each command appears is said by the places themselves (Toolbar.tsx, CONTEXT_MENU_LAYOUT,
 * NATIVE_MENU_LAYOUT), by id.
 */
import type { NewDocumentCommandId } from '../../app/ipc/contract';
import { setLanguage, type Language } from '../i18n';
import type { Messages } from '../i18n/en';
import { redo, undo, useDocumentStore } from '../store/documentStore';
import { loadWeightsFrom, newDocument, openDocument, saveDocument, saveGraphOnly } from '../store/persistence';
import { useViewStore } from '../store/viewStore';
import { useExportDialog } from '../export/exportStore';
import { useLessonStore } from '../lessons/lessonStore';
import { autoLayout, copySelection, cutSelection, duplicateSelection, groupSelection, pasteClipboard } from '../canvas/actions';
import type { KeyPlatform, ShortcutSpec } from './shortcut';
import type { CommandState } from './state';

/** A dotted path to a string in the translations, e.g. `toolbar.undo`. */
export type TranslationKey = LeafPaths<Messages>;
type LeafPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : LeafPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Where a command was started from (a failure notice does not depend on it; tests and the context menu do). */
export type CommandSource = 'keyboard' | 'toolbar' | 'menu' | 'contextMenu';

export interface CommandContext {
  state: CommandState;
  source: CommandSource;
}

/** A browser editing action that the command stands for while a text field has the focus. */
export type TextEditAction = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll';

export interface Command {
  labelKey: TranslationKey;
  /**
   * The first is the one shown (tooltips, menus); the others also work. A record gives each platform its
   * own where their conventions differ (Ctrl+Y redoes on Windows, not on macOS).
   */
  shortcuts?: readonly ShortcutSpec[] | Readonly<Record<KeyPlatform, readonly ShortcutSpec[]>>;
  /**
   * Who answers the shortcut. `page` (the default): the page's key handler. `menu`: only the native menu's
   * accelerator — for keys a browser keeps for itself (Ctrl+N opens a window), so the page never sees them.
   */
  keyHandler?: 'page' | 'menu';
  /** The shortcut also works while typing in a field (Save); other shortcuts leave the keys to the field. */
  whileTyping?: boolean;
  /** In a focused text field this command is the field's own editing action (Ctrl+Z undoes typing there). */
  textEdit?: TextEditAction;
  /** Absent means always enabled. A disabled command does nothing, from any place. */
  enabledWhen?(state: CommandState): boolean;
  /** For toggles and choices: whether it is on now (a check mark in menus, a ticked box in the toolbar). */
  checkedWhen?(state: CommandState): boolean;
  run(context: CommandContext): void | Promise<unknown>;
}

const inEditor = (s: CommandState) => s.screen === 'editor';
const hasSelectedBlocks = (s: CommandState) => inEditor(s) && (s.selection.nodes.length > 0 || s.selection.groups.length > 0);

function languageCommand(code: Language, labelKey: TranslationKey): Command {
  return {
    labelKey,
    checkedWhen: (s) => s.language === code,
    run: () => setLanguage(code),
  };
}

/** A language picked from the toolbar or the menu; a new entry in LANGUAGES needs one here (the type insists). */
export type LanguageCommandId = `language.${Language}`;
const languageCommands: Record<LanguageCommandId, Command> = {
  'language.en': languageCommand('en', 'languages.en'),
  'language.ko': languageCommand('ko', 'languages.ko'),
};

export const COMMANDS = {
  'app.home': {
    labelKey: 'toolbar.home',
    run: () => useViewStore.getState().setScreen('start'),
  },
  // The native menu's New. Main forgets the document's file when it runs (see NewDocumentCommandId).
  'file.new': {
    labelKey: 'menu.new',
    shortcuts: ['Mod+N'],
    keyHandler: 'menu',
    // Asks about unsaved edits first; the templates then replace the document as one undo step.
    run: () => newDocument(),
  },
  'file.open': {
    labelKey: 'toolbar.open',
    shortcuts: ['Mod+O'],
    whileTyping: true,
    run: () => openDocument(),
  },
  'file.save': {
    labelKey: 'toolbar.save',
    shortcuts: ['Mod+S'],
    whileTyping: true,
    run: () => saveDocument(false),
  },
  'file.saveAs': {
    labelKey: 'toolbar.saveAs',
    shortcuts: ['Mod+Shift+S'],
    whileTyping: true,
    run: () => saveDocument(true),
  },
  'file.saveGraphOnly': {
    labelKey: 'toolbar.saveGraphOnly',
    run: () => saveGraphOnly(),
  },
  'file.loadWeights': {
    labelKey: 'toolbar.loadWeights',
    // Weights go into the graph on screen; the start screen has none.
    enabledWhen: inEditor,
    run: () => loadWeightsFrom(),
  },
  'file.export': {
    labelKey: 'toolbar.export',
    shortcuts: ['Mod+Shift+E'],
    // The graph on screen, with the weights trained for it.
    enabledWhen: inEditor,
    run: () => useExportDialog.getState().openDialog(),
  },
  'edit.undo': {
    labelKey: 'toolbar.undo',
    shortcuts: ['Mod+Z'],
    textEdit: 'undo',
    enabledWhen: (s) => s.canUndo,
    run: () => undo(),
  },
  'edit.redo': {
    labelKey: 'toolbar.redo',
    shortcuts: { other: ['Mod+Shift+Z', 'Mod+Y'], mac: ['Mod+Shift+Z'] },
    textEdit: 'redo',
    enabledWhen: (s) => s.canRedo,
    run: () => redo(),
  },
  'edit.cut': {
    labelKey: 'menu.cut',
    shortcuts: ['Mod+X'],
    textEdit: 'cut',
    enabledWhen: hasSelectedBlocks,
    run: () => cutSelection(),
  },
  'edit.copy': {
    labelKey: 'menu.copy',
    shortcuts: ['Mod+C'],
    textEdit: 'copy',
    enabledWhen: hasSelectedBlocks,
    run: () => copySelection(),
  },
  'edit.paste': {
    labelKey: 'menu.paste',
    shortcuts: ['Mod+V'],
    textEdit: 'paste',
    enabledWhen: inEditor,
    run: () => pasteClipboard(),
  },
  'edit.duplicate': {
    labelKey: 'toolbar.duplicate',
    shortcuts: ['Mod+D'],
    enabledWhen: hasSelectedBlocks,
    run: () => duplicateSelection(),
  },
  'edit.delete': {
    labelKey: 'toolbar.delete',
    // The Mac key labelled “delete” sends Backspace, so it comes first there.
    shortcuts: { other: ['Delete', 'Backspace'], mac: ['Backspace', 'Delete'] },
    enabledWhen: (s) => inEditor(s) && (s.selection.nodes.length > 0 || s.selection.groups.length > 0 || s.selection.edges.length > 0),
    run: () => useDocumentStore.getState().deleteSelection(),
  },
  'edit.selectAll': {
    labelKey: 'menu.selectAll',
    shortcuts: ['Mod+A'],
    textEdit: 'selectAll',
    enabledWhen: (s) => inEditor(s) && s.nodeCount > 0,
    run: () => {
      const { doc, select } = useDocumentStore.getState();
      select({ nodes: doc.nodes.map((n) => n.id) });
    },
  },
  'edit.group': {
    labelKey: 'toolbar.group',
    shortcuts: ['Mod+G'],
    enabledWhen: (s) => inEditor(s) && s.selection.nodes.length > 0,
    run: () => groupSelection(),
  },
  'edit.ungroup': {
    labelKey: 'toolbar.ungroup',
    shortcuts: ['Mod+Shift+G'],
    enabledWhen: (s) => inEditor(s) && s.selection.groups.length > 0,
    run: ({ state }) => {
      const store = useDocumentStore.getState();
      for (const groupId of state.selection.groups) store.ungroup(groupId);
    },
  },
  'view.autoLayout': {
    labelKey: 'toolbar.layout',
    run: () => autoLayout(),
  },
  'view.fit': {
    labelKey: 'toolbar.fit',
    run: () => useViewStore.getState().requestFit(),
  },
  'view.snapToGrid': {
    labelKey: 'toolbar.snap',
    checkedWhen: (s) => s.snapToGrid,
    run: () => useViewStore.getState().toggleSnap(),
  },
  // The studio lives under the editor's canvas; the start screen has none to show.
  'view.toggleStudio': {
    labelKey: 'menu.toggleStudio',
    shortcuts: ['Mod+J'],
    enabledWhen: inEditor,
    checkedWhen: (s) => s.studioOpen,
    run: () => useViewStore.getState().toggleStudio(),
  },
  ...languageCommands,
  'help.aboutData': {
    labelKey: 'menu.aboutData',
    run: () => useViewStore.getState().showAboutData(),
  },
  // The guided lessons' list lives on the start screen; the command goes there with the list open.
  'help.lessons': {
    labelKey: 'menu.lessons',
    run: () => {
      useViewStore.getState().setScreen('start');
      useLessonStore.getState().setPickerOpen(true);
    },
  },
} satisfies Record<string, Command>;

export type CommandId = keyof typeof COMMANDS;

/** Main runs its part of New (forgetting the document's file) by this id; the intersection fails to compile if either side renames it. */
export const NEW_DOCUMENT_COMMAND: NewDocumentCommandId & CommandId = 'file.new';

export const COMMAND_IDS = Object.keys(COMMANDS) as CommandId[];

export function isCommandId(id: string): id is CommandId {
  return Object.prototype.hasOwnProperty.call(COMMANDS, id);
}

export function getCommand(id: CommandId): Command {
  return COMMANDS[id];
}

/** The command's shortcuts on a platform, the displayed one first; empty when it has none. */
export function shortcutsOf(id: CommandId, platform: KeyPlatform): readonly ShortcutSpec[] {
  const shortcuts = getCommand(id).shortcuts;
  if (!shortcuts) return [];
  return isPerPlatform(shortcuts) ? shortcuts[platform] : shortcuts;
}

function isPerPlatform(shortcuts: NonNullable<Command['shortcuts']>): shortcuts is Readonly<Record<KeyPlatform, readonly ShortcutSpec[]>> {
  return !Array.isArray(shortcuts);
}

export function languageCommandId(code: Language): LanguageCommandId {
  return `language.${code}`;
}

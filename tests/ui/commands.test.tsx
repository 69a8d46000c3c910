import { ReactFlowProvider } from '@xyflow/react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import './flowEnvironment';
import { Canvas } from '../../renderer/canvas/Canvas';
import { useEditorShortcuts } from '../../renderer/canvas/shortcuts';
import { Toolbar } from '../../renderer/canvas/Toolbar';
import { COMMAND_IDS, getCommand, shortcutsOf, type CommandId } from '../../renderer/commands/commands';
import { CommandContextMenu } from '../../renderer/commands/ContextMenu';
import { commandForKey, handleCommandKey } from '../../renderer/commands/keyboard';
import { isCommandEnabled, runCommand } from '../../renderer/commands/run';
import { formatShortcut, matchesShortcut, parseShortcut, toAriaKeyShortcut, toElectronAccelerator, type KeyPlatform } from '../../renderer/commands/shortcut';
import { setLanguage } from '../../renderer/i18n';
import { EMPTY_SELECTION, useDocumentStore } from '../../renderer/store/documentStore';
import { groupNodes } from '../../renderer/store/edits';
import { useViewStore } from '../../renderer/store/viewStore';
import { attentionDoc } from './graphs';

const PLATFORMS: KeyPlatform[] = ['other', 'mac'];

/** The KeyboardEvent a browser fires for a shortcut on a platform (US layout). */
function keyInit(spec: string, platform: KeyPlatform): KeyboardEventInit {
  const s = parseShortcut(spec);
  const letter = /^[A-Z]$/.test(s.key);
  return {
    key: letter ? (s.shift ? s.key : s.key.toLowerCase()) : s.key,
    code: letter ? `Key${s.key}` : /^[0-9]$/.test(s.key) ? `Digit${s.key}` : s.key,
    ctrlKey: s.ctrl || (s.mod && platform === 'other'),
    metaKey: s.mod && platform === 'mac',
    altKey: s.alt,
    shiftKey: s.shift,
    bubbles: true,
    cancelable: true,
  };
}

const key = (spec: string, platform: KeyPlatform) => new KeyboardEvent('keydown', keyInit(spec, platform));

function setPlatformName(name: string) {
  Object.defineProperty(window.navigator, 'platform', { value: name, configurable: true });
}

function loadAttentionDoc() {
  const { doc, ids } = attentionDoc();
  act(() => useDocumentStore.getState().load(doc));
  return { doc, ids };
}

function KeyListener() {
  useEditorShortcuts();
  return null;
}

beforeEach(() => {
  useViewStore.setState({ screen: 'editor', snapToGrid: true });
  setPlatformName('Linux x86_64');
});
afterEach(() => {
  setPlatformName('');
  act(() => setLanguage('en'));
});

describe('shortcuts from the command list', () => {
  for (const platform of PLATFORMS) {
    const name = platform === 'mac' ? 'macOS' : 'Linux and Windows';

    it(`resolves every shortcut to its command on ${name}`, () => {
      let checked = 0;
      for (const id of COMMAND_IDS) {
        if (getCommand(id).keyHandler === 'menu') continue;
        for (const spec of shortcutsOf(id, platform)) {
          expect(commandForKey(key(spec, platform), platform), `${spec} on ${name}`).toBe(id);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(14);
    });

    it(`gives no two commands the same shortcut on ${name}`, () => {
      const owners = new Map<string, CommandId>();
      for (const id of COMMAND_IDS) {
        for (const spec of shortcutsOf(id, platform)) {
          const shown = formatShortcut(spec, platform);
          expect(owners.get(shown), `${shown} is both ${owners.get(shown)} and ${id}`).toBeUndefined();
          owners.set(shown, id);
        }
      }
    });
  }

  it('uses Cmd on macOS and Ctrl elsewhere, never the other', () => {
    expect(commandForKey(key('Mod+Z', 'other'), 'mac')).toBeNull();
    expect(commandForKey(key('Mod+Z', 'mac'), 'other')).toBeNull();
    expect(commandForKey(key('Mod+Z', 'mac'), 'mac')).toBe('edit.undo');
    // Ctrl+Y redoes on Linux and Windows; on macOS ⇧⌘Z does, and ⌘Y is nothing.
    expect(commandForKey(key('Mod+Y', 'other'), 'other')).toBe('edit.redo');
    expect(commandForKey(key('Mod+Y', 'mac'), 'mac')).toBeNull();
  });

  it('needs exactly the modifiers of the shortcut', () => {
    expect(commandForKey(key('Mod+Shift+C', 'other'), 'other')).toBeNull();
    expect(commandForKey(key('Mod+Shift+G', 'other'), 'other')).toBe('edit.ungroup');
    expect(commandForKey(key('Mod+G', 'other'), 'other')).toBe('edit.group');
    expect(commandForKey(key('Shift+Delete', 'other'), 'other')).toBeNull();
  });

  it('matches letters by physical key when the layout types another script', () => {
    const korean = new KeyboardEvent('keydown', { key: 'ㅋ', code: 'KeyZ', ctrlKey: true });
    expect(commandForKey(korean, 'other')).toBe('edit.undo');
    expect(matchesShortcut('Mod+Z', { key: 'z', code: 'KeyY', ctrlKey: true, metaKey: false, altKey: false, shiftKey: false }, 'other')).toBe(true);
  });

  it('leaves Ctrl+N to the native menu (a browser keeps it)', () => {
    expect(getCommand('file.new').keyHandler).toBe('menu');
    expect(commandForKey(key('Mod+N', 'other'), 'other')).toBeNull();
  });

  it('writes each shortcut for people, for Electron and for assistive technology', () => {
    expect(formatShortcut('Mod+Shift+Z', 'other')).toBe('Ctrl+Shift+Z');
    expect(formatShortcut('Mod+Shift+Z', 'mac')).toBe('⇧⌘Z');
    expect(formatShortcut('Ctrl+Alt+K', 'mac')).toBe('⌃⌥K');
    expect(formatShortcut('Backspace', 'mac')).toBe('⌫');
    expect(formatShortcut('Delete', 'other')).toBe('Delete');
    expect(toElectronAccelerator('Mod+Shift+S', 'mac')).toBe('Cmd+Shift+S');
    expect(toElectronAccelerator('Mod+Shift+S', 'other')).toBe('Ctrl+Shift+S');
    expect(toElectronAccelerator('Mod++', 'other')).toBe('Ctrl+Plus');
    expect(toAriaKeyShortcut('Mod+G', 'mac')).toBe('Meta+G');
    expect(toAriaKeyShortcut('Mod+Shift+Z', 'other')).toBe('Control+Shift+Z');
    expect(() => parseShortcut('Hyper+G')).toThrow(/E_SHORTCUT_SPEC/);
    expect(() => parseShortcut('Mod+')).toThrow(/E_SHORTCUT_SPEC/);
  });
});

describe('the key handler', () => {
  it('groups the selection with Ctrl+G and undoes with Ctrl+Z, from a key press on the window', async () => {
    const { ids } = loadAttentionDoc();
    render(<KeyListener />);
    act(() => useDocumentStore.getState().select({ nodes: [ids.emb, ids.mha] }));
    const press = key('Mod+G', 'other');
    act(() => {
      window.dispatchEvent(press);
    });
    expect(press.defaultPrevented).toBe(true);
    await waitUntil(() => useDocumentStore.getState().doc.groups.length === 1);
    expect(useDocumentStore.getState().doc.nodes.filter((n) => n.group).map((n) => n.id).sort()).toEqual([ids.emb, ids.mha].sort());
    act(() => {
      window.dispatchEvent(key('Mod+Z', 'other'));
    });
    expect(useDocumentStore.getState().doc.groups).toHaveLength(0);
  });

  it('consumes the key of a disabled command and does nothing with it', () => {
    const { doc } = loadAttentionDoc();
    const duplicate = key('Mod+D', 'other'); // nothing selected: Duplicate is disabled
    expect(isCommandEnabled('edit.duplicate')).toBe(false);
    expect(handleCommandKey(duplicate, 'other')).toBe(true);
    expect(duplicate.defaultPrevented).toBe(true);
    expect(handleCommandKey(key('Delete', 'other'), 'other')).toBe(true);
    expect(runCommand('edit.group', 'toolbar')).toBe(false);
    expect(useDocumentStore.getState().doc).toBe(doc);
  });

  it('leaves typing keys to a text field but saves from one', () => {
    const { ids } = loadAttentionDoc();
    act(() => useDocumentStore.getState().select({ nodes: [ids.dense] }));
    const field = document.body.appendChild(document.createElement('input'));
    try {
      const backspace = new KeyboardEvent('keydown', { ...keyInit('Backspace', 'other') });
      field.dispatchEvent(backspace);
      expect(handleCommandKey(backspace, 'other')).toBe(false);
      expect(backspace.defaultPrevented).toBe(false);
      const undo = key('Mod+Z', 'other');
      field.dispatchEvent(undo);
      expect(handleCommandKey(undo, 'other')).toBe(false);
      const save = key('Mod+S', 'other');
      field.dispatchEvent(save);
      expect(handleCommandKey(save, 'other')).toBe(true);
      expect(save.defaultPrevented).toBe(true);
      expect(useDocumentStore.getState().doc.nodes).toHaveLength(4);
    } finally {
      field.remove();
    }
  });

  it('waits while an input method is composing', () => {
    loadAttentionDoc();
    const composing = new KeyboardEvent('keydown', { ...keyInit('Mod+A', 'other'), isComposing: true });
    expect(handleCommandKey(composing, 'other')).toBe(false);
    expect(useDocumentStore.getState().selection).toEqual(EMPTY_SELECTION);
    expect(handleCommandKey(key('Mod+A', 'other'), 'other')).toBe(true);
    expect(useDocumentStore.getState().selection.nodes).toHaveLength(4);
  });

  it('ungroups the selected group with Ctrl+Shift+G', () => {
    const { doc, ids } = attentionDoc();
    const { doc: grouped, groupId } = groupNodes(doc, [ids.emb, ids.mha], 'Front');
    act(() => useDocumentStore.getState().load(grouped));
    act(() => useDocumentStore.getState().select({ groups: [groupId] }));
    expect(handleCommandKey(key('Mod+Shift+G', 'other'), 'other')).toBe(true);
    expect(useDocumentStore.getState().doc.groups).toHaveLength(0);
    expect(useDocumentStore.getState().doc.nodes.every((n) => !n.group)).toBe(true);
  });
});

describe('toolbar', () => {
  it('shows Linux and Windows shortcuts as Ctrl+…', () => {
    render(<Toolbar />);
    expect(screen.getByRole('button', { name: 'Undo' }).title).toBe('Ctrl+Z');
    expect(screen.getByRole('button', { name: 'Redo' }).title).toBe('Ctrl+Shift+Z');
    expect(screen.getByRole('button', { name: 'Group' }).title).toBe('Ctrl+G');
    expect(screen.getByRole('button', { name: 'Duplicate' }).title).toBe('Ctrl+D');
    expect(screen.getByRole('button', { name: 'Delete' }).title).toBe('Delete');
    expect(screen.getByRole('button', { name: 'Save' }).title).toBe('Ctrl+S');
    expect(screen.getByRole('button', { name: 'Redo' }).getAttribute('aria-keyshortcuts')).toBe('Control+Shift+Z Control+Y');
  });

  it('shows macOS shortcuts with ⌘', () => {
    setPlatformName('MacIntel');
    render(<Toolbar />);
    expect(screen.getByRole('button', { name: 'Undo' }).title).toBe('⌘Z');
    expect(screen.getByRole('button', { name: 'Redo' }).title).toBe('⇧⌘Z');
    expect(screen.getByRole('button', { name: 'Group' }).title).toBe('⌘G');
    expect(screen.getByRole('button', { name: 'Delete' }).title).toBe('⌫');
    expect(screen.getByRole('button', { name: 'Group' }).getAttribute('aria-keyshortcuts')).toBe('Meta+G');
  });

  it('enables buttons as their commands are, and a disabled one does nothing', () => {
    const { doc, ids } = loadAttentionDoc();
    render(<Toolbar />);
    const group = screen.getByRole('button', { name: 'Group' }) as HTMLButtonElement;
    expect(group.disabled).toBe(true);
    fireEvent.click(group);
    expect(useDocumentStore.getState().doc).toBe(doc);
    act(() => useDocumentStore.getState().select({ nodes: [ids.dense] }));
    expect(group.disabled).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(useDocumentStore.getState().doc.nodes).toHaveLength(3);
    expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(false);
    expect(group.disabled).toBe(true);
  });

  it('ticks snap to grid and runs the language commands', () => {
    render(<Toolbar />);
    const snap = screen.getByRole('checkbox', { name: 'Snap to grid' }) as HTMLInputElement;
    expect(snap.checked).toBe(true);
    fireEvent.click(snap);
    expect(useViewStore.getState().snapToGrid).toBe(false);
    expect(snap.checked).toBe(false);
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'ko' } });
    expect(screen.getByRole('button', { name: '그룹' }).title).toBe('Ctrl+G');
  });
});

describe('context menu', () => {
  it('lists commands with their shortcuts, greys out the disabled ones and runs the chosen one', () => {
    const { ids } = loadAttentionDoc();
    act(() => useDocumentStore.getState().select({ nodes: [ids.dense] }));
    let open = true;
    render(<CommandContextMenu at={{ x: 10, y: 10 }} onClose={() => (open = false)} />);
    const menu = screen.getByRole('menu', { name: 'Canvas commands' });
    const item = (name: string) => within(menu).getByRole('menuitem', { name }) as HTMLButtonElement;
    expect(item('Copy').getAttribute('aria-keyshortcuts')).toBe('Control+C');
    expect(item('Copy').textContent).toBe('CopyCtrl+C');
    expect(item('Ungroup').disabled).toBe(true);
    expect(item('Group').disabled).toBe(false);
    expect(document.activeElement).toBe(item('Cut'));
    fireEvent.keyDown(menu, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(item('Copy'));
    fireEvent.click(item('Delete'));
    expect(open).toBe(false);
    expect(useDocumentStore.getState().doc.nodes.map((n) => n.id)).not.toContain(ids.dense);
  });

  it('closes on Escape without running anything', () => {
    const { doc } = loadAttentionDoc();
    let open = true;
    render(<CommandContextMenu at={{ x: 10, y: 10 }} onClose={() => (open = false)} />);
    fireEvent.keyDown(screen.getByRole('menu'), { key: 'Escape' });
    expect(open).toBe(false);
    expect(useDocumentStore.getState().doc).toBe(doc);
  });

  it('opens on a right-click on the canvas', () => {
    loadAttentionDoc();
    const { container } = render(
      <ReactFlowProvider>
        <div style={{ width: 800, height: 600 }}>
          <Canvas />
        </div>
      </ReactFlowProvider>,
    );
    const pane = container.querySelector('.react-flow__pane');
    expect(pane).toBeTruthy();
    fireEvent.contextMenu(pane!, { clientX: 40, clientY: 50 });
    const menu = screen.getByRole('menu', { name: 'Canvas commands' });
    expect((within(menu).getByRole('menuitem', { name: 'Select all' }) as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'Select all' }));
    expect(screen.queryByRole('menu')).toBeNull();
    expect(useDocumentStore.getState().selection.nodes).toHaveLength(4);
  });

  it('selects the right-clicked block alone before offering commands for it', () => {
    const { ids } = loadAttentionDoc();
    act(() => useDocumentStore.getState().select({ nodes: [ids.tok] }));
    render(
      <ReactFlowProvider>
        <div style={{ width: 800, height: 600 }}>
          <Canvas />
        </div>
      </ReactFlowProvider>,
    );
    fireEvent.contextMenu(screen.getByTestId(`block-${ids.dense}`), { clientX: 40, clientY: 50 });
    expect(useDocumentStore.getState().selection.nodes).toEqual([ids.dense]);
    fireEvent.click(within(screen.getByRole('menu')).getByRole('menuitem', { name: 'Duplicate' }));
    expect(useDocumentStore.getState().doc.nodes).toHaveLength(5);
  });
});

/** Polls a condition that an asynchronous command (grouping lays the graph out) makes true. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(condition()).toBe(true);
}

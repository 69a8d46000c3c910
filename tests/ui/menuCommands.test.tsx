import { act } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectNativeMenu, describeNativeMenu, nativeMenuCommandIds } from '../../renderer/commands/nativeMenu';
import { setLanguage } from '../../renderer/i18n';
import { useLessonStore } from '../../renderer/lessons/lessonStore';
import type { MenuCommand, NativeMenuCommandItem, NativeMenuDescription, NativeMenuItem, Platform, PlatformExtras } from '../../renderer/platform/types';
import { EMPTY_SELECTION, useDocumentStore } from '../../renderer/store/documentStore';
import { startPersistence } from '../../renderer/store/persistence';
import type { TrainedModelPort } from '../../renderer/store/trainedModel';
import { useViewStore } from '../../renderer/store/viewStore';
import { attentionDoc } from './graphs';

/** A studio that holds no trained model, so Save writes the graph and its (no) runs. */
function graphOnlyStudio(): TrainedModelPort {
  return {
    exportTrained: async () => ({ runs: [] }),
    loadTrained: async () => undefined,
    onCheckpoint: () => () => undefined,
    planWeightTransfer: async () => ({ loads: [], skipped: [] }),
    setInitWeights: () => undefined,
  };
}

// Copied into this realm's Uint8Array, as the platform hands bytes over (jsdom's TextEncoder answers with another realm's).
const recentGraph = Uint8Array.from(
  new TextEncoder().encode(
    JSON.stringify({
      formatVersion: 1,
      name: 'From the recent list',
      nodes: [{ id: 'inp', kind: 'tokenInput', params: { length: 8 }, position: { x: 0, y: 0 } }],
      edges: [],
    }),
  ),
);

/** A desktop-like platform: it records the menu the page describes, and the test clicks its items. */
function fakeDesktop() {
  let listener: ((c: MenuCommand) => void) | null = null;
  const saved: { name: string; saveAs?: boolean }[] = [];
  const descriptions: NativeMenuDescription[] = [];
  const order: string[] = [];
  const platform: Platform & PlatformExtras = {
    kind: 'electron',
    openModel: async () => null,
    readModel: async () => null,
    saveModel: async (_bytes, name, opts) => {
      saved.push({ name, saveAs: opts?.saveAs });
      return { name };
    },
    autosave: async () => undefined,
    autosaveCheckpoint: async () => undefined,
    loadAutosave: async () => null,
    exportFile: async () => undefined,
    openRecent: async (id) => (id === 'r1' ? { name: 'recent.tlgraph.json', bytes: recentGraph } : null),
    onMenuCommand: (l) => {
      order.push('listen');
      listener = l;
      return () => {
        listener = null;
      };
    },
    describeMenu: async (d) => {
      order.push('describe');
      descriptions.push(d);
    },
  };
  const press = async (c: MenuCommand) => {
    listener?.(c);
    await new Promise((r) => setTimeout(r, 0));
  };
  const run = (commandId: string) => press({ type: 'run', commandId });
  return { platform, press, run, saved, descriptions, order, subscribed: () => listener !== null };
}

function commandItems(items: NativeMenuItem[]): NativeMenuCommandItem[] {
  return items.flatMap((i) => (i.kind === 'command' ? [i] : i.kind === 'submenu' ? commandItems(i.items) : []));
}

function itemFor(description: NativeMenuDescription, commandId: string): NativeMenuCommandItem | undefined {
  return description.sections.flatMap((s) => commandItems(s.items)).find((i) => i.commandId === commandId);
}

describe('native menu commands', () => {
  let stops: Array<() => void> = [];
  beforeEach(() => {
    useViewStore.setState({ screen: 'editor', snapToGrid: true });
  });
  afterEach(() => {
    for (const stop of stops) stop();
    stops = [];
    act(() => setLanguage('en'));
  });

  it('listens before it describes the menu, so main may send the commands it held back', () => {
    const desk = fakeDesktop();
    stops.push(connectNativeMenu(desk.platform, 'other'));
    expect(desk.order).toEqual(['listen', 'describe']);
    expect(desk.descriptions[0].sections.map((s) => s.id)).toEqual(['file', 'edit', 'view', 'help']);
  });

  it('opens a recent file, saves it, shows About the data and goes back to the start screen, all by command id', async () => {
    const desk = fakeDesktop();
    stops.push(await startPersistence(desk.platform, { trainedModel: graphOnlyStudio() }));
    stops.push(connectNativeMenu(desk.platform, 'other'));

    await desk.press({ type: 'openRecent', fileId: 'r1' });
    expect(useDocumentStore.getState().doc.name).toBe('From the recent list');
    expect(useViewStore.getState().screen).toBe('editor');

    await desk.run('file.saveAs');
    expect(desk.saved.at(-1)).toEqual({ name: 'recent.tlgraph.json', saveAs: true });

    await desk.run('file.saveGraphOnly');
    expect(desk.saved.at(-1)).toEqual({ name: 'recent-graph.tlgraph', saveAs: undefined });

    const before = useViewStore.getState().aboutDataRequest;
    await desk.run('help.aboutData');
    expect(useViewStore.getState().aboutDataRequest).toBe(before + 1);

    await desk.run('file.new');
    expect(useViewStore.getState().screen).toBe('start');

    useLessonStore.getState().setPickerOpen(false);
    act(() => useViewStore.getState().setScreen('editor'));
    await desk.run('help.lessons');
    expect(useViewStore.getState().screen).toBe('start');
    expect(useLessonStore.getState().pickerOpen).toBe(true);
  });

  it('ignores an id that is not in the command list, and a disabled command does nothing', async () => {
    const desk = fakeDesktop();
    stops.push(connectNativeMenu(desk.platform, 'other'));
    const { doc } = attentionDoc();
    act(() => useDocumentStore.getState().load(doc));
    await desk.run('file.format-disk');
    await desk.run('edit.undo'); // nothing to undo: disabled
    await desk.run('edit.delete'); // nothing selected: disabled
    expect(useDocumentStore.getState().doc).toBe(doc);

    act(() => useDocumentStore.getState().select({ nodes: [doc.nodes[3].id] }));
    await desk.run('edit.delete');
    expect(useDocumentStore.getState().doc.nodes).toHaveLength(3);
    await desk.run('edit.undo');
    expect(useDocumentStore.getState().doc.nodes).toHaveLength(4);
  });

  it('leaves the editing commands to a focused text field', async () => {
    const desk = fakeDesktop();
    stops.push(connectNativeMenu(desk.platform, 'other'));
    const { doc } = attentionDoc();
    act(() => useDocumentStore.getState().load(doc));
    const field = document.body.appendChild(document.createElement('input'));
    field.focus();
    const execCommand = vi.fn(() => true);
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    try {
      await desk.run('edit.selectAll');
      await desk.run('edit.undo');
      // Main has already pasted into the field natively; the canvas must not paste blocks as well.
      await desk.run('edit.paste');
      expect(execCommand.mock.calls).toEqual([['selectAll'], ['undo']]);
      expect(useDocumentStore.getState().selection).toEqual(EMPTY_SELECTION);
      expect(useDocumentStore.getState().doc).toBe(doc);

      field.blur();
      await desk.run('edit.selectAll');
      expect(useDocumentStore.getState().selection.nodes).toHaveLength(4);
      expect(execCommand).toHaveBeenCalledTimes(2);
    } finally {
      field.remove();
      Reflect.deleteProperty(document, 'execCommand');
    }
  });

  it('describes the menu again in the new language and with the new check marks, and only then', () => {
    const desk = fakeDesktop();
    stops.push(connectNativeMenu(desk.platform, 'other'));
    expect(itemFor(desk.descriptions[0], 'view.snapToGrid')?.check).toEqual({ style: 'checkbox', checked: true });
    expect(itemFor(desk.descriptions[0], 'language.en')?.check).toEqual({ style: 'radio', checked: true });

    act(() => useViewStore.getState().requestFit());
    expect(desk.descriptions).toHaveLength(1);

    act(() => useViewStore.getState().toggleSnap());
    expect(desk.descriptions).toHaveLength(2);
    expect(itemFor(desk.descriptions[1], 'view.snapToGrid')?.check?.checked).toBe(false);

    act(() => setLanguage('ko'));
    const korean = desk.descriptions.at(-1)!;
    expect(korean.sections[0].label).toBe('파일(&F)');
    expect(itemFor(korean, 'edit.undo')?.label).toBe('실행 취소');
    expect(itemFor(korean, 'language.ko')?.check?.checked).toBe(true);
  });

  it('stops listening when disconnected', () => {
    const desk = fakeDesktop();
    const stop = connectNativeMenu(desk.platform, 'other');
    expect(desk.subscribed()).toBe(true);
    stop();
    expect(desk.subscribed()).toBe(false);
  });

  it('gives every menu command a label, and its shortcut as the accelerator for the platform', () => {
    const other = describeNativeMenu('other');
    const mac = describeNativeMenu('mac');
    for (const id of nativeMenuCommandIds()) {
      expect(itemFor(other, id)?.label, id).toBeTruthy();
    }
    expect(itemFor(other, 'edit.redo')?.accelerator).toBe('Ctrl+Shift+Z');
    expect(itemFor(mac, 'edit.redo')?.accelerator).toBe('Cmd+Shift+Z');
    expect(itemFor(mac, 'edit.delete')?.accelerator).toBe('Backspace');
    expect(itemFor(other, 'edit.delete')?.accelerator).toBe('Delete');
    expect(itemFor(other, 'edit.copy')?.nativeClipboard).toBe('copy');
    expect(itemFor(other, 'edit.undo')?.nativeClipboard).toBeUndefined();
    expect(itemFor(other, 'file.saveGraphOnly')?.accelerator).toBeUndefined();
  });
});

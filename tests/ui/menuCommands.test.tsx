import { afterEach, describe, expect, it } from 'vitest';
import { startPersistence } from '../../renderer/store/persistence';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { useViewStore } from '../../renderer/store/viewStore';
import type { MenuCommand, Platform, PlatformExtras } from '../../renderer/platform/types';
import type { TrainedModelPort } from '../../renderer/store/trainedModel';

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
const recentGraph = Uint8Array.from(new TextEncoder().encode(JSON.stringify({
  formatVersion: 1,
  name: 'From the recent list',
  nodes: [{ id: 'inp', kind: 'tokenInput', params: { length: 8 }, position: { x: 0, y: 0 } }],
  edges: [],
})));

/** A desktop-like platform whose native menu the test presses. */
function fakeDesktop() {
  let listener: ((c: MenuCommand) => void) | null = null;
  const saved: { name: string; saveAs?: boolean }[] = [];
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
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  const press = async (c: MenuCommand) => {
    listener?.(c);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { platform, press, saved, subscribed: () => listener !== null };
}

describe('native menu commands', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('opens a recent file, saves it, shows About the data and goes back to the start screen', async () => {
    const desk = fakeDesktop();
    stop = await startPersistence(desk.platform, { trainedModel: graphOnlyStudio() });
    expect(desk.subscribed()).toBe(true);

    await desk.press({ type: 'openRecent', id: 'r1' });
    expect(useDocumentStore.getState().doc.name).toBe('From the recent list');
    expect(useViewStore.getState().screen).toBe('editor');

    await desk.press({ type: 'saveAs' });
    expect(desk.saved.at(-1)).toEqual({ name: 'recent.tlgraph.json', saveAs: true });

    await desk.press({ type: 'saveGraphOnly' });
    expect(desk.saved.at(-1)).toEqual({ name: 'recent-graph.tlgraph', saveAs: undefined });

    const before = useViewStore.getState().aboutDataRequest;
    await desk.press({ type: 'aboutData' });
    expect(useViewStore.getState().aboutDataRequest).toBe(before + 1);

    await desk.press({ type: 'new' });
    expect(useViewStore.getState().screen).toBe('start');
  });

  it('stops listening to the menu when persistence stops', async () => {
    const desk = fakeDesktop();
    const stopNow = await startPersistence(desk.platform, { trainedModel: graphOnlyStudio() });
    stopNow();
    expect(desk.subscribed()).toBe(false);
  });
});

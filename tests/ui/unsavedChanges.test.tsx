import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeModelFile } from '../../engine/io/modelFile';
import type { GraphDoc } from '../../engine/graph/schema';
import { UnsavedChangesDialog } from '../../renderer/canvas/UnsavedChangesDialog';
import { runCommand } from '../../renderer/commands/run';
import type { AutosaveSnapshot, OpenedFile, Platform } from '../../renderer/platform/types';
import { undo, useDocumentStore } from '../../renderer/store/documentStore';
import { emptyDoc } from '../../renderer/store/edits';
import {
  answerCloseRequest,
  hasUnsavedChanges,
  newBlankDocument,
  openDocument,
  openRecentDocument,
  openTemplate,
  startPersistence,
} from '../../renderer/store/persistence';
import type { TrainedModelPort } from '../../renderer/store/trainedModel';
import { useViewStore } from '../../renderer/store/viewStore';
import { makeDoc } from '../fixtures/docBuilder';

function smallDoc(name: string): GraphDoc {
  return { ...makeDoc({ tok: { kind: 'tokenInput' }, emb: { kind: 'embedding' } }, ['tok.out -> emb.in']), name };
}

function fakePlatform(snapshot: AutosaveSnapshot | null = null, saveAnswers: boolean[] = []) {
  const saved: string[] = [];
  const graphs: string[] = [];
  const opened: string[] = [];
  const files: OpenedFile[] = [];
  const platform: Platform = {
    kind: 'browser',
    openModel: async () => {
      const f = files.shift() ?? null;
      if (f) opened.push(f.name);
      return f;
    },
    readModel: async () => null,
    // false: the learner cancelled the save dialog.
    saveModel: async (_bytes, name) => ((saveAnswers.shift() ?? true) ? (saved.push(name), { name }) : null),
    autosave: async (text) => void graphs.push(text),
    autosaveCheckpoint: async () => undefined,
    loadAutosave: async () => snapshot,
    exportFile: async () => undefined,
    openRecent: async (id) => (opened.push(id), { name: `${id}.tlgraph`, bytes: writeModelFile({ graph: smallDoc(id), runs: [] }) }),
  };
  return { platform, saved, graphs, opened, files };
}

const studio: TrainedModelPort = {
  exportTrained: async () => ({ runs: [] }),
  loadTrained: async () => undefined,
  onCheckpoint: () => () => undefined,
  planWeightTransfer: async () => ({ loads: [], skipped: [] }),
  setInitWeights: () => undefined,
};

const settle = () => act(async () => await new Promise((resolve) => setTimeout(resolve, 0)));

/** An edit the learner made: the document has something no file holds. */
function edit() {
  act(() => useDocumentStore.getState().setName('Edited by hand'));
}

async function answer(button: 'Save' | 'Don’t save' | 'Cancel') {
  await settle();
  const dialog = screen.getByTestId('unsaved-dialog');
  expect(dialog.textContent).toContain('Save the changes to “Edited by hand”?');
  fireEvent.click(screen.getByRole('button', { name: button }));
  await settle();
}

let stop: (() => void) | undefined;
beforeEach(async () => {
  useDocumentStore.getState().load(smallDoc('Mine'));
  useViewStore.getState().setScreen('editor');
  render(<UnsavedChangesDialog />);
});
afterEach(() => {
  stop?.();
  stop = undefined;
  cleanup();
});

describe('nothing replaces unsaved edits without asking', () => {
  it('Open: Cancel keeps the edits and opens nothing; Don’t save opens the file', async () => {
    const { platform, files, opened } = fakePlatform();
    stop = await startPersistence(platform, { trainedModel: studio });
    files.push({ name: 'other.tlgraph', bytes: writeModelFile({ graph: smallDoc('Other'), runs: [] }) });
    edit();
    const cancelled = openDocument();
    await answer('Cancel');
    await cancelled;
    expect(opened).toEqual([]);
    expect(useDocumentStore.getState().doc.name).toBe('Edited by hand');
    expect(hasUnsavedChanges()).toBe(true);

    const discarded = openDocument();
    await answer('Don’t save');
    await discarded;
    expect(useDocumentStore.getState().doc.name).toBe('Other');
    expect(hasUnsavedChanges()).toBe(false);
  });

  it('Save writes the file first; a cancelled save dialog cancels the whole action', async () => {
    const { platform, saved } = fakePlatform(null, [false, true]);
    stop = await startPersistence(platform, { trainedModel: studio });
    edit();
    const first = openTemplate('encoder-classifier');
    await answer('Save');
    await first;
    expect(saved).toEqual([]);
    expect(useDocumentStore.getState().doc.name).toBe('Edited by hand');

    const second = openTemplate('encoder-classifier');
    await answer('Save');
    await second;
    expect(saved).toHaveLength(1);
    expect(useDocumentStore.getState().doc.name).toBe('Encoder classifier');
  });

  it('a template or a blank canvas from the start screen is one undo step away from the old graph', async () => {
    const { platform } = fakePlatform();
    stop = await startPersistence(platform, { trainedModel: studio });
    edit();
    const blank = newBlankDocument(emptyDoc('Fresh'));
    await answer('Don’t save');
    await blank;
    expect(useDocumentStore.getState().doc.name).toBe('Fresh');
    act(() => undo());
    expect(useDocumentStore.getState().doc.name).toBe('Edited by hand');
    // Back to the old graph is an edit again: replacing it asks again.
    expect(hasUnsavedChanges()).toBe(true);
  });

  it('Open Recent and New ask too; New then lets a template replace the graph without asking twice', async () => {
    const { platform, opened } = fakePlatform();
    stop = await startPersistence(platform, { trainedModel: studio });
    edit();
    const recent = openRecentDocument('recent-1');
    await answer('Cancel');
    await recent;
    expect(opened).toEqual([]);

    expect(runCommand('file.new', 'menu')).toBe(true);
    await answer('Don’t save');
    expect(useViewStore.getState().screen).toBe('start');
    await openTemplate('encoder-classifier');
    await settle();
    expect(screen.queryByTestId('unsaved-dialog')).toBeNull();
    expect(useDocumentStore.getState().doc.name).toBe('Encoder classifier');
  });

  it('closing the window: clean answers at once, dirty asks', async () => {
    const { platform } = fakePlatform();
    stop = await startPersistence(platform, { trainedModel: studio });
    await expect(answerCloseRequest()).resolves.toBe('discard');
    expect(screen.queryByTestId('unsaved-dialog')).toBeNull();
    edit();
    const closing = answerCloseRequest();
    await answer('Cancel');
    await expect(closing).resolves.toBe('cancel');
  });

  it('a graph restored after a crash counts as unsaved, and its recovery copy is left alone until an edit', async () => {
    const { platform, graphs } = fakePlatform({ graph: JSON.stringify(smallDoc('Recovered')), checkpoint: null });
    stop = await startPersistence(platform, { trainedModel: studio });
    await settle();
    expect(useDocumentStore.getState().doc.name).toBe('Recovered');
    expect(hasUnsavedChanges()).toBe(true);
    expect(graphs).toEqual([]);
    const leaving = answerCloseRequest();
    await settle();
    expect(screen.getByTestId('unsaved-dialog').textContent).toContain('“Recovered”');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await expect(leaving).resolves.toBe('cancel');
  });
});

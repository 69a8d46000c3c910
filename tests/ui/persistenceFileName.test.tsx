import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedFile, Platform } from '../../renderer/platform/types';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { emptyDoc } from '../../renderer/store/edits';
import { openDocument, startPersistence } from '../../renderer/store/persistence';
import type { TrainedModelPort } from '../../renderer/store/trainedModel';
import { useViewStore } from '../../renderer/store/viewStore';

function platformOpening(file: OpenedFile): Platform {
  return {
    kind: 'browser',
    openModel: async () => file,
    readModel: async () => file,
    saveModel: async (_bytes, name) => ({ name }),
    autosave: async () => undefined,
    autosaveCheckpoint: async () => undefined,
    loadAutosave: async () => null,
    exportFile: async () => undefined,
  };
}

const idleStudio: TrainedModelPort = {
  exportTrained: async () => ({ runs: [] }),
  loadTrained: async () => undefined,
  onCheckpoint: () => () => undefined,
  planWeightTransfer: async () => ({ loads: [], skipped: [] }),
  setInitWeights: () => undefined,
};

let stop: (() => void) | undefined;

beforeEach(() => {
  useDocumentStore.getState().load(emptyDoc('Before'));
  useViewStore.setState({ fileProblems: null, notice: null, screen: 'start' });
});

afterEach(() => {
  stop?.();
  stop = undefined;
});

describe('Open names the file in its problems', () => {
  it('a JSON graph that is not UTF-8 text is refused by its own name, with where the bad byte is', async () => {
    // `{"name": "` then a lone 0xFF byte: starts like a JSON graph, fails as UTF-8 at byte 10.
    const bytes = new Uint8Array([...new TextEncoder().encode('{"name": "'), 0xff, ...new TextEncoder().encode('"}')]);
    stop = await startPersistence(platformOpening({ name: 'broken-graph.json', bytes }), { trainedModel: idleStudio });
    const before = useDocumentStore.getState().doc;

    await openDocument();

    const refused = useViewStore.getState().fileProblems;
    expect(refused?.name).toBe('broken-graph.json');
    expect(refused?.problems[0].code).toBe('E_FILE_NOT_TEXT');
    expect(refused?.problems[0].message).toContain('“broken-graph.json”');
    expect(useDocumentStore.getState().doc).toBe(before);
  });
});

import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../engine/graph/schema';
import type { ModelFileContents, RunRecord } from '../../engine/io/modelContents';
import { readModelFile, writeModelFile } from '../../engine/io/modelFile';
import type { InitFrom } from '../../engine/train/protocol';
import type { WeightTransferPlan } from '../../engine/train/weightTransfer';
import { FileProblemsDialog } from '../../renderer/canvas/FileProblemsDialog';
import { WeightTransferDialog } from '../../renderer/canvas/WeightTransferDialog';
import type { AutosaveSnapshot, OpenedFile, Platform } from '../../renderer/platform/types';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { emptyDoc } from '../../renderer/store/edits';
import { loadWeightsFrom, newBlankDocument, openDocument, saveDocument, startPersistence } from '../../renderer/store/persistence';
import { studioTrainedModel, type TrainedModelPort } from '../../renderer/store/trainedModel';
import { useStudioStore } from '../../renderer/studio/studioStore';
import { useViewStore } from '../../renderer/store/viewStore';
import { makeDoc } from '../fixtures/docBuilder';

/** Token Input → Embedding → Dense: small, valid, with weights in two blocks. */
function smallDoc(name = 'small', dModel = 8): GraphDoc {
  return {
    ...makeDoc(
      { tok: { kind: 'tokenInput' }, emb: { kind: 'embedding', params: { dModel } }, out: { kind: 'dense' } },
      ['tok.out -> emb.in', 'emb.out -> out.in'],
    ),
    name,
  };
}

const run: RunRecord = {
  id: 'run-1',
  label: 'Run 1',
  startedAt: '2026-01-01T00:00:00.000Z',
  status: 'done',
  backend: 'cpu',
  training: smallDoc().training,
  dataset: { kind: 'bundled', id: 'copy' },
  startStep: 0,
  steps: 2,
  wallMs: 10,
  points: [
    { step: 1, loss: 2.5, perplexity: Math.exp(2.5), learningRate: 0.001 },
    { step: 2, loss: 2.25, perplexity: Math.exp(2.25), learningRate: 0.001 },
  ],
  final: { loss: 2.25, tokensPerSec: 100 },
  frozen: [],
};

function trainedContents(graph: GraphDoc, step = 7): ModelFileContents {
  return {
    graph,
    trained: { step, weights: [{ name: 'emb/embeddings', shape: [2, 3], data: new Float32Array([0.5, -1, 2, 3.25, 0, 1e-3]) }] },
    dataset: { kind: 'bundled', id: 'copy' },
    runs: [run],
  };
}

/** A browser-like platform that records what it was asked to store, and answers Open with queued files. */
function fakePlatform(snapshot: AutosaveSnapshot | null = null) {
  const calls = { saved: [] as { bytes: Uint8Array; name: string }[], checkpoints: [] as (Uint8Array | null)[], graphs: [] as string[] };
  const openQueue: (OpenedFile | null)[] = [];
  const platform: Platform = {
    kind: 'browser',
    openModel: async () => openQueue.shift() ?? null,
    readModel: async () => openQueue.shift() ?? null,
    saveModel: async (bytes, name) => {
      calls.saved.push({ bytes, name });
      return { name: name.replace(/(\.tlgraph)?(\.json)?$/, '.tlgraph') };
    },
    autosave: async (text) => void calls.graphs.push(text),
    autosaveCheckpoint: async (bytes) => void calls.checkpoints.push(bytes),
    loadAutosave: async () => snapshot,
    exportFile: async () => undefined,
  };
  return { platform, calls, openQueue };
}

/** Stands in for the studio: holds a trained model to export and records what it was handed. */
function fakeStudio(exported: Omit<ModelFileContents, 'graph'> = { runs: [] }, plan?: WeightTransferPlan) {
  const loaded: ModelFileContents[] = [];
  const initWeights: (InitFrom | null)[] = [];
  let checkpointListener: ((c: ModelFileContents) => void) | null = null;
  const port: TrainedModelPort = {
    exportTrained: async () => exported,
    loadTrained: async (contents) => void loaded.push(contents),
    onCheckpoint: (listener) => {
      checkpointListener = listener;
      return () => (checkpointListener = null);
    },
    planWeightTransfer: async () => plan ?? { loads: [], skipped: [] },
    setInitWeights: (initFrom) => void initWeights.push(initFrom),
  };
  return { port, loaded, initWeights, checkpoint: (c: ModelFileContents) => checkpointListener?.(c) };
}

const settle = () => act(async () => await new Promise((resolve) => setTimeout(resolve, 0)));

let stop: (() => void) | undefined;

beforeEach(() => {
  useDocumentStore.getState().load(emptyDoc('Before'));
  useViewStore.setState({ fileProblems: null, weightTransfer: null, notice: null, screen: 'start' });
});

afterEach(() => {
  cleanup();
  stop?.();
  stop = undefined;
});

describe('Save', () => {
  it('writes one .tlgraph holding the graph, the trained model and the runs', async () => {
    const { platform, calls } = fakePlatform();
    const doc = smallDoc('Copy task');
    const { trained, dataset, runs } = trainedContents(doc);
    stop = await startPersistence(platform, { trainedModel: fakeStudio({ trained, dataset, runs }).port });
    useDocumentStore.getState().load(doc);

    await saveDocument();
    expect(calls.saved.map((s) => s.name)).toEqual(['Copy task.tlgraph']);
    const read = readModelFile(calls.saved[0].bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.contents.graph).toEqual(doc);
    expect(read.contents.trained?.step).toBe(7);
    expect([...read.contents.trained!.weights[0].data]).toEqual([...trained!.weights[0].data]);
    expect(read.contents.runs[0].points.map((p) => p.loss)).toEqual([2.5, 2.25]);
    expect(useDocumentStore.getState().fileName).toBe('Copy task.tlgraph');
  });
});

describe('Open', () => {
  it('shows the graph, hands the trained model and runs to the studio, and keeps the file as the checkpoint', async () => {
    const { platform, calls, openQueue } = fakePlatform();
    const studio = fakeStudio();
    stop = await startPersistence(platform, { trainedModel: studio.port });
    const contents = trainedContents(smallDoc('Opened'), 42);
    const bytes = writeModelFile(contents);
    openQueue.push({ name: 'opened.tlgraph', bytes });

    await openDocument();
    await settle();
    expect(useDocumentStore.getState().doc.name).toBe('Opened');
    expect(useDocumentStore.getState().fileName).toBe('opened.tlgraph');
    expect(useViewStore.getState().screen).toBe('editor');
    expect(studio.loaded).toHaveLength(1);
    expect(studio.loaded[0].trained?.step).toBe(42);
    expect(studio.loaded[0].runs.map((r) => r.id)).toEqual(['run-1']);
    expect(calls.checkpoints).toEqual([bytes]);
    expect(useViewStore.getState().notice).toContain('42');
  });

  it('refuses a damaged file with its coded problems and leaves the open document exactly as it was', async () => {
    const { platform, openQueue } = fakePlatform();
    const studio = fakeStudio();
    stop = await startPersistence(platform, { trainedModel: studio.port });
    useDocumentStore.getState().load(smallDoc('Keep me'));
    const before = useDocumentStore.getState().doc;
    const bytes = writeModelFile(trainedContents(smallDoc('Other')));
    openQueue.push({ name: 'cut.tlgraph', bytes: bytes.slice(0, bytes.length - 30) });

    await openDocument();
    render(<FileProblemsDialog />);
    expect(useDocumentStore.getState().doc).toBe(before);
    expect(studio.loaded).toEqual([]);
    const dialog = screen.getByTestId('file-problems');
    expect(within(dialog).getByText('Could not open cut.tlgraph')).toBeTruthy();
    expect(within(dialog).getAllByTestId('file-problem')[0].textContent).toMatch(/^E_MODEL_/);
    fireEvent.click(within(dialog).getByText('Close'));
    expect(screen.queryByTestId('file-problems')).toBeNull();
  });
});

describe('autosave and checkpoints', () => {
  it('keeps each checkpoint as .tlgraph bytes, with the graph beside it', async () => {
    const { platform, calls } = fakePlatform();
    const studio = fakeStudio();
    stop = await startPersistence(platform, { trainedModel: studio.port });
    const doc = smallDoc('Training');
    useDocumentStore.getState().load(doc);
    studio.checkpoint(trainedContents(doc, 120));
    await settle();
    expect(calls.checkpoints).toHaveLength(1);
    const read = readModelFile(calls.checkpoints[0]!);
    expect(read.ok && read.contents.trained?.step).toBe(120);
    expect(JSON.parse(calls.graphs.at(-1)!).name).toBe('Training');
  });

  it('restores the graph and, when the checkpoint belongs to it, the trained state', async () => {
    const doc = smallDoc('Reloaded');
    // Moved since the checkpoint: the same model, laid out differently.
    const moved = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: n.position.x + 50, y: 30 } })) };
    const checkpoint = writeModelFile(trainedContents(doc, 300));
    const { platform } = fakePlatform({ graph: JSON.stringify(moved), checkpoint });
    const studio = fakeStudio();
    stop = await startPersistence(platform, { trainedModel: studio.port });
    await settle();
    expect(useDocumentStore.getState().doc).toEqual(moved);
    expect(useViewStore.getState().screen).toBe('editor');
    expect(studio.loaded.map((c) => c.trained?.step)).toEqual([300]);
    expect(useViewStore.getState().notice).toContain('300');
  });

  it('restores only the graph when the checkpoint belongs to another one', async () => {
    const checkpoint = writeModelFile(trainedContents(smallDoc('Old', 8), 300));
    const { platform } = fakePlatform({ graph: JSON.stringify(smallDoc('Edited', 16)), checkpoint });
    const studio = fakeStudio();
    stop = await startPersistence(platform, { trainedModel: studio.port });
    await settle();
    expect(useDocumentStore.getState().doc.name).toBe('Edited');
    expect(studio.loaded).toEqual([]);
    expect(useViewStore.getState().notice).toBe('Restored your last session.');
  });

  it('forgets the checkpoint when a new document replaces the trained one', async () => {
    const { platform, calls } = fakePlatform();
    const studio = fakeStudio();
    stop = await startPersistence(platform, { trainedModel: studio.port });
    newBlankDocument(emptyDoc('Fresh'));
    await settle();
    expect(calls.checkpoints).toEqual([null]);
    expect(studio.loaded.map((c) => [c.graph.name, c.trained, c.runs])).toEqual([['Fresh', undefined, []]]);
  });
});

describe('Load weights from…', () => {
  beforeEach(() => useViewStore.getState().setScreen('editor'));

  const plan: WeightTransferPlan = {
    loads: [{ targetNodeId: 'emb', sourceNodeId: 'emb', label: 'Embedding (emb)', matchedBy: 'id', weights: [{ target: 'emb/embeddings', source: 'emb/embeddings', shape: [2, 3] }] }],
    skipped: [{ nodeId: 'out', label: 'Dense (out)', side: 'target', code: 'SHAPE_MISMATCH', reason: 'kernel is 16×4 here but 8×4 in the file (B×T×16 vs B×T×8 in).' }],
  };

  it('shows what will load and what will not before anything changes, and Confirm hands the weights to the next run', async () => {
    const { platform, openQueue } = fakePlatform();
    const studio = fakeStudio({ runs: [] }, plan);
    stop = await startPersistence(platform, { trainedModel: studio.port });
    useDocumentStore.getState().load(smallDoc('Target', 16));
    const before = useDocumentStore.getState().doc;
    openQueue.push({ name: 'pretrained.tlgraph', bytes: writeModelFile(trainedContents(smallDoc('Source', 8))) });

    render(<WeightTransferDialog />);
    await act(async () => await loadWeightsFrom());
    const dialog = screen.getByTestId('weight-transfer');
    expect(within(dialog).getByText('Load weights from pretrained.tlgraph')).toBeTruthy();
    expect(within(dialog).getByTestId('transfer-loads').textContent).toContain('Embedding (emb)');
    const skipped = within(dialog).getByTestId('transfer-skipped');
    expect(skipped.textContent).toContain('Dense (out)');
    expect(skipped.textContent).toContain('B×T×16 vs B×T×8');
    expect(skipped.textContent).toContain('shapes differ');
    expect(studio.initWeights).toEqual([]);
    expect(useDocumentStore.getState().doc).toBe(before);

    fireEvent.click(within(dialog).getByTestId('confirm-weights'));
    expect(studio.initWeights).toHaveLength(1);
    expect(studio.initWeights[0]?.name).toBe('pretrained.tlgraph');
    expect([...studio.initWeights[0]!.weights[0].data]).toEqual([0.5, -1, 2, 3.25, 0, 1e-3].map(Math.fround));
    expect(screen.queryByTestId('weight-transfer')).toBeNull();
    expect(useDocumentStore.getState().doc).toBe(before);
  });

  it('asks for no file from the start screen, where no graph is open', async () => {
    const { platform, openQueue } = fakePlatform();
    stop = await startPersistence(platform, { trainedModel: fakeStudio({ runs: [] }, plan).port });
    useViewStore.getState().setScreen('start');
    openQueue.push({ name: 'pretrained.tlgraph', bytes: writeModelFile(trainedContents(smallDoc('Source'))) });
    await loadWeightsFrom();
    expect(openQueue).toHaveLength(1);
    expect(useViewStore.getState().weightTransfer).toBeNull();
  });

  it('tells apart blocks that share a label by their ids', () => {
    const twin = (id: string) => ({ targetNodeId: id, sourceNodeId: id, label: 'Add & Norm', matchedBy: 'id' as const, weights: [] });
    const initFrom = { name: 'x.tlgraph', doc: smallDoc(), weights: [] };
    useViewStore.getState().setWeightTransfer({ initFrom, plan: { loads: [twin('norm1'), twin('norm2'), { ...twin('emb'), label: 'Embedding' }], skipped: [] }, failure: null });
    render(<WeightTransferDialog />);
    const rows = within(screen.getByTestId('transfer-loads')).getAllByRole('listitem').map((li) => li.querySelector('.transfer-block')?.textContent);
    expect(rows).toEqual(['Add & Norm (norm1)', 'Add & Norm (norm2)', 'Embedding']);
  });

  it('Cancel changes nothing', async () => {
    const { platform, openQueue } = fakePlatform();
    const studio = fakeStudio({ runs: [] }, plan);
    stop = await startPersistence(platform, { trainedModel: studio.port });
    openQueue.push({ name: 'pretrained.tlgraph', bytes: writeModelFile(trainedContents(smallDoc('Source'))) });
    render(<WeightTransferDialog />);
    await act(async () => await loadWeightsFrom());
    fireEvent.click(screen.getByText('Cancel'));
    expect(screen.queryByTestId('weight-transfer')).toBeNull();
    expect(studio.initWeights).toEqual([]);
  });

  it('says so when the chosen file holds no trained weights', async () => {
    const { platform, openQueue } = fakePlatform();
    const studio = fakeStudio({ runs: [] }, plan);
    stop = await startPersistence(platform, { trainedModel: studio.port });
    openQueue.push({ name: 'graph-only.tlgraph', bytes: writeModelFile({ graph: smallDoc(), runs: [] }) });
    await loadWeightsFrom();
    expect(useViewStore.getState().weightTransfer).toBeNull();
    expect(useViewStore.getState().notice).toBe('graph-only.tlgraph holds no trained weights: train it and save it first.');
  });
});

describe('the studio as the holder of the trained model', () => {
  afterEach(() => useStudioStore.setState({ send: null, latestCheckpoint: null, runs: [] }));

  it('waits for the studio’s worker before handing over a restored model', async () => {
    useStudioStore.setState({ send: null, runs: [] });
    let handedOver = false;
    const done = studioTrainedModel.loadTrained({ graph: smallDoc(), runs: [run] }).then(() => (handedOver = true));
    await settle();
    expect(handedOver).toBe(false);
    expect(useStudioStore.getState().runs).toEqual([]);

    useStudioStore.setState({ send: () => undefined });
    await done;
    expect(useStudioStore.getState().runs.map((r) => r.id)).toEqual(['run-1']);
  });

  it('passes each new checkpoint on with the graph it was trained on', () => {
    const received: ModelFileContents[] = [];
    const unsubscribe = studioTrainedModel.onCheckpoint((c) => received.push(c));
    const doc = smallDoc('Run graph');
    const { trained, dataset, runs } = trainedContents(doc, 9);
    useStudioStore.setState({ latestCheckpoint: { contents: { trained, dataset, runs }, graph: doc, graphFingerprint: '', step: 9, final: false } });
    unsubscribe();
    useStudioStore.setState({ latestCheckpoint: null });
    expect(received).toHaveLength(1);
    expect(received[0].graph).toBe(doc);
    expect(received[0].trained?.step).toBe(9);
  });
});

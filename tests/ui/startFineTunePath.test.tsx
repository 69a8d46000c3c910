import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../engine/graph/schema';
import type { ModelFileContents } from '../../engine/io/modelContents';
import { writeModelFile } from '../../engine/io/modelFile';
import { templateById } from '../../engine/templates/index';
import type { WeightTransferPlan } from '../../engine/train/weightTransfer';
import { setLanguage } from '../../renderer/i18n';
import type { OpenedFile, Platform } from '../../renderer/platform/types';
import { StartScreen } from '../../renderer/start/StartScreen';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { emptyDoc } from '../../renderer/store/edits';
import { startPersistence } from '../../renderer/store/persistence';
import type { TrainedModelPort } from '../../renderer/store/trainedModel';
import { useViewStore } from '../../renderer/store/viewStore';

const pretrained = (): GraphDoc => templateById('bert-reviews')!.build();
const classifier = (): GraphDoc => templateById('sentiment-finetune')!.build();

/** Answers “Load weights from…” with queued files and records what else it was asked. */
function fakePlatform() {
  const picked: (OpenedFile | null)[] = [];
  let reads = 0;
  const platform: Platform = {
    kind: 'browser',
    openModel: async () => null,
    readModel: async () => {
      reads += 1;
      return picked.shift() ?? null;
    },
    saveModel: async (_bytes, name) => ({ name }),
    autosave: async () => undefined,
    autosaveCheckpoint: async () => undefined,
    loadAutosave: async () => null,
    exportFile: async () => undefined,
  };
  return { platform, picked, reads: () => reads };
}

/** Stands in for the studio: records the documents handed to it and plans every transfer the same way. */
function fakeStudio() {
  const handed: ModelFileContents[] = [];
  const planned: GraphDoc[] = [];
  const plan: WeightTransferPlan = {
    loads: [{ targetNodeId: 'embed', sourceNodeId: 'embed', label: 'Token embedding', matchedBy: 'id', weights: [] }],
    skipped: [{ nodeId: 'classify', label: 'To classes', side: 'target', code: 'NO_MATCH', reason: 'The file has no block like it.' }],
  };
  const port: TrainedModelPort = {
    exportTrained: async () => ({ runs: [] }),
    loadTrained: async (contents) => void handed.push(contents),
    onCheckpoint: () => () => undefined,
    planWeightTransfer: async (doc) => {
      planned.push(doc);
      return plan;
    },
    setInitWeights: () => undefined,
  };
  return { port, handed, planned };
}

function pretrainedFile(): OpenedFile {
  const graph = pretrained();
  return { name: 'reviews-encoder.tlgraph', bytes: writeModelFile({ graph, trained: { step: 40, weights: [{ name: 'embed/embeddings', shape: [1, 2], data: new Float32Array([0.25, -0.5]) }] }, dataset: { kind: 'bundled', id: 'reviews-mlm' }, runs: [] }) };
}

/** Opening a template lays it out first (elk), while the gallery lays out its previews. */
const LAYOUT_WAIT = { timeout: 15_000 };

let stop: (() => void) | undefined;

beforeEach(() => {
  useDocumentStore.getState().load(emptyDoc('Before'));
  useViewStore.setState({ fileProblems: null, weightTransfer: null, notice: null, screen: 'start' });
});

afterEach(async () => {
  cleanup();
  stop?.();
  stop = undefined;
  await setLanguage('en');
});

async function showStart() {
  const files = fakePlatform();
  const studio = fakeStudio();
  stop = await startPersistence(files.platform, { trainedModel: studio.port });
  useViewStore.getState().setScreen('start');
  render(<StartScreen />);
  return { files, studio, card: screen.getByTestId('fine-tune-path') };
}

describe('the start screen’s fine-tuning path', () => {
  it('is on the start screen, and its first step opens the pre-training template on the canvas', async () => {
    const { studio, card } = await showStart();
    fireEvent.click(within(card).getByTestId('fine-tune-open-pretrain'));
    await waitFor(() => expect(useViewStore.getState().screen).toBe('editor'), LAYOUT_WAIT);
    const doc = useDocumentStore.getState().doc;
    expect(doc.name).toBe(pretrained().name);
    expect(doc.nodes.map((n) => n.id).sort()).toEqual(pretrained().nodes.map((n) => n.id).sort());
    // A new document: nothing trained comes with it.
    expect(studio.handed.at(-1)).toEqual({ graph: doc, runs: [] });
  });

  it('Load weights from… puts the classifier on the canvas, asks for the pre-trained file and shows what will load', async () => {
    const { files, studio, card } = await showStart();
    files.picked.push(pretrainedFile());
    fireEvent.click(within(card).getByTestId('fine-tune-load-weights'));
    await waitFor(() => expect(useViewStore.getState().weightTransfer?.plan).toBeTruthy(), LAYOUT_WAIT);
    expect(useViewStore.getState().screen).toBe('editor');
    const doc = useDocumentStore.getState().doc;
    expect(doc.name).toBe(classifier().name);
    expect(files.reads()).toBe(1);
    // The plan is made for the classifier on the canvas, from the file's encoder.
    expect(studio.planned).toEqual([doc]);
    const review = useViewStore.getState().weightTransfer!;
    expect(review.initFrom.name).toBe('reviews-encoder.tlgraph');
    expect(review.initFrom.doc.name).toBe(pretrained().name);
    expect([...review.initFrom.weights[0].data]).toEqual([0.25, -0.5]);
  });

  it('keeps the classifier already on the canvas, with its frozen blocks and runs, instead of opening a fresh one', async () => {
    const { files, studio, card } = await showStart();
    const mine = classifier();
    mine.nodes = mine.nodes.map((n) => (n.id === 'embed' ? { ...n, frozen: true } : n));
    act(() => useDocumentStore.getState().load(mine));
    const handedBefore = studio.handed.length;
    files.picked.push(pretrainedFile());
    fireEvent.click(within(card).getByTestId('fine-tune-load-weights'));
    await waitFor(() => expect(useViewStore.getState().weightTransfer?.plan).toBeTruthy(), LAYOUT_WAIT);
    expect(useDocumentStore.getState().doc).toBe(mine);
    expect(studio.handed).toHaveLength(handedBefore);
    expect(useViewStore.getState().screen).toBe('editor');
  });

  it('a cancelled file choice leaves the classifier on the canvas and no review open', async () => {
    const { files, card } = await showStart();
    fireEvent.click(within(card).getByTestId('fine-tune-load-weights'));
    await waitFor(() => expect(files.reads()).toBe(1), LAYOUT_WAIT);
    expect(useDocumentStore.getState().doc.name).toBe(classifier().name);
    expect(useViewStore.getState().weightTransfer).toBeNull();
  });

  it('names the studio’s buttons as they read after the first run, in English and Korean', async () => {
    const { card } = await showStart();
    const compare = within(card).getByTestId('fine-tune-step-3').textContent!;
    expect(compare).toContain('Train from scratch');
    expect(compare).not.toMatch(/press Start/i);
    expect(within(card).getByTestId('fine-tune-step-2').textContent).toContain('Use these weights');

    await act(() => setLanguage('ko'));
    const korean = within(screen.getByTestId('fine-tune-path')).getByTestId('fine-tune-step-3').textContent!;
    expect(korean).toContain('“처음부터 학습”');
    expect(korean).toContain('가중치 고정');
    expect(within(screen.getByTestId('fine-tune-path')).getByTestId('fine-tune-step-2').textContent).toContain('이 가중치로 시작');
  });
});

/**
 * Save, open and autosave through the platform interface (Electron bridge or browser fallbacks).
 * The document store knows nothing of files, and the studio knows nothing of the platform; this module
 * connects them. A saved `.tlgraph` holds the graph, the trained model the studio holds (weights,
 * optimizer state, vocabulary, data identity) and the runs' curves; Open puts all of them back.
 *
 * Crash safety: the graph is autosaved a moment after every edit, and at every training checkpoint the
 * checkpoint itself is autosaved as `.tlgraph` bytes beside it. A reload (or a restart after a crash)
 * restores the graph, and the trained state when the checkpoint belongs to that graph, so at most one
 * checkpoint interval of training is lost.
 */
import {
  documentForSaving,
  parseDocument,
  readGraphOrModelFile,
  readModelFile,
  templateById,
  type GraphDoc,
  type InitFrom,
  type ModelFileContents,
} from '../../engine';
import { layoutDoc } from '../canvas/layout';
import { i18n } from '../i18n';
import { PlatformError } from '../platform/PlatformError';
import type { OpenedFile, Platform } from '../platform/types';
import { useDocumentStore } from './documentStore';
import { encodeModelFile } from './modelFileEncoder';
import { sameGraph, studioTrainedModel, type TrainedModelPort } from './trainedModel';
import { askUnsavedChoice, type UnsavedChoice } from './unsavedPrompt';
import { localTemplateDoc } from '../i18n/content.ko';
import { failureText } from '../problems/problemText';
import { useViewStore } from './viewStore';

export const AUTOSAVE_DELAY_MS = 400;

let platform: Platform | null = null;
let trainedModel: TrainedModelPort = studioTrainedModel;
/** True from the first edit after a load or save until the next save, and for a graph restored after a crash. */
let unsaved = false;

/** Whether the document has edits that no file holds (what closing or replacing it would lose). */
export function hasUnsavedChanges(): boolean {
  return unsaved;
}

/**
 * The question before the document is closed or replaced: with nothing unsaved the answer is 'discard' at
 * once; otherwise Save / Don't save / Cancel. 'save' only once the file is written (a cancelled or failed
 * save answers 'cancel', so nothing is lost). The desktop app asks it when its window is about to close.
 */
export async function answerCloseRequest(): Promise<UnsavedChoice> {
  if (!unsaved) return 'discard';
  const choice = await askUnsavedChoice(useDocumentStore.getState().doc.name);
  if (choice !== 'save') return choice;
  return (await saveDocument(false)) ? 'save' : 'cancel';
}

/** The document the learner chose not to save: replacing it later (New, then a template) does not ask twice. */
let letGo: GraphDoc | null = null;

/**
 * Asks before unsaved edits are replaced; true when the caller may go on (saved, or the learner let them go).
 * The edits stay unsaved until something replaces them: an Open whose file dialog is cancelled loses nothing.
 */
async function mayReplaceDocument(): Promise<boolean> {
  const { doc } = useDocumentStore.getState();
  if (doc === letGo) return true;
  const choice = await answerCloseRequest();
  if (choice === 'cancel') return false;
  if (choice === 'discard') letGo = doc;
  return true;
}

/** The desktop bridge's close question (optional: the browser has only beforeunload). */
interface CloseRequests {
  onCloseRequest?(listener: () => Promise<UnsavedChoice>): () => void;
}

export function serializeDoc(doc: GraphDoc): string {
  return JSON.stringify(documentForSaving(doc), null, 2);
}

export interface PersistenceOptions {
  /** Where trained state comes from and goes to; the studio by default (tests pass a stand-in). */
  trainedModel?: TrainedModelPort;
}

/**
 * Restores the last autosaved document (opening the editor on it) and, when the autosaved checkpoint
 * belongs to it, its trained state; then autosaves every change after a short quiet period, and every
 * checkpoint as it arrives. Returns a function that stops autosaving.
 */
export async function startPersistence(p: Platform, options: PersistenceOptions = {}): Promise<() => void> {
  platform = p;
  unsaved = false;
  letGo = null;
  trainedModel = options.trainedModel ?? studioTrainedModel;
  const port = trainedModel;
  await restoreAutosave(p, port);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = useDocumentStore.subscribe((state, prev) => {
    if (state.doc === prev.doc) return;
    // Another document shown (opened, restored, a template) is not an edit; whoever showed it says whether a file holds it.
    if (state.documentSeq === prev.documentSeq) unsaved = true;
    clearTimeout(timer);
    timer = setTimeout(() => void p.autosave(serializeDoc(state.doc)).catch(() => undefined), AUTOSAVE_DELAY_MS);
  });
  const stopCheckpoints = port.onCheckpoint((contents) => void autosaveCheckpoint(p, contents));
  const stopCloseRequests = (p as Platform & CloseRequests).onCloseRequest?.(answerCloseRequest);
  // Leaving with unsaved edits asks first (Electron turns this into a native "Leave / Stay" dialog).
  const guard = (event: BeforeUnloadEvent) => {
    if (!unsaved) return;
    event.preventDefault();
  };
  window.addEventListener('beforeunload', guard);
  return () => {
    clearTimeout(timer);
    unsubscribe();
    stopCheckpoints();
    stopCloseRequests?.();
    window.removeEventListener('beforeunload', guard);
  };
}

async function restoreAutosave(p: Platform, port: TrainedModelPort): Promise<void> {
  let snapshot: Awaited<ReturnType<Platform['loadAutosave']>> = null;
  try {
    snapshot = await p.loadAutosave();
  } catch {
    // No recovery copy is not an error; start fresh.
  }
  if (!snapshot) return;
  const parsed = parseDocument(snapshot.graph);
  if (!parsed.ok || !parsed.doc.nodes.length) return;
  useDocumentStore.getState().load(parsed.doc);
  // No file holds the recovered graph: leaving now must ask, and the recovery copy stays until it is saved or let go.
  unsaved = true;
  useViewStore.getState().setScreen('editor');
  useViewStore.getState().requestFit();
  const checkpoint = snapshot.checkpoint ? readModelFile(snapshot.checkpoint) : null;
  if (!checkpoint?.ok || !checkpoint.contents.trained || !sameGraph(checkpoint.contents.graph, parsed.doc)) {
    useViewStore.getState().notify(i18n.t('notice.restored'));
    return;
  }
  // The checkpoint keeps its own graph: the same model as on screen (perhaps laid out differently since),
  // with the frozen blocks its optimizer state was made for.
  useViewStore.getState().notify(i18n.t('notice.restoredTrained', { step: checkpoint.contents.trained.step }));
  void port.loadTrained(checkpoint.contents).catch((err: unknown) => {
    useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: errorText(err) }));
  });
}

/**
 * Keeps a checkpoint where a crash or a reload cannot reach it. The graph is written with it, so the two
 * always match even when nothing was edited since the last save (a save clears the graph autosave).
 */
async function autosaveCheckpoint(p: Platform, contents: ModelFileContents): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await encodeModelFile(contents);
  } catch {
    return; // a state the file format refuses (not finite, say) is not worth keeping
  }
  await p.autosave(serializeDoc(useDocumentStore.getState().doc)).catch(() => undefined);
  await p.autosaveCheckpoint(bytes).catch(() => undefined);
}

/** Why something failed, in the UI language: engine problems and platform failures are said from their keys. */
function errorText(err: unknown): string {
  return failureText(err);
}

/** A refused file: the dialog lists the coded problems; the open document stays as it was. */
function showRefusal(err: unknown): void {
  if (err instanceof PlatformError) {
    const problems = err.problems.length ? err.problems : [{ code: err.code, message: err.message, fix: err.fix, key: err.key, fixKey: err.fixKey, params: err.params }];
    useViewStore.getState().showFileProblems({ name: fileNameOf(err), problems });
    return;
  }
  useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: errorText(err) }));
}

/** The refused file's name, as main gave it in the failure's params (or its message); the renderer never sees its path. */
function fileNameOf(err: PlatformError): string {
  const named = err.params?.name ?? err.problems.find((p) => typeof p.params?.name === 'string')?.params?.name;
  if (typeof named === 'string') return named;
  return /“([^”]+)”/.exec(err.message)?.[1] ?? '';
}

/** Opens a file from the platform's recent list (the native menu's Open Recent) by the id it gave it. */
export async function openRecentDocument(id: string): Promise<void> {
  if (!platform?.openRecent) return;
  if (!(await mayReplaceDocument())) return;
  try {
    const file = await platform.openRecent(id);
    if (file) await openFile(file);
  } catch (err) {
    showRefusal(err);
  }
}

function fileNameFor(doc: GraphDoc): string {
  const base = doc.name.replace(/[^\p{L}\p{N}_ -]+/gu, '').trim() || 'graph';
  return `${base}.tlgraph`;
}

/**
 * Saves the graph with the trained model the studio holds and every run's curves. A model trained on an
 * earlier version of the graph (blocks or settings changed since) is left out: its weights would not fit.
 */
/** True when the file was written (false when the learner cancelled the dialog, or the save failed). */
export async function saveDocument(saveAs = false): Promise<boolean> {
  if (!platform) return false;
  const { doc, fileName, setFileName } = useDocumentStore.getState();
  try {
    const trained = await trainedModel.exportTrained();
    const bytes = await encodeModelFile({ ...trained, graph: doc });
    const result = await platform.saveModel(bytes, fileName ?? fileNameFor(doc), { saveAs: saveAs || !fileName });
    if (!result) return false;
    setFileName(result.name);
    // Edits made while the file was being written are not in it.
    unsaved = useDocumentStore.getState().doc !== doc;
    useViewStore.getState().notify(i18n.t('notice.saved', { name: result.name }));
    return true;
  } catch (err) {
    useViewStore.getState().notify(i18n.t('notice.saveFailed', { reason: errorText(err) }));
    return false;
  }
}

/** A copy of the graph alone: no weights, no runs. The document keeps its own file. */
export async function saveGraphOnly(): Promise<void> {
  if (!platform) return;
  const { doc, fileName } = useDocumentStore.getState();
  try {
    const bytes = await encodeModelFile({ graph: doc, runs: [] });
    const stem = (fileName ?? fileNameFor(doc)).replace(/(\.tlgraph)?(\.json)?$/i, '');
    const result = await platform.saveModel(bytes, `${stem}-graph.tlgraph`, { graphOnly: true });
    if (result) useViewStore.getState().notify(i18n.t('notice.savedGraphOnly', { name: result.name }));
  } catch (err) {
    useViewStore.getState().notify(i18n.t('notice.saveFailed', { reason: errorText(err) }));
  }
}

export async function openDocument(): Promise<void> {
  if (!platform) return;
  if (!(await mayReplaceDocument())) return;
  try {
    const file = await platform.openModel();
    if (file) await openFile(file);
  } catch (err) {
    showRefusal(err);
  }
}

/**
 * Reads a `.tlgraph` (or an older `.tlgraph.json`) and, only when the engine accepts it whole, shows its
 * graph and hands the trained model and runs to the studio. A refused file changes nothing.
 */
export async function openFile(file: OpenedFile): Promise<boolean> {
  const read = readGraphOrModelFile(file.bytes, { name: file.name });
  if (!read.ok) {
    useViewStore.getState().showFileProblems({ name: file.name, problems: read.problems });
    return false;
  }
  const { contents } = read;
  showDocument(contents.graph, file.name);
  // The opened file is the checkpoint to come back to after a reload, until training writes a newer one.
  void platform?.autosaveCheckpoint(contents.trained ? file.bytes : null);
  useViewStore
    .getState()
    .notify(contents.trained ? i18n.t('notice.openedTrained', { name: file.name, step: contents.trained.step }) : i18n.t('notice.opened', { name: file.name }));
  handOver(contents);
  return true;
}

/** The studio loads weights in its worker, which may still be starting: the editor does not wait for it. */
function handOver(contents: ModelFileContents): void {
  void trainedModel.loadTrained(contents).catch((err: unknown) => {
    useViewStore.getState().notify(i18n.t('notice.openFailed', { reason: errorText(err) }));
  });
}

export function showDocument(doc: GraphDoc, fileName: string | null = null): void {
  useDocumentStore.getState().load(doc, fileName);
  unsaved = false;
  useViewStore.getState().setScreen('editor');
  useViewStore.getState().requestFit();
}

/**
 * A document that did not come from a file: no runs yet, and any earlier trained model belongs to nothing
 * on screen (its checkpoint is forgotten, so a reload cannot bring it back beside this graph).
 */
function showNewDocument(doc: GraphDoc): void {
  // One undo step, unlike Open: a template clicked by mistake is undone with Undo.
  useDocumentStore.getState().replace(doc);
  unsaved = false;
  useViewStore.getState().setScreen('editor');
  useViewStore.getState().requestFit();
  void platform?.autosaveCheckpoint(null);
  handOver({ graph: doc, runs: [] });
}

/** Opens a template laid out left → right, so every template reads the same way. */
export async function openTemplate(id: string): Promise<void> {
  const template = templateById(id);
  if (!template) return;
  if (!(await mayReplaceDocument())) return;
  const doc = localTemplateDoc(id, template.build());
  let laid = doc;
  try {
    laid = await layoutDoc(doc);
  } catch {
    // Keep the template's own positions if layout fails.
  }
  showNewDocument(laid);
}

export async function newBlankDocument(doc: GraphDoc): Promise<void> {
  if (!(await mayReplaceDocument())) return;
  showNewDocument(doc);
}

/** New: the start screen's templates, after the unsaved-edits question (the document stays until one is chosen). */
export async function newDocument(): Promise<boolean> {
  if (!(await mayReplaceDocument())) return false;
  useViewStore.getState().setScreen('start');
  return true;
}

/**
 * “Load weights from…”: reads a model file, has the worker match its blocks to this graph, and shows the
 * plan (what loads, what does not and why). Nothing changes until `confirmWeightTransfer`.
 */
export async function loadWeightsFrom(): Promise<void> {
  // Weights go into the graph on screen; from the start screen there is none yet.
  if (!platform || useViewStore.getState().screen !== 'editor') return;
  let file: OpenedFile | null;
  try {
    file = await platform.readModel();
  } catch (err) {
    showRefusal(err);
    return;
  }
  if (!file) return;
  const read = readGraphOrModelFile(file.bytes, { name: file.name });
  if (!read.ok) {
    useViewStore.getState().showFileProblems({ name: file.name, problems: read.problems });
    return;
  }
  if (!read.contents.trained) {
    useViewStore.getState().notify(i18n.t('notice.noWeightsInFile', { name: file.name }));
    return;
  }
  const initFrom: InitFrom = { name: file.name, doc: read.contents.graph, weights: read.contents.trained.weights };
  const view = useViewStore.getState();
  view.setWeightTransfer({ initFrom, plan: null, failure: null });
  const doc = useDocumentStore.getState().doc;
  try {
    const plan = await trainedModel.planWeightTransfer(doc, initFrom);
    // The dialog may have been closed, or another file chosen, while the worker planned.
    if (useViewStore.getState().weightTransfer?.initFrom === initFrom) view.setWeightTransfer({ initFrom, plan, failure: null });
  } catch (err) {
    if (useViewStore.getState().weightTransfer?.initFrom === initFrom) view.setWeightTransfer({ initFrom, plan: null, failure: errorText(err) });
  }
}

/** The reviewed weights become the start of the next run (fine-tuning). */
export function confirmWeightTransfer(): void {
  const review = useViewStore.getState().weightTransfer;
  if (!review?.plan || !review.plan.loads.length) return;
  trainedModel.setInitWeights(review.initFrom);
  useViewStore.getState().setWeightTransfer(null);
  useViewStore.getState().notify(i18n.t('notice.weightsReady', { name: review.initFrom.name, count: review.plan.loads.length }));
}

export function cancelWeightTransfer(): void {
  useViewStore.getState().setWeightTransfer(null);
}

/**
 * File ▸ Export…: which target is chosen, the files it will write (built in the export worker as soon as the
 * dialog opens or the target changes, so the dialog can list them with their sizes), and writing them — a folder
 * chosen in a dialog in the desktop app, a .zip download in the browser. The graph on screen is exported with
 * the weights the studio's worker holds for it (or freshly initialised ones when nothing is trained).
 */
import { create } from 'zustand';
import type { DataChoice, ModelFileContents } from '../../engine';
import { failureText } from '../problems/problemText';
import type { ExportTarget } from '../../engine/runtime';
import { i18n } from '../i18n';
import { getPlatform } from '../platform';
import { useDocumentStore } from '../store/documentStore';
import { studioTrainedModel } from '../store/trainedModel';
import { useViewStore } from '../store/viewStore';
import { dataBaseUrl } from '../studio/dataBaseUrl';
import { useStudioStore } from '../studio/studioStore';
import { requestExport, type ExportedFile } from './exportRequests';

/** The targets the dialog offers, in its order. `onnx` is the ONNX script: the PyTorch folder and export_onnx.py. */
export const DIALOG_TARGETS: readonly ExportTarget[] = ['pytorch', 'onnx', 'tfjs'];

export interface PreparedExport {
  target: ExportTarget;
  /** The folder's name, and the zip's without `.zip`. */
  folder: string;
  files: ExportedFile[];
  zip?: Uint8Array;
  /** Steps the exported weights were trained for; null when they are freshly initialised. */
  trainedSteps: number | null;
}

export interface ExportDialogState {
  open: boolean;
  target: ExportTarget;
  status: 'preparing' | 'ready' | 'failed' | 'writing';
  prepared: PreparedExport | null;
  error: string | null;
  openDialog(): void;
  close(): void;
  setTarget(target: ExportTarget): void;
  write(): Promise<void>;
}

/** A name safe for a folder and a file on every system: `GPT mini` → `gpt-mini`. */
export function folderNameOf(docName: string, target: ExportTarget): string {
  const stem = docName
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${stem || 'model'}-${target}`;
}

function dataChoiceOf(contents: ModelFileContents): DataChoice {
  const identity = contents.dataset;
  const userData = useStudioStore.getState().userData;
  if (identity?.kind === 'user' || (!identity && userData)) {
    if (!userData || (identity?.kind === 'user' && userData.source.name !== identity.name)) {
      throw new Error(i18n.t('exportDialog.userDataMissing', { name: identity?.kind === 'user' ? identity.name : '' }));
    }
    return { kind: 'user', source: userData.source };
  }
  return { kind: 'bundled', datasetId: identity?.kind === 'bundled' ? identity.id : contents.graph.training.dataset, baseUrl: dataBaseUrl() };
}

function reason(err: unknown): string {
  return failureText(err);
}

let generation = 0;

export const useExportDialog = create<ExportDialogState>((set, get) => {
  async function prepare(target: ExportTarget): Promise<void> {
    const mine = ++generation;
    set({ target, status: 'preparing', prepared: null, error: null });
    try {
      const doc = useDocumentStore.getState().doc;
      const contents: ModelFileContents = { ...(await studioTrainedModel.exportTrained()), graph: doc };
      const folder = folderNameOf(doc.name, target);
      const built = await requestExport({ contents, target, data: dataChoiceOf(contents), folder, zip: !getPlatform().exportFolder });
      if (mine !== generation) return;
      set({ status: 'ready', prepared: { target, folder, ...built, trainedSteps: contents.trained?.step ?? null } });
    } catch (err) {
      if (mine === generation) set({ status: 'failed', error: reason(err) });
    }
  }

  return {
    open: false,
    target: 'pytorch',
    status: 'preparing',
    prepared: null,
    error: null,
    openDialog() {
      set({ open: true });
      void prepare(get().target);
    },
    close() {
      generation += 1;
      set({ open: false, prepared: null, error: null });
    },
    setTarget(target) {
      if (target !== get().target || get().status === 'failed') void prepare(target);
    },
    async write() {
      const prepared = get().prepared;
      if (!prepared || get().status !== 'ready') return;
      set({ status: 'writing' });
      const platform = getPlatform();
      const notify = useViewStore.getState().notify;
      try {
        if (platform.exportFolder) {
          const written = await platform.exportFolder(prepared.folder, prepared.files);
          if (!written) {
            set({ status: 'ready' });
            return;
          }
          notify(i18n.t('exportDialog.written', { name: written.name, count: prepared.files.length }));
        } else {
          await platform.exportFile(`${prepared.folder}.zip`, prepared.zip!, 'application/zip');
          notify(i18n.t('exportDialog.downloaded', { name: `${prepared.folder}.zip` }));
        }
        get().close();
      } catch (err) {
        set({ status: 'failed', error: reason(err) });
      }
    },
  };
});

/**
 * What Save, Open and autosave need from whoever holds the trained model (the training studio and its
 * worker): one small interface, so persistence can be tested with a stand-in and the studio knows nothing
 * of files. `studioTrainedModel` is the real one.
 */
import type { GraphDoc, InitFrom, ModelFileContents, WeightTransferPlan } from '../../engine';
import { graphFingerprint, onCheckpoint, useStudioStore } from '../studio/studioStore';

export interface TrainedModelPort {
  /**
   * The trained model to save with the document on screen, and every run's record. No `trained` when
   * nothing is trained, or when the graph changed since (those weights would not load into it).
   */
  exportTrained(): Promise<Omit<ModelFileContents, 'graph'>>;
  /** An opened (or restored) model file: its runs and, when it has them, its weights go to the studio. */
  loadTrained(contents: ModelFileContents): Promise<void>;
  /** Each new training checkpoint, as the contents of a model file (graph included). */
  onCheckpoint(listener: (contents: ModelFileContents) => void): () => void;
  /** Which blocks of `doc` would take which weights of `initFrom`, and which would not and why. */
  planWeightTransfer(doc: GraphDoc, initFrom: InitFrom): Promise<WeightTransferPlan>;
  /** The weights the next from-scratch run starts from (fine-tuning), or null for fresh weights. */
  setInitWeights(initFrom: InitFrom | null): void;
}

/** True when a checkpoint's weights fit this graph: the same blocks, parameters and wiring. */
export function sameGraph(a: GraphDoc, b: GraphDoc): boolean {
  return graphFingerprint(a) === graphFingerprint(b);
}

/**
 * Resolves once the studio's worker is connected. At start-up the autosave is restored before the first
 * paint, and the studio connects its worker when its panel mounts; a model handed over earlier would find
 * no worker to load it into.
 */
function studioConnected(): Promise<void> {
  if (useStudioStore.getState().send) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useStudioStore.subscribe((state) => {
      if (!state.send) return;
      stop();
      resolve();
    });
  });
}

export const studioTrainedModel: TrainedModelPort = {
  exportTrained: () => useStudioStore.getState().exportTrained(),

  async loadTrained(contents) {
    await studioConnected();
    await useStudioStore.getState().loadTrained(contents);
  },

  onCheckpoint: (listener) => onCheckpoint((checkpoint) => listener({ ...checkpoint.contents, graph: checkpoint.graph })),

  // The plan needs the graph compiled, so the worker makes it.
  async planWeightTransfer(doc, initFrom) {
    await studioConnected();
    return useStudioStore.getState().planTransfer(doc, initFrom);
  },

  setInitWeights: (initFrom) => useStudioStore.getState().setInitFrom(initFrom),
};

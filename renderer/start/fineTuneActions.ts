/**
 * “Load weights from…” as the start screen's fine-tuning path offers it: the toolbar's ⋯ menu action, which loads
 * into the graph on the canvas, so the classifier is put there first.
 */
import { templateById } from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { loadWeightsFrom, openTemplate } from '../store/persistence';
import { sameGraph } from '../store/trainedModel';
import { useViewStore } from '../store/viewStore';
import { FINETUNE_TEMPLATE_ID } from './FineTunePath';

/**
 * Shows the classifier — the one already on the canvas when it is that graph (its baseline run and frozen blocks
 * stay), a fresh one otherwise — and asks for the model file whose weights it should start from.
 */
export async function loadWeightsIntoClassifier(): Promise<void> {
  const classifier = templateById(FINETUNE_TEMPLATE_ID);
  if (!classifier) return;
  const onCanvas = useDocumentStore.getState().doc;
  if (onCanvas.nodes.length && sameGraph(onCanvas, classifier.build())) useViewStore.getState().setScreen('editor');
  else await openTemplate(FINETUNE_TEMPLATE_ID);
  await loadWeightsFrom();
}

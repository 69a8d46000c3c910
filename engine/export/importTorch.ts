/**
 * The way back from PyTorch: a safetensors file (the exported train.py's `trained.safetensors`, or any state_dict
 * saved with the export's names) checked against the graph, name by name and shape by shape, then converted to
 * the app's weights. Every problem names the block it belongs to; nothing is converted until all of them fit.
 */
import { coded, EngineError, type Problem } from '../graph/errors';
import type { GraphDoc } from '../graph/schema';
import type { NamedTensor } from '../io/modelContents';
import { planModel } from './pytorch/plan';
import { readSafetensors } from './pytorch/safetensors';
import { tfjsWeights, torchWeights } from './pytorch/weights';

export interface ImportedTorchWeights {
  weights: NamedTensor[];
  /** The step the file says it was saved at (train.py writes it), or null when it does not say. */
  step: number | null;
}

function shapeText(shape: number[]): string {
  return shape.length ? shape.join('×') : 'a scalar';
}

/**
 * Reads PyTorch weights for `doc`. `reference` is the app's own weights for the graph (initialWeights()): they
 * give the names and shapes the result must have. Throws EngineError: E_MODEL_WEIGHTS when the bytes are not a
 * float32 safetensors file or hold values that are not finite, E_WEIGHTS_MISMATCH (one problem per tensor, with
 * the block's id and label) when a tensor is missing, left over or of another shape.
 */
export function importTorchWeights(doc: GraphDoc, bytes: Uint8Array, reference: NamedTensor[], fileName = 'the weights file'): ImportedTorchWeights {
  let contents;
  try {
    contents = readSafetensors(bytes);
  } catch (err) {
    throw new EngineError([coded('E_MODEL_WEIGHTS', 'import.notSafetensors', { file: fileName, detail: (err as Error).message })]);
  }
  const plan = planModel(doc);
  const labelOf = new Map(doc.nodes.map((n) => [n.id, n.label || n.id]));
  const expected = torchWeights(plan.weights, reference, 'graph’s weights');
  const expectedByKey = new Map(expected.map((t, i) => [t.name, { tensor: t, nodeId: plan.weights[i].nodeId }]));
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const t of contents.tensors) {
    const want = expectedByKey.get(t.name);
    if (!want) {
      problems.push(coded('E_WEIGHTS_MISMATCH', 'import.unknownTensor', { file: fileName, name: t.name, shape: shapeText(t.shape), graph: doc.name }));
      continue;
    }
    seen.add(t.name);
    const block = labelOf.get(want.nodeId) ?? want.nodeId;
    if (t.shape.join(',') !== want.tensor.shape.join(',')) {
      const shapes = { shape: shapeText(t.shape), needed: shapeText(want.tensor.shape) };
      problems.push({ ...coded('E_WEIGHTS_MISMATCH', 'import.shape', { block, name: t.name, file: fileName, ...shapes }), nodeId: want.nodeId });
    } else if (!t.data.every(Number.isFinite)) {
      problems.push({ ...coded('E_MODEL_WEIGHTS', 'import.nonFinite', { block, name: t.name, file: fileName }), nodeId: want.nodeId });
    }
  }
  for (const [key, want] of expectedByKey) {
    // Parameters the app does not have (an LSTM's bias_hh) are optional: the export writes them as zeros.
    const optional = plan.weights.some((m) => m.key === key && m.zeros !== undefined);
    if (seen.has(key) || optional) continue;
    const block = labelOf.get(want.nodeId) ?? want.nodeId;
    problems.push({ ...coded('E_WEIGHTS_MISMATCH', 'import.missing', { block, file: fileName, name: key, shape: shapeText(want.tensor.shape) }), nodeId: want.nodeId });
  }
  if (problems.length) throw new EngineError(problems);
  const step = Number(contents.metadata.step);
  return { weights: tfjsWeights(plan.weights, contents.tensors, reference), step: Number.isInteger(step) && step >= 0 ? step : null };
}

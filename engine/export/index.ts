/**
 * Exporters: pure functions from a model (ModelFileContents) to files by relative path. The caller (the command
 * line, or the app's File → Export) decides where they go; nothing here touches a disk.
 */
import { compileGraph } from '../compile/compile';
import type { Problem } from '../graph/errors';
import type { GraphDoc } from '../graph/schema';
import type { NamedTensor } from '../io/modelContents';
import { readWeights } from '../train/modelState';

export { exportPyTorch, planModel, type ExportedFiles, type ModelPlan, type PyTorchExportOptions } from './pytorch';
export { exportProblems } from './pytorch/plan';
export { readSafetensors, writeSafetensors } from './pytorch/safetensors';
export { tfjsWeights, torchWeights } from './pytorch/weights';

export const EXPORT_TARGETS = ['pytorch'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export function isExportTarget(to: string): to is ExportTarget {
  return (EXPORT_TARGETS as readonly string[]).includes(to);
}

export function unknownTargetProblem(to: string): Problem {
  return {
    code: 'E_EXPORT_TARGET',
    message: `There is no exporter for “${to}”.`,
    fix: `Export with --to ${EXPORT_TARGETS.join(' or --to ')}.`,
  };
}

/** The weights a fresh model of this graph starts with: what the app would train from, seeded by the graph's seed. */
export async function initialWeights(doc: GraphDoc): Promise<NamedTensor[]> {
  const compiled = compileGraph(doc, { seed: doc.training.seed });
  try {
    return await readWeights(compiled);
  } finally {
    compiled.dispose();
  }
}

/**
 * Exporters: pure functions from a model (ModelFileContents) to files by relative path. The caller (the command
 * line, or the app's File → Export) decides where they go; nothing here touches a disk.
 */
import { compileGraph } from '../compile/compile';
import { exportPyTorch, planModel, type ExportedFiles, type PyTorchExportOptions } from './pytorch';
import { DEFAULT_OPSET, renderOnnxPy } from './pytorch/onnxPy';
import type { ModelFileContents } from '../io/modelContents';
import { coded, type Problem } from '../graph/errors';
import type { GraphDoc } from '../graph/schema';
import type { NamedTensor } from '../io/modelContents';
import { readWeights } from '../train/modelState';
import { exportTfjs } from './tfjs';

export { exportPyTorch, planModel, type ExportedFiles, type ModelPlan, type PyTorchExportOptions } from './pytorch';
export { DEFAULT_OPSET } from './pytorch/onnxPy';
export { exportProblems } from './pytorch/plan';
export { readSafetensors, writeSafetensors } from './pytorch/safetensors';
export { tfjsWeights, torchWeights } from './pytorch/weights';
export { importTorchWeights, type ImportedTorchWeights } from './importTorch';
export { exportTfjs, type TfjsExportOptions, type TfjsSignature } from './tfjs';

export const EXPORT_TARGETS = ['pytorch', 'onnx', 'tfjs'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export function isExportTarget(to: string): to is ExportTarget {
  return (EXPORT_TARGETS as readonly string[]).includes(to);
}

export function unknownTargetProblem(to: string): Problem {
  return coded('E_EXPORT_TARGET', 'export.unknownTarget', { target: to, options: `--to ${EXPORT_TARGETS.join(' or --to ')}` });
}

/**
 * The ONNX export: the PyTorch export and export_onnx.py, which makes model.onnx with torch.onnx.export (opset
 * 17 unless told otherwise) and checks it. The engine cannot run PyTorch: the command line runs the script.
 */
export function exportOnnx(contents: ModelFileContents, opts: PyTorchExportOptions): ExportedFiles {
  const files = exportPyTorch(contents, opts);
  const doc = contents.graph;
  const lengths = Object.fromEntries(doc.nodes.filter((n) => n.kind === 'tokenInput').map((n) => [String(n.params.feed), Number(n.params.length)]));
  files.set('export_onnx.py', renderOnnxPy(doc, planModel(doc), lengths));
  files.set(
    'README.md',
    `${files.get('README.md')}
## ONNX

\`model.onnx\` was written by \`python3 export_onnx.py\` (torch.onnx.export at opset ${DEFAULT_OPSET}, then onnx's checker): int64 token
ids of the lengths above, a free batch axis, and each head's logits. Run it again after training, with
\`--weights trained.safetensors\`; an opset that lacks an operator the model needs is named with the blocks that use it.
`,
  );
  return files;
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

/**
 * Any target's files, for callers that let the user pick (the app's File ▸ Export…). `onnx` is the ONNX script:
 * the PyTorch export with export_onnx.py, which makes model.onnx where PyTorch is installed.
 */
export async function exportModel(contents: ModelFileContents, target: ExportTarget, opts: PyTorchExportOptions): Promise<ExportedFiles> {
  const withWeights = contents.trained || opts.initialWeights ? opts : { ...opts, initialWeights: await initialWeights(contents.graph) };
  if (target === 'tfjs') return exportTfjs(contents, withWeights);
  return target === 'onnx' ? exportOnnx(contents, withWeights) : exportPyTorch(contents, withWeights);
}

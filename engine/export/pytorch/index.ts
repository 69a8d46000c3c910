/**
 * The PyTorch exporter: a model (graph, weights, vocabulary) and its dataset → the files of a folder that trains and
 * runs it in plain PyTorch (model.py, weights.safetensors, data.py + data/, train.py, predict.py, README.md). A pure
 * function of its inputs: it returns the files by relative path and touches no disk.
 */
import type { Dataset } from '../../data/types';
import { coded, EngineError } from '../../graph/errors';
import type { ModelFileContents, NamedTensor } from '../../io/modelContents';
import { snapshotTokenizers } from '../../io/tokenizers';
import { exportDataset } from './data';
import { renderDataPy } from './dataPy';
import { renderModelPy } from './modelPy';
import { planModel, type ModelPlan } from './plan';
import { renderPredictPy } from './predictPy';
import { renderReadme } from './readme';
import { writeSafetensors } from './safetensors';
import { renderTrainPy } from './trainPy';
import { torchMoments, torchWeights } from './weights';

export type ExportedFiles = Map<string, Uint8Array | string>;

export interface PyTorchExportOptions {
  /** The dataset the model trains on, as createDataset makes it for the graph's lengths and seed. */
  dataset: Dataset;
  /** Weights for a model that has none yet (a graph-only file): see initialWeights(). */
  initialWeights?: NamedTensor[];
  /** Most bytes stored batches may take, for datasets exported as batches (default 64 MiB). */
  maxBatchBytes?: number;
}

const PREDICT_EXAMPLES: Record<string, string> = {
  lm: 'python3 predict.py "Call me " --temperature 0.8 --top-k 10 --max-tokens 200',
  seq2seq: 'python3 predict.py "the cat eats fish" --beam 4',
  classification: 'python3 predict.py "a warm and funny film"',
  tagging: 'python3 predict.py "abcdef"',
  'masked-lm': 'python3 predict.py "the [MASK] sat on the mat"',
};

export function exportPyTorch(contents: ModelFileContents, opts: PyTorchExportOptions): ExportedFiles {
  const doc = contents.graph;
  const plan = planModel(doc);
  const weights = contents.trained?.weights ?? opts.initialWeights;
  if (!weights) {
    throw new EngineError([coded('E_WEIGHTS_MISMATCH', 'export.noWeights', { graph: doc.name })]);
  }
  const startStep = contents.trained?.step ?? 0;
  const training = doc.training;
  const files: ExportedFiles = new Map();

  files.set('weights.safetensors', writeSafetensors(torchWeights(plan.weights, weights), { format: 'pt', step: String(startStep) }));
  const optimizer = contents.trained?.optimizer;
  const moments = optimizer && optimizer.kind === training.optimizer ? torchMoments(plan.weights, optimizer) : [];
  if (moments.length) files.set('optimizer.safetensors', writeSafetensors(moments, { iterations: String(optimizer!.iterations) }));

  const lengths = Object.fromEntries(doc.nodes.filter((n) => n.kind === 'tokenInput').map((n) => [String(n.params.feed), Number(n.params.length)]));
  const feedComments = plan.feeds.map((f) => {
    const input = doc.nodes.find((n) => n.kind === 'tokenInput' && n.params.feed === f)!;
    const time = String(input.params.time);
    return `${f}: (B, ${time}) token ids, ${time} = ${lengths[f]}${input.label ? ` (${input.label})` : ''}`;
  });
  files.set('model.py', renderModelPy(doc, plan, feedComments));

  const data = exportDataset(opts.dataset, { training, startStep, maxBatchBytes: opts.maxBatchBytes });
  for (const [name, bytes] of data.files) files.set(name, bytes);
  files.set('data/data.json', `${JSON.stringify(data.meta, null, 2)}\n`);
  const tokenizer = contents.tokenizer ?? snapshotTokenizers(opts.dataset);
  const vocab = { task: opts.dataset.info.task, lengths, probe: opts.dataset.info.probe ?? {}, ...tokenizer };
  files.set('data/vocab.json', `${JSON.stringify(vocab)}\n`);
  files.set('data.py', renderDataPy(data.meta, doc.name));

  const frozenIds = new Set(doc.nodes.filter((n) => n.frozen).map((n) => n.id));
  files.set(
    'train.py',
    renderTrainPy(plan, {
      title: doc.name,
      training,
      startStep,
      frozen: plan.weights.filter((w) => w.source && frozenIds.has(w.nodeId)).map((w) => w.key),
      hasMoments: moments.length > 0,
      iterations: optimizer?.iterations ?? 0,
    }),
  );
  files.set('predict.py', renderPredictPy(plan, opts.dataset.info.task, doc.name));
  files.set(
    'README.md',
    renderReadme({
      title: doc.name,
      className: plan.className,
      task: opts.dataset.info.task,
      data: data.meta,
      startStep,
      steps: training.steps,
      batchSize: training.batchSize,
      hasMoments: moments.length > 0,
      predictExample: PREDICT_EXAMPLES[opts.dataset.info.task],
    }),
  );
  return files;
}

export { planModel, type ModelPlan };

/**
 * `tensorloom import-weights <graph|m.tlgraph|template-id> <weights.safetensors> --out m.tlgraph`: weights trained
 * in PyTorch with the exported train.py come back as a Tensorloom model file that the app opens and `predict`
 * answers with. Names and shapes are checked against the graph first (coded problems naming the block); nothing
 * is written unless every tensor fits.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  createDataset,
  EngineError,
  formatBytes,
  graphFeedLengths,
  looksLikeZip,
  parseDocument,
  readGraphOrModelFile,
  snapshotTokenizers,
  templateById,
  templates,
  writeModelFile,
  type ModelFileContents,
} from '../engine';
import { importTorchWeights, initBackend, initialWeights } from '../engine/runtime';
import { writeFileAtomic } from './atomicWrite';
import { nodeDataSources } from './dataSources';

const MODEL_EXTENSION = '.tlgraph';

export interface ImportWeightsResult {
  out: string;
  bytes: number;
  step: number;
  tensors: number;
}

function problem(code: 'E_DATA' | 'E_BAD_PARAM' | 'E_UNKNOWN_TEMPLATE', message: string, fix: string): EngineError {
  return new EngineError([{ code, message, fix }]);
}

async function bytesOf(path: string): Promise<Uint8Array> {
  if (!existsSync(path)) throw problem('E_DATA', `There is no file “${path}”.`, 'Check the path.');
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    throw problem('E_DATA', `“${path}” could not be read (${(err as Error).message}).`, 'Check the path and that it is a file you may read.');
  }
}

/** The model the weights go into: a saved model or graph file, or a template's graph. */
async function readTarget(subject: string): Promise<ModelFileContents> {
  const template = templateById(subject);
  if (template && !existsSync(subject)) return { graph: template.build(), runs: [] };
  if (!existsSync(subject)) {
    throw problem('E_UNKNOWN_TEMPLATE', `There is no template or file called “${subject}”.`, `Give the graph the weights were exported from (.json or ${MODEL_EXTENSION}), or one of: ${templates.map((t) => t.id).join(', ')}.`);
  }
  const bytes = await bytesOf(subject);
  if (!looksLikeZip(bytes)) {
    const parsed = parseDocument(new TextDecoder().decode(bytes));
    if (!parsed.ok) throw new EngineError(parsed.problems);
    return { graph: parsed.doc, runs: [] };
  }
  const read = readGraphOrModelFile(bytes);
  if (!read.ok) throw new EngineError(read.problems);
  return read.contents;
}

/**
 * Reads the graph and the weights, checks and converts them, and writes `out` atomically. The graph's runs and
 * vocabulary are kept; its optimizer state is not (Adam's moments belong to the weights they were made with), so
 * Continue starts the optimizer afresh from the imported step.
 */
export async function importWeights(subject: string, weightsPath: string, out: string): Promise<ImportWeightsResult> {
  if (!out.endsWith(MODEL_EXTENSION)) {
    throw problem('E_BAD_PARAM', `--out writes a Tensorloom model file; “${out}” does not end in ${MODEL_EXTENSION}.`, `Name it e.g. ${basename(out).replace(/\.[^.]*$/, '') || 'model'}${MODEL_EXTENSION}.`);
  }
  const target = await readTarget(subject);
  const doc = target.graph;
  const weightBytes = await bytesOf(weightsPath);
  await initBackend('cpu', { spawnHelper: null });
  const reference = await initialWeights(doc);
  const imported = importTorchWeights(doc, weightBytes, reference, basename(weightsPath));

  const identity = target.dataset ?? { kind: 'bundled' as const, id: doc.training.dataset };
  let tokenizer = target.tokenizer;
  if (!tokenizer) {
    if (identity.kind !== 'bundled') {
      throw problem('E_DATA', `“${subject}” names the user's file “${identity.name}” as its data but holds no vocabulary.`, 'Import into the .tlgraph the export was made from, which keeps the vocabulary.');
    }
    const dataset = await createDataset(identity.id, { lengths: graphFeedLengths(doc), seed: doc.training.seed }, nodeDataSources());
    tokenizer = snapshotTokenizers(dataset);
  }
  const step = imported.step ?? target.trained?.step ?? 0;
  const contents: ModelFileContents = { graph: doc, trained: { step, weights: imported.weights }, tokenizer, dataset: identity, runs: target.runs };
  const bytes = writeModelFile(contents);
  try {
    await writeFileAtomic(out, bytes);
  } catch (err) {
    throw problem('E_DATA', `The model could not be saved to “${out}” (${(err as Error).message}); nothing was overwritten.`, 'Check that the folder exists and that you may write to it.');
  }
  return { out, bytes: bytes.length, step, tensors: imported.weights.length };
}

/** One line for people, or one JSON event, as the other commands print. */
export function describeImport(r: ImportWeightsResult, from: string, json: boolean): string {
  return json
    ? JSON.stringify({ event: 'imported', out: r.out, bytes: r.bytes, step: r.step, tensors: r.tensors })
    : `Imported ${r.tensors} tensors from ${basename(from)} (step ${r.step}) into ${r.out} (${formatBytes(r.bytes)}).`;
}

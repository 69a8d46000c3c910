import {
  analyzeGraph,
  checkMemoryBudget,
  createDataset,
  errorsOnly,
  estimateTrainingMemory,
  graphFeedLengths,
  parameterCounts,
  parseDocument,
  parseDocumentObject,
  readGraphOrModelFile,
  readModelFile,
  snapshotTokenizers,
  writeModelFile,
  type DataSources,
  type Dataset,
  type GraphDoc,
  type ModelFileContents,
  type Problem,
} from '../../engine';
import { assignWeights, compileGraph, readTrainedState, runTraining } from '../../engine/runtime';
import type { FuzzInput } from './fuzzCase';
import { checkProblems, checkThrown, type Verdict } from './verdict';

/**
 * One case through everything a document or file meets in the app: parse (or read the file) → analyse →
 * memory pre-flight → compile (and load the file's weights) or train one tiny step → save → open. Refusals with
 * coded problems end a case as a valid outcome; a document that parsed is always saved and reopened, since a
 * learner can save a graph that does not validate yet. A model trained here is then continued for a step from
 * the file it was saved to.
 */
export type Stage = 'parse' | 'analyse' | 'preflight' | 'compile' | 'load-weights' | 'dataset' | 'train' | 'save' | 'open' | 'continue';

export interface PipelineEnv {
  dataSources: DataSources;
  /** The pre-flight budget; the fuzzer keeps it small, so no case allocates more than a fraction of the machine. */
  memoryBudgetBytes: number;
  /** Graphs with more parameters or nodes than these are analysed and saved but not built. */
  compileParameterLimit: number;
  compileNodeLimit: number;
  /** ... and not trained. */
  trainParameterLimit: number;
  trainNodeLimit: number;
  /** Tokens per example over all feeds: longer sequences make the bundled datasets slow to generate. */
  trainTokenLimit: number;
  /** Called as each stage starts; the fuzzer's own tests plant faults here. */
  onStage?(stage: Stage): void;
}

export const DEFAULT_PIPELINE_LIMITS = {
  memoryBudgetBytes: 256 * 2 ** 20,
  compileParameterLimit: 1_000_000,
  compileNodeLimit: 5_000,
  trainParameterLimit: 150_000,
  trainNodeLimit: 300,
  trainTokenLimit: 256,
} as const;

export interface PipelineResult {
  verdict: Verdict;
  /** The furthest stage reached: where it was refused or failed, or the last one done. */
  stage: Stage;
  /** Built a model / trained a step. */
  compiled: boolean;
  trained: boolean;
}

const datasetCache = new Map<string, Promise<Dataset>>();

function datasetFor(doc: GraphDoc, env: PipelineEnv): Promise<Dataset> {
  const lengths = graphFeedLengths(doc);
  const key = `${doc.training.dataset}\u0000${JSON.stringify(lengths)}\u0000${doc.training.seed}`;
  let dataset = datasetCache.get(key);
  if (!dataset) {
    if (datasetCache.size >= 64) datasetCache.clear();
    dataset = createDataset(doc.training.dataset, { lengths, seed: doc.training.seed }, env.dataSources);
    // A refusal is not cached: it is cheap, and a cached rejected promise would report as unhandled.
    dataset.catch(() => datasetCache.delete(key));
    datasetCache.set(key, dataset);
  }
  return dataset;
}

function readInput(input: FuzzInput): { ok: true; contents: ModelFileContents; warnings: Problem[] } | { ok: false; problems: Problem[] } {
  if (input.kind === 'model-file') return readGraphOrModelFile(input.bytes, { limits: input.limits });
  const parsed = input.kind === 'document-text' ? parseDocument(input.text) : parseDocumentObject(input.value);
  return parsed.ok ? { ok: true, contents: { graph: parsed.doc, runs: [] }, warnings: parsed.warnings } : parsed;
}

export async function runPipeline(input: FuzzInput, train: boolean, env: PipelineEnv): Promise<PipelineResult> {
  let stage: Stage = 'parse';
  let compiled = false;
  let trained = false;
  const enter = (next: Stage) => {
    stage = next;
    env.onStage?.(next);
  };
  let refusedAt: Stage | undefined;
  const result = (verdict: Verdict): PipelineResult => ({ verdict, stage: refusedAt ?? stage, compiled, trained });
  try {
    enter('parse');
    const read = readInput(input);
    if (!read.ok) return result(checkProblems(read.problems, 'refused'));
    const warned = checkProblems(read.warnings, 'valid');
    if (warned.status === 'failure') return result(warned);
    const { contents } = read;
    const doc = contents.graph;

    // Refused or not from here on, the document is saved and reopened at the end.
    let verdict: Verdict = { status: 'valid', codes: [] };
    let saved: ModelFileContents = contents;
    let trainedOn: Dataset | undefined;
    refusal: {
      enter('analyse');
      const analysis = analyzeGraph(doc);
      const problems = checkProblems(analysis.problems, 'valid');
      if (problems.status === 'failure') return result(problems);
      const errors = errorsOnly(analysis.problems);
      if (errors.length) {
        verdict = checkProblems(errors, 'refused');
        refusedAt = stage;
        break refusal;
      }
      enter('preflight');
      const batchSize = Math.min(doc.training.batchSize, 2);
      const counts = parameterCounts(analysis, doc);
      const memory = estimateTrainingMemory(analysis, { batchSize, optimizer: doc.training.optimizer, trainableParameters: counts.trainable });
      const tooBig = checkMemoryBudget(doc, memory, env.memoryBudgetBytes);
      if (tooBig) {
        verdict = checkProblems([tooBig], 'refused');
        refusedAt = stage;
        break refusal;
      }
      const nodes = doc.nodes.length;
      if (analysis.totalParameters > env.compileParameterLimit || nodes > env.compileNodeLimit) break refusal;
      const tokens = Object.values(graphFeedLengths(doc)).reduce((sum: number, n) => sum + (n ?? 0), 0);
      if (train && analysis.totalParameters <= env.trainParameterLimit && nodes <= env.trainNodeLimit && tokens <= env.trainTokenLimit) {
        enter('dataset');
        const dataset = await datasetFor(doc, env);
        trainedOn = dataset;
        enter('train');
        const startStep = contents.trained?.step ?? 0;
        const run = await runTraining(doc, dataset, {
          steps: startStep + 1,
          batchSize,
          validationBatches: 1,
          validateEvery: 0,
          memoryBudgetBytes: env.memoryBudgetBytes,
          ...(contents.trained ? { initialState: contents.trained } : {}),
        });
        compiled = trained = true;
        try {
          // A run that fails (E_NAN_LOSS) keeps its last good weights, which are saved like any others.
          if (run.error) {
            const failed = checkProblems([run.error], 'valid');
            if (failed.status === 'failure') return result(failed);
          }
          saved = {
            graph: doc,
            trained: await readTrainedState(run.compiled, run.step, run.optimizerState),
            tokenizer: snapshotTokenizers(dataset),
            dataset: { kind: 'bundled', id: dataset.info.id },
            runs: contents.runs,
          };
        } finally {
          run.compiled.dispose();
        }
      } else {
        enter('compile');
        const model = compileGraph(doc, { seed: doc.training.seed });
        compiled = true;
        try {
          if (contents.trained) {
            enter('load-weights');
            assignWeights(model, contents.trained.weights);
          }
        } finally {
          model.dispose();
        }
      }
    }
    enter('save');
    const bytes = writeModelFile(saved);
    enter('open');
    const reopened = readModelFile(bytes);
    if (!reopened.ok) {
      return result({ status: 'failure', kind: 'roundtrip', name: 'ReadModelResult', message: `a file just written does not read back: ${reopened.problems.map((p) => `${p.code}: ${p.message}`).join(' | ')}` });
    }
    const [before, after] = [JSON.stringify(saved.graph), JSON.stringify(reopened.contents.graph)];
    if (before !== after) return result({ status: 'failure', kind: 'roundtrip', name: 'GraphDoc', message: `the graph read back differs from the one saved (first difference at character ${firstDifference(before, after)})` });
    const reopenedState = reopened.contents.trained;
    if (trainedOn && reopenedState && verdict.status === 'valid') {
      // Continue from the file just written, as the studio's Continue does: weights and optimizer state must fit.
      enter('continue');
      const more = await runTraining(reopened.contents.graph, trainedOn, {
        steps: reopenedState.step + 1,
        batchSize: Math.min(doc.training.batchSize, 2),
        validationBatches: 0,
        memoryBudgetBytes: env.memoryBudgetBytes,
        initialState: reopenedState,
      });
      more.compiled.dispose();
      if (more.error) {
        const failed = checkProblems([more.error], 'valid');
        if (failed.status === 'failure') return result(failed);
      }
    }
    return result(verdict);
  } catch (err) {
    refusedAt = undefined;
    return result(checkThrown(err));
  }
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

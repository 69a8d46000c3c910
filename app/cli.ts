/**
 * The command-line trainer: `tensorloom train <file|template-id> …`, `tensorloom predict <model.tlgraph> "<text>"`
 * and `tensorloom templates`. It reads files and picks the backend, then calls the same engine functions the
 * studio's worker calls.
 *
 * `train --save out.tlgraph` writes the model file (graph, weights, optimizer state, vocabularies, dataset and
 * the run with every chart point) atomically; `--resume` continues a saved model (same weights, optimizer
 * state and step; `--steps` is the new total); `--init-from` starts from another model's weights where its
 * blocks fit (fine-tuning) and says what loaded and what was skipped; `--freeze` keeps blocks' weights fixed.
 *
 * Exit codes: 0 trained (or stopped by Ctrl-C), 1 training failed (e.g. E_NAN_LOSS), 2 bad input (a usage error
 * E_USAGE_…, a number outside its bounds, unknown template, a path that is not a regular file, unreadable or malformed
 * graph, a dataset that does not fit the graph). Problems go to stderr as `E_CODE: message Fix: …`; with --json,
 * stdout carries only JSON lines. Files are read as the app reads them: regular files only, size before reading.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  analyzeGraph,
  coded,
  createDataset,
  datasetInfo,
  EngineError,
  formatBytes,
  formatProblem,
  graphFeedLengths,
  graphWarnings,
  looksLikeZip,
  MAX_DOCUMENT_BYTES,
  MODEL_FILE_LIMITS,
  probeDatasetFrom,
  readGraphOrModelFile,
  snapshotTokenizers,
  templateById,
  templates,
  textFileSizeProblem,
  trainingSchema,
  writeModelFile,
  type BackendName,
  type ChartPoint,
  type GraphDoc,
  type ModelFileContents,
  type Problem,
  type ProgressEvent,
  type RunConfig,
  type RunRecord,
  type SampleBody,
  type SamplingSettings,
  type WeightTransferPlan,
} from '../engine';
import {
  assignWeights,
  compileGraph,
  EXPORT_TARGETS,
  exportOnnx,
  exportProblems,
  exportPyTorch,
  exportTfjs,
  fillMasks,
  initBackend,
  initialWeights,
  isExportTarget,
  planWeightTransfer,
  readTrainedState,
  resolveTrainingConfig,
  runTraining,
  sampleProbe,
  unknownTargetProblem,
  wasmMatmulDescription,
  type ExportedFiles,
  type MaskFill,
} from '../engine/runtime';
import { writeFileAtomic } from './atomicWrite';
import { readRegularFile } from './readRegularFile';
import { describeImport, importWeights } from './importWeights';
import { nodeDataSources } from './dataSources';
import { nodeWorkerSpawner } from './nodeWorkerSpawner';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const consoleIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const USAGE = `Usage:
  tensorloom train <file|template-id> [--steps N] [--batch N] [--backend cpu|wasm] [--seed N] [--json]
                   [--save out.tlgraph] [--freeze blockId,…] [--init-from model.tlgraph]
  tensorloom train --resume model.tlgraph [--steps TOTAL] [--save out.tlgraph] [--backend cpu|wasm] [--json]
  tensorloom predict <model.tlgraph> "<text>" [--beam N] [--temperature T] [--top-k K] [--top-p P] [--max-tokens N] [--seed N]
                   [--backend cpu|wasm] [--json]
  tensorloom export <file.tlgraph|graph.json|template-id> --to ${EXPORT_TARGETS.join('|')} [--out DIR] [--force] [--json]
                   (PyTorch code that trains and runs the model, model.onnx made by it with python3 and torch, or a
                   TensorFlow.js layers model with its layer classes as tensorloom-layers.js;
                   --force writes into a folder that already holds files)
  tensorloom import-weights <graph.json|file.tlgraph|template-id> <weights.safetensors> --out model.tlgraph [--json]
                   (weights trained by the exported train.py, checked against the graph, as a model file)
  tensorloom templates [--json]`;

const MODEL_EXTENSION = '.tlgraph';

/** Every option the command line knows: how it is written in messages, and which commands take it. */
const OPTIONS = {
  steps: { type: 'string', form: '--steps N', commands: ['train'] },
  batch: { type: 'string', form: '--batch N', commands: ['train'] },
  backend: { type: 'string', form: '--backend cpu|wasm', commands: ['train', 'predict'] },
  seed: { type: 'string', form: '--seed N', commands: ['train', 'predict'] },
  save: { type: 'string', form: `--save out${MODEL_EXTENSION}`, commands: ['train'] },
  resume: { type: 'string', form: `--resume model${MODEL_EXTENSION}`, commands: ['train'] },
  'init-from': { type: 'string', form: `--init-from model${MODEL_EXTENSION}`, commands: ['train'] },
  freeze: { type: 'string', form: '--freeze blockId,…', commands: ['train'] },
  beam: { type: 'string', form: '--beam N', commands: ['predict'] },
  temperature: { type: 'string', form: '--temperature T', commands: ['predict'] },
  'top-k': { type: 'string', form: '--top-k K', commands: ['predict'] },
  'top-p': { type: 'string', form: '--top-p P', commands: ['predict'] },
  'max-tokens': { type: 'string', form: '--max-tokens N', commands: ['predict'] },
  to: { type: 'string', form: `--to ${EXPORT_TARGETS.join('|')}`, commands: ['export'] },
  out: { type: 'string', form: '--out PATH', commands: ['export', 'import-weights'] },
  force: { type: 'boolean', form: '--force', commands: ['export'] },
  json: { type: 'boolean', form: '--json', commands: ['train', 'predict', 'export', 'import-weights', 'templates'] },
  help: { type: 'boolean', form: '--help', commands: ['train', 'predict', 'export', 'import-weights', 'templates'] },
} as const satisfies Record<string, { type: 'string' | 'boolean'; form: string; commands: readonly string[] }>;

type OptionName = keyof typeof OPTIONS;
const COMMANDS = ['train', 'predict', 'export', 'import-weights', 'templates'] as const;

/** Runs one command; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIO = consoleIO): Promise<number> {
  // A usage error: the coded problem first (what was wrong, and the right form), then the whole usage.
  const usageError = (problem: Problem): number => {
    io.err(formatProblem(problem));
    io.err(USAGE);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: withNegativeValues(argv),
      allowPositionals: true,
      tokens: true,
      options: {
        ...Object.fromEntries(Object.entries(OPTIONS).map(([name, o]) => [name, { type: o.type }])),
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return usageError(parseArgsProblem(err, argv));
  }
  const values = parsed.values as CliValues & { help?: boolean };
  const [command, subject, ...rest] = parsed.positionals;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!command) {
    return usageError({ code: 'E_USAGE_NO_COMMAND', message: 'No command was given.', fix: `Start with one of ${COMMANDS.join(', ')}, e.g. tensorloom train reverse --steps 200.` });
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    const near = COMMANDS.find((c) => c.startsWith(command.slice(0, 2).toLowerCase()));
    return usageError({
      code: 'E_USAGE_UNKNOWN_COMMAND',
      message: `There is no command “${command}”.`,
      fix: `${near ? `Did you mean ${near}? ` : ''}The commands are ${COMMANDS.join(', ')}.`,
    });
  }
  const given = new Set((parsed.tokens ?? []).flatMap((t) => (t.kind === 'option' ? [t.name as OptionName] : [])));
  const misplaced = [...given].find((name) => !(OPTIONS[name].commands as readonly string[]).includes(command));
  if (misplaced) {
    const takes = Object.values(OPTIONS).filter((o) => o.form !== '--help' && (o.commands as readonly string[]).includes(command));
    return usageError({
      code: 'E_USAGE_UNKNOWN_OPTION',
      message: `tensorloom ${command} does not take ${OPTIONS[misplaced].form.split(' ')[0]}.`,
      fix: `Its options are ${takes.map((o) => o.form).join(', ')}.`,
    });
  }
  if (command === 'templates') {
    if (subject !== undefined) return usageError(argumentsProblem(`tensorloom templates takes no arguments, but was given “${subject}”.`, 'tensorloom templates [--json]'));
    for (const t of templates) {
      io.out(values.json ? JSON.stringify({ event: 'template', id: t.id, title: t.title, dataset: t.dataset, summary: t.summary }) : `${t.id.padEnd(24)}${t.dataset.padEnd(16)}${t.summary}`);
    }
    return 0;
  }
  if (command === 'import-weights' && (!subject || rest.length !== 1 || !values.out)) {
    return usageError(
      argumentsProblem('Say which graph, which weights and where to write the model.', `tensorloom import-weights graph${MODEL_EXTENSION} trained.safetensors --out model${MODEL_EXTENSION}`),
    );
  }
  if (command === 'train' && ((!subject && !values.resume) || rest.length)) {
    return usageError(
      argumentsProblem(
        rest.length ? `tensorloom train takes one graph file or template id, but was given ${rest.length + 1} (“${[subject, ...rest].join('”, “')}”).` : 'Say what to train: a graph file, a template id, or --resume.',
        `tensorloom train <file|template-id> [--steps N] …, or tensorloom train --resume model${MODEL_EXTENSION}`,
      ),
    );
  }
  if (command === 'export' && (!subject || rest.length)) {
    return usageError(argumentsProblem('Say what to export: one model, graph file or template id.', `tensorloom export model${MODEL_EXTENSION} --to pytorch`));
  }
  if (command === 'predict' && (!subject || rest.length !== 1)) {
    return usageError(
      argumentsProblem('Say which model and what text (in quotes, as one argument).', `tensorloom predict model${MODEL_EXTENSION} "some text"`),
    );
  }

  try {
    if (command === 'predict') return await predictCommand(subject!, rest[0], values, io);
    if (command === 'export') return await exportCommand(subject!, values, io);
    if (command === 'import-weights') {
      io.out(describeImport(await importWeights(subject!, rest[0], values.out!), rest[0], values.json === true));
      return 0;
    }
    return await trainCommand(subject, values, io);
  } catch (err) {
    if (err instanceof EngineError) {
      for (const p of err.problems) io.err(formatProblem(p));
      return 2;
    }
    io.err(`Unexpected error: ${(err as Error)?.stack ?? String(err)}`);
    return 2;
  }
}

interface CliValues {
  steps?: string;
  batch?: string;
  backend?: string;
  seed?: string;
  save?: string;
  resume?: string;
  'init-from'?: string;
  freeze?: string;
  beam?: string;
  temperature?: string;
  'top-k'?: string;
  'top-p'?: string;
  'max-tokens'?: string;
  to?: string;
  out?: string;
  force?: boolean;
  json?: boolean;
}

async function trainCommand(subject: string | undefined, values: CliValues, io: CliIO): Promise<number> {
  const overrides: RunConfig = {
    steps: intOption(values.steps, 'steps', CLI_NUMBER_RANGES.steps),
    batchSize: intOption(values.batch, 'batch', CLI_NUMBER_RANGES.batch),
    seed: intOption(values.seed, 'seed', CLI_NUMBER_RANGES.seed),
  };
  const backend = backendOption(values.backend);
  if (values.save !== undefined) modelPathOption(values.save, 'save');
  if (values.resume && values['init-from']) {
    throw usageProblem('--resume continues a saved run and --init-from starts a new one from another model’s weights; give one of them.', 'Drop --init-from to continue the saved run, or --resume to fine-tune.');
  }
  const resumed = values.resume ? await loadTrainedModel(values.resume, '--resume') : undefined;
  const subjectModel = subject ? await loadSubject(subject) : undefined;
  const doc = subjectModel?.graph ?? resumed!.graph;
  const frozen = applyFreeze(doc, values.freeze);
  const earlierRuns = (resumed ?? subjectModel)?.runs ?? [];
  if (resumed) overrides.initialState = resumed.trained;
  const training = resolveTrainingConfig(doc, overrides);
  if (resumed && resumed.trained!.step >= training.steps) {
    // Checked here too (runTraining would say the same) so nothing is built or loaded for a run that cannot start.
    throw new EngineError([nothingToContinue(resumed.trained!.step, training.steps)]);
  }

  // The project's wasm matmul splits big products with a helper thread when a second core is free.
  await initBackend(backend, { spawnHelper: availableParallelism() > 1 ? nodeWorkerSpawner : null });
  const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: training.seed }, nodeDataSources());

  const initFrom = values['init-from'];
  if (initFrom) {
    const source = await loadTrainedModel(initFrom, '--init-from');
    const planning = compileGraph(doc, { seed: training.seed });
    let plan: WeightTransferPlan;
    try {
      plan = planWeightTransfer({ doc, compiled: planning }, { doc: source.graph, weights: source.trained!.weights });
    } finally {
      planning.dispose();
    }
    reportPlan(plan, basename(initFrom), values.json === true, io);
    overrides.initialWeights = { weights: source.trained!.weights, plan };
  }

  let interrupted = false;
  // First Ctrl-C: stop after the current step, print the summary (and save). Second: quit at once.
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  const startStep = resumed?.trained!.step ?? 0;
  const every = Math.max(1, Math.round((training.steps - startStep) / 20));
  if (!values.json) {
    const parameters = analyzeGraph(doc).totalParameters.toLocaleString('en');
    // The matmul kernel is most of a step's time on wasm: say which one runs (SIMD flavour, threads).
    const kernel = backend === 'wasm' ? wasmMatmulDescription() : null;
    const what = resumed ? `steps ${startStep + 1}–${training.steps}` : `${training.steps} steps`;
    const frozenNote = frozen.length ? `, frozen: ${frozen.join(', ')}` : '';
    io.out(`Training “${doc.name}” (${parameters} parameters${frozenNote}) on ${dataset.info.id} with the ${backend} backend${kernel ? ` (matmul: ${kernel})` : ''}, ${what}.`);
  }
  // What the studio lists as warnings (an output going nowhere, pre-norm without its Layer Norm) trains, but
  // rarely as meant: say so before the run, as the studio does.
  for (const warning of graphWarnings(doc)) {
    if (values.json) io.out(JSON.stringify({ event: 'warning', code: warning.code, nodeId: warning.nodeId, message: warning.message, fix: warning.fix }));
    else io.err(`warning ${formatProblem(warning)}`);
  }
  const points: ChartPoint[] = [];
  const startedAt = new Date();
  const result = await runTraining(doc, dataset, overrides, {
    shouldStop: () => interrupted,
    onProgress(p) {
      points.push(chartPointOf(p));
      if (values.json) io.out(JSON.stringify({ event: 'progress', ...p }));
      else if (p.step % every === 0 || p.step === p.totalSteps || p.validation) io.out(formatProgress(p));
    },
  }).finally(() => process.removeListener('SIGINT', onSigint));
  try {
    const done = {
      event: 'done',
      status: result.status,
      steps: result.steps,
      step: result.step,
      firstLoss: result.firstLoss,
      lastLoss: result.lastLoss,
      accuracy: result.accuracy ?? null,
      tokensPerSec: Math.round(result.tokensPerSec),
      ...(result.error ? { error: result.error } : {}),
    };
    if (values.json) io.out(JSON.stringify(done));
    else {
      io.out(
        `${result.status === 'done' ? 'Done' : result.status === 'stopped' ? 'Stopped' : 'Failed'} after ${result.steps} steps: loss ${fmt(result.firstLoss)} → ${fmt(result.lastLoss)}` +
          `${result.accuracy !== undefined ? `, held-out accuracy ${(100 * result.accuracy).toFixed(1)} %` : ''}, ${Math.round(result.tokensPerSec)} tokens/s.`,
      );
    }
    if (result.error) io.err(formatProblem(result.error));
    if (values.save !== undefined) {
      const run: RunRecord = {
        id: randomUUID(),
        label: `Run ${earlierRuns.length + 1} · lr ${training.learningRate} · batch ${training.batchSize}`,
        startedAt: startedAt.toISOString(),
        status: result.status,
        backend,
        training,
        dataset: { kind: 'bundled', id: dataset.info.id },
        startStep,
        steps: result.steps,
        wallMs: Date.now() - startedAt.getTime(),
        points,
        final: finalOf(points, result),
        frozen,
        ...(initFrom ? { initFrom: basename(initFrom) } : {}),
      };
      const contents: ModelFileContents = {
        // The file's graph trains as this run did: `--resume` later finds the same settings and frozen blocks.
        graph: { ...doc, training },
        trained: await readTrainedState(result.compiled, result.step, result.optimizerState),
        tokenizer: snapshotTokenizers(dataset),
        dataset: run.dataset,
        runs: [...earlierRuns, run],
      };
      const bytes = writeModelFile(contents);
      await writeModel(values.save, bytes);
      if (values.json) io.out(JSON.stringify({ event: 'saved', path: values.save, bytes: bytes.length, step: result.step }));
      else io.out(`Saved ${values.save} (step ${result.step}, ${formatBytes(bytes.length)}).`);
    }
  } finally {
    result.compiled.dispose();
  }
  return result.status === 'failed' ? 1 : 0;
}

async function predictCommand(path: string, text: string, values: CliValues, io: CliIO): Promise<number> {
  const backend = backendOption(values.backend);
  const beamWidth = intOption(values.beam, 'beam', CLI_NUMBER_RANGES.beam);
  const topK = intOption(values['top-k'], 'top-k', CLI_NUMBER_RANGES['top-k']) ?? 0;
  const maxTokens = intOption(values['max-tokens'], 'max-tokens', CLI_NUMBER_RANGES['max-tokens']) ?? 100;
  const seed = intOption(values.seed, 'seed', CLI_NUMBER_RANGES.seed) ?? 1;
  const temperature = numberOption(values.temperature, 'temperature', CLI_NUMBER_RANGES.temperature) ?? 0;
  const topP = numberOption(values['top-p'], 'top-p', CLI_NUMBER_RANGES['top-p']) ?? 1;
  const model = await loadTrainedModel(path, 'predict');
  if (!model.tokenizer) {
    throw new EngineError([coded('E_DATA', 'predict.noVocabulary', { path })]);
  }
  const identity = model.dataset ?? { kind: 'bundled' as const, id: model.graph.training.dataset };
  if (identity.kind !== 'bundled') {
    throw new EngineError([coded('E_DATA', 'predict.ownFile', { path, name: identity.name })]);
  }
  const info = datasetInfo(identity.id);
  if (!info) throw new EngineError([coded('E_UNKNOWN_DATASET', 'predict.unknownDataset', { path, id: identity.id })]);
  const dataset = probeDatasetFrom({ tokenizer: model.tokenizer, task: info.task, info, lengths: graphFeedLengths(model.graph) });
  await initBackend(backend, { spawnHelper: null });
  const compiled = compileGraph(model.graph);
  try {
    assignWeights(compiled, model.trained!.weights);
    const sampling: SamplingSettings = { temperature, topK, topP, beamWidth: beamWidth ?? 1, maxTokens };
    const answer: SampleBody | MaskFill | null = info.task === 'masked-lm' ? await fillMasks(compiled, dataset, text) : await sampleProbe(compiled, dataset, text, sampling, seed);
    if (!answer) {
      throw new EngineError([coded('E_DATA', info.task === 'lm' ? 'predict.nothingToSayLm' : 'predict.nothingToSay', { text })]);
    }
    if (values.json) io.out(JSON.stringify({ event: 'prediction', ...answer }));
    else for (const line of describeAnswer(answer, beamWidth)) io.out(line);
    return 0;
  } finally {
    compiled.dispose();
  }
}

/**
 * Writes a model as code for another framework into a folder. Everything that can be refused is checked before
 * anything is written: the target, the folder (not one that holds files, unless --force), the graph's problems and
 * the data. The files go to a fresh folder beside the destination first and are moved into it at the end.
 */
async function exportCommand(subject: string, values: CliValues, io: CliIO): Promise<number> {
  if (!values.to) throw usageProblem('Say what to export to: --to pytorch.', `Pass --to ${EXPORT_TARGETS.join(' or --to ')}.`);
  if (!isExportTarget(values.to)) throw new EngineError([unknownTargetProblem(values.to)]);
  const model = await loadSubject(subject);
  const doc = model.graph;
  const out = resolve(values.out ?? `${basename(subject).replace(/(\.tlgraph)?(\.json)?$/, '')}-${values.to}`);
  const held = await folderEntries(out);
  if (held === null) throw usageProblem(`--out “${out}” is a file, not a folder.`, 'Name a folder to export into.');
  if (held.length && !values.force) {
    throw new EngineError([
      {
        code: 'E_EXPORT_EXISTS',
        message: `The folder “${out}” already holds ${held.length} file${held.length === 1 ? '' : 's'} (${held.slice(0, 3).join(', ')}${held.length > 3 ? ', …' : ''}); nothing was written.`,
        fix: 'Name an empty or new folder with --out, or pass --force to write into this one (files with the same names are replaced).',
      },
    ]);
  }
  const problems = exportProblems(doc);
  if (problems.length) throw new EngineError(problems);
  const identity = model.dataset ?? { kind: 'bundled' as const, id: doc.training.dataset };
  if (identity.kind !== 'bundled') {
    throw new EngineError([
      {
        code: 'E_DATA',
        message: `“${subject}” was trained on your own file “${identity.name}”, which the command line cannot read again.`,
        fix: 'Export it from the app, where the file is open.',
      },
    ]);
  }
  // ONNX is written by PyTorch's exporter: without a Python that has torch, nothing is written.
  const python = values.to === 'onnx' ? pythonWithTorch() : null;
  if (values.to === 'onnx' && !python) {
    throw new EngineError([
      {
        code: 'E_EXPORT_UNSUPPORTED',
        message: 'The ONNX file is made by PyTorch (torch.onnx.export), and no python3 with torch was found; nothing was written.',
        fix: 'Install PyTorch (Debian: apt install python3-torch), or set TENSORLOOM_PYTHON to a Python that has it, or export --to pytorch and run export_onnx.py where PyTorch is.',
      },
    ]);
  }
  await initBackend('cpu', { spawnHelper: null });
  const dataset = await createDataset(identity.id, { lengths: graphFeedLengths(doc), seed: doc.training.seed }, nodeDataSources());
  const options = { dataset, initialWeights: model.trained ? undefined : await initialWeights(doc) };
  const files = values.to === 'tfjs' ? await exportTfjs(model, options) : values.to === 'onnx' ? exportOnnx(model, options) : exportPyTorch(model, options);
  const bytes = await writeExport(out, files, python ? (staging) => runOnnxExport(python, staging) : undefined);
  if (values.json) io.out(JSON.stringify({ event: 'exported', to: values.to, out, files: [...files.keys()], bytes }));
  else {
    const from = model.trained ? `trained for ${model.trained.step} steps` : 'freshly initialised';
    io.out(`Exported “${doc.name}” (${from}) to ${out}: ${files.size} files, ${formatBytes(bytes)}.`);
    io.out(
      values.to === 'tfjs'
        ? `  load it with tf.loadLayersModel after importing ${join(out, 'tensorloom-layers.js')}; see README.md`
        : `  cd ${out} && python3 train.py    # or: torchrun --standalone --nproc_per_node=2 train.py; see README.md`,
    );
  }
  return 0;
}

/** The names in a folder; [] where it does not exist; null where the path is a file. */
async function folderEntries(path: string): Promise<string[] | null> {
  try {
    if (!(await stat(path)).isDirectory()) return null;
  } catch {
    return [];
  }
  return readdir(path);
}

/** The first of $TENSORLOOM_PYTHON, python3 on the PATH and Debian's /usr/bin/python3 that can import torch. */
function pythonWithTorch(): string | null {
  for (const candidate of [process.env.TENSORLOOM_PYTHON, 'python3', '/usr/bin/python3']) {
    if (candidate && spawnSync(candidate, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000 }).status === 0) return candidate;
  }
  return null;
}

/** Runs export_onnx.py in the staged folder; its refusal (an operator without ONNX form, and the blocks using it) is a coded problem. */
async function runOnnxExport(python: string, staging: string): Promise<string[]> {
  const r = spawnSync(python, ['export_onnx.py'], { cwd: staging, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) {
    const said = (r.stderr || r.error?.message || '').trim().split('\n').pop();
    throw new EngineError([
      { code: 'E_EXPORT_UNSUPPORTED', message: `torch.onnx.export could not write the model: ${said} Nothing was written.`, fix: 'Export --to pytorch instead, or change the blocks it names.' },
    ]);
  }
  return ['model.onnx'];
}

/**
 * Writes every file under a fresh folder beside `out`, lets `finish` add files made there (model.onnx), then moves
 * each into `out`; returns the bytes written. A failure before the move leaves `out` as it was.
 */
async function writeExport(out: string, files: ExportedFiles, finish?: (staging: string) => Promise<string[]>): Promise<number> {
  await mkdir(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(dirname(out), `.${basename(out)}-`));
  let bytes = 0;
  try {
    for (const [name, content] of files) {
      await mkdir(dirname(join(staging, name)), { recursive: true });
      await writeFile(join(staging, name), content);
      bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    }
    const made = finish ? await finish(staging) : [];
    for (const name of made) bytes += (await stat(join(staging, name))).size;
    for (const name of [...files.keys(), ...made]) {
      await mkdir(dirname(join(out, name)), { recursive: true });
      await rename(join(staging, name), join(out, name));
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return bytes;
}

/** The answer as a person reads it: the output first, then how sure the model is. */
function describeAnswer(answer: SampleBody | MaskFill, beamWidth: number | undefined): string[] {
  switch (answer.kind) {
    case 'lm':
      return [answer.text];
    case 'seq2seq':
      return beamWidth && beamWidth > 1 ? [`greedy: ${answer.greedy}`, `beam ${beamWidth}: ${answer.beam}`] : [answer.greedy];
    case 'classification':
      return [`${answer.label} (${percent(answer.confidence)})`, ...answer.probabilities.slice(1).map((p) => `  ${p.label} ${percent(p.p)}`)];
    case 'tagging':
      return [answer.output];
    case 'masked-lm':
      // fillMasks' answer (guesses with confidence) or the studio's sample form (masks with p): the same lines.
      return 'guesses' in answer
        ? [answer.filled, ...answer.guesses.map((g) => `  [MASK] at ${g.position} → ${g.token} (${percent(g.confidence)})`)]
        : [answer.filled, ...answer.masks.map((m) => `  [MASK] at ${m.position} → ${m.token} (${percent(m.p)})`)];
  }
}

function percent(p: number): string {
  return `${(100 * p).toFixed(1)} %`;
}

/** Marks the listed blocks frozen; an id the graph does not have is an error that lists the ids it does have. */
function applyFreeze(doc: GraphDoc, list: string | undefined): string[] {
  if (list !== undefined) {
    const ids = list
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const byId = new Map(doc.nodes.map((n) => [n.id, n]));
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length || !ids.length) {
      const analysis = analyzeGraph(doc);
      const withWeights = doc.nodes.filter((n) => (analysis.nodes[n.id]?.cost.parameters ?? 0) > 0).map((n) => n.id);
      throw usageProblem(
        ids.length ? `--freeze: the graph has no block with the id ${unknown.map((id) => `“${id}”`).join(', ')}.` : '--freeze needs at least one block id.',
        `Blocks with weights in “${doc.name}”: ${withWeights.join(', ')}.`,
      );
    }
    for (const id of ids) byId.get(id)!.frozen = true;
  }
  return doc.nodes.filter((n) => n.frozen).map((n) => n.id);
}

function reportPlan(plan: WeightTransferPlan, from: string, json: boolean, io: CliIO): void {
  if (json) {
    io.out(JSON.stringify({ event: 'transfer', from, loads: plan.loads.map(({ weights, ...l }) => ({ ...l, weights: weights.length })), skipped: plan.skipped }));
    return;
  }
  const weights = plan.loads.reduce((n, l) => n + l.weights.length, 0);
  io.out(`From ${from}: ${plan.loads.length} blocks load (${weights} weights), ${plan.skipped.filter((s) => s.side === 'target').length} keep fresh weights.`);
  for (const l of plan.loads) io.out(`  loaded   ${l.label} ← ${l.sourceNodeId}${l.matchedBy === 'id' ? '' : ` (matched by ${l.matchedBy})`}`);
  for (const s of plan.skipped) io.out(`  ${s.side === 'target' ? 'skipped ' : 'unused  '} ${s.label}: ${s.reason}`);
}

/** A model file with trained weights (`.tlgraph`), read with every check of the app's Open. */
async function loadTrainedModel(path: string, what: string): Promise<ModelFileContents> {
  const model = await readModel(path);
  if (!model.trained) {
    throw new EngineError([
      {
        code: 'E_WEIGHTS_MISMATCH',
        message: `“${path}” holds a graph but no trained weights, so ${what} has nothing to start from.`,
        fix: `Train it first: tensorloom train ${path} --save trained${MODEL_EXTENSION}.`,
      },
    ]);
  }
  return model;
}

/** A model (`.tlgraph`) or graph (`.tlgraph.json`) file, read as the app reads it: regular files only, size first. */
async function readModel(path: string): Promise<ModelFileContents> {
  const name = basename(path);
  const bytes = await readRegularFile(path, (head) =>
    looksLikeZip(head)
      ? { maxBytes: MODEL_FILE_LIMITS.fileBytes, tooLarge: (size) => modelTooLarge(name, size) }
      : { maxBytes: MAX_DOCUMENT_BYTES, tooLarge: (size) => textFileSizeProblem(name, size, { kind: 'graph', maxBytes: MAX_DOCUMENT_BYTES })! },
  );
  const read = readGraphOrModelFile(bytes, { name });
  if (!read.ok) throw new EngineError(read.problems);
  return read.contents;
}

function modelTooLarge(name: string, bytes: number): Problem {
  return {
    code: 'E_FILE_TOO_LARGE',
    message: `“${name}” is ${formatBytes(bytes)} (${bytes.toLocaleString('en')} bytes); model files are at most ${formatBytes(MODEL_FILE_LIMITS.fileBytes)}.`,
    fix: 'Check that this is a Tensorloom model file (.tlgraph).',
  };
}

async function writeModel(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, bytes);
  } catch (err) {
    throw new EngineError([
      { code: 'E_DATA', message: `The model could not be saved to “${path}” (${(err as Error).message}); nothing was overwritten.`, fix: 'Check that the folder exists and that you may write to it.' },
    ]);
  }
}

function chartPointOf(p: ProgressEvent): ChartPoint {
  const point: ChartPoint = { step: p.step, loss: p.loss, perplexity: Math.exp(p.loss), learningRate: p.learningRate };
  if (p.accuracy !== undefined) point.accuracy = p.accuracy;
  if (p.validation) {
    point.validationLoss = p.validation.loss;
    point.validationPerplexity = p.validation.perplexity;
    if (p.validation.accuracy !== undefined) point.validationAccuracy = p.validation.accuracy;
  }
  return point;
}

function finalOf(points: ChartPoint[], result: { lastLoss: number; accuracy?: number; tokensPerSec: number }): RunRecord['final'] {
  const validated = [...points].reverse().find((p) => p.validationLoss !== undefined);
  return {
    loss: result.lastLoss,
    ...(result.accuracy !== undefined ? { accuracy: result.accuracy } : {}),
    ...(validated?.validationLoss !== undefined ? { validationLoss: validated.validationLoss } : {}),
    ...(validated?.validationAccuracy !== undefined ? { validationAccuracy: validated.validationAccuracy } : {}),
    tokensPerSec: result.tokensPerSec,
  };
}

function nothingToContinue(done: number, steps: number): Problem {
  return {
    code: 'E_NOTHING_TO_CONTINUE',
    message: `The model has already trained for ${done} steps and --steps is ${steps}, so there is nothing left to run.`,
    fix: `Pass a larger total, e.g. --steps ${done + Math.max(100, Math.round(done / 2))}: --steps counts every step, the earlier runs’ included.`,
  };
}

/**
 * A template id, or the path of a saved graph (`.json`, parsed with the same checks as the app's Open) or
 * model (`.tlgraph`, whose graph is trained afresh unless --resume says otherwise; its runs are kept).
 */
async function loadSubject(subject: string): Promise<ModelFileContents> {
  const template = templateById(subject);
  if (template && !existsSync(subject)) return { graph: template.build(), runs: [] };
  if (!existsSync(subject)) {
    throw new EngineError([
      {
        code: 'E_UNKNOWN_TEMPLATE',
        message: `There is no template or file called “${subject}”.`,
        fix: `Give the path of a saved graph (.json or ${MODEL_EXTENSION}), or one of: ${templates.map((t) => t.id).join(', ')}.`,
      },
    ]);
  }
  return readModel(subject);
}

/**
 * `--steps -1`: parseArgs reads a value that starts with a dash as a missing value (“ambiguous”), so a negative
 * number after an option that takes a value is joined to it (`--steps=-1`) and then refused for its range.
 */
function withNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return [...out, ...argv.slice(i)];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : '';
    const next = argv[i + 1];
    if (name in OPTIONS && OPTIONS[name as OptionName].type === 'string' && next !== undefined && /^-(\d|\.\d|inf|nan)/i.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** parseArgs' refusals as coded problems that say what to write instead. */
function parseArgsProblem(err: unknown, argv: string[]): Problem {
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  const name = option.replace(/^-+/, '');
  const known = OPTIONS[name as OptionName];
  if ((err as { code?: string })?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !known) {
    const command = argv.find((a) => !a.startsWith('-'));
    const takes = Object.values(OPTIONS).filter((o) => !command || (o.commands as readonly string[]).includes(command));
    return {
      code: 'E_USAGE_UNKNOWN_OPTION',
      message: `There is no option ${option || 'like that'}${command && (COMMANDS as readonly string[]).includes(command) ? ` for tensorloom ${command}` : ''}.`,
      fix: `The options${command && (COMMANDS as readonly string[]).includes(command) ? ` of ${command}` : ''} are ${takes.map((o) => o.form).join(', ')}; a value that starts with a dash is written --option=-value.`,
    };
  }
  if (known.type === 'boolean') {
    return { code: 'E_USAGE_OPTION_VALUE', message: `${option} is a switch and takes no value.`, fix: `Write ${option} alone.` };
  }
  const after = argv[argv.indexOf(option) + 1];
  return {
    code: 'E_USAGE_OPTION_VALUE',
    message: after === undefined || argv.indexOf(option) === -1 ? `${option} needs a value.` : `${option} needs a value, but is followed by “${after}”, which reads as another option.`,
    fix: `Write ${known.form}; a value that starts with a dash is written ${option}=-value.`,
  };
}

function argumentsProblem(message: string, form: string): Problem {
  return { code: 'E_USAGE_ARGUMENTS', message, fix: `Write it as: ${form}.` };
}

/** A whole-number option within [min, max] (the graph format's own bounds for the training settings). */
function intOption(v: string | undefined, name: string, range: { min: number; max: number; example: number }): number | undefined {
  if (v === undefined) return undefined;
  const n = /^[+-]?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw usageProblem(`--${name} must be a whole number from ${range.min.toLocaleString('en')} to ${range.max.toLocaleString('en')}, not “${v}”.`, `Pass e.g. --${name} ${range.example}.`);
  }
  return n;
}

/** A decimal number option within [min, max]. */
function numberOption(v: string | undefined, name: string, range: { min: number; max: number; example: number }): number | undefined {
  if (v === undefined) return undefined;
  const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < range.min || n > range.max) {
    throw usageProblem(`--${name} must be a number from ${range.min} to ${range.max}, not “${v}”.`, `Pass e.g. --${name} ${range.example}.`);
  }
  return n;
}

/** The bounds the graph format puts on a training setting, so the command line accepts exactly what a file may hold. */
function schemaRange(field: 'steps' | 'batchSize' | 'seed', example: number): { min: number; max: number; example: number } {
  const number = trainingSchema.shape[field].unwrap();
  return { min: number.minValue ?? 0, max: number.maxValue ?? Number.MAX_SAFE_INTEGER, example };
}

/** Bounds of the command line's numbers (training ones from the graph format; sampling ones as in the studio). */
export const CLI_NUMBER_RANGES = {
  steps: schemaRange('steps', 500),
  batch: schemaRange('batchSize', 32),
  seed: schemaRange('seed', 42),
  beam: { min: 1, max: 8, example: 4 },
  'top-k': { min: 0, max: 200, example: 40 },
  'top-p': { min: 0.05, max: 1, example: 0.9 },
  'max-tokens': { min: 1, max: 10_000, example: 200 },
  temperature: { min: 0, max: 2, example: 0.8 },
} as const;

function backendOption(v: string | undefined): BackendName {
  const backend = (v ?? 'wasm') as BackendName;
  if (backend !== 'cpu' && backend !== 'wasm') throw usageProblem(`--backend must be cpu or wasm, not “${backend}”.`, 'Use --backend wasm (fast) or --backend cpu.');
  return backend;
}

function modelPathOption(path: string, name: string): void {
  if (!path.endsWith(MODEL_EXTENSION)) {
    throw usageProblem(`--${name} writes a Tensorloom model file; “${path}” does not end in ${MODEL_EXTENSION}.`, `Name it e.g. ${basename(path).replace(/\.[^.]*$/, '') || 'model'}${MODEL_EXTENSION}.`);
  }
}

function usageProblem(message: string, fix: string): EngineError {
  const problem: Problem = { code: 'E_BAD_PARAM', message, fix };
  return new EngineError([problem]);
}

function formatProgress(p: ProgressEvent): string {
  const parts = [`step ${String(p.step).padStart(String(p.totalSteps).length)}/${p.totalSteps}`, `loss ${fmt(p.loss)}`];
  if (p.accuracy !== undefined) parts.push(`acc ${(100 * p.accuracy).toFixed(1)} %`);
  parts.push(`lr ${p.learningRate.toExponential(1)}`, `${Math.round(p.tokensPerSec)} tok/s`);
  if (p.validation) {
    parts.push(`| val loss ${fmt(p.validation.loss)} ppl ${p.validation.perplexity.toFixed(2)}${p.validation.accuracy !== undefined ? ` acc ${(100 * p.validation.accuracy).toFixed(1)} %` : ''}`);
  }
  return parts.join('  ');
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : String(x);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

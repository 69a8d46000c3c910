/**
 * Each bench template's PyTorch twin: the template exported by the app's own PyTorch exporter (model.py is the
 * same network as plain PyTorch, data.py the same batches) into bench/out/pytorch/<id>/, then timed by
 * bench/pytorch_template.py with stock torch.optim.Adam. Run as a child process (`npx tsx bench/pytorchTwin.ts
 * <id>`) so the export's tfjs state stays out of the benchmark's own process.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { nodeDataSources } from '../app/dataSources';
import { initBackend } from '../engine/backend/init';
import { createDataset } from '../engine/data';
import { exportPyTorch, initialWeights } from '../engine/export';
import { graphFeedLengths } from '../engine/train/datasetFit';
import { benchTemplateById, tokensPerStep } from './templateJobs';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PYTHON = '/usr/bin/python3';

export interface PytorchTwinResult {
  template: string;
  torchVersion?: string;
  /** The faster of the exported model and (for embedding → LSTM/GRU → dense) nn.LSTM / nn.GRU. */
  twin?: string;
  threads?: number;
  tokensPerSec?: number;
  tokensPerSecByTwin?: Record<string, number>;
  msPerStep?: Record<string, Record<string, number>>;
  /** Matrix-multiply FLOPs of one training step, forward and backward, as ATen ran them. */
  flopsPerStep?: number;
  flopsPerToken?: number;
  parameters?: number;
  error?: string;
}

/** Recurrent templates that are embedding → one recurrent layer → dense: PyTorch's fused layer is their fair twin. */
const IDIOMATIC: Record<string, 'lstm' | 'gru'> = { 'char-rnn': 'lstm', 'char-gru': 'gru' };

export function twinFolder(id: string): string {
  return join(root, 'bench/out/pytorch', id);
}

/** Writes the template's export into its twin folder (replacing an earlier one). */
export async function writeTwin(id: string): Promise<void> {
  const doc = benchTemplateById(id).build();
  await initBackend('cpu', { spawnHelper: null });
  const dataset = await createDataset(doc.training.dataset, { lengths: graphFeedLengths(doc), seed: doc.training.seed }, nodeDataSources());
  const files = exportPyTorch({ graph: doc, runs: [] }, { dataset, initialWeights: await initialWeights(doc) });
  const folder = twinFolder(id);
  await rm(folder, { recursive: true, force: true });
  for (const [name, content] of files) {
    await mkdir(dirname(join(folder, name)), { recursive: true });
    await writeFile(join(folder, name), content);
  }
}

/** Exports the twin in a child process; the error text where it failed. */
export async function exportTwin(id: string): Promise<string | null> {
  try {
    await run(process.execPath, ['--import', 'tsx', join(root, 'bench/pytorchTwin.ts'), id], { cwd: root, timeout: 5 * 60_000 });
    return null;
  } catch (err) {
    return String(err).slice(0, 2000);
  }
}

/** Times the exported twin (exportTwin first). Failures come back as `{ error }`. */
export async function measureTwin(id: string, steps: number, warmup: number, timed?: { settleMs: number; measureMs: number }): Promise<PytorchTwinResult> {
  try {
    const job = { steps, warmup, ...timed, tokensPerStep: tokensPerStep(benchTemplateById(id).build()), idiomatic: IDIOMATIC[id] };
    const { stdout } = await run(PYTHON, [join(root, 'bench/pytorch_template.py'), twinFolder(id), JSON.stringify(job)], {
      cwd: twinFolder(id),
      timeout: 20 * 60_000,
      maxBuffer: 16 * 2 ** 20,
    });
    const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop() ?? '{}';
    return { template: id, ...(JSON.parse(line) as Omit<PytorchTwinResult, 'template'>) };
  } catch (err) {
    return { template: id, error: String(err).slice(0, 2000) };
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeTwin(process.argv[2] ?? 'gpt-mini');
  process.exit(0);
}

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../app/cli';
import { compileGraph } from '../../../engine/compile/compile';
import { datasetInfo } from '../../../engine/data';
import type { ModelFileContents } from '../../../engine/io/modelContents';
import { readModelFile } from '../../../engine/io/modelFile';
import { probeDatasetFrom } from '../../../engine/io/tokenizers';
import { templateById } from '../../../engine/templates';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { assignWeights } from '../../../engine/train/modelState';
import { sampleProbe } from '../../../engine/train/probeSample';

const dir = mkdtempSync(join(tmpdir(), 'tensorloom-cli-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err, json: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function readModel(path: string): ModelFileContents {
  const read = readModelFile(new Uint8Array(readFileSync(path)));
  if (!read.ok) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return read.contents;
}

const ENCODER = ['embed', 'pos', 'enc_attn', 'enc_norm1', 'enc_ffn', 'enc_norm2'];

// cpu everywhere: the runs compared here must be bit-identical, whatever threads the wasm backend would use.
describe('tensorloom train --save / --resume / --init-from / --freeze, and predict', () => {
  it('saves a trained model with its optimizer state, vocabulary, dataset and run; predict answers as the engine does', async () => {
    const path = join(dir, 'reverse.tlgraph');
    const run = await cli('train', 'reverse', '--steps', '3', '--batch', '8', '--backend', 'cpu', '--save', path, '--json');
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const lines = run.json();
    expect(lines.at(-1)).toMatchObject({ event: 'saved', path, step: 3 });
    // Written atomically: no temporary file is left beside it.
    expect(readdirSync(dir)).toEqual(['reverse.tlgraph']);

    const model = readModel(path);
    expect(model.trained!.step).toBe(3);
    expect(model.trained!.optimizer).toMatchObject({ kind: 'adam', iterations: 3 });
    expect(model.trained!.optimizer!.tensors.length).toBe(2 * model.trained!.weights.length);
    expect(model.dataset).toEqual({ kind: 'bundled', id: 'reverse' });
    expect(model.tokenizer!.input.tokens.length).toBe(27);
    expect(model.graph.training).toMatchObject({ steps: 3, batchSize: 8 });
    expect(model.runs).toHaveLength(1);
    const losses = lines.filter((l) => l.event === 'progress').map((l) => l.loss);
    expect(model.runs[0]).toMatchObject({ status: 'done', backend: 'cpu', startStep: 0, steps: 3, frozen: [], dataset: { kind: 'bundled', id: 'reverse' } });
    expect(model.runs[0].points.map((p) => [p.step, p.loss])).toEqual(losses.map((loss, i) => [i + 1, loss]));

    const predicted = await cli('predict', path, 'abcdef', '--backend', 'cpu', '--json');
    expect(predicted.code).toBe(0);
    const answer = predicted.json()[0];
    expect(answer).toMatchObject({ event: 'prediction', kind: 'tagging', source: 'abcdef' });
    // The same answer from the engine, with the saved weights and vocabulary.
    const info = datasetInfo('reverse')!;
    const dataset = probeDatasetFrom({ tokenizer: model.tokenizer!, task: info.task, info, lengths: graphFeedLengths(model.graph) });
    const compiled = compileGraph(model.graph);
    try {
      assignWeights(compiled, model.trained!.weights);
      const expected = await sampleProbe(compiled, dataset, 'abcdef', { temperature: 0, topK: 0, beamWidth: 1, maxTokens: 100 });
      expect(answer).toEqual({ event: 'prediction', ...expected });
    } finally {
      compiled.dispose();
    }
    const text = await cli('predict', path, 'abcdef', '--backend', 'cpu');
    expect(text.out).toEqual([answer.output]);
  });

  it('continues a saved run with --resume exactly as the run that never stopped, --steps being the total', async () => {
    const doc = templateById('reverse')!.build();
    // A constant learning rate: a run of 2 steps and one of 4 then follow the same schedule for their first 2.
    doc.training = { ...doc.training, schedule: 'constant', learningRate: 3e-3 };
    const graph = join(dir, 'constant.json');
    writeFileSync(graph, JSON.stringify(doc));
    const common = ['--batch', '8', '--backend', 'cpu', '--json'];
    const whole = await cli('train', graph, '--steps', '4', '--save', join(dir, 'whole.tlgraph'), ...common);
    const part = join(dir, 'part.tlgraph');
    const first = await cli('train', graph, '--steps', '2', '--save', part, ...common);
    const tooFew = await cli('train', '--resume', part, '--steps', '2', ...common);
    expect(tooFew.code).toBe(2);
    expect(tooFew.err[0]).toMatch(/^E_NOTHING_TO_CONTINUE: The model has already trained for 2 steps and --steps is 2/);
    const rest = await cli('train', '--resume', part, '--steps', '4', '--save', part, ...common);
    for (const r of [whole, first, rest]) expect(r.code, r.err.join('\n')).toBe(0);

    const progress = (r: typeof whole) => r.json().filter((l) => l.event === 'progress');
    expect(progress(rest).map((p) => p.step)).toEqual([3, 4]);
    expect(progress(rest).map((p) => p.loss)).toEqual(progress(whole).slice(2).map((p) => p.loss));
    const a = readModel(join(dir, 'whole.tlgraph'));
    const b = readModel(part);
    expect(b.trained).toEqual(a.trained);
    expect(b.runs.map((r) => [r.startStep, r.steps, r.points.map((p) => p.step)])).toEqual([
      [0, 2, [1, 2]],
      [2, 2, [3, 4]],
    ]);
  });

  it('fine-tunes from a pre-trained model with --init-from and --freeze, saying what loaded and what was skipped', async () => {
    const pre = join(dir, 'pre.tlgraph');
    const pretrain = await cli('train', 'bert-reviews', '--steps', '1', '--batch', '2', '--backend', 'cpu', '--save', pre);
    expect(pretrain.code, pretrain.err.join('\n')).toBe(0);

    const unknown = await cli('train', 'sentiment-finetune', '--init-from', pre, '--freeze', 'embed,encoder', '--backend', 'cpu');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toEqual([
      'E_BAD_PARAM: --freeze: the graph has no block with the id “encoder”. Fix: Blocks with weights in “Sentiment fine-tuning”: embed, pos, enc_attn, enc_norm1, enc_ffn, enc_norm2, classify.',
    ]);

    const tuned = join(dir, 'tuned.tlgraph');
    const run = await cli('train', 'sentiment-finetune', '--init-from', pre, '--freeze', ENCODER.join(','), '--steps', '2', '--batch', '4', '--backend', 'cpu', '--save', tuned);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.out.slice(0, 9)).toEqual([
      'From pre.tlgraph: 6 blocks load (34 weights), 1 keep fresh weights.',
      '  loaded   Token embedding ← embed',
      '  loaded   Positions ← pos',
      '  loaded   Self-attention ← enc_attn',
      '  loaded   Add & Norm ← enc_norm1',
      '  loaded   Feed-forward ← enc_ffn',
      '  loaded   Add & Norm ← enc_norm2',
      '  skipped  To classes: no Dense block of the source model has this block\'s id, name or shapes',
      '  unused   To vocabulary: no Dense block of this model took its weights',
    ]);
    expect(run.out[9]).toMatch(/frozen: embed, pos, enc_attn, enc_norm1, enc_ffn, enc_norm2\)/);

    const source = readModel(pre);
    const model = readModel(tuned);
    expect(model.graph.nodes.filter((n) => n.frozen).map((n) => n.id)).toEqual(ENCODER);
    expect(model.runs[0]).toMatchObject({ initFrom: 'pre.tlgraph', frozen: ENCODER, startStep: 0, steps: 2 });
    const sourceWeights = new Map(source.trained!.weights.map((w) => [w.name, w]));
    const encoderWeights = model.trained!.weights.filter((w) => ENCODER.some((id) => w.name.startsWith(`${id}__`)));
    expect(encoderWeights).toHaveLength(34);
    for (const w of encoderWeights) expect(w.data, w.name).toEqual(sourceWeights.get(w.name)!.data);
    // Only the classifier was trained: the optimizer holds moments for its two weights alone.
    expect(model.trained!.optimizer!.tensors.map((t) => t.name).sort()).toEqual([
      'classify__0__dense/bias/m',
      'classify__0__dense/bias/v',
      'classify__0__dense/kernel/m',
      'classify__0__dense/kernel/v',
    ]);

    const predicted = await cli('predict', tuned, 'a wonderful film', '--backend', 'cpu');
    expect(predicted.code).toBe(0);
    expect(predicted.out[0]).toMatch(/^(positive|negative) \(\d+\.\d %\)$/);
    const masked = await cli('predict', pre, 'a [MASK] film', '--backend', 'cpu', '--json');
    expect(masked.json()[0]).toMatchObject({ event: 'prediction', kind: 'masked-lm', guesses: [expect.objectContaining({ token: expect.any(String) })] });
  });

  it('refuses --save to a path that is not a model file, and predict on a graph without weights', async () => {
    const wrong = await cli('train', 'reverse', '--save', join(dir, 'out.json'));
    expect(wrong.code).toBe(2);
    expect(wrong.err[0]).toMatch(/^E_BAD_PARAM: --save writes a Tensorloom model file; “.*out\.json” does not end in \.tlgraph/);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
    const graphOnly = join(dir, 'graph.json');
    writeFileSync(graphOnly, JSON.stringify(templateById('reverse')!.build()));
    const predicted = await cli('predict', graphOnly, 'abc', '--backend', 'cpu');
    expect(predicted.code).toBe(2);
    expect(predicted.err[0]).toMatch(/holds a graph but no trained weights/);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SPECIAL_TOKENS } from '../../../engine/data/types';
import { compileGraph } from '../../../engine/compile/compile';
import { analyzeGraph } from '../../../engine/graph/analyze';
import { readModelFile, writeModelFile, type ModelFileContents, type NamedTensor } from '../../../engine/io';
import { templateById } from '../../../engine/templates';
import { randomValues } from '../../fixtures/randomValues';
import { sampleRun } from '../../fixtures/io/modelFixtures';

/**
 * GPT-mini is the model the studio trains by default; its file with weights must stay small enough to
 * mail. Its weights are the compiled model's own (names, shapes and initial values), so the size measured
 * is the size a user gets.
 */
describe('a GPT-mini model file', () => {
  let contents: ModelFileContents;
  let parameters = 0;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const graph = templateById('gpt-mini')!.build();
    const compiled = compileGraph(graph);
    let weights: NamedTensor[];
    try {
      weights = await Promise.all(
        compiled.model.weights.map(async (w) => ({ name: w.originalName, shape: [...w.shape] as number[], data: new Float32Array((await w.read().data()) as Float32Array) })),
      );
    } finally {
      compiled.dispose();
    }
    parameters = weights.reduce((sum, w) => sum + w.data.length, 0);
    const vocab = graph.nodes.find((n) => n.kind === 'embedding')!.params.vocabSize as number;
    const letters = Array.from({ length: vocab - SPECIAL_TOKENS.length }, (_, i) => String.fromCodePoint(0x20 + i));
    contents = {
      graph,
      trained: { step: 2000, weights },
      tokenizer: { input: { kind: 'char', tokens: [...SPECIAL_TOKENS, ...letters] } },
      dataset: { kind: 'bundled', id: 'moby-dick' },
      runs: [sampleRun({ steps: 2000, points: Array.from({ length: 2000 }, (_, i) => ({ step: i + 1, loss: 4 - i / 1000, perplexity: Math.exp(4 - i / 1000), learningRate: 3e-3 })) })],
    };
  });

  it('holds every parameter of the compiled model', () => {
    expect(parameters).toBe(analyzeGraph(contents.graph).totalParameters);
    expect(parameters).toBeGreaterThan(400_000);
  });

  it('is under 2.5 MB with its weights and a 2,000-step run, and reads back bit for bit', () => {
    const bytes = writeModelFile(contents);
    expect(bytes.length).toBeLessThan(2_500_000);
    // Deflate finds little to take out of float32 weights: the file is about the size of the raw values.
    expect(bytes.length).toBeGreaterThan(parameters * 4 * 0.85);
    const read = readModelFile(bytes);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const back = read.contents.trained!.weights;
    expect(back.map((w) => w.name)).toEqual(contents.trained!.weights.map((w) => w.name));
    back.forEach((w, i) => expect(new Uint32Array(w.data.buffer)).toEqual(new Uint32Array(contents.trained!.weights[i].data.buffer)));
  });

  it('roughly triples with Adam’s two moments, which Continue needs and the writer stores only when given', () => {
    const weightsOnly = writeModelFile(contents).length;
    const moments = contents.trained!.weights.flatMap((w, i) => [
      { name: `${w.name}/m`, shape: w.shape, data: randomValues(w.data.length, 1 + i, 1e-3) },
      { name: `${w.name}/v`, shape: w.shape, data: randomValues(w.data.length, 1000 + i, 1e-6).map(Math.abs) },
    ]);
    const withOptimizer = writeModelFile({ ...contents, trained: { ...contents.trained!, optimizer: { kind: 'adam', iterations: 2000, tensors: moments } } }).length;
    expect(withOptimizer).toBeGreaterThan(weightsOnly + parameters * 8 * 0.8);
    expect(withOptimizer).toBeLessThan(weightsOnly + parameters * 8 + 10_000);
  });
});

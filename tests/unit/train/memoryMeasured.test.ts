import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { trackPeakTensorBytes } from '../../../bench/memoryPeak';
import { initBackend } from '../../../engine/backend/init';
import { SELF_ATTENTION_KERNEL } from '../../../engine/backend/kernelNames';
import { createDataset } from '../../../engine/data';
import { analyzeGraph } from '../../../engine/graph/analyze';
import { resolveSize } from '../../../engine/graph/shapes';
import type { GraphDoc } from '../../../engine/graph/schema';
import { decoderOnlyLayer } from '../../../engine/templates/blocks';
import { DATASET_SIZES } from '../../../engine/templates/datasetSizes';
import { MultiHeadAttention } from '../../../engine/layers/multiHeadAttention';
import { DocBuilder, port } from '../../../engine/templates/docBuilder';
import { graphFeedLengths } from '../../../engine/train/datasetFit';
import { estimateTrainingMemory } from '../../../engine/train/memory';
import { runTraining } from '../../../engine/train/runTraining';

/** A one-block character GPT: tokens → embedding → positions → causal self-attention block → vocabulary. */
function oneBlockGpt(T: number, heads: number, d: number, batchSize: number): GraphDoc {
  const V = DATASET_SIZES['moby-dick'].vocab;
  const b = new DocBuilder();
  const tokens = b.add('tokens', 'tokenInput', [0, 1], { feed: 'tokens', time: 'T', length: T });
  const emb = b.add('embed', 'embedding', [1, 1], { vocabSize: V, dModel: d, lookup: 'gather' });
  b.wire(tokens.out, emb.node, 'in');
  const pos = b.add('pos', 'positionalEncoding', [2, 1], { encoding: 'learned', maxLength: T });
  b.wire(emb.out, pos.node, 'in');
  const layer = decoderOnlyLayer(b, { prefix: 'dec', input: pos.out, column: 3, row: 1, heads, hidden: 2 * d });
  const out = b.add('logits', 'dense', [layer.column, 1], { units: V });
  b.wire(layer.out, out.node, 'in');
  const target = b.add('next', 'target', [layer.column, 2], { feed: 'targets', time: 'T' });
  const head = b.add('loss', 'lmHead', [layer.column + 1, 1]);
  b.wire(out.out, head.node, 'logits');
  b.wire(port(target.node, 'out'), head.node, 'targets');
  return b.build({ name: 'one-block GPT', description: '', training: { dataset: 'moby-dick', steps: 2, batchSize, learningRate: 1e-3, warmupSteps: 1, seed: 7 } });
}

/** The peak bytes of distinct tensor buffers (and of tf.memory().numBytes) over the second training step. */
async function measuredPeak(doc: GraphDoc): Promise<{ buffers: number; numBytes: number }> {
  const dataset = await createDataset('moby-dick', { lengths: graphFeedLengths(doc), seed: 1 }, nodeDataSources());
  const tensorsBefore = tf.memory().numTensors;
  const tracker = trackPeakTensorBytes();
  try {
    const result = await runTraining(doc, dataset, { steps: 2, validateEvery: 0, validationBatches: 1 }, {
      // The first step creates the weights and Adam's moments; the second is a step as every later one.
      onStep: ({ step }) => {
        if (step === 1) tracker.reset();
      },
    });
    result.compiled.dispose();
    return { buffers: tracker.peakBufferBytes(), numBytes: tracker.peakNumBytes() };
  } finally {
    tracker.stop();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }
}

describe('training memory estimate against tfjs’ measured peak (wasm)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('runs self-attention on the fused kernel, whose memory the estimate describes', () => {
    expect(tf.getKernel(SELF_ATTENTION_KERNEL, 'wasm')).toBeDefined();
  });

  // Long sequences, where attention's B·h·T² weights are most of a step's memory.
  it.each([
    { T: 128, heads: 2, d: 32, batch: 4 },
    { T: 256, heads: 4, d: 32, batch: 4 },
    { T: 384, heads: 8, d: 64, batch: 2 },
  ])('T $T, $heads heads, d_model $d: the estimate is within ±25 % of the peak', async ({ T, heads, d, batch }) => {
    const doc = oneBlockGpt(T, heads, d, batch);
    const estimate = estimateTrainingMemory(analyzeGraph(doc), { batchSize: batch, optimizer: 'adam', backend: 'wasm' });
    const scores = 4 * batch * heads * T * T;
    // The attention weights are kept for the backward pass; on the fused kernels they get no gradient of their own.
    expect(estimate.largest).toMatchObject({ nodeId: 'dec_attn', bytes: scores });
    expect(estimate.activationGradientBytes).toBe(estimate.activationBytes - scores);
    const measured = await measuredPeak(doc);
    expect(scores).toBeLessThan(measured.buffers);
    expect(estimate.totalBytes / measured.buffers).toBeGreaterThan(0.75);
    expect(estimate.totalBytes / measured.buffers).toBeLessThan(1.25);
    // tf.memory().numBytes counts a buffer once per tensor viewing it (the tape's saved copies, reshapes): above.
    expect(measured.numBytes).toBeGreaterThanOrEqual(measured.buffers);
  });
});

describe('the attention term against the fused kernel’s own allocations (wasm)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  // The layer alone, forward and backward to its weights: what it holds at the end of the backward pass against its
  // block spec's activation terms, each with its gradient but the weights (B·h·T², which on the fused kernels have
  // none), plus its weight gradients. (The causal mask, T² floats, is not among the terms.)
  it.each([
    { T: 128, heads: 2, d: 32, batch: 4 },
    { T: 256, heads: 4, d: 64, batch: 2 },
    { T: 512, heads: 8, d: 32, batch: 1 },
  ])('T $T, $heads heads, d_model $d: spec terms × 2 within ±25 % of the measured peak', ({ T, heads, d, batch }) => {
    const doc = oneBlockGpt(T, heads, d, batch);
    const analysis = analyzeGraph(doc);
    const sizes = { ...analysis.sizes, B: batch };
    const terms = analysis.activations.filter((t) => t.nodeId === 'dec_attn');
    const bytesOf = (list: typeof terms) => list.reduce((sum, t) => sum + 4 * resolveSize(t.dims, sizes), 0);
    const termBytes = bytesOf(terms);
    const termGradientBytes = bytesOf(terms.filter((t) => !t.noGradientWhenFused));
    expect(termGradientBytes).toBe(termBytes - 4 * batch * heads * T * T);
    const weightGradientBytes = 4 * analysis.nodes.dec_attn.cost.parameters;
    const expected = termBytes + termGradientBytes + weightGradientBytes;

    const layer = new MultiHeadAttention({ heads, causal: true, seed: 1 });
    const x = tf.randomNormal([batch, T, d], 0, 1, 'float32', 2);
    tf.dispose(layer.apply(x) as tf.Tensor); // builds the weights
    const tensorsBefore = tf.memory().numTensors;
    const held = tf.memory().numBytes;
    const tracker = trackPeakTensorBytes();
    try {
      const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
      const measured = tracker.peakBufferBytes() - held;
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(expected / measured).toBeGreaterThan(0.75);
      expect(expected / measured).toBeLessThan(1.25);
    } finally {
      tracker.stop();
      layer.dispose();
      x.dispose();
    }
  });
});

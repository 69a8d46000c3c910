import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../engine/graph/analyze';
import { checkMemoryBudget, estimateTrainingMemory } from '../../../engine/train/memory';
import { tinyTaggerDoc } from './tinyGraphs';

describe('training memory estimate', () => {
  it('counts weights, gradients, Adam’s two moments and the activations of the batch', () => {
    const analysis = analyzeGraph(tinyTaggerDoc({ T: 6, d: 16 }));
    const adam = estimateTrainingMemory(analysis, { batchSize: 8, optimizer: 'adam' });
    const sgd = estimateTrainingMemory(analysis, { batchSize: 8, optimizer: 'sgd' });
    expect(adam.weightsBytes).toBe(4 * analysis.totalParameters);
    expect(adam.gradientBytes).toBe(adam.weightsBytes);
    expect(adam.optimizerBytes).toBe(2 * adam.weightsBytes);
    expect(sgd.optimizerBytes).toBe(0);
    // tfjs holds a gradient of every activation until the backward pass ends: the activations count twice at the peak.
    expect(adam.activationGradientBytes).toBe(adam.activationBytes);
    expect(adam.totalBytes).toBe(adam.weightsBytes * 4 + 2 * adam.activationBytes);
    // Activations scale with the batch; weights do not.
    const twice = estimateTrainingMemory(analysis, { batchSize: 16, optimizer: 'adam' });
    expect(twice.activationBytes).toBe(2 * adam.activationBytes);
    expect(twice.weightsBytes).toBe(adam.weightsBytes);
  });

  it('finds attention’s B·h·T² scores as the largest term of a long sequence, and names the block', () => {
    const doc = tinyTaggerDoc({ T: 512, d: 16 });
    const estimate = estimateTrainingMemory(analyzeGraph(doc), { batchSize: 32, optimizer: 'adam' });
    // 2 heads × 512 × 512 scores per example, float32.
    expect(estimate.largest).toMatchObject({ nodeId: 'enc_attn', bytes: 4 * 32 * 2 * 512 * 512 });
    const problem = checkMemoryBudget(doc, estimate, 64 * 2 ** 20);
    expect(problem).toMatchObject({ code: 'E_OUT_OF_MEMORY', nodeId: 'enc_attn' });
    expect(problem!.message).toContain('Self-attention');
    expect(problem!.fix).toMatch(/Reduce T or batch, or heads/);
    expect(checkMemoryBudget(doc, estimate, estimate.totalBytes)).toBeUndefined();
  });
});

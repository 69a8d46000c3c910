/**
 * Two Token Inputs on one dataset feed are refused in analysis (the compiled model has one input per feed, so the
 * second silently read the first's tensor), and a loss given mismatched shapes throws a coded problem.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../engine/compile/compile';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { EngineError } from '../../../engine/graph/errors';
import { maskedSoftmaxCrossEntropy } from '../../../engine/train/losses';
import { fuzzDoc } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('one Token Input per feed', () => {
  it('refuses a second Token Input on the tokens feed, naming both, before compile', () => {
    const problems = errorsOnly(analyzeGraph(fuzzDoc('feed-shared.json')).problems);
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([['E_FEED_TAKEN', 'tok_again']]);
    expect(problems[0].message).toContain('“tok”');
    expect(problems[0].message).toContain('“Second input”');
    expect(() => compileGraph(fuzzDoc('feed-shared.json'))).toThrow(/E_FEED_TAKEN/);
  });

  it('compiles once the second input is gone and its block reads the first', () => {
    const doc = fuzzDoc('feed-shared.json');
    doc.nodes = doc.nodes.filter((n) => n.id !== 'tok_again');
    doc.edges.find((e) => e.id === 'e_k')!.source = 'tok';
    expect(errorsOnly(analyzeGraph(doc).problems)).toEqual([]);
    compileGraph(doc).dispose();
  });
});

describe('loss shapes', () => {
  it('throws E_SHAPE_MISMATCH with both shapes when targets do not follow the logits', () => {
    const logits = tf.zeros([2, 4, 5]);
    const targets = tf.zeros([2, 48], 'int32');
    let caught: unknown;
    try {
      maskedSoftmaxCrossEntropy(logits, targets);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).code).toBe('E_SHAPE_MISMATCH');
    expect((caught as EngineError).message).toContain('2×48');
    expect((caught as EngineError).message).toContain('2×4×5');
    tf.dispose([logits, targets]);
  });

  it('throws E_RANK_MISMATCH for logits of rank 4', () => {
    const logits = tf.zeros([1, 2, 3, 4]);
    expect(() => maskedSoftmaxCrossEntropy(logits, tf.zeros([1, 2, 3], 'int32'))).toThrow(/E_RANK_MISMATCH/);
    logits.dispose();
  });
});

/** A loss head (with its target) inside a repeated group is refused in analysis, not met by a TypeError in the loss. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../engine/compile/compile';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { EngineError } from '../../../engine/graph/errors';
import { fuzzDoc } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loss head inside a repeated group', () => {
  it('is E_GROUP on the head, with the fix, before anything is built', () => {
    const problems = errorsOnly(analyzeGraph(fuzzDoc('head-in-group.json')).problems);
    expect(problems.map((p) => [p.code, p.nodeId])).toEqual([['E_GROUP', 'head']]);
    expect(problems[0].fix).toContain('out of the group');
  });

  it('compile refuses it with the same problem and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    let caught: unknown;
    try {
      compileGraph(fuzzDoc('head-in-group.json'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EngineError);
    expect((caught as EngineError).code).toBe('E_GROUP');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the same graph with the head outside the group compiles', () => {
    const doc = fuzzDoc('head-in-group.json');
    for (const n of doc.nodes) if (['out', 'tgt', 'head'].includes(n.id)) delete n.group;
    const compiled = compileGraph(doc);
    expect(compiled.heads.map((h) => h.nodeId)).toEqual(['head']);
    compiled.dispose();
  });
});

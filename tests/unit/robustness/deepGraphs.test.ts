/**
 * Chains of blocks longer than tfjs can build (it walks a model's layers recursively) are refused in analysis with
 * the numbers, before compile; the engine's own graph code is iterative, so analysing them does not overflow.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../engine/compile/compile';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { EngineError } from '../../../engine/graph/errors';
import { MAX_CHAIN_BLOCKS } from '../../../engine/graph/groups';
import { topologicalOrder } from '../../../engine/graph/topology';
import { deepChainDoc } from '../../fixtures/fuzz/deep-chain';
import { repeatedGroupsDoc } from '../../fixtures/fuzz/deep-group';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Blocks around the chain in the fixtures: token input, embedding, output dense, head (the target is beside). */
const AROUND = 4;

describe('deep graphs', () => {
  it('refuses a legal 5,000-block chain with E_GRAPH_TOO_DEEP, its length and the limit', () => {
    const doc = deepChainDoc(5000);
    expect(topologicalOrder(doc).order).toHaveLength(doc.nodes.length);
    const problems = errorsOnly(analyzeGraph(doc).problems);
    expect(problems.map((p) => p.code)).toEqual(['E_GRAPH_TOO_DEEP']);
    expect(problems[0].message).toContain('5,004');
    expect(problems[0].message).toContain(MAX_CHAIN_BLOCKS.toLocaleString('en-US'));
    expect(problems[0].nodeId).toBe('head');
  });

  it('refuses a 100-block group ×64 (a 6,400-block chain once expanded) and says to lower the repeat count', () => {
    const doc = repeatedGroupsDoc({ groups: 1, blocksPerGroup: 100, repeat: 64 });
    const problems = errorsOnly(analyzeGraph(doc).problems);
    expect(problems.map((p) => p.code)).toEqual(['E_GRAPH_TOO_DEEP']);
    expect(problems[0].message).toContain(`${(6400 + AROUND).toLocaleString('en-US')} blocks`);
    expect(problems[0].fix).toContain('repeat');
  });

  it('compile refuses it with the coded problem, building nothing', () => {
    const before = tf.memory().numTensors;
    expect(() => compileGraph(repeatedGroupsDoc({ groups: 1, blocksPerGroup: 100, repeat: 64 }))).toThrow(EngineError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('compiles a chain at the limit', () => {
    const doc = deepChainDoc(MAX_CHAIN_BLOCKS - AROUND);
    expect(errorsOnly(analyzeGraph(doc).problems)).toEqual([]);
    const compiled = compileGraph(doc);
    expect(compiled.model.layers.length).toBeGreaterThanOrEqual(MAX_CHAIN_BLOCKS - AROUND);
    compiled.dispose();
    expect(errorsOnly(analyzeGraph(deepChainDoc(MAX_CHAIN_BLOCKS - AROUND + 1)).problems).map((p) => p.code)).toEqual(['E_GRAPH_TOO_DEEP']);
  });
});

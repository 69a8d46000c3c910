/**
 * Group expansion: its size is counted before anything is expanded and refused above MAX_EXPANDED_BLOCKS; below
 * it, expansion is one pass that chains every copy correctly, whatever order the groups are listed in.
 */
import { describe, expect, it } from 'vitest';
import { expandGroups } from '../../../engine/compile/expandGroups';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { expandedBlockCount, MAX_EXPANDED_BLOCKS } from '../../../engine/graph/groups';
import { repeatedGroupsDoc } from '../../fixtures/fuzz/deep-group';

describe('expanded size', () => {
  it('refuses five 999-block groups ×64 (319,685 blocks) with the numbers and the largest group, without expanding', () => {
    const doc = repeatedGroupsDoc({ groups: 5, blocksPerGroup: 999, repeat: 64 });
    expect(expandedBlockCount(doc)).toBe(319_685);
    const problems = errorsOnly(analyzeGraph(doc).problems);
    expect(problems.map((p) => p.code)).toEqual(['E_GRAPH_TOO_LARGE']);
    expect(problems[0].message).toContain('319,685');
    expect(problems[0].message).toContain(MAX_EXPANDED_BLOCKS.toLocaleString('en-US'));
    expect(problems[0].message).toContain('999 blocks × 64');
    const expanded = expandGroups(doc);
    expect(expanded.problems.map((p) => p.code)).toEqual(['E_GRAPH_TOO_LARGE']);
    expect(expanded.doc).toBe(doc);
  });

  it('one block over the limit is refused, the limit itself is not', () => {
    // 5 outside blocks + 1 group: 5 + members × repeat.
    const at = repeatedGroupsDoc({ groups: 1, blocksPerGroup: (MAX_EXPANDED_BLOCKS - 5) / 5, repeat: 5 });
    expect(expandedBlockCount(at)).toBe(MAX_EXPANDED_BLOCKS);
    expect(expandGroups(at).problems).toEqual([]);
    const over = repeatedGroupsDoc({ groups: 1, blocksPerGroup: (MAX_EXPANDED_BLOCKS - 5) / 5, repeat: 5 });
    over.nodes.push({ ...over.nodes[0], id: 'spare' });
    expect(expandGroups(over).problems.map((p) => p.code)).toEqual(['E_GRAPH_TOO_LARGE']);
  });
});

describe('expansion', () => {
  it('builds exactly the counted blocks and chains copies through each group in turn', () => {
    const doc = repeatedGroupsDoc({ groups: 3, blocksPerGroup: 4, repeat: 3 });
    const { doc: expanded, origin, problems } = expandGroups(doc);
    expect(problems).toEqual([]);
    expect(expanded.nodes).toHaveLength(expandedBlockCount(doc));
    expect(new Set(expanded.nodes.map((n) => n.id)).size).toBe(expanded.nodes.length);
    const sourceOf = (target: string) => expanded.edges.filter((e) => e.target === target && e.targetPort === 'in').map((e) => e.source);
    expect(sourceOf('g0_d0')).toEqual(['emb']);
    expect(sourceOf('g0_d0#1')).toEqual(['g0_d3']);
    expect(sourceOf('g0_d0#2')).toEqual(['g0_d3#1']);
    expect(sourceOf('g0_d1#2')).toEqual(['g0_d0#2']);
    expect(sourceOf('g1_d0')).toEqual(['g0_d3#2']);
    expect(sourceOf('g1_d0#1')).toEqual(['g1_d3']);
    expect(sourceOf('g2_d0')).toEqual(['g1_d3#2']);
    expect(sourceOf('out')).toEqual(['g2_d3#2']);
    expect(origin['g1_d2#2']).toEqual({ nodeId: 'g1_d2', copy: 2 });
    // Every input port takes exactly one edge.
    const ports = expanded.edges.map((e) => `${e.target}.${e.targetPort}`);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('gives the same wiring when the groups are listed last to first', () => {
    const wiring = (order: 'forward' | 'reverse') =>
      expandGroups(repeatedGroupsDoc({ groups: 3, blocksPerGroup: 2, repeat: 2, groupOrder: order }))
        .doc.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`)
        .sort();
    expect(wiring('reverse')).toEqual(wiring('forward'));
  });

  it('shares an outside input that is not the carry with every copy, from the last copy of the group it comes from', () => {
    // g1's attention carries the embedding through its copies (query) and attends to g0's output (memory).
    const doc = repeatedGroupsDoc({ groups: 2, blocksPerGroup: 1, repeat: 2 });
    const attention = doc.nodes.find((n) => n.id === 'g1_d0')!;
    attention.kind = 'multiHeadAttention';
    attention.params = { heads: 1, causal: false, dropout: 0, useBias: true };
    const edge = doc.edges.find((e) => e.target === 'g1_d0')!;
    edge.targetPort = 'memory';
    doc.edges.push({ ...edge, id: 'query', source: 'emb', targetPort: 'query' });
    doc.groups[1].carry = { node: 'emb', port: 'out' };
    expect(errorsOnly(analyzeGraph(doc).problems)).toEqual([]);
    const { doc: expanded } = expandGroups(doc);
    const into = (target: string, port: string) => expanded.edges.find((e) => e.target === target && e.targetPort === port)!.source;
    expect(into('g1_d0', 'query')).toBe('emb');
    expect(into('g1_d0', 'memory')).toBe('g0_d0#1');
    expect(into('g1_d0#1', 'query')).toBe('g1_d0');
    expect(into('g1_d0#1', 'memory')).toBe('g0_d0#1');
    expect(into('out', 'in')).toBe('g1_d0#1');
  });
});

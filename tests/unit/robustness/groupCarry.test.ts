/**
 * A repeated group's carry — the outside output the first copy reads and each later copy takes from the copy
 * before — is checked: it must exist, lie outside the group, feed it, and have the group output's shape.
 */
import { describe, expect, it } from 'vitest';
import { expandGroups } from '../../../engine/compile/expandGroups';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { fuzzDoc } from './fixtures';

const groupErrors = (name: string) => errorsOnly(analyzeGraph(fuzzDoc(name)).problems);

describe('group carry', () => {
  it('refuses the token ids as the carry, naming both shapes, before anything is built', () => {
    const problems = groupErrors('carry-token-input.json');
    expect(problems.map((p) => p.code)).toEqual(['E_GROUP']);
    expect(problems[0].message).toContain('“tok.out”');
    expect(problems[0].message).toContain('B×T ids');
    expect(problems[0].message).toContain('B×T×8');
  });

  it('refuses a carry naming a block that does not exist (it used to leave one copy silently)', () => {
    const problems = groupErrors('carry-missing-node.json');
    expect(problems.map((p) => p.code)).toEqual(['E_GROUP']);
    expect(problems[0].message).toContain('“ghost.out”');
    expect(expandGroups(fuzzDoc('carry-missing-node.json')).problems.map((p) => p.code)).toEqual(['E_GROUP']);
  });

  it('refuses a carry inside the group', () => {
    const problems = groupErrors('carry-inside-group.json');
    expect(problems.map((p) => p.code)).toEqual(['E_GROUP']);
    expect(problems[0].message).toContain('inside the group');
  });

  it('refuses a carry that exists outside the group but does not feed it', () => {
    const doc = fuzzDoc('carry-missing-node.json');
    doc.groups[0].carry = { node: 'tok', port: 'out' };
    const problems = errorsOnly(analyzeGraph(doc).problems);
    expect(problems.map((p) => p.code)).toEqual(['E_GROUP']);
    expect(problems[0].message).toContain('not connected');
  });

  it('refuses a carry port the block does not have', () => {
    const doc = fuzzDoc('carry-missing-node.json');
    doc.groups[0].carry = { node: 'emb', port: 'nope' };
    expect(errorsOnly(analyzeGraph(doc).problems)[0].message).toContain('no output “nope”');
  });

  it('expands a valid explicit carry into chained copies', () => {
    const doc = fuzzDoc('carry-missing-node.json');
    doc.groups[0].carry = { node: 'emb', port: 'out' };
    expect(errorsOnly(analyzeGraph(doc).problems)).toEqual([]);
    const { doc: expanded, problems } = expandGroups(doc);
    expect(problems).toEqual([]);
    const into = (target: string, port: string) => expanded.edges.find((e) => e.target === target && e.targetPort === port)!;
    expect(into('ffn', 'in').source).toBe('emb');
    expect(into('ffn#1', 'in').source).toBe('norm');
    expect(into('norm#1', 'residual').source).toBe('norm');
    expect(into('out', 'in').source).toBe('norm#1');
  });
});

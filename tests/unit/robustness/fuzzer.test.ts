import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError, templates } from '../../../engine';
import { parseDuration, parseFuzzArgs, UsageError } from '../../../scripts/fuzz/args';
import { generateCase } from '../../../scripts/fuzz/caseGenerator';
import { decodeValue, encodeValue } from '../../../scripts/fuzz/encoding';
import { nodeFuzzEnv, prepareBackend } from '../../../scripts/fuzz/environment';
import { storeInput, type FuzzInput } from '../../../scripts/fuzz/fuzzCase';
import { runCheckedCase } from '../../../scripts/fuzz/invariants';
import type { PipelineEnv, Stage } from '../../../scripts/fuzz/pipeline';
import { shrinkInput } from '../../../scripts/fuzz/shrink';
import { runFuzz } from '../../../scripts/fuzz/watchdog';
import { failureSignature } from '../../../scripts/fuzz/signature';

/** The fuzzer itself: reproducible cases, and each kind of fault it exists to catch, planted and caught. */
const reverseDoc = (): FuzzInput => ({ kind: 'document-text', text: JSON.stringify(templates.find((t) => t.id === 'reverse')!.build()) });

let env: PipelineEnv;
const planted = (stage: Stage, fault: () => void): PipelineEnv => ({ ...env, onStage: (s) => s === stage && fault() });

describe('the fuzzer', () => {
  beforeAll(async () => {
    env = nodeFuzzEnv();
    await prepareBackend('cpu', env);
  });

  it('makes the same cases from the same seed, and other cases from another seed', () => {
    const describe = (c: ReturnType<typeof generateCase>) => JSON.stringify([c.family, c.description, c.train, storeInput(c.input)]);
    const run = (seed: number) => Array.from({ length: 60 }, (_, i) => describe(generateCase(seed, i)));
    const first = run(11);
    expect(run(11)).toEqual(first);
    // Case 37 made alone is case 37 of the whole run.
    expect(describe(generateCase(11, 37))).toBe(first[37]);
    const other = run(12);
    expect(other.filter((c, i) => c === first[i]).length).toBeLessThan(5);
    expect(new Set(first.map((c) => JSON.parse(c)[0])).size).toBeGreaterThanOrEqual(4);
  });

  it('passes a valid template through every stage, training a step', async () => {
    const run = await runCheckedCase(reverseDoc(), true, env);
    expect(run.verdict).toEqual({ status: 'valid', codes: [] });
    expect(run.trained).toBe(true);
  });

  it('reports an error without a code as a failure', async () => {
    const run = await runCheckedCase(reverseDoc(), false, planted('compile', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'shape')");
    }));
    expect(run.verdict).toMatchObject({ status: 'failure', kind: 'uncoded', name: 'TypeError' });
    expect(run.stage).toBe('compile');
  });

  it('accepts a coded refusal, but not E_INTERNAL nor a JavaScript message dressed in a code', async () => {
    const refuse = (message: string, code: 'E_SHAPE_MISMATCH' | 'E_INTERNAL') => planted('train', () => {
      throw new EngineError([{ code, message, fix: 'Change it.' }]);
    });
    expect((await runCheckedCase(reverseDoc(), true, refuse('The widths differ.', 'E_SHAPE_MISMATCH'))).verdict).toEqual({ status: 'refused', codes: ['E_SHAPE_MISMATCH'], message: 'The widths differ.' });
    expect((await runCheckedCase(reverseDoc(), true, refuse('Something odd.', 'E_INTERNAL'))).verdict).toMatchObject({ status: 'failure', kind: 'internal' });
    expect((await runCheckedCase(reverseDoc(), true, refuse('x is not a function', 'E_SHAPE_MISMATCH'))).verdict).toMatchObject({ status: 'failure', kind: 'internal' });
  });

  it('catches a tensor the case leaves behind', async () => {
    let leaked: tf.Tensor | undefined;
    const run = await runCheckedCase(reverseDoc(), false, planted('save', () => void (leaked = tf.ones([2, 2]))));
    leaked?.dispose();
    expect(run.verdict).toMatchObject({ status: 'failure', kind: 'leak', message: expect.stringContaining('1 tensors left behind') });
  });

  it('catches a changed prototype, and puts it back', async () => {
    const run = await runCheckedCase(reverseDoc(), false, planted('analyse', () => Object.defineProperty(Object.prototype, 'fuzzPlanted', { value: 1, configurable: true, enumerable: true })));
    expect(run.verdict).toMatchObject({ status: 'failure', kind: 'prototype', message: expect.stringContaining('Object.prototype.fuzzPlanted added') });
    expect('fuzzPlanted' in {}).toBe(false);
  });

  it('shrinks a failing document to the piece that fails', async () => {
    const doc = { formatVersion: 1, nodes: Array.from({ length: 40 }, (_, i) => ({ id: i === 23 ? 'bad' : `n${i}`, kind: 'dense', params: { units: 4 } })), edges: [], groups: [{ id: 'g' }], name: 'big' };
    const stillFails = async (input: FuzzInput) => input.kind === 'document-object' && JSON.stringify(input.value).includes('"bad"');
    const small = await shrinkInput({ kind: 'document-object', value: doc }, stillFails, { attempts: 1000, deadline: Date.now() + 60_000 });
    expect(small).toEqual({ kind: 'document-object', value: { formatVersion: 1, nodes: [{ id: 'bad', kind: 'dense' }], edges: [] } });
  });

  it('gives failures that differ only in names and numbers one signature', () => {
    const failure = (message: string) => ({ status: 'failure' as const, kind: 'uncoded' as const, name: 'TypeError', message });
    expect(failureSignature(failure('Layer “enc__0__ffn” has 12 weights'), 'compile')).toBe(failureSignature(failure('Layer “dec__1__ffn” has 7 weights'), 'compile'));
    expect(failureSignature(failure('a'), 'compile')).not.toBe(failureSignature(failure('a'), 'train'));
  });

  it('keeps NaN, -0, infinities and own __proto__ keys through its fixture encoding', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "n": [1]}') as Record<string, unknown>;
    (value.n as unknown[]).push(NaN, -0, Infinity, -Infinity);
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value)))) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['__proto__', 'n']);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(back.n).toEqual([1, NaN, -0, Infinity, -Infinity]);
    expect(Object.is((back.n as number[])[2], -0)).toBe(true);
  });

  it('stops a case that hangs, records it as a timeout with its seed and index, and carries on from the next case', async () => {
    const options = parseFuzzArgs(['--seed', '5', '--cases', '2', '--case-timeout', '1s', '--no-write', '--workers', '1']);
    const run = await runFuzz(options, () => {}, new URL('../../fixtures/fuzz/workers/hangingWorker.ts', import.meta.url).href);
    expect(run.failures.map((f) => [f.seed, f.index, f.failure.kind])).toEqual([
      [5, 0, 'timeout'],
      [5, 1, 'timeout'],
    ]);
    expect(run.faults).toEqual([]);
  });

  it('reads its options', () => {
    expect(parseDuration('10m', '--budget')).toBe(600_000);
    expect(parseDuration('60s', '--budget')).toBe(60_000);
    expect(parseDuration('90', '--budget')).toBe(90_000);
    expect(parseFuzzArgs(['--budget', '60s', '--seed', '1'], undefined, 2)).toMatchObject({ seed: 1, budgetMs: 60_000, cases: Infinity, json: false, backend: 'wasm', workers: 2 });
    expect(parseFuzzArgs(['--workers', '1'], undefined, 8)).toMatchObject({ workers: 1, budgetMs: 60_000 });
    expect(parseFuzzArgs(['--cases', '20', '--json'], () => 5)).toMatchObject({ seed: 5, budgetMs: Infinity, cases: 20, json: true });
    expect(parseFuzzArgs(['--seed=3', '--case', '17'])).toMatchObject({ seed: 3, only: 17, cases: 1 });
    expect(() => parseFuzzArgs(['--budget', 'soon'])).toThrow(UsageError);
    expect(() => parseFuzzArgs(['--frobnicate'])).toThrow(UsageError);
  });
});

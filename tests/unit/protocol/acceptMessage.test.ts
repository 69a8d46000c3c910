import { describe, expect, it } from 'vitest';
import { transferablesOf, type FromWorker } from '../../../engine/train/protocol';
import { acceptMessage, beginLoad, beginRun, etaSeconds, idleRun, isActive, requestControl, type RunState } from '../../../renderer/studio/runState';
import type { DatasetInfo } from '../../../engine/data/types';
import type { ProgressEvent } from '../../../engine/train/types';

const info: DatasetInfo = {
  id: 'chars',
  name: 'Characters',
  task: 'lm',
  description: '',
  source: 'generated',
  licence: 'CC0',
  size: '1k',
};

const started = (runId: string): FromWorker => ({
  type: 'started',
  runId,
  backend: 'wasm',
  params: 1234,
  memory: { weights: 1, optimizer: 2, activations: 3, total: 6 },
  dataset: info,
  task: 'lm',
  startStep: 0,
  totalSteps: 10,
  datasetIdentity: { kind: 'bundled', id: 'chars' },
});

const event = (step: number, loss: number, validation?: number): ProgressEvent => ({
  step,
  totalSteps: 10,
  loss,
  learningRate: 0.001,
  tokensPerSec: 500,
  elapsedMs: step * 100,
  ...(validation !== undefined ? { validation: { loss: validation, perplexity: Math.exp(validation), examples: 412, heldOut: 412 } } : {}),
});

/** A progress message of a single step. */
const progress = (runId: string, step: number, loss: number, validation?: number): FromWorker => ({
  type: 'progress',
  runId,
  steps: [event(step, loss, validation)],
});

function fold(state: RunState, msgs: FromWorker[]): RunState {
  return msgs.reduce(acceptMessage, state);
}

describe('acceptMessage', () => {
  it('follows a run from start through progress, pause, resume and done', () => {
    let s = beginRun('run-1');
    expect(s.status).toBe('starting');
    s = fold(s, [started('run-1'), progress('run-1', 1, 4.2), progress('run-1', 2, 3.9, 4.0)]);
    expect(s.status).toBe('running');
    expect(s.backend).toBe('wasm');
    expect(s.points.map((p) => p.loss)).toEqual([4.2, 3.9]);
    expect(s.points[1].validationLoss).toBe(4.0);
    // The studio says how many held-out examples the numbers are measured on.
    expect(s.validationSet).toEqual({ examples: 412, heldOut: 412 });
    expect(s.points[0].perplexity).toBeCloseTo(Math.exp(4.2));
    s = acceptMessage(s, { type: 'paused', runId: 'run-1', step: 2 });
    expect(s.status).toBe('paused');
    s = acceptMessage(s, { type: 'resumed', runId: 'run-1' });
    expect(s.status).toBe('running');
    s = acceptMessage(s, {
      type: 'done',
      runId: 'run-1',
      summary: { steps: 10, step: 10, firstLoss: 4.2, lastLoss: 2, tokensPerSec: 500, status: 'done' },
    });
    expect(s.status).toBe('done');
    expect(s.summary?.lastLoss).toBe(2);
  });

  it('adds a point for every step a batched progress message carries, and takes the newest as the latest', () => {
    let s = fold(beginRun('b'), [started('b'), progress('b', 1, 5)]);
    s = acceptMessage(s, { type: 'progress', runId: 'b', steps: [event(2, 4.8), event(3, 4.5, 4.6), event(4, 4.1)] });
    expect(s.points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
    expect(s.points.map((p) => p.loss)).toEqual([5, 4.8, 4.5, 4.1]);
    expect(s.points[2].validationLoss).toBe(4.6);
    expect(s.latest?.step).toBe(4);
    // A batch of another run is ignored whole.
    expect(acceptMessage(s, { type: 'progress', runId: 'a', steps: [event(5, 1), event(6, 0.9)] })).toBe(s);
  });

  it('ignores every message of another run, returning the very same state', () => {
    const s = fold(beginRun('run-2'), [started('run-2'), progress('run-2', 1, 4)]);
    const stale: FromWorker[] = [
      progress('run-1', 7, 0.1),
      { type: 'attention', runId: 'run-1', step: 7, maps: [] },
      { type: 'done', runId: 'run-1', summary: { steps: 7, step: 7, firstLoss: 4, lastLoss: 0.1, tokensPerSec: 1, status: 'stopped' } },
      { type: 'error', runId: 'run-1', problem: { code: 'E_NAN_LOSS', message: 'x', fix: 'y' } },
      { type: 'paused', runId: 'run-1', step: 7 },
    ];
    for (const m of stale) expect(acceptMessage(s, m)).toBe(s);
  });

  it('ignores late messages of its own run once the run has finished', () => {
    let s = fold(beginRun('a'), [started('a'), progress('a', 1, 3)]);
    s = acceptMessage(s, { type: 'done', runId: 'a', summary: { steps: 1, step: 1, firstLoss: 3, lastLoss: 3, tokensPerSec: 1, status: 'stopped' } });
    expect(acceptMessage(s, progress('a', 2, 2))).toBe(s);
    expect(acceptMessage(s, { type: 'done', runId: 'a', summary: { steps: 2, step: 2, firstLoss: 3, lastLoss: 2, tokensPerSec: 1, status: 'done' } })).toBe(s);
  });

  it('takes the answers to a probe of a finished run’s model, without reopening the run', () => {
    let s = fold(beginRun('a'), [started('a'), progress('a', 1, 3)]);
    s = acceptMessage(s, { type: 'done', runId: 'a', summary: { steps: 1, step: 1, firstLoss: 3, lastLoss: 3, tokensPerSec: 1, status: 'stopped' } });
    const map = { nodeId: 'att', copy: 0, heads: 1, rows: ['x'], cols: ['x'], data: new Float32Array([1]) };
    s = fold(s, [
      { type: 'attention', runId: 'a', step: 1, maps: [map] },
      { type: 'sample', runId: 'a', step: 1, kind: 'lm', prompt: 'x', text: 'yz', temperature: 0, topK: 0 },
    ]);
    expect(s.status).toBe('stopped');
    expect(s.attention?.maps[0].rows).toEqual(['x']);
    expect(s.samples[0]).toMatchObject({ prompt: 'x', text: 'yz' });
    // Another run's answers still do not count.
    expect(acceptMessage(s, { type: 'attention', runId: 'b', step: 1, maps: [] })).toBe(s);
    const failedProbe = acceptMessage(s, { type: 'error', runId: 'a', problem: { code: 'E_INTERNAL', message: 'm', fix: 'f' } });
    expect(failedProbe.status).toBe('stopped');
    expect(failedProbe.problem?.code).toBe('E_INTERNAL');
  });

  it('keeps the stopping state when a pause confirmation races a stop request', () => {
    let s = fold(beginRun('a'), [started('a')]);
    s = requestControl(s, 'stop');
    expect(s.status).toBe('stopping');
    s = acceptMessage(s, { type: 'paused', runId: 'a', step: 3 });
    expect(s.status).toBe('stopping');
  });

  it('marks the run failed with the problem on a run error, and on a worker crash', () => {
    const problem = { code: 'E_NAN_LOSS' as const, message: 'The loss became NaN at step 3.', fix: 'Lower the learning rate.' };
    const running = fold(beginRun('a'), [started('a')]);
    const failed = acceptMessage(running, { type: 'error', runId: 'a', problem });
    expect(failed.status).toBe('failed');
    expect(failed.problem?.code).toBe('E_NAN_LOSS');
    const crashed = acceptMessage(running, { type: 'error', runId: null, problem: { ...problem, code: 'E_DATA' } });
    expect(crashed.status).toBe('failed');
    const idle = acceptMessage(idleRun(), { type: 'error', runId: null, problem });
    expect(idle.status).toBe('idle');
    expect(idle.problem).toEqual(problem);
  });

  it('keeps the newest attention snapshot and a bounded list of samples, newest first', () => {
    let s = fold(beginRun('a'), [started('a')]);
    const map = { nodeId: 'att', copy: 0, heads: 1, rows: ['a'], cols: ['a'], data: new Float32Array([1]) };
    s = acceptMessage(s, { type: 'attention', runId: 'a', step: 5, maps: [map] });
    s = acceptMessage(s, { type: 'attention', runId: 'a', step: 10, maps: [map] });
    expect(s.attention?.step).toBe(10);
    for (let i = 0; i < 20; i++) s = acceptMessage(s, { type: 'sample', runId: 'a', step: i, kind: 'lm', prompt: 'p', text: `t${i}`, temperature: 1, topK: 0 });
    expect(s.samples.length).toBeLessThanOrEqual(8);
    expect(s.samples[0].step).toBe(19);
  });
});

describe('acceptMessage for continued runs and loaded models', () => {
  it('counts a continued run from its start step', () => {
    let s = acceptMessage(beginRun('c'), { ...(started('c') as Extract<FromWorker, { type: 'started' }>), startStep: 500, totalSteps: 1000 });
    expect(s.startStep).toBe(500);
    expect(s.trainedStep).toBe(500);
    s = acceptMessage(s, { type: 'progress', runId: 'c', steps: [{ ...event(501, 2), totalSteps: 1000 }] });
    expect(s.points.map((p) => p.step)).toEqual([501]);
    expect(s.trainedStep).toBe(501);
    s = acceptMessage(s, { type: 'done', runId: 'c', summary: { steps: 1, step: 501, firstLoss: 2, lastLoss: 2, tokensPerSec: 1, status: 'stopped' } });
    expect(s.trainedStep).toBe(501);
  });

  it('follows a load from loading to loaded, takes probe answers, and fails on the load’s error', () => {
    let s = beginLoad('l');
    expect(isActive(s.status)).toBe(true);
    s = acceptMessage(s, { type: 'loaded', runId: 'l', backend: 'cpu', params: 99, step: 1200, dataset: info, task: 'lm' });
    expect(s).toMatchObject({ status: 'loaded', backend: 'cpu', params: 99, trainedStep: 1200, points: [] });
    expect(isActive(s.status)).toBe(false);
    s = acceptMessage(s, { type: 'sample', runId: 'l', step: 1200, kind: 'lm', prompt: 'a', text: 'b', temperature: 0, topK: 0 });
    expect(s.samples).toHaveLength(1);
    // A second `loaded` or a stale progress event changes nothing.
    expect(acceptMessage(s, { type: 'loaded', runId: 'l', backend: 'cpu', params: 1, step: 1, dataset: info, task: 'lm' })).toBe(s);
    expect(acceptMessage(s, progress('l', 1201, 1))).toBe(s);

    const failed = acceptMessage(beginLoad('m'), { type: 'error', runId: 'm', problem: { code: 'E_WEIGHTS_MISMATCH', message: 'x', fix: 'y' } });
    expect(failed.status).toBe('failed');
  });

  it('leaves checkpoints and exported models to the store', () => {
    const s = fold(beginRun('a'), [started('a')]);
    expect(acceptMessage(s, { type: 'model', requestId: 'r' })).toBe(s);
    const state = { step: 1, weights: [] };
    expect(acceptMessage(s, { type: 'checkpoint', runId: 'a', step: 1, state, tokenizer: { input: { kind: 'char', tokens: [] } }, dataset: { kind: 'bundled', id: 'x' }, final: false })).toBe(s);
  });
});

describe('transferablesOf', () => {
  it('lists the weight and optimizer buffers of checkpoints and exported models', () => {
    const w = new Float32Array(4);
    const m = new Float32Array(4);
    const state = { step: 3, weights: [{ name: 'a/kernel', shape: [2, 2], data: w }], optimizer: { kind: 'adam' as const, iterations: 3, tensors: [{ name: 'a/kernel/m', shape: [2, 2], data: m }] } };
    expect(transferablesOf({ type: 'model', requestId: 'r', trained: state })).toEqual([w.buffer, m.buffer]);
    expect(transferablesOf({ type: 'model', requestId: 'r' })).toEqual([]);
    expect(transferablesOf({ type: 'checkpoint', runId: 'a', step: 3, state, tokenizer: { input: { kind: 'char', tokens: [] } }, dataset: { kind: 'bundled', id: 'x' }, final: true })).toEqual([w.buffer, m.buffer]);
  });

  it('lists each attention and hidden buffer once so postMessage moves them', () => {
    const a = new Float32Array(4);
    const b = new Float32Array(6);
    const msg: FromWorker = {
      type: 'attention',
      runId: 'a',
      step: 1,
      maps: [
        { nodeId: 'x', copy: 0, heads: 1, rows: ['a', 'b'], cols: ['a', 'b'], data: a },
        { nodeId: 'x', copy: 1, heads: 1, rows: ['a', 'b'], cols: ['a', 'b'], data: b },
        { nodeId: 'y', copy: 0, heads: 1, rows: ['a'], cols: ['a'], data: a.subarray(0, 1) },
      ],
    };
    expect(transferablesOf(msg)).toEqual([a.buffer, b.buffer]);
    const hidden = new Float32Array(3);
    expect(transferablesOf({ type: 'hidden', runId: 'a', step: 1, states: [{ nodeId: 'r', copy: 0, kind: 'hidden', steps: ['a'], units: 3, data: hidden }] })).toEqual([hidden.buffer]);
    expect(transferablesOf({ type: 'paused', runId: 'a', step: 1 })).toEqual([]);
  });
});

describe('etaSeconds', () => {
  it('extrapolates the time per step so far to the steps left', () => {
    expect(etaSeconds({ step: 5, totalSteps: 10, loss: 1, learningRate: 1, tokensPerSec: 1, elapsedMs: 5000 })).toBeCloseTo(5);
    // A run continued from step 100 took 5 s for its 5 steps so far: 1 s a step, 95 left.
    expect(etaSeconds({ step: 105, totalSteps: 200, loss: 1, learningRate: 1, tokensPerSec: 1, elapsedMs: 5000 }, 100)).toBeCloseTo(95);
    expect(etaSeconds({ step: 0, totalSteps: 10, loss: 1, learningRate: 1, tokensPerSec: 1, elapsedMs: 0 })).toBeNull();
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryDataSources } from '../../../engine/data/sources';
import type { GraphDoc } from '../../../engine/graph/schema';
import { templateById } from '../../../engine/templates/index';
import type { FromWorker, RunSettings, ToWorker } from '../../../engine/train/protocol';
import { acceptMessage, beginRun } from '../../../renderer/studio/runState';
import { createTrainingEngine } from '../../../renderer/worker/engineBindings';
import { createTrainingHandler, type TrainingHandler } from '../../../renderer/worker/trainingHandler';

const engine = createTrainingEngine({ sources: () => memoryDataSources({}), probe: async () => ['cpu'] });

function reverseDoc(): GraphDoc {
  return templateById('reverse')!.build();
}

function settingsFor(doc: GraphDoc, patch: Partial<GraphDoc['training']> = {}): RunSettings {
  return {
    training: { ...doc.training, steps: 12, batchSize: 8, warmupSteps: 2, ...patch },
    probeText: '0123abc',
    snapshotEvery: 4,
    sampling: { temperature: 0, topK: 0, beamWidth: 2, maxTokens: 8 },
    memoryBudgetBytes: 2 ** 30,
  };
}

interface Harness {
  handler: TrainingHandler;
  messages: FromWorker[];
  /** Called after each posted message, to react the way the UI would. */
  onPost: (msg: FromWorker, handler: TrainingHandler) => void;
  transferred: ArrayBuffer[][];
}

function harness(clock: () => number = (() => {
  let t = 0;
  return () => (t += 1000);
})()): Harness {
  const h: Harness = { handler: null as unknown as TrainingHandler, messages: [], onPost: () => {}, transferred: [] };
  h.handler = createTrainingHandler({
    engine,
    now: clock,
    post(msg, transfer) {
      h.messages.push(msg);
      h.transferred.push(transfer);
      h.onPost(msg, h.handler);
    },
  });
  return h;
}

/** The newest step a message reports: a progress message's last batched step, else none. */
function newestStep(msg: FromWorker): number | null {
  return msg.type === 'progress' ? msg.steps[msg.steps.length - 1].step : null;
}

/** Every step the progress messages carried, in the order they arrived. */
function postedSteps(messages: FromWorker[], runId?: string): number[] {
  return messages.flatMap((m) => (m.type === 'progress' && (runId === undefined || m.runId === runId) ? m.steps.map((p) => p.step) : []));
}

const start = (runId: string, doc: GraphDoc, settings: RunSettings): ToWorker => ({
  type: 'start',
  runId,
  doc,
  data: { kind: 'bundled', datasetId: doc.training.dataset },
  settings,
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('training worker handler', () => {
  it('runs start → progress → attention → pause → resume → stop, every message tagged with the run id', async () => {
    const doc = reverseDoc();
    const h = harness();
    let pausedAt = -1;
    h.onPost = (msg, handler) => {
      if (newestStep(msg) === 3) void handler.handle({ type: 'pause', runId: 'run-1' });
      if (msg.type === 'paused') {
        pausedAt = msg.step;
        void handler.handle({ type: 'resume', runId: 'run-1' });
      }
      if (newestStep(msg) === 6) void handler.handle({ type: 'stop', runId: 'run-1' });
    };
    await h.handler.handle(start('run-1', doc, settingsFor(doc)));
    await h.handler.idle();

    const types = h.messages.map((m) => m.type);
    expect(types[0]).toBe('started');
    expect(h.messages.every((m) => 'runId' in m && m.runId === 'run-1')).toBe(true);
    expect(pausedAt).toBe(3);
    expect(types.indexOf('resumed')).toBeGreaterThan(types.indexOf('paused'));
    expect(postedSteps(h.messages)).toEqual([1, 2, 3, 4, 5, 6]);
    const done = h.messages.at(-1)!;
    expect(done).toMatchObject({ type: 'done', summary: { status: 'stopped', steps: 6 } });

    const started = h.messages[0] as Extract<FromWorker, { type: 'started' }>;
    expect(started.backend).toBe('cpu');
    expect(started.params).toBeGreaterThan(0);
    expect(started.memory.total).toBeGreaterThan(started.memory.weights);

    const attention = h.messages.filter((m): m is Extract<FromWorker, { type: 'attention' }> => m.type === 'attention');
    expect(attention.map((a) => a.step)).toEqual([1, 4]);
    const map = attention[0].maps[0];
    // The probe “0123abc” has 7 symbols; padding positions are cut from both axes.
    expect(map.rows).toEqual(['0', '1', '2', '3', 'a', 'b', 'c']);
    expect(map.cols).toEqual(map.rows);
    expect(map.data.length).toBe(map.heads * 7 * 7);
    // Attention rows are softmax distributions over the (unpadded) keys.
    const firstRow = map.data.subarray(0, 7).reduce((a, b) => a + b, 0);
    expect(firstRow).toBeCloseTo(1, 4);
    // Training changes the weights, so two snapshots differ.
    expect(Array.from(attention[1].maps[0].data)).not.toEqual(Array.from(map.data));
    // The attention buffers are transferred, not copied.
    const attentionIndex = h.messages.indexOf(attention[0]);
    expect(h.transferred[attentionIndex]).toContain(map.data.buffer);

    const sample = h.messages.find((m) => m.type === 'sample');
    expect(sample).toMatchObject({ kind: 'tagging', source: '0123abc' });
  });

  it('ignores controls for a stale run id, and the UI reducer ignores the stale run’s messages', async () => {
    const doc = reverseDoc();
    const h = harness();
    h.onPost = (msg, handler) => {
      if (msg.type === 'progress' && msg.runId === 'old' && newestStep(msg) === 2) void handler.handle(start('new', doc, settingsFor(doc, { steps: 4 })));
      // A pause for the run that was replaced must not pause the new one.
      if (msg.type === 'progress' && msg.runId === 'new' && newestStep(msg) === 1) void handler.handle({ type: 'pause', runId: 'old' });
    };
    await h.handler.handle(start('old', doc, settingsFor(doc)));
    await h.handler.idle();
    await new Promise((r) => setTimeout(r, 0));
    await h.handler.idle();

    const oldDone = h.messages.find((m) => m.type === 'done' && m.runId === 'old');
    expect(oldDone).toMatchObject({ summary: { status: 'stopped' } });
    const newMessages = h.messages.filter((m) => 'runId' in m && m.runId === 'new');
    expect(newMessages.some((m) => m.type === 'paused')).toBe(false);
    expect(newMessages.at(-1)).toMatchObject({ type: 'done', summary: { status: 'done', steps: 4 } });

    const ui = h.messages.reduce(acceptMessage, beginRun('new'));
    expect(ui.status).toBe('done');
    expect(ui.points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
  });

  it('stops a run whose loss becomes NaN with the E_NAN_LOSS message', async () => {
    const doc = reverseDoc();
    const h = harness();
    await h.handler.handle(start('nan', doc, settingsFor(doc, { optimizer: 'sgd', learningRate: 100, clipNorm: 0, schedule: 'constant', steps: 40 })));
    await h.handler.idle();
    const done = h.messages.at(-1) as Extract<FromWorker, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(done.summary.status).toBe('failed');
    expect(done.problem?.code).toBe('E_NAN_LOSS');
    expect(done.problem?.message).toMatch(/loss became (NaN|infinite)/);
    const ui = h.messages.reduce(acceptMessage, beginRun('nan'));
    expect(ui.status).toBe('failed');
    expect(ui.problem?.code).toBe('E_NAN_LOSS');
  });

  it('reports a graph the engine refuses as an error of that run, and keeps working for the next', async () => {
    const doc = reverseDoc();
    const broken: GraphDoc = { ...doc, edges: doc.edges.slice(1) };
    const h = harness();
    await h.handler.handle(start('bad', broken, settingsFor(broken)));
    await h.handler.idle();
    expect(h.messages.at(-1)).toMatchObject({ type: 'error', runId: 'bad', problem: { code: 'E_MISSING_INPUT' } });
    await h.handler.handle(start('good', doc, settingsFor(doc, { steps: 2 })));
    await h.handler.idle();
    expect(h.messages.at(-1)).toMatchObject({ type: 'done', runId: 'good', summary: { status: 'done' } });
  });

  it('throttles progress messages but batches every step into them, so no chart point is lost', async () => {
    const doc = reverseDoc();
    // The clock never advances, so after the first step the interval never elapses: steps are only posted
    // before each snapshot (steps 1, 4, 8, …) and at the last step, each message carrying the steps since the one before.
    const h = harness(() => 0);
    await h.handler.handle(start('t', doc, settingsFor(doc, { steps: 20 })));
    await h.handler.idle();
    const progress = h.messages.filter((m): m is Extract<FromWorker, { type: 'progress' }> => m.type === 'progress');
    expect(progress.map((p) => p.steps.map((e) => e.step))).toEqual([[1], [2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16], [17, 18, 19, 20]]);
    // Validation runs every 2nd step; those points travel inside the batches too.
    const validated = progress.flatMap((p) => p.steps.filter((e) => e.validation).map((e) => e.step));
    expect(validated).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    // Each batch reaches the charts before the snapshot of its last step.
    const firstAttentionAt4 = h.messages.findIndex((m) => m.type === 'attention' && m.step === 4);
    expect(h.messages.findIndex((m) => newestStep(m) === 4)).toBeLessThan(firstAttentionAt4);

    const ui = h.messages.reduce(acceptMessage, beginRun('t'));
    expect(ui.points.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(ui.points.filter((p) => p.validationLoss !== undefined).map((p) => p.step)).toEqual(validated);
    expect(ui.latest?.step).toBe(20);
  });

  it('posts at most one progress message per interval on a fast run, without losing a step', async () => {
    const doc = reverseDoc();
    // The clock moves 10 ms each time the handler reads it (about once a step), so the default 100 ms
    // interval lets roughly every 10th step post; snapshots only at the first and last step.
    let t = 0;
    const h = harness(() => (t += 10));
    await h.handler.handle(start('fast', doc, { ...settingsFor(doc, { steps: 30 }), snapshotEvery: 1000 }));
    await h.handler.idle();
    const progress = h.messages.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThanOrEqual(6);
    expect(postedSteps(h.messages, 'fast')).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('inspects a new probe at once while paused, and after the run has finished', async () => {
    const doc = reverseDoc();
    const h = harness();
    let probedWhilePaused = false;
    h.onPost = (msg, handler) => {
      if (newestStep(msg) === 2) void handler.handle({ type: 'pause', runId: 'p' });
      if (msg.type === 'paused') {
        void handler.handle({ type: 'probe', runId: 'p', text: 'ab' }).then(() => {
          probedWhilePaused = true;
          void handler.handle({ type: 'resume', runId: 'p' });
        });
      }
    };
    await h.handler.handle(start('p', doc, settingsFor(doc, { steps: 5 })));
    await h.handler.idle();
    expect(probedWhilePaused).toBe(true);
    const paused = h.messages.findIndex((m) => m.type === 'paused');
    const resumed = h.messages.findIndex((m) => m.type === 'resumed');
    const between = h.messages.slice(paused, resumed).find((m) => m.type === 'attention') as Extract<FromWorker, { type: 'attention' }>;
    expect(between.step).toBe(2);
    expect(between.maps[0].rows).toEqual(['a', 'b']);

    h.messages.length = 0;
    await h.handler.handle({ type: 'probe', runId: 'p', text: '9876' });
    const after = h.messages.find((m) => m.type === 'attention') as Extract<FromWorker, { type: 'attention' }>;
    expect(after).toMatchObject({ runId: 'p', step: 5 });
    expect(after.maps[0].rows).toEqual(['9', '8', '7', '6']);
    expect(h.messages.find((m) => m.type === 'sample')).toMatchObject({ kind: 'tagging', source: '9876' });
  });

  it('answers the probe after Stop and after Finish, and the studio shows the answers', async () => {
    const doc = reverseDoc();
    for (const ending of ['stopped', 'done'] as const) {
      const h = harness();
      const runId = `probe-${ending}`;
      h.onPost = (msg, handler) => {
        if (ending === 'stopped' && newestStep(msg) === 3) void handler.handle({ type: 'stop', runId });
      };
      await h.handler.handle(start(runId, doc, settingsFor(doc, { steps: 6 })));
      await h.handler.idle();
      expect(h.messages.at(-1)).toMatchObject({ type: 'done', summary: { status: ending } });
      const ended = h.messages.reduce(acceptMessage, beginRun(runId));
      expect(ended.status).toBe(ending);

      const before = h.messages.length;
      await h.handler.handle({ type: 'probe', runId, text: '4321' });
      const answers = h.messages.slice(before);
      expect(answers.map((m) => m.type)).toEqual(['attention', 'sample']);
      const ui = answers.reduce(acceptMessage, ended);
      expect(ui.status).toBe(ending);
      expect(ui.attention?.maps[0].rows).toEqual(['4', '3', '2', '1']);
      expect(ui.samples[0]).toMatchObject({ kind: 'tagging', source: '4321' });
      // The charts end where the run ended; a probe adds no point.
      expect(ui.points).toEqual(ended.points);
    }
  });

  it('previews a dataset for the picker, and reports an unknown one as a problem', async () => {
    const h = harness();
    await h.handler.handle({ type: 'preview', requestId: 'r1', data: { kind: 'bundled', datasetId: 'reverse' }, lengths: { tokens: 8 }, seed: 1 });
    const ok = h.messages.at(-1) as Extract<FromWorker, { type: 'preview' }>;
    expect(ok.requestId).toBe('r1');
    expect(ok.examples).toHaveLength(3);
    // Reversing is the task: each example's target is its input backwards.
    for (const e of ok.examples!) expect(e.target).toBe([...e.input].reverse().join(''));
    await h.handler.handle({ type: 'preview', requestId: 'r2', data: { kind: 'bundled', datasetId: 'no-such-set' }, lengths: {}, seed: 1 });
    expect(h.messages.at(-1)).toMatchObject({ type: 'preview', requestId: 'r2', problem: { code: 'E_UNKNOWN_DATASET' } });
  });

  it('leaks no tensors: snapshots and samples free what they make, and a new run frees the last model', async () => {
    const doc = reverseDoc();
    const h = harness();
    const settings = { ...settingsFor(doc, { steps: 4 }), snapshotEvery: 1 };
    await h.handler.handle(start('a', doc, settings));
    await h.handler.idle();
    const afterFirst = tf.memory().numTensors;
    await h.handler.handle(start('b', doc, settings));
    await h.handler.idle();
    await h.handler.handle({ type: 'probe', runId: 'b', text: '0123' });
    expect(h.messages.filter((m) => m.type === 'attention' && m.runId === 'b')).toHaveLength(5);
    expect(tf.memory().numTensors).toBe(afterFirst);
  });
});

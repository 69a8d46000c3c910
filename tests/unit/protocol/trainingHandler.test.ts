import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryDataSources } from '../../../engine/data/sources';
import type { GraphDoc } from '../../../engine/graph/schema';
import { templateById } from '../../../engine/templates/index';
import type { FromWorker, RunSettings, ToWorker } from '../../../engine/train/protocol';
import { acceptMessage, beginLoad, beginRun } from '../../../renderer/studio/runState';
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

/** The message that ended the latest run (`done` or `error`); a final checkpoint may follow it. */
function lastEnd(messages: FromWorker[]): FromWorker | undefined {
  return [...messages].reverse().find((m) => m.type === 'done' || m.type === 'error');
}

/** Every step the progress messages carried, in the order they arrived. */
function postedSteps(messages: FromWorker[], runId?: string): number[] {
  return messages.flatMap((m) => (m.type === 'progress' && (runId === undefined || m.runId === runId) ? m.steps.map((p) => p.step) : []));
}

type StartMessage = Extract<ToWorker, { type: 'start' }>;

const start = (runId: string, doc: GraphDoc, settings: RunSettings, extra: Partial<Pick<StartMessage, 'mode' | 'initFrom'>> = {}): StartMessage => ({
  type: 'start',
  runId,
  doc,
  data: { kind: 'bundled', datasetId: doc.training.dataset },
  settings,
  mode: 'scratch',
  ...extra,
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
    const done = lastEnd(h.messages);
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
    expect(lastEnd(newMessages)).toMatchObject({ type: 'done', summary: { status: 'done', steps: 4 } });

    const ui = h.messages.reduce(acceptMessage, beginRun('new'));
    expect(ui.status).toBe('done');
    expect(ui.points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
  });

  it('stops a run whose loss becomes NaN with the E_NAN_LOSS message', async () => {
    const doc = reverseDoc();
    const h = harness();
    await h.handler.handle(start('nan', doc, settingsFor(doc, { optimizer: 'sgd', learningRate: 100, clipNorm: 0, schedule: 'constant', steps: 40 })));
    await h.handler.idle();
    const done = lastEnd(h.messages) as Extract<FromWorker, { type: 'done' }>;
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
    expect(lastEnd(h.messages)).toMatchObject({ type: 'error', runId: 'bad', problem: { code: 'E_MISSING_INPUT' } });
    await h.handler.handle(start('good', doc, settingsFor(doc, { steps: 2 })));
    await h.handler.idle();
    expect(lastEnd(h.messages)).toMatchObject({ type: 'done', runId: 'good', summary: { status: 'done' } });
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
    await h.handler.handle(start('fast', doc, { ...settingsFor(doc, { steps: 30 }), snapshotEvery: 1000, checkpointEvery: { steps: 0 } }));
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
      expect(lastEnd(h.messages)).toMatchObject({ type: 'done', summary: { status: ending } });
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

  it('continues a stopped run with its weights, optimizer state, step count and schedule: the losses go on as if never stopped', async () => {
    const doc = reverseDoc();
    const settings = settingsFor(doc, { steps: 10 });
    const straight = harness();
    await straight.handler.handle(start('straight', doc, settings));
    await straight.handler.idle();

    const h = harness();
    h.onPost = (msg, handler) => {
      if (msg.type === 'progress' && msg.runId === 'first' && newestStep(msg) === 4) void handler.handle({ type: 'stop', runId: 'first' });
    };
    await h.handler.handle(start('first', doc, settings));
    await h.handler.idle();
    expect(lastEnd(h.messages)).toMatchObject({ type: 'done', summary: { status: 'stopped', steps: 4, step: 4 } });
    await h.handler.handle(start('second', doc, settings, { mode: 'continue' }));
    await h.handler.idle();

    const started = h.messages.find((m) => m.type === 'started' && m.runId === 'second');
    expect(started).toMatchObject({ startStep: 4, totalSteps: 10, datasetIdentity: { kind: 'bundled', id: 'reverse' } });
    expect(lastEnd(h.messages)).toMatchObject({ type: 'done', runId: 'second', summary: { status: 'done', steps: 6, step: 10 } });
    const losses = (messages: FromWorker[], runId: string) =>
      messages.flatMap((m) => (m.type === 'progress' && m.runId === runId ? m.steps.map((p) => [p.step, p.loss, p.learningRate]) : []));
    expect(postedSteps(h.messages, 'second')).toEqual([5, 6, 7, 8, 9, 10]);
    const expected = losses(straight.messages, 'straight').slice(4);
    const continued = losses(h.messages, 'second');
    expect(continued.map(([step, , lr]) => [step, lr])).toEqual(expected.map(([step, , lr]) => [step, lr]));
    continued.forEach(([, loss], i) => expect(loss).toBeCloseTo(expected[i][1], 4));
    // The studio's reducer counts the continued run from its start step.
    const ui = h.messages.reduce(acceptMessage, beginRun('second'));
    expect(ui.startStep).toBe(4);
    expect(ui.trainedStep).toBe(10);
  });

  it('refuses Continue with nothing trained or nothing left to train, keeping the model it holds', async () => {
    const doc = reverseDoc();
    const h = harness();
    await h.handler.handle(start('nothing', doc, settingsFor(doc, { steps: 4 }), { mode: 'continue' }));
    await h.handler.idle();
    expect(lastEnd(h.messages)).toMatchObject({ type: 'error', runId: 'nothing', problem: { code: 'E_NOTHING_TO_CONTINUE' } });

    await h.handler.handle(start('trained', doc, settingsFor(doc, { steps: 4 })));
    await h.handler.idle();
    await h.handler.handle(start('again', doc, settingsFor(doc, { steps: 4 }), { mode: 'continue' }));
    await h.handler.idle();
    expect(lastEnd(h.messages)).toMatchObject({ type: 'error', runId: 'again', problem: { code: 'E_NOTHING_TO_CONTINUE' } });
    // The trained model is still there, answering to the id of the run that was refused.
    const before = h.messages.length;
    await h.handler.handle({ type: 'probe', runId: 'again', text: '321' });
    expect(h.messages.slice(before).find((m) => m.type === 'attention')).toMatchObject({ runId: 'again', step: 4 });
    // A probe of the replaced id gets no answer.
    const after = h.messages.length;
    await h.handler.handle({ type: 'probe', runId: 'trained', text: '321' });
    expect(h.messages.length).toBe(after);
  });

  it('posts checkpoints with the run’s state, vocabulary and data while training and at the end, buffers transferred', async () => {
    const doc = reverseDoc();
    const h = harness();
    await h.handler.handle(start('ck', doc, { ...settingsFor(doc, { steps: 10 }), checkpointEvery: { steps: 4 } }));
    await h.handler.idle();
    const checkpoints = h.messages.filter((m): m is Extract<FromWorker, { type: 'checkpoint' }> => m.type === 'checkpoint');
    expect(checkpoints.map((c) => [c.step, c.final])).toEqual([
      [4, false],
      [8, false],
      [10, true],
    ]);
    expect(h.messages.findIndex((m) => m.type === 'done')).toBeLessThan(h.messages.indexOf(checkpoints[2]));
    for (const c of checkpoints) {
      expect(c.runId).toBe('ck');
      expect(c.state.step).toBe(c.step);
      expect(c.state.optimizer).toMatchObject({ kind: 'adam', iterations: c.step });
      expect(c.dataset).toEqual({ kind: 'bundled', id: 'reverse' });
      expect(c.tokenizer.input.tokens).toContain('a');
      const embedding = c.state.weights.find((w) => w.name.endsWith('embeddings'))!;
      expect(embedding.data.length).toBe(embedding.shape.reduce((a, b) => a * b, 1));
      const transferred = h.transferred[h.messages.indexOf(c)];
      expect(transferred).toContain(embedding.data.buffer);
      expect(transferred).toContain(c.state.optimizer!.tensors[0].data.buffer);
    }
    // Training moved the weights between checkpoints.
    const kernel = (c: Extract<FromWorker, { type: 'checkpoint' }>) => Array.from(c.state.weights[0].data);
    expect(kernel(checkpoints[1])).not.toEqual(kernel(checkpoints[0]));
  });

  it('checkpoints a paused run once, before it says paused, so a window closed while paused keeps its steps', async () => {
    const doc = reverseDoc();
    const h = harness();
    let pauses = 0;
    h.onPost = (msg, handler) => {
      if (newestStep(msg) === 3) void handler.handle({ type: 'pause', runId: 'pz' });
      if (msg.type === 'paused') {
        pauses++;
        // Pause again at once, with no step between: nothing new to keep, so no second checkpoint.
        if (pauses === 1) void handler.handle({ type: 'resume', runId: 'pz' }).then(() => handler.handle({ type: 'pause', runId: 'pz' }));
        else void handler.handle({ type: 'stop', runId: 'pz' });
      }
    };
    // Interval checkpoints off: only the pause and the end take one.
    await h.handler.handle(start('pz', doc, { ...settingsFor(doc, { steps: 20 }), checkpointEvery: { steps: 0 } }));
    await h.handler.idle();
    const checkpoints = h.messages.filter((m): m is Extract<FromWorker, { type: 'checkpoint' }> => m.type === 'checkpoint');
    const firstPaused = h.messages.findIndex((m) => m.type === 'paused');
    expect(h.messages.indexOf(checkpoints[0])).toBeLessThan(firstPaused);
    expect(checkpoints[0]).toMatchObject({ step: 3, final: false });
    expect(checkpoints[0].state.optimizer?.iterations).toBe(3);
    expect(pauses).toBe(2);
    const stoppedAt = (lastEnd(h.messages) as Extract<FromWorker, { type: 'done' }>).summary.steps;
    // The second pause came at step 3 or one step later; either way only steps not yet kept are checkpointed.
    const pauseCheckpoints = checkpoints.filter((c) => !c.final).map((c) => c.step);
    expect(new Set(pauseCheckpoints).size).toBe(pauseCheckpoints.length);
    expect(checkpoints.at(-1)).toMatchObject({ step: stoppedAt, final: true });
  });

  it('checkpoints by training time when asked to (the default is every few minutes)', async () => {
    const doc = reverseDoc();
    let t = 0;
    const h = harness(() => t);
    h.onPost = (msg) => {
      // Two minutes pass during step 5.
      if (newestStep(msg) === 5) t += 2 * 60 * 1000;
    };
    await h.handler.handle(start('timed', doc, { ...settingsFor(doc, { steps: 8 }), snapshotEvery: 1 }));
    await h.handler.idle();
    const checkpoints = h.messages.filter((m): m is Extract<FromWorker, { type: 'checkpoint' }> => m.type === 'checkpoint');
    expect(checkpoints.map((c) => [c.step, c.final])).toEqual([
      [5, false],
      [8, true],
    ]);
  });

  it('exports the model for Save while paused, after the run, and nothing before anything is trained', async () => {
    const doc = reverseDoc();
    const h = harness();
    await h.handler.handle({ type: 'exportModel', requestId: 'empty' });
    expect(h.messages.at(-1)).toEqual({ type: 'model', requestId: 'empty' });

    h.onPost = (msg, handler) => {
      if (newestStep(msg) === 3) void handler.handle({ type: 'pause', runId: 'ex' });
      if (msg.type === 'paused') void handler.handle({ type: 'exportModel', requestId: 'paused' }).then(() => handler.handle({ type: 'resume', runId: 'ex' }));
    };
    await h.handler.handle(start('ex', doc, settingsFor(doc, { steps: 6 })));
    await h.handler.idle();
    const paused = h.messages.find((m): m is Extract<FromWorker, { type: 'model' }> => m.type === 'model' && m.requestId === 'paused')!;
    expect(paused.trained?.step).toBe(3);
    expect(paused.trained?.optimizer?.iterations).toBe(3);
    expect(paused.dataset).toEqual({ kind: 'bundled', id: 'reverse' });

    await h.handler.handle({ type: 'exportModel', requestId: 'after' });
    const after = h.messages.at(-1) as Extract<FromWorker, { type: 'model' }>;
    expect(after).toMatchObject({ type: 'model', requestId: 'after', trained: { step: 6 } });
    expect(after.trained!.weights.map((w) => w.name)).toEqual(paused.trained!.weights.map((w) => w.name));
    expect(Array.from(after.trained!.weights[0].data)).not.toEqual(Array.from(paused.trained!.weights[0].data));
    // Exporting twice gives the same numbers: the worker keeps its own copy of what it transfers.
    await h.handler.handle({ type: 'exportModel', requestId: 'again' });
    const again = h.messages.at(-1) as Extract<FromWorker, { type: 'model' }>;
    expect(Array.from(again.trained!.weights[0].data)).toEqual(Array.from(after.trained!.weights[0].data));
    expect(again.trained!.optimizer!.tensors.length).toBeGreaterThan(0);
  });

  it('loads a saved model into a fresh worker: probe and samples answer without training, and Continue goes on from it', async () => {
    const doc = reverseDoc();
    const settings = settingsFor(doc, { steps: 8 });
    const straight = harness();
    await straight.handler.handle(start('straight', doc, settings));
    await straight.handler.idle();

    const first = harness();
    first.onPost = (msg, handler) => {
      if (msg.type === 'progress' && newestStep(msg) === 5) void handler.handle({ type: 'stop', runId: 'saved' });
    };
    await first.handler.handle(start('saved', doc, settings));
    await first.handler.idle();
    await first.handler.handle({ type: 'probe', runId: 'saved', text: '4321' });
    const original = [...first.messages].reverse().find((m) => m.type === 'sample');
    await first.handler.handle({ type: 'exportModel', requestId: 'save' });
    const saved = first.messages.at(-1) as Extract<FromWorker, { type: 'model' }>;

    const h = harness();
    const contents = { graph: doc, trained: saved.trained, tokenizer: saved.tokenizer, dataset: saved.dataset, runs: [] };
    await h.handler.handle({ type: 'loadModel', runId: 'opened', contents, probeText: '4321', sampling: settings.sampling });
    expect(h.messages[0]).toMatchObject({ type: 'loaded', runId: 'opened', step: 5, task: 'tagging', backend: 'cpu' });
    expect(h.messages.some((m) => m.type === 'progress')).toBe(false);
    const sample = h.messages.find((m) => m.type === 'sample');
    expect(sample).toMatchObject({ runId: 'opened', kind: 'tagging', source: '4321' });
    // The same weights give the same answer as the worker that trained them.
    expect(original).toMatchObject({ kind: 'tagging', source: '4321' });
    expect((sample as { output: string }).output).toBe((original as { output: string }).output);
    expect(h.messages.find((m) => m.type === 'attention')).toMatchObject({ runId: 'opened', step: 5 });
    const ui = h.messages.reduce(acceptMessage, beginLoad('opened'));
    expect(ui.status).toBe('loaded');
    expect(ui.trainedStep).toBe(5);

    const before = h.messages.length;
    await h.handler.handle({ type: 'probe', runId: 'opened', text: '98' });
    const probed = h.messages.slice(before).find((m) => m.type === 'attention') as Extract<FromWorker, { type: 'attention' }>;
    expect(probed.maps[0].rows).toEqual(['9', '8']);

    await h.handler.handle(start('resumed', doc, settings, { mode: 'continue' }));
    await h.handler.idle();
    expect(postedSteps(h.messages, 'resumed')).toEqual([6, 7, 8]);
    const lossesOf = (messages: FromWorker[], runId: string) => messages.flatMap((m) => (m.type === 'progress' && m.runId === runId ? m.steps.map((p) => p.loss) : []));
    const expected = lossesOf(straight.messages, 'straight').slice(5);
    lossesOf(h.messages, 'resumed').forEach((loss, i) => expect(loss).toBeCloseTo(expected[i], 4));
  });

  it('reports a model file whose weights do not fit its graph as a coded error, and keeps the model it held', async () => {
    const doc = reverseDoc();
    const h = harness();
    await h.handler.handle(start('held', doc, settingsFor(doc, { steps: 2 })));
    await h.handler.idle();
    await h.handler.handle({ type: 'exportModel', requestId: 'x' });
    const saved = h.messages.at(-1) as Extract<FromWorker, { type: 'model' }>;
    const trained = { ...saved.trained!, weights: saved.trained!.weights.slice(1) };
    await h.handler.handle({ type: 'loadModel', runId: 'broken', contents: { graph: doc, trained, tokenizer: saved.tokenizer, dataset: saved.dataset, runs: [] }, probeText: '', sampling: settingsFor(doc).sampling });
    expect(h.messages.at(-1)).toMatchObject({ type: 'error', runId: 'broken', problem: { code: 'E_WEIGHTS_MISMATCH' } });
    await h.handler.handle({ type: 'loadModel', runId: 'bare', contents: { graph: doc, runs: [] }, probeText: '', sampling: settingsFor(doc).sampling });
    expect(h.messages.at(-1)).toMatchObject({ type: 'error', runId: 'bare', problem: { code: 'E_DATA' } });
    const before = h.messages.length;
    await h.handler.handle({ type: 'probe', runId: 'held', text: '12' });
    expect(h.messages.slice(before).map((m) => m.type)).toEqual(['attention', 'sample']);
  });

  it('probes a loaded model through its saved vocabulary when the data it names is not at hand or reads differently now', async () => {
    const doc = reverseDoc();
    const h = harness();
    await h.handler.handle(start('t', doc, settingsFor(doc, { steps: 2 })));
    await h.handler.idle();
    await h.handler.handle({ type: 'exportModel', requestId: 'x' });
    const saved = h.messages.at(-1) as Extract<FromWorker, { type: 'model' }>;
    const sampling = settingsFor(doc).sampling;

    const userFile = harness();
    const fromUserData = { graph: doc, trained: saved.trained, tokenizer: saved.tokenizer, dataset: { kind: 'user' as const, name: 'mine.txt', bytes: 10, sha256: '0'.repeat(64) }, runs: [] };
    await userFile.handler.handle({ type: 'loadModel', runId: 'mine', contents: fromUserData, probeText: 'ab', sampling });
    expect(userFile.messages[0]).toMatchObject({ type: 'loaded', runId: 'mine', dataset: { name: 'mine.txt' } });
    const attention = userFile.messages.find((m) => m.type === 'attention') as Extract<FromWorker, { type: 'attention' }>;
    expect(attention.maps[0].rows).toEqual(['a', 'b']);

    // The bundled dataset's vocabulary no longer matches the saved one (two symbols swapped): the saved one decides.
    const tokens = [...saved.tokenizer!.input.tokens];
    const [i, j] = [tokens.indexOf('a'), tokens.indexOf('b')];
    [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
    const swapped = harness();
    const contents = { ...fromUserData, dataset: { kind: 'bundled' as const, id: 'reverse' }, tokenizer: { ...saved.tokenizer!, input: { ...saved.tokenizer!.input, tokens } } };
    await swapped.handler.handle({ type: 'loadModel', runId: 'swapped', contents, probeText: 'ab', sampling });
    expect(swapped.messages[0]).toMatchObject({ type: 'loaded', task: 'tagging', dataset: { id: 'reverse' } });
    const maps = swapped.messages.find((m) => m.type === 'attention') as Extract<FromWorker, { type: 'attention' }>;
    expect(maps.maps[0].rows).toEqual(['a', 'b']);
    expect(swapped.messages.find((m) => m.type === 'sample')).toMatchObject({ kind: 'tagging', source: 'ab' });
  });

  it('starts a from-scratch run from another model’s weights and reports which blocks took them', async () => {
    const doc = reverseDoc();
    const h = harness();
    await h.handler.handle(start('source', doc, settingsFor(doc, { steps: 3 })));
    await h.handler.idle();
    await h.handler.handle({ type: 'exportModel', requestId: 'x' });
    const saved = h.messages.at(-1) as Extract<FromWorker, { type: 'model' }>;
    await h.handler.handle(start('tuned', doc, settingsFor(doc, { steps: 2 }), { initFrom: { name: 'reverse.tlgraph', doc, weights: saved.trained!.weights } }));
    await h.handler.idle();
    const started = h.messages.find((m): m is Extract<FromWorker, { type: 'started' }> => m.type === 'started' && m.runId === 'tuned')!;
    expect(started.startStep).toBe(0);
    const withWeights = new Set(saved.trained!.weights.map((w) => w.name.split('__')[0]));
    expect(started.transfer?.loads.map((l) => l.targetNodeId).sort()).toEqual([...withWeights].sort());
    expect(started.transfer?.skipped).toEqual([]);
    expect(lastEnd(h.messages)).toMatchObject({ type: 'done', runId: 'tuned', summary: { status: 'done', step: 2 } });
  });

  it('plans a weight transfer before any run, naming the blocks that cannot take the weights', async () => {
    const doc = reverseDoc();
    const h = harness();
    await h.handler.handle(start('source', doc, settingsFor(doc, { steps: 1 })));
    await h.handler.idle();
    await h.handler.handle({ type: 'exportModel', requestId: 'x' });
    const weights = (h.messages.at(-1) as Extract<FromWorker, { type: 'model' }>).trained!.weights;
    const initFrom = { name: 'reverse.tlgraph', doc, weights };
    await h.handler.handle({ type: 'planTransfer', requestId: 'same', doc, initFrom });
    const same = h.messages.at(-1) as Extract<FromWorker, { type: 'transferPlan' }>;
    expect(same.requestId).toBe('same');
    expect(same.plan?.skipped).toEqual([]);
    expect(same.plan?.loads.length).toBeGreaterThan(0);

    // A wider feed-forward layer keeps everything else's shapes: only it starts from fresh weights.
    const wider: GraphDoc = { ...doc, nodes: doc.nodes.map((n) => (n.kind === 'feedForward' ? { ...n, params: { ...n.params, hidden: 128 } } : n)) };
    await h.handler.handle({ type: 'planTransfer', requestId: 'wider', doc: wider, initFrom });
    const changed = h.messages.at(-1) as Extract<FromWorker, { type: 'transferPlan' }>;
    expect(changed.plan?.skipped.map((k) => [k.nodeId, k.side, k.code])).toEqual([['enc_ffn', 'target', 'SHAPE_MISMATCH']]);
    expect(changed.plan?.loads.map((l) => l.targetNodeId)).not.toContain('enc_ffn');
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

    // Continue, export, load and a backend change each replace the held model rather than add one.
    await h.handler.handle(start('c', doc, { ...settings, training: { ...settings.training, steps: 6 } }, { mode: 'continue' }));
    await h.handler.idle();
    expect(lastEnd(h.messages)).toMatchObject({ type: 'done', runId: 'c', summary: { step: 6 } });
    await h.handler.handle({ type: 'exportModel', requestId: 'save' });
    const saved = h.messages.at(-1) as Extract<FromWorker, { type: 'model' }>;
    await h.handler.handle({ type: 'loadModel', runId: 'l', contents: { graph: doc, trained: saved.trained, tokenizer: saved.tokenizer, dataset: saved.dataset, runs: [] }, probeText: '12', sampling: settings.sampling });
    expect(h.messages.find((m) => m.type === 'loaded')).toMatchObject({ runId: 'l', step: 6 });
    expect(tf.memory().numTensors).toBe(afterFirst);
    await h.handler.handle({ type: 'setBackend', backend: 'cpu' });
    expect(h.messages.at(-1)).toEqual({ type: 'backend', backend: 'cpu' });
    expect(tf.memory().numTensors).toBe(afterFirst);
    // The model moved with its weights: the probe answers as before.
    const before = h.messages.length;
    await h.handler.handle({ type: 'probe', runId: 'l', text: '12' });
    const answer = h.messages.slice(before).find((m) => m.type === 'sample');
    const loadedAnswer = h.messages.find((m) => m.type === 'sample' && m.runId === 'l');
    expect(answer).toEqual(loadedAnswer);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDataSources } from '../../../app/dataSources';
import { initBackend } from '../../../engine/backend/init';
import { analyzeGraph, errorsOnly } from '../../../engine/graph/analyze';
import { LESSONS, applyShowMe, evaluateClaim, evaluateTask, lessonStartDoc, recordRun, resultText, type RecordedRun } from '../../../engine/lessons';
import { observeRun } from '../../../engine/lessons/observeRun';

/**
 * Every lesson, walked to its end by its Show me steps alone, from the graph it starts with: after each step
 * the task's checks pass, and every observation's run is trained here (wasm, the lesson's own small settings)
 * and each measured claim must hold. A lesson whose claim stops holding fails here, before a learner sees it.
 */
const sources = nodeDataSources();

beforeAll(async () => {
  await initBackend('wasm');
});

describe.each(LESSONS.map((lesson) => [lesson.id, lesson] as const))('lesson “%s”', (_id, lesson) => {
  it('walks to the end by Show me, every check met after its step and every measured claim holding', async () => {
    let doc = lessonStartDoc(lesson, 'en');
    const runs: Record<string, RecordedRun> = {};
    for (const task of lesson.tasks) {
      const before = evaluateTask(doc, task);
      if (task.showMe.length) expect(before.ok, `${lesson.id}/${task.id} is already met before its step`).toBe(false);
      doc = applyShowMe(doc, lesson, task.id, 'en');
      const after = evaluateTask(doc, task);
      const unmet = after.results.filter((r) => !r.ok).map((r) => `${r.check.says.en}${r.problem ? ` (${r.problem.message})` : ''}`);
      expect(unmet, `${lesson.id}/${task.id}`).toEqual([]);
      if (!task.observe) continue;
      expect(errorsOnly(analyzeGraph(doc).problems), `${lesson.id}/${task.id} trains a valid graph`).toEqual([]);
      const observation = await observeRun(doc, task.observe.train, sources);
      expect(observation.losses.length).toBe(task.observe.train.steps);
      runs[task.observe.train.run] = recordRun(lesson, task.observe.train, observation, doc);
      for (const claim of task.observe.claims) {
        const result = evaluateClaim(claim, runs);
        expect(result.holds, `${lesson.id}/${task.id}: ${claim.says.en} (measured ${result.left} ${claim.relation} ${result.right})`).toBe(true);
      }
      // The result sentence names measured numbers, never an unfilled placeholder.
      expect(resultText(task, runs, 'en')).not.toMatch(/\{(left|right)\d+\}/);
      expect(resultText(task, runs, 'ko')).not.toMatch(/\{(left|right)\d+\}/);
    }
  }, 600_000);
});

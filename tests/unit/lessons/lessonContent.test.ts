import { describe, expect, it } from 'vitest';
import { isBlockKind } from '../../../engine/blocks/specs';
import { listDatasets } from '../../../engine/data';
import { LESSONS, LESSON_LANGUAGES, lessonSchema, metricsOfRun, type Lesson } from '../../../engine/lessons';
import { templateById } from '../../../engine/templates';

/** Every string a learner reads, with where it sits in the lesson. */
function texts(value: unknown, path: string, out: { path: string; text: Record<string, string> }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => texts(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 2 && keys.includes('en') && keys.includes('ko')) out.push({ path, text: value as Record<string, string> });
    else for (const [k, v] of Object.entries(value)) texts(v, `${path}.${k}`, out);
  }
  return out;
}

describe('lesson content', () => {
  it('covers the course in order, one lesson per step, with unique ids', () => {
    // COURSE.md's steps: RNN, LSTM/GRU, seq2seq, attention, Transformer, BERT, GPT.
    expect(LESSONS.map((l) => l.id)).toEqual(['rnn', 'gates', 'seq2seq', 'attention', 'transformer', 'bert', 'gpt']);
    expect(LESSONS.map((l) => l.order)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const lesson of LESSONS) expect(new Set(lesson.tasks.map((t) => t.id)).size, lesson.id).toBe(lesson.tasks.length);
  });

  it('gives every string in English and Korean, and the Korean is not the English', () => {
    for (const lesson of LESSONS) {
      const all = texts(lesson, lesson.id);
      expect(all.length).toBeGreaterThan(10);
      for (const { path, text } of all) {
        for (const lang of LESSON_LANGUAGES) expect(text[lang]?.trim(), `${path}.${lang}`).toBeTruthy();
        expect(text.ko, `${path}: Korean equals English`).not.toBe(text.en);
        expect(/[가-힣]/.test(text.ko), `${path}: Korean text has no Hangul`).toBe(true);
        // Result placeholders are the same in both languages.
        const holes = (s: string) => (s.match(/\{(left|right)\d+\}/g) ?? []).sort().join();
        expect(holes(text.ko), `${path}: placeholders differ`).toBe(holes(text.en));
      }
    }
  });

  it('names only block kinds, datasets and templates that exist', () => {
    const datasets = new Set(listDatasets().map((d) => d.id));
    for (const lesson of LESSONS) {
      if (lesson.start.kind === 'template') expect(templateById(lesson.start.template), lesson.id).toBeDefined();
      for (const task of lesson.tasks) {
        for (const edit of task.showMe) if (edit.op === 'add' || edit.op === 'replaceKind') expect(isBlockKind(edit.kind), `${lesson.id}/${task.id}: ${edit.kind}`).toBe(true);
        for (const check of task.checks) {
          const selectors = check.kind === 'feeds' ? [check.from, check.to] : check.kind === 'groupRepeat' ? [check.contains] : 'block' in check ? [check.block] : [];
          for (const s of selectors) expect(isBlockKind(s.kind), `${lesson.id}/${task.id}: ${s.kind}`).toBe(true);
          if (check.kind === 'training' && check.field === 'dataset') expect(datasets.has(check.value)).toBe(true);
        }
        if (task.observe) expect(datasets.has(task.observe.train.dataset), `${lesson.id}/${task.id}`).toBe(true);
      }
    }
  });

  it('measures every run a claim reads in an earlier (or the same) task', () => {
    for (const lesson of LESSONS) {
      const trained = new Set<string>();
      for (const task of lesson.tasks) {
        if (task.observe) trained.add(task.observe.train.run);
        for (const claim of task.observe?.claims ?? []) {
          for (const side of [claim.left, claim.right]) if (typeof side !== 'number') expect(trained.has(side.run), `${lesson.id}/${task.id}: ${side.run}`).toBe(true);
        }
      }
      for (const run of trained) expect(metricsOfRun(lesson, run).length, `${lesson.id}: run ${run} is measured by no claim`).toBeGreaterThan(0);
    }
  });

  it('refuses a malformed lesson with the field that is wrong', () => {
    const broken = structuredClone(LESSONS[0]) as Lesson;
    (broken.tasks[0] as { title: unknown }).title = { en: 'Only English' };
    const parsed = lessonSchema.safeParse(broken);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['tasks', 0, 'title', 'ko']);
  });
});

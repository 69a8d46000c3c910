import { z } from 'zod';
import type { RecordedRun } from './measure';

/**
 * What a learner has done, per lesson: tasks finished and the runs recorded for observations (their measured
 * numbers, not their weights). Kept by the app in its settings store and read back through `parseProgress`,
 * which drops anything malformed rather than failing (a stale or edited entry loses progress, never the app).
 */
const recordedRunSchema = z.object({ run: z.string().max(64), steps: z.number().int().min(0), values: z.record(z.string().max(200), z.number()) });

export const lessonProgressSchema = z.object({
  done: z.array(z.string().max(64)).max(200).default([]),
  runs: z.record(z.string().max(64), recordedRunSchema).default({}),
});
export type LessonProgress = z.infer<typeof lessonProgressSchema>;

export const progressStoreSchema = z.record(z.string().max(64), lessonProgressSchema);
export type ProgressStore = z.infer<typeof progressStoreSchema>;

export function emptyProgress(): LessonProgress {
  return { done: [], runs: {} };
}

export function parseProgress(raw: unknown): ProgressStore {
  const parsed = progressStoreSchema.safeParse(raw);
  return parsed.success ? parsed.data : {};
}

export function markDone(progress: LessonProgress, taskId: string): LessonProgress {
  return progress.done.includes(taskId) ? progress : { ...progress, done: [...progress.done, taskId] };
}

export function withRun(progress: LessonProgress, run: RecordedRun): LessonProgress {
  return { ...progress, runs: { ...progress.runs, [run.run]: run } };
}

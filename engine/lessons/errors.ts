/**
 * Lesson problems, coded like the graph's (message says what is wrong, fix says what to do):
 * E_LESSON_EDIT — a Show me step cannot apply to the graph as it is; E_LESSON_MEASURE — an observation could not be
 * measured (the run failed, or the metric's block or map is missing); E_LESSON_CONTENT — a lesson file is malformed.
 */
export type LessonErrorCode = 'E_LESSON_EDIT' | 'E_LESSON_MEASURE' | 'E_LESSON_CONTENT';

export class LessonError extends Error {
  constructor(
    readonly code: LessonErrorCode,
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'LessonError';
  }
}

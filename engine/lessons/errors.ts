import { englishMessage, type MessageKey, type MessageParams } from '../graph/messages';

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
    /** The sentence's key and params, so the lesson panel says it in the learner's language. */
    readonly sentence?: { key: MessageKey; params: MessageParams },
  ) {
    super(message);
    this.name = 'LessonError';
  }
}

/** A lesson problem said from its message key: English text here, the UI's language from the key. */
export function lessonError(code: LessonErrorCode, key: MessageKey, params: MessageParams = {}): LessonError {
  const { message, fix } = englishMessage(key, params);
  return new LessonError(code, message, fix, { key, params });
}

import { LessonError } from '../errors';
import { lessonSchema, type Lesson, type LessonInput } from '../schema';
import { rnnLesson } from './1-rnn';
import { gatesLesson } from './2-gates';
import { seq2seqLesson } from './3-seq2seq';
import { attentionLesson } from './4-attention';
import { transformerLesson } from './5-transformer';
import { bertLesson } from './6-bert';
import { gptLesson } from './7-gpt';

function parseLesson(input: LessonInput): Lesson {
  const parsed = lessonSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LessonError('E_LESSON_CONTENT', `The lesson “${input.id}” is malformed at ${issue.path.join('.')}: ${issue.message}.`, 'Fix the lesson file under engine/lessons/content/.');
  }
  return parsed.data;
}

/** The course's lessons in its order (COURSE.md), each parsed once when the module loads. */
export const LESSONS: readonly Lesson[] = [rnnLesson, gatesLesson, seq2seqLesson, attentionLesson, transformerLesson, bertLesson, gptLesson]
  .map(parseLesson)
  .sort((a, b) => a.order - b.order);

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

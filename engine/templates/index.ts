import { bertMini } from './bertMini';
import { bertReviews } from './bertReviews';
import { charRnn } from './charRnn';
import { encoderClassifier } from './encoderClassifier';
import { gptMini } from './gptMini';
import { gptSmall } from './gptSmall';
import { reverse } from './reverse';
import { sentimentFineTune } from './sentimentFineTune';
import { seq2seqAttention } from './seq2seqAttention';
import { transformerTranslate } from './transformerTranslate';
import type { Template } from './types';

export type { Template } from './types';
export { DATASET_SIZES } from './datasetSizes';
export { GPT_SMALL_TEXTS } from './gptSmall';

/** Every template, in gallery order: from the smallest model to the largest idea. */
export const templates: Template[] = [
  reverse,
  charRnn,
  gptMini,
  gptSmall,
  encoderClassifier,
  seq2seqAttention,
  transformerTranslate,
  bertMini,
  bertReviews,
  sentimentFineTune,
];

export function templateById(id: string): Template | undefined {
  return templates.find((t) => t.id === id);
}

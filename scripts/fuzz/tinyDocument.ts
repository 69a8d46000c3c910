import { DATASET_SIZES } from '../../engine';
import { arrayAt, type Json } from './documentMutations';
import type { FuzzRandom } from './random';

/** Layer widths that are tied to a dataset (vocabularies, class counts) and must stay as they are to train. */
const DATASET_WIDTHS = new Set(Object.values(DATASET_SIZES).flatMap((sizes) => Object.values(sizes as Record<string, number>)));

/**
 * Shrinks a template to a model that trains one step in tens of milliseconds: widths of 4–16, a few tokens per
 * sequence, groups repeated at most twice. Widths tied to the dataset (vocabulary, classes) are kept, so the
 * shrunken graph still fits its data and the fuzzer reaches training, saving and reopening with it.
 */
export function shrinkForTraining(doc: Json, random: FuzzRandom): void {
  const width = random.pick([4, 8, 16]);
  const tokens = random.between(2, 8);
  for (const node of arrayAt(doc, 'nodes')) {
    const params = node.params as Record<string, unknown> | undefined;
    if (!params || typeof params !== 'object') continue;
    if (typeof params.dModel === 'number') params.dModel = width;
    if (typeof params.hidden === 'number') params.hidden = 2 * width;
    if (typeof params.heads === 'number') params.heads = random.pick([1, 2]);
    if (typeof params.units === 'number' && !DATASET_WIDTHS.has(params.units)) params.units = width;
    if (node.kind === 'tokenInput' && typeof params.length === 'number') params.length = Math.min(params.length, tokens);
  }
  for (const group of arrayAt(doc, 'groups')) if (typeof group.repeat === 'number') group.repeat = Math.min(group.repeat, random.pick([1, 2]));
  if (doc.training && typeof doc.training === 'object') Object.assign(doc.training, { batchSize: random.pick([1, 2]) });
}

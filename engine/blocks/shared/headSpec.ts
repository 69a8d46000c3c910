/**
 * What the four loss heads share. A head has no outputs: it names the logits and the answers the trainer
 * compares with softmax cross-entropy (engine/train/losses.ts), ignoring [PAD] targets.
 */
import { BlockError } from '../../graph/errors';
import { formatType, lastDim } from '../../graph/shapes';
import { defineBlock } from '../define';
import type { BlockExplanation, BlockSpec, InferContext, InputTypes, PortSpec } from '../types';
import type { HeadTask } from '../buildTypes';

export interface HeadTexts {
  kind: string;
  label: string;
  summary: string;
  explanation: BlockExplanation;
}

const CLASSIFIER = 'Classifier Head';

function logitsOf(inputs: InputTypes, ctx: InferContext, rank: 2 | 3) {
  const logits = inputs.logits;
  if (!logits) {
    throw BlockError.of('E_MISSING_INPUT', 'head.logitsMissing', { block: ctx.label });
  }
  if (logits.dtype !== 'float32') {
    throw BlockError.of('E_DTYPE_MISMATCH', 'head.logitsGotIds', { block: ctx.label, type: formatType(logits) });
  }
  if (logits.shape.length !== rank) {
    throw rank === 3
      ? BlockError.of('E_RANK_MISMATCH', 'head.logitsPerPosition', { block: ctx.label, type: formatType(logits), classifier: CLASSIFIER })
      : BlockError.of('E_RANK_MISMATCH', 'head.logitsPerSequence', { block: ctx.label, type: formatType(logits) });
  }
  const classes = lastDim(logits);
  if (typeof classes === 'number' && classes < 2) {
    throw BlockError.of('E_SHAPE_MISMATCH', 'head.tooFewClasses', { block: ctx.label, classes });
  }
  return logits;
}

function targetsOf(inputs: InputTypes, ctx: InferContext, rank: 1 | 2) {
  const targets = inputs.targets;
  if (!targets) {
    throw BlockError.of('E_MISSING_INPUT', 'head.targetsMissing', { block: ctx.label });
  }
  if (targets.dtype !== 'int32' || targets.shape.length !== rank) {
    throw BlockError.of(targets.dtype !== 'int32' ? 'E_DTYPE_MISMATCH' : 'E_RANK_MISMATCH', rank === 2 ? 'head.targetsPerPosition' : 'head.labelsPerSequence', {
      block: ctx.label,
      type: formatType(targets),
    });
  }
  return targets;
}

/** Per-token heads: logits B×T×V and targets B×T on the same time axis. */
function inferTokenHead(inputs: InputTypes, ctx: InferContext): Record<string, never> {
  const logits = logitsOf(inputs, ctx, 3);
  const targets = targetsOf(inputs, ctx, 2);
  const [, tLogits, v] = logits.shape;
  const tTargets = targets.shape[1];
  if (tLogits !== tTargets) {
    throw BlockError.of('E_SHAPE_MISMATCH', tTargets === 'T_tgt' ? 'head.timeMismatchDecoder' : 'head.timeMismatch', {
      block: ctx.label,
      logitsTime: String(tLogits),
      classes: String(v),
      targetsTime: String(tTargets),
    });
  }
  return {};
}

function inferClassifier(inputs: InputTypes, ctx: InferContext): Record<string, never> {
  logitsOf(inputs, ctx, 2);
  targetsOf(inputs, ctx, 1);
  return {};
}

export function defineHeadSpec(task: HeadTask, texts: HeadTexts): BlockSpec {
  const perToken = task !== 'classification';
  const inputs: PortSpec[] = perToken
    ? [
        { name: 'logits', label: 'logits', kind: 'sequence', accepts: ['sequence', 'vector'], doc: 'Scores over the vocabulary at every position, B×T×V.' },
        { name: 'targets', label: 'targets', kind: 'tokens', accepts: ['tokens', 'labels'], doc: 'The right token at every position, B×T; [PAD] positions are ignored.' },
      ]
    : [
        { name: 'logits', label: 'logits', kind: 'vector', accepts: ['vector', 'sequence'], doc: 'Scores over the classes, one vector per sequence, B×C.' },
        { name: 'targets', label: 'labels', kind: 'labels', accepts: ['labels', 'tokens'], doc: 'The right class of each sequence, B.' },
      ];
  return defineBlock({
    ...texts,
    category: 'heads',
    inputs,
    outputs: [],
    params: [],
    inferShapes: (types, _p, ctx) => (perToken ? inferTokenHead(types, ctx) : inferClassifier(types, ctx)),
    // Backward keeps the softmax probabilities, one per logit.
    cost: (types) => ({ parameters: 0, activations: types.logits ? [{ label: 'softmax probabilities', dims: types.logits.shape }] : [] }),
  });
}

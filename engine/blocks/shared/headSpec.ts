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
    throw new BlockError('E_MISSING_INPUT', `${ctx.label} needs its “logits” input connected.`, 'Connect the last Dense layer (units = vocabulary size or number of classes).');
  }
  if (logits.dtype !== 'float32') {
    throw new BlockError(
      'E_DTYPE_MISMATCH',
      `${ctx.label} expects scores (logits) on “logits”; it receives token ids ${formatType(logits)}.`,
      'Connect the output of a Dense layer whose units equal the vocabulary size (or the number of classes).',
    );
  }
  if (logits.shape.length !== rank) {
    throw new BlockError(
      'E_RANK_MISMATCH',
      rank === 3
        ? `${ctx.label} expects one score vector per position (B×T×V); it receives ${formatType(logits)}, one vector per sequence.`
        : `${ctx.label} expects one score vector per sequence (B×C); it receives ${formatType(logits)}, one vector per position.`,
      rank === 3
        ? `Keep the time axis (RNN output “sequence”, no Pooling), or use a ${CLASSIFIER} for one label per sequence.`
        : 'Add a Pooling block (mode “first” for [CLS], “last” for an RNN) or set the RNN’s output to “last” before the final Dense layer.',
    );
  }
  const classes = lastDim(logits);
  if (typeof classes === 'number' && classes < 2) {
    throw new BlockError('E_SHAPE_MISMATCH', `${ctx.label}: logits have ${classes} score per example; softmax needs at least 2 classes.`, 'Set the units of the last Dense layer to the vocabulary size or the number of classes.');
  }
  return logits;
}

function targetsOf(inputs: InputTypes, ctx: InferContext, rank: 1 | 2) {
  const targets = inputs.targets;
  if (!targets) {
    throw new BlockError('E_MISSING_INPUT', `${ctx.label} needs its “targets” input connected.`, 'Connect a Target / Labels block.');
  }
  if (targets.dtype !== 'int32' || targets.shape.length !== rank) {
    throw new BlockError(
      targets.dtype !== 'int32' ? 'E_DTYPE_MISMATCH' : 'E_RANK_MISMATCH',
      rank === 2
        ? `${ctx.label} expects one target token per position (B×T ids); it receives ${formatType(targets)}.`
        : `${ctx.label} expects one class label per sequence (B ids); it receives ${formatType(targets)}.`,
      rank === 2 ? 'Connect a Target block with Answers = “targets”.' : 'Connect a Target block with Answers = “labels”.',
    );
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
    throw new BlockError(
      'E_SHAPE_MISMATCH',
      `${ctx.label}: logits are B×${tLogits}×${v} but targets are B×${tTargets}; each position needs its own target.`,
      tTargets === 'T_tgt'
        ? 'Connect the decoder’s output (the sequence computed from the decoder tokens) to “logits”.'
        : `Connect logits computed from the ${tTargets} sequence, or a Target whose time axis is ${tLogits}.`,
    );
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

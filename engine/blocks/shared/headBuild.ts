import { BlockError } from '../../graph/errors';
import { isTargetRef, symbolic, type BlockBuilder, type HeadTask } from '../buildTypes';

/** Registers the head with the compiler; the trainer applies the loss (engine/train/losses.ts). */
export function headBuilder(task: HeadTask): BlockBuilder {
  return (_params, inputs, ctx) => {
    const logits = symbolic(inputs.logits, 'logits', ctx);
    const target = inputs.targets;
    if (!isTargetRef(target)) {
      throw BlockError.of('E_MISSING_INPUT', 'head.targetsFromTarget', { block: ctx.label });
    }
    ctx.addHead({ task, logits, target, labelSmoothing: 0 });
    return {};
  };
}

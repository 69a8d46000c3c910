import { BlockError } from '../../graph/errors';
import { isTargetRef, symbolic, type BlockBuilder, type HeadTask } from '../buildTypes';

/** Registers the head with the compiler; the trainer applies the loss (engine/train/losses.ts). */
export function headBuilder(task: HeadTask): BlockBuilder {
  return (_params, inputs, ctx) => {
    const logits = symbolic(inputs.logits, 'logits', ctx);
    const target = inputs.targets;
    if (!isTargetRef(target)) {
      throw new BlockError(
        'E_MISSING_INPUT',
        `${ctx.label}: its “targets” must come from a Target / Labels block, not from a model input or layer.`,
        'Connect a Target / Labels block to “targets”.',
      );
    }
    ctx.addHead({ task, logits, target, labelSmoothing: 0 });
    return {};
  };
}

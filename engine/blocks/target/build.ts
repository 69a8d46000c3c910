import type { BlockBuilder } from '../buildTypes';
import type { TargetParams } from './spec';

/** Targets never enter the model graph: the head receives a reference the trainer resolves to a feed. */
export const buildTarget: BlockBuilder = (params, _inputs, ctx) => {
  const p = params as TargetParams;
  const type = ctx.inputTypes.out ?? { dtype: 'int32' as const, shape: p.feed === 'labels' ? ['B'] : ['B', p.time] };
  return { out: { kind: 'target', feed: p.feed, type } };
};

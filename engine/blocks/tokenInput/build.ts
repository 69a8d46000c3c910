import type { BlockBuilder } from '../buildTypes';
import type { TokenInputParams } from './spec';

export const buildTokenInput: BlockBuilder = (params, _inputs, ctx) => {
  const p = params as TokenInputParams;
  return { out: ctx.input(p.feed, { dtype: 'int32', shape: ['B', p.time] }) };
};

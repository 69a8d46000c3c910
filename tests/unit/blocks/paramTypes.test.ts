/**
 * Block parameter types come from each spec's own declarations (ParamsOf): enum options become literal unions,
 * bools booleans, ints and floats numbers. Checked by the type checker (npm run typecheck) and at run time against
 * the registry: every declared enum default is one of its options.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DenseParams } from '../../../engine/blocks/dense/spec';
import type { PoolingParams } from '../../../engine/blocks/pooling/spec';
import type { RecurrentParams } from '../../../engine/blocks/shared/recurrentSpec';
import { BLOCK_KINDS, specs } from '../../../engine/blocks/specs';
import type { TokenInputParams } from '../../../engine/blocks/tokenInput/spec';
import type { BlockSpec } from '../../../engine/blocks/types';

describe('block parameter types', () => {
  it('are derived from the declarations', () => {
    expectTypeOf<DenseParams>().toEqualTypeOf<{ units: number; activation: 'linear' | 'relu' | 'gelu' | 'tanh' | 'sigmoid'; useBias: boolean }>();
    expectTypeOf<PoolingParams>().toEqualTypeOf<{ mode: 'first' | 'mean' | 'max' | 'last' }>();
    expectTypeOf<RecurrentParams>().toEqualTypeOf<{ units: number; output: 'sequence' | 'last'; bidirectional: boolean; dropout: number }>();
    expectTypeOf<TokenInputParams['feed']>().toEqualTypeOf<'tokens' | 'decoder_tokens' | 'segments'>();
  });

  it('declare defaults their own options and ranges allow', () => {
    for (const kind of BLOCK_KINDS) {
      for (const p of (specs[kind] as BlockSpec).params) {
        if (p.type === 'enum') expect(p.options, `${kind}.${p.name}`).toContain(p.default);
        if (p.type === 'int' || p.type === 'float') expect(p.default >= p.min && p.default <= p.max, `${kind}.${p.name}`).toBe(true);
      }
    }
  });
});

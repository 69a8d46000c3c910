/** The tfjs half of the registry: one builder per kind in specs.ts (the Record type makes a missing one a compile error). */
import type { BlockBuilder } from './buildTypes';
import type { BlockKind } from './specs';
import { buildTokenInput } from './tokenInput/build';
import { buildTarget } from './target/build';
import { buildDense } from './dense/build';

export const builders: Record<BlockKind, BlockBuilder> = {
  tokenInput: buildTokenInput,
  target: buildTarget,
  dense: buildDense,
};

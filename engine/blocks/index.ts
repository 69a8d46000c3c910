export { specs, BLOCK_KINDS, isBlockKind, specOf, type BlockKind } from './specs';
export { builders } from './builders';
export * from './types';
export * from './buildTypes';

/**
 * The one registry of block specs. The palette, inspector, validation, compiler, docs and exporters all
 * read this object; a kind exists exactly when it is listed here (and in builders.ts, which the type
 * checker enforces). This file imports no tfjs, so the UI thread can load it cheaply.
 */
import type { BlockSpec } from './types';
import { tokenInputSpec } from './tokenInput/spec';
import { targetSpec } from './target/spec';
import { denseSpec } from './dense/spec';

export const specs = {
  tokenInput: tokenInputSpec,
  target: targetSpec,
  dense: denseSpec,
} satisfies Record<string, BlockSpec>;

export type BlockKind = keyof typeof specs;

export const BLOCK_KINDS = Object.keys(specs) as BlockKind[];

export function isBlockKind(kind: string): kind is BlockKind {
  return Object.prototype.hasOwnProperty.call(specs, kind);
}

export function specOf(kind: string): BlockSpec | undefined {
  return isBlockKind(kind) ? specs[kind] : undefined;
}

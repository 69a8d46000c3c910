import type { BlockSpec } from '../../engine/blocks/types';

/**
 * Block nodes have a size known from their spec alone, so layout, group frames and the adapter agree on
 * it before React Flow has measured anything.
 */
export const BLOCK_WIDTH = 210;
const HEADER = 46;
const ROW = 22;
const FOOTER = 40;

export function blockHeight(spec: Pick<BlockSpec, 'inputs' | 'outputs'>): number {
  const rows = Math.max(spec.inputs.length, spec.outputs.length, 1);
  return HEADER + rows * ROW + 8 + FOOTER;
}

export const FRAME_PADDING = 28;
export const FRAME_HEADER = 30;
export const COLLAPSED_FRAME = { width: 240, height: 86 };
export const GRID: [number, number] = [16, 16];

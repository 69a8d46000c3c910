import type { BlockSpec } from '../../engine';

/**
 * Block nodes have a size known from their spec alone, so layout, group frames and the adapter agree on
 * it before React Flow has measured anything.
 */
export const BLOCK_WIDTH = 210;
const HEADER = 46;
export const PORT_ROW = 22;
const FOOTER = 40;
/** In app.css: `.block-header` is 41 px high and `.block-ports` has a 4 px top margin. */
const FIRST_PORT_ROW_TOP = 41 + 4;

export function blockHeight(spec: Pick<BlockSpec, 'inputs' | 'outputs'>): number {
  const rows = Math.max(spec.inputs.length, spec.outputs.length, 1);
  return HEADER + rows * PORT_ROW + 8 + FOOTER;
}

/** Where the i-th port's handle centre sits below the block's top border, in the full drawing of a block. */
export function portCenterY(index: number): number {
  return FIRST_PORT_ROW_TOP + index * PORT_ROW + PORT_ROW / 2;
}

export const FRAME_PADDING = 28;
export const FRAME_HEADER = 30;
export const COLLAPSED_FRAME = { width: 240, height: 86 };
export const GRID: [number, number] = [16, 16];

export interface Size {
  width: number;
  height: number;
}

/** The minimap in the canvas's bottom-right corner; React Flow's panels sit `margin` px from the edges. */
export const MINIMAP = { width: 150, height: 96, margin: 15 } as const;

/**
 * Below this canvas size the minimap would take too large a share of the view (and cover blocks), so it
 * is not drawn; fit view then needs no corner kept free.
 */
export const MINIMAP_MIN_CANVAS: Size = { width: 560, height: 420 };

export function showsMinimap(canvas: Size): boolean {
  return canvas.width >= MINIMAP_MIN_CANVAS.width && canvas.height >= MINIMAP_MIN_CANVAS.height;
}

/** Fit view's padding on every side, as a fraction of the canvas (React Flow's numeric padding). */
export const FIT_PADDING = 0.12;

export type FitPadding = number | { top: number; left: number; right: number | `${number}px`; bottom: number | `${number}px` };

/**
 * Fit-view padding that keeps the fitted graph out of the minimap's corner. Keeping free a strip as tall
 * as the minimap along the bottom, or one as wide as it along the right, both clear the corner; the one
 * that costs less zoom for this graph's shape is chosen (a wide graph loses nothing to a bottom strip when
 * its width already limits the zoom).
 */
export function fitPadding(graph: Size, canvas: Size, minimap: boolean): FitPadding {
  if (!minimap || graph.width <= 0 || graph.height <= 0) return FIT_PADDING;
  // React Flow turns a numeric padding p into floor((v - v / (1 + p)) / 2) px per side.
  const side = (v: number) => Math.floor((v - v / (1 + FIT_PADDING)) / 2);
  const padX = side(canvas.width);
  const padY = side(canvas.height);
  const right = padX + MINIMAP.width + MINIMAP.margin;
  const bottom = padY + MINIMAP.height + MINIMAP.margin;
  const zoomKeepingRight = Math.min((canvas.width - padX - right) / graph.width, (canvas.height - 2 * padY) / graph.height);
  const zoomKeepingBottom = Math.min((canvas.width - 2 * padX) / graph.width, (canvas.height - padY - bottom) / graph.height);
  return zoomKeepingBottom >= zoomKeepingRight
    ? { top: FIT_PADDING, left: FIT_PADDING, right: FIT_PADDING, bottom: `${bottom}px` }
    : { top: FIT_PADDING, left: FIT_PADDING, right: `${right}px`, bottom: FIT_PADDING };
}

/**
 * Heat-maps of attention weights and hidden states, drawn the same way to a canvas (live view, PNG) and
 * to SVG text (export): one layout, two renderers, so the exported picture is the one on screen.
 */

export interface HeatmapInput {
  /** Row-major rows × cols values. */
  values: ArrayLike<number>;
  rows: readonly string[];
  cols: readonly string[];
  /** 'sequential': 0..max (attention weights); 'diverging': −max..max around 0 (hidden states). */
  scale: 'sequential' | 'diverging';
  title?: string;
  /** Axis captions, e.g. “query (target)” / “key (source)”. */
  rowCaption?: string;
  colCaption?: string;
}

export interface HeatmapLayout {
  cell: number;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Show every n-th label so long sequences stay legible. */
  rowLabelEvery: number;
  colLabelEvery: number;
  fontSize: number;
  /** Column labels drawn upright (long word tokens). */
  rotateCols: boolean;
  /** Height of the column-label band above the cells. */
  colSpace: number;
  /** Cells only, no labels or captions: a thumbnail in the layers × heads grid. */
  bare?: boolean;
}

const LABEL_SPACE = 28;
const TITLE_SPACE = 18;

export function heatmapLayout(input: HeatmapInput, maxSize: number): HeatmapLayout {
  const n = Math.max(input.rows.length, input.cols.length, 1);
  const cell = Math.max(2, Math.min(22, Math.floor((maxSize - LABEL_SPACE) / n)));
  const fontSize = Math.max(8, Math.min(12, cell - 2));
  const labelEvery = Math.max(1, Math.ceil((fontSize + 1) / cell));
  const charWidth = fontSize * 0.62;
  const longest = (labels: readonly string[]) => labels.reduce((m, l) => Math.max(m, [...l].length), 1);
  // Word tokens do not fit under one cell: column labels then stand upright, and the margins grow to fit.
  const rotateCols = longest(input.cols) * charWidth > cell * labelEvery;
  const left = Math.min(90, Math.max(LABEL_SPACE, longest(input.rows) * charWidth + 6)) + (input.rowCaption ? 12 : 0);
  const colSpace = rotateCols ? Math.min(90, longest(input.cols) * charWidth + 6) : LABEL_SPACE;
  const top = colSpace + (input.title ? TITLE_SPACE : 0) + (input.colCaption ? 12 : 0);
  const titleWidth = input.title ? input.title.length * charWidth + 4 : 0;
  return {
    cell,
    left,
    top,
    width: Math.max(left + cell * input.cols.length + 4, titleWidth),
    // A short map (one decoder row) still leaves room for the upright row caption.
    height: Math.max(top + cell * input.rows.length + 4, top + (input.rowCaption ? input.rowCaption.length * 6.5 + 4 : 0)),
    rowLabelEvery: labelEvery,
    colLabelEvery: labelEvery,
    fontSize,
    rotateCols,
    colSpace: rotateCols ? colSpace : fontSize + 3,
  };
}

/** A thumbnail: the cells alone, as large as fit in `maxSize` (at least one pixel each). */
export function thumbnailLayout(input: HeatmapInput, maxSize: number): HeatmapLayout {
  const n = Math.max(input.rows.length, input.cols.length, 1);
  const cell = Math.max(1, Math.floor(maxSize / n));
  return {
    cell,
    left: 0,
    top: 0,
    width: Math.max(1, cell * input.cols.length),
    height: Math.max(1, cell * input.rows.length),
    rowLabelEvery: 1,
    colLabelEvery: 1,
    fontSize: 8,
    rotateCols: false,
    colSpace: 0,
    bare: true,
  };
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i]);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m || 1;
}

/** Colour of a value as [r, g, b]: white → deep blue for weights; red ← white → blue around zero for states. */
export function cellRgb(v: number, scale: HeatmapInput['scale'], max: number): [number, number, number] {
  if (!Number.isFinite(v)) return [255, 0, 255];
  if (scale === 'sequential') {
    const t = Math.max(0, Math.min(1, v / max));
    return [Math.round(255 - 227 * t), Math.round(255 - 175 * t), Math.round(255 - 100 * t)];
  }
  const t = Math.max(-1, Math.min(1, v / max));
  if (t >= 0) return [Math.round(255 - 215 * t), Math.round(255 - 155 * t), 255];
  return [255, Math.round(255 + 175 * t), Math.round(255 + 195 * t)];
}

export function cellColour(v: number, scale: HeatmapInput['scale'], max: number): string {
  const [r, g, b] = cellRgb(v, scale, max);
  return `rgb(${r},${g},${b})`;
}

/** One RGBA pixel per cell, row-major: the cells as a tiny image that the canvas scales up. */
export function cellPixels(input: HeatmapInput): Uint8ClampedArray<ArrayBuffer> {
  const max = scaleMax(input);
  const n = input.rows.length * input.cols.length;
  const pixels = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    const [r, g, b] = cellRgb(input.values[i], input.scale, max);
    pixels[i * 4] = r;
    pixels[i * 4 + 1] = g;
    pixels[i * 4 + 2] = b;
    pixels[i * 4 + 3] = 255;
  }
  return pixels;
}

/** Attention weights are in [0, 1]: a fixed scale makes snapshots comparable over time. */
function scaleMax(input: HeatmapInput): number {
  return input.scale === 'sequential' ? Math.min(1, maxAbs(input.values)) : maxAbs(input.values);
}

export function drawHeatmap(ctx: CanvasRenderingContext2D, input: HeatmapInput, layout: HeatmapLayout): void {
  const { cell, left, top, fontSize } = layout;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, layout.width, layout.height);
  drawCells(ctx, input, layout);
  if (layout.bare) return;
  ctx.fillStyle = '#333';
  ctx.font = `${fontSize}px system-ui, sans-serif`;
  if (input.title) {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(input.title, 2, 2);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  input.rows.forEach((label, r) => {
    if (r % layout.rowLabelEvery === 0) ctx.fillText(label, left - 3, top + r * cell + cell / 2);
  });
  input.cols.forEach((label, c) => {
    if (c % layout.colLabelEvery !== 0) return;
    const x = left + c * cell + cell / 2;
    if (layout.rotateCols) {
      ctx.save();
      ctx.translate(x, top - 3);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(label, 0, 0);
      ctx.restore();
    } else {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(label, x, top - 3);
    }
  });
  if (input.rowCaption || input.colCaption) {
    ctx.fillStyle = '#777';
    ctx.font = `10px system-ui, sans-serif`;
    if (input.colCaption) {
      ctx.textAlign = 'left';
      ctx.fillText(input.colCaption, left, top - layout.colSpace - 4);
    }
    if (input.rowCaption) {
      ctx.save();
      ctx.translate(10, top);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'right';
      ctx.fillText(input.rowCaption, 0, 0);
      ctx.restore();
    }
  }
}

let scratch: OffscreenCanvas | null = null;

/** One small off-screen canvas reused for every map (making a canvas and its context per paint costs more than the paint). */
function scratchCanvas(width: number, height: number): OffscreenCanvas | null {
  if (typeof OffscreenCanvas !== 'function') return null;
  scratch ??= new OffscreenCanvas(width, height);
  if (scratch.width < width) scratch.width = width;
  if (scratch.height < height) scratch.height = height;
  return scratch;
}

/**
 * The cells, drawn while a model trains, for every head at every snapshot. One fillRect per cell parses a
 * colour string each time (a 64×64 map, 4 heads: 16k of them on the UI thread); instead the cells are
 * written as one pixel each into a rows × cols image and scaled up with smoothing off, so each stays a
 * sharp square.
 */
function drawCells(ctx: CanvasRenderingContext2D, input: HeatmapInput, layout: HeatmapLayout): void {
  const rows = input.rows.length;
  const cols = input.cols.length;
  if (!rows || !cols) return;
  const { cell, left, top } = layout;
  const image = scratchCanvas(cols, rows);
  const imageCtx = image?.getContext('2d');
  if (image && imageCtx) {
    imageCtx.putImageData(new ImageData(cellPixels(input), cols, rows), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, 0, 0, cols, rows, left, top, cols * cell, rows * cell);
    return;
  }
  const max = scaleMax(input);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      ctx.fillStyle = cellColour(input.values[r * cols + c], input.scale, max);
      ctx.fillRect(left + c * cell, top + r * cell, cell, cell);
    }
  }
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/** The same picture as `drawHeatmap`, as a standalone SVG document; each cell carries its value as a tooltip. */
export function heatmapSvg(input: HeatmapInput, layout: HeatmapLayout): string {
  const { cell, left, top, fontSize } = layout;
  const max = scaleMax(input);
  const cols = input.cols.length;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="system-ui, sans-serif" font-size="${fontSize}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  if (input.title) parts.push(`<text x="2" y="${fontSize + 2}" fill="#333">${escapeXml(input.title)}</text>`);
  if (input.colCaption) parts.push(`<text x="${left}" y="${top - layout.colSpace - 4}" fill="#777" font-size="10">${escapeXml(input.colCaption)}</text>`);
  if (input.rowCaption) parts.push(`<text transform="translate(10 ${top}) rotate(-90)" text-anchor="end" fill="#777" font-size="10">${escapeXml(input.rowCaption)}</text>`);
  for (let r = 0; r < input.rows.length; r++) {
    for (let c = 0; c < cols; c++) {
      const v = input.values[r * cols + c];
      parts.push(
        `<rect x="${left + c * cell}" y="${top + r * cell}" width="${cell}" height="${cell}" fill="${cellColour(v, input.scale, max)}"><title>${escapeXml(
          `${input.rows[r]} → ${input.cols[c]}: ${Number(v).toFixed(3)}`,
        )}</title></rect>`,
      );
    }
  }
  input.rows.forEach((label, r) => {
    if (r % layout.rowLabelEvery === 0) parts.push(`<text x="${left - 3}" y="${top + r * cell + cell / 2}" text-anchor="end" dominant-baseline="middle" fill="#333">${escapeXml(label)}</text>`);
  });
  input.cols.forEach((label, c) => {
    if (c % layout.colLabelEvery !== 0) return;
    const x = left + c * cell + cell / 2;
    parts.push(
      layout.rotateCols
        ? `<text transform="translate(${x} ${top - 3}) rotate(-90)" dominant-baseline="middle" fill="#333">${escapeXml(label)}</text>`
        : `<text x="${x}" y="${top - 3}" text-anchor="middle" fill="#333">${escapeXml(label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** One head of an attention map (heads × rows × cols) as a heat-map input. */
export function headValues(data: Float32Array, head: number, rows: number, cols: number): Float32Array {
  return data.subarray(head * rows * cols, (head + 1) * rows * cols);
}

/** Hidden states arrive as steps × units; drawn as units (rows) × time (columns), so time runs left to right. */
export function transposeSteps(data: Float32Array, steps: number, units: number): Float32Array {
  const out = new Float32Array(steps * units);
  for (let s = 0; s < steps; s++) for (let u = 0; u < units; u++) out[u * steps + s] = data[s * units + u];
  return out;
}

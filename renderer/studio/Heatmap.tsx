import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { exportCanvasPng, exportSvgText } from './exportImage';
import { inNextFrames } from './frameJobs';
import { drawHeatmap, heatmapLayout, heatmapSvg, thumbnailLayout, type HeatmapInput } from './heatmap';

interface HeatmapProps {
  input: HeatmapInput;
  /** Largest side in CSS pixels. */
  size: number;
  /** Name for exported files and the accessible label. */
  name: string;
  exportable?: boolean;
  onClick?: () => void;
  selected?: boolean;
  /** Cells only, no labels (the layers × heads grid); `name` stays the accessible label. */
  thumbnail?: boolean;
}

/** A heat-map on a canvas (thousands of cells redraw in well under a frame), with PNG/SVG export. */
export function Heatmap({ input, size, name, exportable = false, onClick, selected = false, thumbnail = false }: HeatmapProps) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = useMemo(() => (thumbnail ? thumbnailLayout(input, size) : heatmapLayout(input, size)), [input, size, thumbnail]);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    // A snapshot repaints every head of a block at once; one map per frame job keeps each task short.
    return inNextFrames(() => {
      const ctx = el.getContext?.('2d');
      if (!ctx) return;
      const dpr = globalThis.devicePixelRatio || 1;
      el.width = Math.round(layout.width * dpr);
      el.height = Math.round(layout.height * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawHeatmap(ctx, input, layout);
    });
  }, [input, layout]);

  return (
    <figure className={`studio-heatmap${selected ? ' selected' : ''}${thumbnail ? ' thumbnail' : ''}`} data-heatmap={name}>
      <canvas
        ref={canvas}
        style={{ width: layout.width, height: layout.height, cursor: onClick ? 'pointer' : undefined }}
        role="img"
        aria-label={t('studio.heatmap.label', { name, rows: input.rows.length, cols: input.cols.length })}
        onClick={onClick}
      />
      {exportable && (
        <figcaption>
          <button type="button" className="link" onClick={() => canvas.current && void exportCanvasPng(canvas.current, name)}>
            PNG
          </button>
          <button type="button" className="link" onClick={() => void exportSvgText(heatmapSvg(input, layout), name)}>
            SVG
          </button>
        </figcaption>
      )}
    </figure>
  );
}

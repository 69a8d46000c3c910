import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttentionMap } from '../../engine';
import { Heatmap } from './Heatmap';
import { headValues, type HeatmapInput } from './heatmap';
import type { AttentionFocus } from './studioStore';
import './studioViews.css';

/** Largest side of one thumbnail in CSS pixels: four heads and the row labels fit the studio's narrow panel. */
const THUMBNAIL_SIZE = 56;

/**
 * A thumbnail's weights stretched so its 98th percentile is full colour. Causal maps put all of row 0's weight on
 * one key, so on the single view's fixed 0..1 scale the rest of a small map (weights near 1/T) is near white and
 * every head looks alike; stretched, the pattern of each head shows. The single view keeps the true scale.
 */
export function thumbnailContrast(values: ArrayLike<number>): Float32Array {
  const sorted = Float32Array.from(values).sort();
  const top = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.98))] || 1;
  return Float32Array.from(values, (v) => Math.min(1, v / top));
}

interface AttentionGridProps {
  maps: readonly AttentionMap[];
  /** The map open in the single view, outlined in the grid. */
  current: { nodeId: string; copy: number; head: number | 'all' };
  labelOf(nodeId: string): string;
  onPick(focus: AttentionFocus): void;
}

/**
 * Every attention map of the probe at once: one row per attention block and layer (copy in its repeated group),
 * one column per head. What heads learn differs from layer to layer (some look at the previous token, some at the
 * first); the grid shows that at a glance, and a click opens the map in the single view.
 */
export function AttentionGrid({ maps, current, labelOf, onPick }: AttentionGridProps) {
  const { t } = useTranslation();
  const rows = useMemo(
    () =>
      maps.map((m) => ({
        map: m,
        heads: Array.from(
          { length: m.heads },
          (_, h): HeatmapInput => ({ values: thumbnailContrast(headValues(m.data, h, m.rows.length, m.cols.length)), rows: m.rows, cols: m.cols, scale: 'sequential' }),
        ),
      })),
    [maps],
  );
  const maxHeads = Math.max(1, ...maps.map((m) => m.heads));
  return (
    <section className="studio-attention-grid" aria-label={t('studio.attentionGrid.heading')}>
      <h4>
        {t('studio.attentionGrid.heading')} <span className="muted">{t('studio.attentionGrid.hint')}</span>
      </h4>
      <table>
        <thead>
          <tr>
            <th />
            {Array.from({ length: maxHeads }, (_, h) => (
              <th key={h} scope="col">
                {t('studio.attentionGrid.head', { head: h + 1 })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ map, heads }) => {
            const block = labelOf(map.nodeId);
            return (
              <tr key={`${map.nodeId}#${map.copy}`} data-grid-row={`${map.nodeId}#${map.copy}`}>
                <th scope="row" title={t('studio.attentionGrid.row', { block, layer: map.copy + 1 })}>
                  <span className="grid-block">{block}</span>
                  <span>{t('studio.attentionGrid.layer', { layer: map.copy + 1 })}</span>
                </th>
                {heads.map((input, h) => {
                  const selected = map.nodeId === current.nodeId && map.copy === current.copy && (current.head === 'all' || current.head === h);
                  return (
                    <td key={h}>
                      <Heatmap
                        input={input}
                        size={THUMBNAIL_SIZE}
                        thumbnail
                        selected={selected}
                        name={t('studio.attentionGrid.cell', { block, layer: map.copy + 1, head: h + 1 })}
                        onClick={() => onPick({ nodeId: map.nodeId, copy: map.copy, head: h })}
                      />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

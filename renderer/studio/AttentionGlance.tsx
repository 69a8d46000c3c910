import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { specOf } from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { Heatmap } from './Heatmap';
import { headValues, type HeatmapInput } from './heatmap';
import { useStudioStore } from './studioStore';

/**
 * One attention map beside the run controls, so the loss curve and what the model attends to are in sight
 * together while it trains: the focused block and head (or the first block's first head). A click opens the
 * Attention tab with every head and layer.
 */
export function AttentionGlance({ onOpen, size = 140 }: { onOpen(): void; size?: number }) {
  const { t } = useTranslation();
  const attention = useStudioStore((s) => s.run.attention);
  const focus = useStudioStore((s) => s.focus);
  const doc = useDocumentStore((s) => s.doc);
  const maps = attention?.maps ?? [];
  const map = maps.find((m) => focus && m.nodeId === focus.nodeId && m.copy === focus.copy) ?? maps[0];
  const head = map ? Math.min(typeof focus?.head === 'number' ? focus.head : 0, map.heads - 1) : 0;
  const node = map && doc.nodes.find((n) => n.id === map.nodeId);
  const block = node ? (node.label ?? `${specOf(node.kind)?.label ?? node.kind} (${node.id})`) : (map?.nodeId ?? '');
  const input = useMemo<HeatmapInput | null>(
    () =>
      map
        ? {
            values: headValues(map.data, head, map.rows.length, map.cols.length),
            rows: map.rows,
            cols: map.cols,
            scale: 'sequential',
            rowCaption: t('studio.attention.query'),
            colCaption: t('studio.attention.key'),
          }
        : null,
    [map, head, t],
  );
  if (!map || !input) return null;
  return (
    <section className="studio-section studio-glance" aria-label={t('studio.glance.region')} data-testid="attention-glance">
      <p className="muted">{t('studio.glance.caption', { block, layer: map.copy + 1, head: head + 1, step: attention?.step ?? 0 })}</p>
      {/* Small enough that a 1,280×800 window shows it whole beside the loss chart (the caption names the head). */}
      <Heatmap input={input} size={size} name={t('studio.attention.mapName', { block, layer: map.copy + 1, head: head + 1 })} onClick={onOpen} />
    </section>
  );
}

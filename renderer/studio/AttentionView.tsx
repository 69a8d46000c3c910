import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { specOf, type AttentionMap } from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { AttentionGrid } from './AttentionGrid';
import { Heatmap } from './Heatmap';
import { headValues, type HeatmapInput } from './heatmap';
import { ProbeInput } from './ProbeInput';
import { useStudioStore, type AttentionFocus } from './studioStore';

function isCrossAttention(m: AttentionMap): boolean {
  return m.rows.length !== m.cols.length || m.rows.some((r, i) => r !== m.cols[i]);
}

function mapKey(m: { nodeId: string; copy: number }): string {
  return `${m.nodeId}#${m.copy}`;
}

/** Attention heat-maps per block, layer (copy in a repeated group) and head, on the probe input. */
export function AttentionView() {
  const { t } = useTranslation();
  const attention = useStudioStore((s) => s.run.attention);
  const focus = useStudioStore((s) => s.focus);
  const setFocus = useStudioStore((s) => s.setFocus);
  const doc = useDocumentStore((s) => s.doc);
  const maps = attention?.maps ?? [];
  // Without a choice, an encoder–decoder opens on its cross-attention: the alignment is the map to see.
  const current = maps.find((m) => focus && m.nodeId === focus.nodeId && m.copy === focus.copy) ?? maps.find(isCrossAttention) ?? maps[0];

  const labelOf = (nodeId: string) => {
    const n = doc.nodes.find((x) => x.id === nodeId);
    return n?.label ?? (n ? `${specOf(n.kind)?.label ?? n.kind} (${n.id})` : nodeId);
  };
  const layersOf = (nodeId: string) => maps.filter((m) => m.nodeId === nodeId).length;
  const blocks = [...new Set(maps.map((m) => m.nodeId))];

  if (!current) {
    return (
      <div className="studio-attention">
        <ProbeInput />
        <p className="muted studio-empty">{t('studio.attention.empty')}</p>
      </div>
    );
  }
  const head = focus?.head ?? 'all';
  const choose = (patch: Partial<AttentionFocus>) => setFocus({ nodeId: current.nodeId, copy: current.copy, head, ...patch });
  const crossAttention = isCrossAttention(current);

  return (
    <div className="studio-attention">
      <ProbeInput />
      <div className="studio-row">
        <label>
          {t('studio.attention.block')}{' '}
          <select aria-label={t('studio.attention.blockLabel')} value={current.nodeId} onChange={(e) => choose({ nodeId: e.target.value, copy: 0 })}>
            {blocks.map((id) => (
              <option key={id} value={id}>
                {labelOf(id)}
              </option>
            ))}
          </select>
        </label>
        {layersOf(current.nodeId) > 1 && (
          <label>
            {t('studio.attention.layer')}{' '}
            <select aria-label={t('studio.attention.layer')} value={current.copy} onChange={(e) => choose({ copy: Number(e.target.value) })}>
              {maps
                .filter((m) => m.nodeId === current.nodeId)
                .map((m) => (
                  <option key={m.copy} value={m.copy}>
                    {m.copy + 1}
                  </option>
                ))}
            </select>
          </label>
        )}
        <label>
          {t('studio.attention.head')}{' '}
          <select aria-label={t('studio.attention.head')} value={String(head)} onChange={(e) => choose({ head: e.target.value === 'all' ? 'all' : Number(e.target.value) })}>
            <option value="all">{t('studio.attention.allHeads')}</option>
            {Array.from({ length: current.heads }, (_, h) => (
              <option key={h} value={h}>
                {h + 1}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {t('studio.attention.caption', {
            step: attention?.step,
            rows: t(crossAttention ? 'studio.attention.rowsCross' : 'studio.attention.rowsSelf'),
            cols: t(crossAttention ? 'studio.attention.colsCross' : 'studio.attention.colsSelf'),
          })}
        </span>
      </div>
      <div className="studio-attention-layout">
        <HeadMaps map={current} head={head} title={labelOf(current.nodeId)} cross={crossAttention} onPick={(h) => choose({ head: h })} />
        {maps.length > 1 && <AttentionGrid maps={maps} current={{ nodeId: current.nodeId, copy: current.copy, head }} labelOf={labelOf} onPick={setFocus} />}
      </div>
    </div>
  );
}

function HeadMaps({ map, head, title, cross, onPick }: { map: AttentionMap; head: number | 'all'; title: string; cross: boolean; onPick(h: number): void }) {
  const { t } = useTranslation();
  const nameOf = (h: number) => t('studio.attention.mapName', { block: title, layer: map.copy + 1, head: h + 1 });
  const inputs = useMemo(
    () =>
      Array.from(
        { length: map.heads },
        (_, h): HeatmapInput => ({
          values: headValues(map.data, h, map.rows.length, map.cols.length),
          rows: map.rows,
          cols: map.cols,
          scale: 'sequential',
          title: t('studio.attention.headTitle', { n: h + 1 }),
          rowCaption: t(cross ? 'studio.attention.target' : 'studio.attention.query'),
          colCaption: t(cross ? 'studio.attention.source' : 'studio.attention.key'),
        }),
      ),
    [map, cross, t],
  );
  if (head !== 'all') {
    const h = Math.min(head, map.heads - 1);
    return (
      <div className="studio-maps" data-map-key={mapKey(map)}>
        <Heatmap input={inputs[h]} size={360} name={nameOf(h)} exportable />
      </div>
    );
  }
  return (
    <div className="studio-maps" data-map-key={mapKey(map)}>
      {inputs.map((input, h) => (
        <Heatmap key={h} input={input} size={map.heads > 2 ? 220 : 300} name={nameOf(h)} exportable onClick={() => onPick(h)} />
      ))}
    </div>
  );
}

/** Selecting an attention block on the canvas opens its maps. */
export function useFollowCanvasSelection(onOpen: () => void): void {
  const selected = useDocumentStore((s) => s.selection.nodes);
  // Only whether there are maps: the panel that calls this must not re-render at every snapshot.
  const hasMaps = useStudioStore((s) => s.run.attention !== null);
  const setFocus = useStudioStore((s) => s.setFocus);
  useEffect(() => {
    const maps = useStudioStore.getState().run.attention?.maps;
    if (selected.length !== 1 || !maps) return;
    const hit = maps.find((m) => m.nodeId === selected[0]);
    if (!hit) return;
    const prev = useStudioStore.getState().focus;
    if (prev?.nodeId === hit.nodeId) return;
    setFocus({ nodeId: hit.nodeId, copy: 0, head: 'all' });
    onOpen();
    // Only a new selection (or the first maps) opens them; later snapshots must not steal the tab back.
  }, [selected, hasMaps]);
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { specOf } from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { Heatmap } from './Heatmap';
import { transposeSteps, type HeatmapInput } from './heatmap';
import { ProbeInput } from './ProbeInput';
import { useStudioStore } from './studioStore';

/** Recurrent hidden states over time: one row per unit, one column per input token (blue > 0 > red). */
export function HiddenView() {
  const { t } = useTranslation();
  const hidden = useStudioStore((s) => s.run.hidden);
  const doc = useDocumentStore((s) => s.doc);
  const inputs = useMemo(
    () =>
      (hidden?.states ?? []).map((st): { key: string; name: string; input: HeatmapInput } => {
        const n = doc.nodes.find((x) => x.id === st.nodeId);
        const label = n?.label ?? (n ? specOf(n.kind)?.label ?? n.kind : st.nodeId);
        const name = t('studio.hidden.name', { block: label, layer: st.copy + 1, kind: t(st.kind === 'gates' ? 'studio.hidden.gates' : 'studio.hidden.state') });
        return {
          key: `${st.nodeId}#${st.copy}#${st.kind}`,
          name,
          input: {
            values: transposeSteps(st.data, st.steps.length, st.units),
            rows: Array.from({ length: st.units }, (_, u) => String(u + 1)),
            cols: st.steps,
            scale: 'diverging',
            title: name,
            rowCaption: t('studio.hidden.unit'),
            colCaption: t('studio.hidden.time'),
          },
        };
      }),
    [hidden, doc, t],
  );
  return (
    <div className="studio-hidden">
      <ProbeInput />
      {inputs.length ? (
        <div className="studio-maps">
          {inputs.map((m) => (
            <Heatmap key={m.key} input={m.input} size={420} name={m.name} exportable />
          ))}
        </div>
      ) : (
        <p className="muted studio-empty">{t('studio.hidden.empty')}</p>
      )}
    </div>
  );
}

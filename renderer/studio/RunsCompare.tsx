import { useTranslation } from 'react-i18next';
import { datasetInfo, type ChartPoint, type DatasetIdentity, type GraphDoc, type RunRecord } from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { Chart } from './Chart';
import { hasValues, type Line } from './chartData';
import { useStudioStore } from './studioStore';

/** Run A and run B of a comparison, train and validation. */
const COMPARE_COLOURS = [
  { train: '#3b5bdb', validation: '#91a7ff' },
  { train: '#e8590c', validation: '#ffa94d' },
] as const;

type Metric = (p: ChartPoint) => number | undefined;

const METRICS: { id: string; key: 'loss' | 'accuracy' | 'perplexity' | 'learningRate'; train: Metric; validation: Metric | null; logY: boolean }[] = [
  { id: 'Loss', key: 'loss', train: (p) => p.loss, validation: (p) => p.validationLoss, logY: true },
  { id: 'Accuracy', key: 'accuracy', train: (p) => p.accuracy, validation: (p) => p.validationAccuracy, logY: false },
  { id: 'Perplexity', key: 'perplexity', train: (p) => p.perplexity, validation: (p) => p.validationPerplexity, logY: true },
  { id: 'Learning rate', key: 'learningRate', train: (p) => p.learningRate, validation: null, logY: false },
];

/**
 * The document's runs with the settings that tell them apart; ticking two compares them, overlaid on one set
 * of charts or side by side. Runs belong to the document, so runs of an earlier version of the graph are
 * listed and compared too.
 */
export function RunsTable() {
  const { t, i18n } = useTranslation();
  const runs = useStudioStore((s) => s.runs);
  const compare = useStudioStore((s) => s.compare);
  const toggle = useStudioStore((s) => s.toggleCompare);
  const doc = useDocumentStore((s) => s.doc);
  if (!runs.length) return null;
  const number = (n: number) => n.toLocaleString(i18n.language);
  return (
    <section className="studio-runs" aria-label={t('studio.run.runsHeading')}>
      <h3>{t('studio.run.runsHeading')}</h3>
      <p className="muted">{t('studio.run.runsHint')}</p>
      <table className="studio-runs-table">
        <thead>
          <tr>
            <th scope="col">{t('studio.run.compareColumn')}</th>
            <th scope="col">{t('studio.run.runColumn')}</th>
            <th scope="col">{t('studio.run.stepsColumn')}</th>
            <th scope="col">{t('studio.settings.optimizer')}</th>
            <th scope="col">{t('studio.settings.learningRate')}</th>
            <th scope="col">{t('studio.settings.batchSize')}</th>
            <th scope="col">{t('studio.data.dataset')}</th>
            <th scope="col">{t('studio.run.frozenColumn')}</th>
            <th scope="col">{t('studio.run.initFromColumn')}</th>
            <th scope="col">{t('studio.run.finalLossColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {[...runs].reverse().map((r) => (
            <tr key={r.id} data-run={r.id} className={compare.includes(r.id) ? 'picked' : ''}>
              <td>
                <input type="checkbox" aria-label={t('studio.run.pick', { label: r.label })} checked={compare.includes(r.id)} onChange={() => toggle(r.id)} />
              </td>
              <td>
                {r.label} <span className="muted">{t(`studio.status.${r.status}`)}</span>
              </td>
              <td>{r.startStep > 0 ? `${number(r.startStep)} → ${number(r.startStep + r.steps)}` : number(r.steps)}</td>
              <td>{r.training.optimizer}</td>
              <td>{r.training.learningRate}</td>
              <td>{r.training.batchSize}</td>
              <td>{datasetName(r.dataset)}</td>
              <td>{r.frozen.length ? r.frozen.map((id) => nodeName(doc, id)).join(', ') : '–'}</td>
              <td>{r.initFrom ?? '–'}</td>
              <td>{r.final.loss.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Two picked runs: one chart per metric with both runs, or each run's charts in a column of its own. */
export function CompareCharts({ width, columnWidth, visible }: { width: number; columnWidth: number; visible: boolean }) {
  const { t } = useTranslation();
  const runs = useStudioStore((s) => s.runs);
  const compare = useStudioStore((s) => s.compare);
  const layout = useStudioStore((s) => s.compareLayout);
  const setLayout = useStudioStore((s) => s.setCompareLayout);
  const toggle = useStudioStore((s) => s.toggleCompare);
  const picked = compare.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunRecord => !!r);
  if (picked.length !== 2) return null;

  const linesOf = (r: RunRecord, i: number, m: (typeof METRICS)[number]): Line[] => [
    { label: `${r.label} · ${t('studio.charts.train')}`, points: r.points, value: m.train, colour: COMPARE_COLOURS[i].train },
    ...(m.validation ? [{ label: `${r.label} · ${t('studio.charts.validation')}`, points: r.points, value: m.validation, colour: COMPARE_COLOURS[i].validation }] : []),
  ];

  return (
    <section className="studio-compare" aria-label={t('studio.run.compareHeading')} data-layout={layout}>
      <div className="studio-row">
        <strong>{t('studio.run.compareHeading')}</strong>
        <span role="radiogroup" aria-label={t('studio.run.layout')}>
          {(['overlay', 'sideBySide'] as const).map((l) => (
            <label key={l}>
              <input type="radio" name="studio-compare-layout" checked={layout === l} onChange={() => setLayout(l)} /> {t(`studio.run.${l}`)}
            </label>
          ))}
        </span>
        <button type="button" className="link" onClick={() => picked.forEach((r) => toggle(r.id))}>
          {t('studio.run.endCompare')}
        </button>
      </div>
      {layout === 'overlay' ? (
        <div className="studio-charts">
          {METRICS.map((m) => {
            const lines = picked.flatMap((r, i) => linesOf(r, i, m));
            return <Chart key={m.id} id={`${m.id} (compare)`} title={t(`studio.charts.${m.key}`)} lines={lines} logY={m.logY} width={width} visible={visible} hidden={!hasValues(lines)} />;
          })}
        </div>
      ) : (
        <div className="studio-compare-columns">
          {picked.map((r, i) => (
            <div key={r.id} className="studio-compare-column" data-run={r.id}>
              <h4>{r.label}</h4>
              {METRICS.map((m) => {
                const lines = linesOf(r, i, m);
                return (
                  <Chart key={m.id} id={`${m.id} (${r.label})`} title={t(`studio.charts.${m.key}`)} lines={lines} logY={m.logY} width={columnWidth} visible={visible} hidden={!hasValues(lines)} />
                );
              })}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function datasetName(identity: DatasetIdentity): string {
  return identity.kind === 'bundled' ? (datasetInfo(identity.id)?.name ?? identity.id) : identity.name;
}

/** A frozen block by the name the canvas shows, or its id where the graph no longer has it. */
function nodeName(doc: GraphDoc, id: string): string {
  const node = doc.nodes.find((n) => n.id === id);
  return node?.label || id;
}

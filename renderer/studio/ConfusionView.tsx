import { useTranslation } from 'react-i18next';
import { overallAccuracy, perClassAccuracy, type SampleMessage } from '../../engine';
import { cellColour } from './heatmap';
import { percent, ProbabilityBars } from './ProbabilityBars';

/**
 * A classifier's confusion matrix over the validation split (rows: the true class, columns: the prediction; each
 * cell shaded by its share of its row, so a class with few examples reads as clearly as a large one) and the
 * per-class accuracy beside it. It comes with each snapshot's sample, so it follows the model as it trains.
 */
export function ConfusionView({ sample }: { sample: Extract<SampleMessage, { kind: 'classification' }> }) {
  const { t } = useTranslation();
  const m = sample.confusion;
  if (!m) return null;
  const n = m.classes.length;
  const perClass = perClassAccuracy(m);
  const overall = overallAccuracy(m);
  return (
    <section className="studio-confusion" aria-label={t('studio.confusion.heading')}>
      <h4>{t('studio.confusion.heading')}</h4>
      <p className="muted small">
        {t('studio.confusion.caption', { examples: m.examples, step: sample.step, accuracy: overall === null ? '—' : percent(overall) })}
      </p>
      <div className="confusion-layout">
        <table className="confusion-matrix" data-examples={m.examples}>
          <thead>
            <tr>
              <th>
                <div className="confusion-corner">
                  <span>{t('studio.confusion.predicted')} →</span>
                  <span>{t('studio.confusion.actual')} ↓</span>
                </div>
              </th>
              {m.classes.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.classes.map((actual, i) => {
              const rowTotal = perClass[i].examples;
              return (
                <tr key={actual}>
                  <th scope="row">{actual}</th>
                  {m.classes.map((predicted, j) => {
                    const count = m.counts[i * n + j];
                    const share = rowTotal > 0 ? count / rowTotal : 0;
                    return (
                      <td
                        key={predicted}
                        className={i === j ? 'diagonal' : undefined}
                        data-count={count}
                        title={t('studio.confusion.cell', { actual, predicted, count })}
                        style={{ background: cellColour(share, 'sequential', 1), color: share > 0.55 ? '#fff' : undefined }}
                      >
                        {count}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="confusion-per-class">
          <div className="muted small">{t('studio.confusion.perClass')}</div>
          <ProbabilityBars
            rows={perClass.map((c) => ({ label: c.label, p: c.accuracy ?? 0, muted: c.accuracy === null }))}
            label={t('studio.confusion.perClass')}
            barLabel={(r) => {
              const c = perClass.find((x) => x.label === r.label);
              return `${r.label}: ${c?.accuracy === null || !c ? t('studio.confusion.none') : `${percent(c.accuracy)} (${c.correct}/${c.examples})`}`;
            }}
          />
        </div>
      </div>
    </section>
  );
}

import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartPoint } from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { STUDIO_DOCK, useViewStore } from '../store/viewStore';
import { Chart } from './Chart';
import { hasValues, type Line } from './chartData';
import { CompareCharts, RunsTable } from './RunsCompare';
import { pastRunsOf, useStudioStore } from './studioStore';

const TRAIN = '#3b5bdb';
const VALIDATION = '#e8590c';
const PAST = ['#adb5bd', '#91a7ff', '#ffc078', '#8ce99a'];

type Metric = (p: ChartPoint) => number | undefined;

/**
 * Live training curves, with the earlier runs of the same graph faded behind the current one. The charts
 * exist before the first step (empty until then) and stay mounted while another tab shows (`visible`
 * false): building a uPlot chart costs the UI thread tens of milliseconds when training shares the CPU,
 * so it is done when the studio opens, not when the first points arrive.
 */
export function ChartsView({ visible = true }: { visible?: boolean }) {
  const { t } = useTranslation();
  const points = useStudioStore((s) => s.run.points);
  const doc = useDocumentStore((s) => s.doc);
  const runs = useStudioStore((s) => s.runs);
  const runGraphs = useStudioStore((s) => s.runGraphs);
  const runId = useStudioStore((s) => s.run.runId);
  const comparing = useStudioStore((s) => s.compare.length === 2);
  const past = useMemo(() => pastRunsOf(runs, runGraphs, runId, doc), [runs, runGraphs, runId, doc]);
  const box = useRef<HTMLDivElement>(null);
  const { chartWidth, columnWidth } = useChartWidth(box);
  // A short studio (its opening height in a 1,280×800 window) draws shorter charts, the loss chart first and its
  // numbers under it, so the whole loss chart shows beside the run controls and the attention map.
  const compact = useViewStore((s) => s.studioDockHeight < STUDIO_DOCK.compactBelow);
  const chartHeight = compact ? COMPACT_CHART_HEIGHT : CHART_HEIGHT;

  const lines = (train: Metric, validation: Metric | null): Line[] => [
    ...past.map((r, i) => ({ label: r.label, points: r.points, value: train, past: true, colour: PAST[i % PAST.length] })),
    { label: t('studio.charts.train'), points, value: train, colour: TRAIN },
    ...(validation ? [{ label: t('studio.charts.validation'), points, value: validation, colour: VALIDATION }] : []),
  ];

  const loss = lines((p) => p.loss, (p) => p.validationLoss);
  const accuracy = lines((p) => p.accuracy, (p) => p.validationAccuracy);
  const perplexity = lines((p) => p.perplexity, (p) => p.validationPerplexity);
  const lr = lines((p) => p.learningRate, null);

  const first = points[0];
  const last = points.at(-1);
  const live = visible && !comparing;
  return (
    <div className={`studio-charts-view${compact ? ' compact' : ''}`} ref={box}>
      {comparing && <CompareCharts width={chartWidth} columnWidth={columnWidth} visible={visible} />}
      {/* Hidden, not unmounted, while two runs are compared: see the comment above. */}
      <div className="studio-charts" hidden={comparing}>
        {!points.length && !past.length && <p className="muted studio-empty">{t('studio.charts.empty')}</p>}
        {first && last && (
          <p className="studio-chart-summary" data-points={points.length} data-first-loss={first.loss} data-last-loss={last.loss}>
            {t('studio.charts.summary', { first: first.loss.toFixed(3), firstStep: first.step, last: last.loss.toFixed(3), lastStep: last.step })}
            {last.validationLoss !== undefined && t('studio.charts.validationSummary', { value: last.validationLoss.toFixed(3) })}
          </p>
        )}
        <ValidationNumbers points={points} />
        <Chart id="Loss" title={t('studio.charts.loss')} lines={loss} logY width={chartWidth} height={chartHeight} visible={live} />
        {/* Built with the others and shown once the run reports an accuracy, so showing it mid-run costs no chart build. */}
        <Chart id="Accuracy" title={t('studio.charts.accuracy')} lines={accuracy} width={chartWidth} height={chartHeight} visible={live} hidden={!hasValues(accuracy)} />
        <Chart id="Perplexity" title={t('studio.charts.perplexity')} lines={perplexity} logY width={chartWidth} height={chartHeight} visible={live} />
        <Chart id="Learning rate" title={t('studio.charts.learningRate')} lines={lr} width={chartWidth} height={chartHeight} visible={live} />
      </div>
      <RunsTable />
    </div>
  );
}

const CHART_HEIGHT = 150;
const COMPACT_CHART_HEIGHT = 96;

/**
 * The latest held-out loss and accuracy as numbers beside the curves, with how many examples they are measured
 * on: the whole held-out split when it is small, else the same fixed subset at every validation (the run reports
 * both counts), so two points of a curve compare one model with another and not one sample with another.
 */
function ValidationNumbers({ points }: { points: readonly ChartPoint[] }) {
  const { t, i18n } = useTranslation();
  const validationSet = useStudioStore((s) => s.run.validationSet);
  const last = [...points].reverse().find((p) => p.validationLoss !== undefined);
  if (!last) return null;
  const format = (n: number) => n.toLocaleString(i18n.language);
  const examples = validationSet?.examples;
  const heldOut = validationSet?.heldOut;
  return (
    <p
      className="studio-validation-numbers"
      data-testid="validation-numbers"
      data-loss={last.validationLoss}
      data-accuracy={last.validationAccuracy ?? ''}
      data-step={last.step}
      data-examples={examples ?? ''}
      data-held-out={heldOut ?? ''}
    >
      <strong>{t('studio.charts.validationAt', { step: format(last.step) })}</strong> {t('studio.charts.validationLoss', { value: last.validationLoss!.toFixed(3) })}
      {last.validationAccuracy !== undefined && <> · {t('studio.charts.validationAccuracy', { value: (100 * last.validationAccuracy).toFixed(1) })}</>}{' '}
      {examples !== undefined && (
        <span className="muted">
          {heldOut !== undefined && heldOut > examples
            ? t('studio.charts.validationSample', { count: format(examples), total: format(heldOut) })
            : t('studio.charts.validationWhole', { count: format(examples) })}
        </span>
      )}
    </p>
  );
}

/**
 * Two charts side by side when the panel is wide enough, one per row otherwise (`chartWidth`); and the width of
 * each of two runs' columns compared side by side, which share the panel whatever its width (`columnWidth`).
 */
function useChartWidth(box: React.RefObject<HTMLElement | null>): { chartWidth: number; columnWidth: number } {
  const [available, setAvailable] = useState(620);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const next = el.clientWidth;
      if (!next) return;
      setAvailable((w) => (Math.abs(w - next) > 8 ? next : w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [box]);
  return {
    chartWidth: available >= 500 ? Math.floor((available - 14) / 2) : Math.max(220, available - 4),
    columnWidth: Math.max(180, Math.floor((available - 12) / 2) - 4),
  };
}

import { useMemo } from 'react';
import type { ChartPoint } from '../../engine/train/protocol';
import { useDocumentStore } from '../store/documentStore';
import { Chart } from './Chart';
import { hasValues, type Line } from './chartData';
import { pastRunsOf, useStudioStore } from './studioStore';

const TRAIN = '#3b5bdb';
const VALIDATION = '#e8590c';
const PAST = ['#adb5bd', '#91a7ff', '#ffc078', '#8ce99a'];

type Metric = (p: ChartPoint) => number | undefined;

/** Live training curves, with the earlier runs of the same graph faded behind the current one. */
export function ChartsView() {
  const points = useStudioStore((s) => s.run.points);
  const doc = useDocumentStore((s) => s.doc);
  const history = useStudioStore((s) => s.history);
  const runId = useStudioStore((s) => s.run.runId);
  const past = useMemo(() => pastRunsOf(history, runId, doc), [history, runId, doc]);

  const lines = (train: Metric, validation: Metric | null): Line[] => [
    ...past.map((r, i) => ({ label: r.label, points: r.points, value: train, past: true, colour: PAST[i % PAST.length] })),
    { label: 'train', points, value: train, colour: TRAIN },
    ...(validation ? [{ label: 'validation', points, value: validation, colour: VALIDATION }] : []),
  ];

  const loss = lines((p) => p.loss, (p) => p.validationLoss);
  const accuracy = lines((p) => p.accuracy, (p) => p.validationAccuracy);
  const perplexity = lines((p) => p.perplexity, (p) => p.validationPerplexity);
  const lr = lines((p) => p.learningRate, null);

  if (!points.length && !past.length) {
    return <p className="muted studio-empty">Press Start: the loss, accuracy, perplexity and learning-rate curves appear here as the model trains.</p>;
  }
  const first = points[0];
  const last = points.at(-1);
  return (
    <div className="studio-charts">
      {first && last && (
        <p className="studio-chart-summary" data-points={points.length} data-first-loss={first.loss} data-last-loss={last.loss}>
          Loss {first.loss.toFixed(3)} at step {first.step} → {last.loss.toFixed(3)} at step {last.step}
          {last.validationLoss !== undefined && <> · validation {last.validationLoss.toFixed(3)}</>}
        </p>
      )}
      <Chart title="Loss" lines={loss} logY />
      {hasValues(accuracy) && <Chart title="Accuracy" lines={accuracy} />}
      <Chart title="Perplexity" lines={perplexity} logY />
      <Chart title="Learning rate" lines={lr} />
    </div>
  );
}

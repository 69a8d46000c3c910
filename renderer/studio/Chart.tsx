import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignLines, tickLabels, type Line } from './chartData';
import { exportCanvasPng } from './exportImage';
import { inNextFrames } from './frameJobs';

interface ChartProps {
  /** Stable name, whatever the UI language: the `data-chart` attribute and the exported file's name. */
  id: string;
  /** The heading shown, in the UI language. */
  title: string;
  lines: Line[];
  /** Log scale on y (loss, perplexity) makes the late, slow part of a curve readable. */
  logY?: boolean;
  width?: number;
  height?: number;
  /** False while its tab is hidden: new points are drawn when it shows again, not on every step. */
  visible?: boolean;
  /** Built but not shown (a metric the run has no values for yet, such as accuracy before the first step). */
  hidden?: boolean;
}

const STEP_TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

let canDraw: boolean | null = null;
/** uPlot draws on a 2D canvas; where there is none (jsdom), the chart keeps its title and PNG button only. */
function canvasAvailable(): boolean {
  if (canDraw === null) {
    try {
      canDraw = !!document.createElement('canvas').getContext('2d');
    } catch {
      canDraw = false;
    }
  }
  return canDraw;
}

/** One live uPlot chart; data updates reuse the plot instead of rebuilding it. */
export function Chart({ id, title, lines, logY = false, width = 300, height = 150, visible = true, hidden = false }: ChartProps) {
  const { t, i18n } = useTranslation();
  const stepLabel = t('studio.charts.step');
  const locale = i18n.language;
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = lines.map((l) => `${l.label}|${l.colour}|${l.past ? 1 : 0}`).join(',');
  // The newest data, for a chart that is built a frame or two after the render that asked for it.
  const latest = useRef(lines);
  latest.current = lines;

  useEffect(() => {
    const el = host.current;
    if (!el || !canvasAvailable()) return;
    let created: uPlot | null = null;
    const build = () => {
      try {
        created = new uPlot(
          {
            width,
            height,
            legend: { show: true, live: false },
            cursor: { drag: { x: false, y: false } },
            scales: { x: { time: false }, y: logY ? { distr: 3 } : {} },
            // Steps are whole numbers: no tick at step 2.5.
            axes: [{ size: 30, incrs: STEP_TICKS }, { size: 44, values: (_plot, ticks) => tickLabels(ticks, locale) }],
            series: [
              { label: stepLabel },
              ...lines.map((l) => ({
                label: l.label,
                stroke: l.colour,
                width: l.past ? 1 : 2,
                dash: l.past ? [4, 3] : undefined,
                spanGaps: true,
                points: { show: false },
              })),
            ],
          },
          alignLines(latest.current) as uPlot.AlignedData,
          el,
        );
      } catch {
        // No canvas (jsdom): the title and legend below still say what the chart would show.
      }
      plot.current = created;
    };
    // Building a chart takes ~10 ms of the UI thread: one per frame, not all four in one task.
    const cancel = inNextFrames(build);
    return () => {
      cancel();
      created?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of lines changes; new points go through setData below.
  }, [shape, logY, width, height, stepLabel, locale]);

  useEffect(() => {
    if (!visible || hidden) return;
    // In a frame of its own, like the build: a redraw of the axes and lines costs several ms per chart.
    // A newer update cancels a pending one, so a chart never falls behind the messages.
    return inNextFrames(() => plot.current?.setData(alignLines(latest.current) as uPlot.AlignedData));
  }, [lines, visible, hidden]);

  const exportPng = () => {
    const canvas = host.current?.querySelector('canvas');
    if (canvas) void exportCanvasPng(canvas, id);
  };

  return (
    <figure className="studio-chart" data-chart={id} hidden={hidden}>
      <figcaption>
        <span>{title}</span>
        <button type="button" className="link" onClick={exportPng} title={t('studio.charts.savePng', { title })}>
          PNG
        </button>
      </figcaption>
      <div ref={host} />
    </figure>
  );
}

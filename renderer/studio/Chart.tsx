import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignLines, type Line } from './chartData';
import { exportCanvasPng } from './exportImage';

interface ChartProps {
  title: string;
  lines: Line[];
  /** Log scale on y (loss, perplexity) makes the late, slow part of a curve readable. */
  logY?: boolean;
  width?: number;
  height?: number;
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
export function Chart({ title, lines, logY = false, width = 300, height = 150 }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = lines.map((l) => `${l.label}|${l.colour}|${l.past ? 1 : 0}`).join(',');

  useEffect(() => {
    if (!host.current || !canvasAvailable()) return;
    let created: uPlot | null = null;
    try {
      created = new uPlot(
        {
          width,
          height,
          legend: { show: true, live: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: false }, y: logY ? { distr: 3 } : {} },
          // Steps are whole numbers: no tick at step 2.5.
          axes: [{ size: 30, incrs: STEP_TICKS }, { size: 44 }],
          series: [
            { label: 'step' },
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
        alignLines(lines) as uPlot.AlignedData,
        host.current,
      );
    } catch {
      // No canvas (jsdom): the title and legend below still say what the chart would show.
    }
    plot.current = created;
    return () => {
      created?.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of lines changes; new points go through setData below.
  }, [shape, logY, width, height]);

  useEffect(() => {
    plot.current?.setData(alignLines(lines) as uPlot.AlignedData);
  }, [lines]);

  const exportPng = () => {
    const canvas = host.current?.querySelector('canvas');
    if (canvas) void exportCanvasPng(canvas, title);
  };

  return (
    <figure className="studio-chart" data-chart={title}>
      <figcaption>
        <span>{title}</span>
        <button type="button" className="link" onClick={exportPng} title={`Save the ${title} chart as PNG`}>
          PNG
        </button>
      </figcaption>
      <div ref={host} />
    </figure>
  );
}

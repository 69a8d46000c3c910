/**
 * Turns run histories into uPlot's aligned columns: one shared step axis, one column per line, `null`
 * where a line has no point at that step (validation runs every few steps; earlier runs may be longer).
 */
import type { ChartPoint } from '../../engine';

export interface Line {
  label: string;
  points: ChartPoint[];
  value(p: ChartPoint): number | undefined;
  /** Earlier runs are drawn faded and dashed. */
  past?: boolean;
  colour: string;
}

export type Aligned = [number[], ...(number | null)[][]];

export function alignLines(lines: readonly Line[]): Aligned {
  const steps = new Set<number>();
  for (const l of lines) for (const p of l.points) if (isShown(l.value(p))) steps.add(p.step);
  const xs = [...steps].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = lines.map((l) => {
    const col: (number | null)[] = new Array(xs.length).fill(null);
    for (const p of l.points) {
      const v = l.value(p);
      if (isShown(v)) col[index.get(p.step)!] = v;
    }
    return col;
  });
  return [xs, ...columns];
}

function isShown(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v);
}

/** Whether any line has a value to draw (charts for metrics the head lacks, e.g. accuracy, stay hidden). */
export function hasValues(lines: readonly Line[]): boolean {
  return lines.some((l) => l.points.some((p) => isShown(l.value(p))));
}

/**
 * A y-axis tick label. uPlot's own rounds to three decimals, so the ticks of a learning rate of 0.0005 all read
 * “0”; these keep four significant digits, and very small values in e-notation, so they fit the axis.
 */
export function tickLabel(value: number, locale?: string): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString(locale);
  const rounded = Number(value.toPrecision(4));
  if (Math.abs(rounded) < 1e-3) return Number(value.toPrecision(3)).toExponential();
  return rounded.toLocaleString(locale, { maximumFractionDigits: 6 });
}

/** The labels of an axis's ticks; a log axis passes the ticks it has no room to label as null, and they stay blank. */
export function tickLabels(ticks: readonly (number | null)[], locale?: string): string[] {
  return ticks.map((v) => (v === null || v === undefined ? '' : tickLabel(v, locale)));
}

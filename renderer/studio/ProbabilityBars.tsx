import './studioViews.css';

export interface ProbabilityRow {
  /** What the bar is for: a token, a class. */
  label: string;
  /** In 0..1. */
  p: number;
  /** Marked (e.g. left out by top-k / top-p): drawn muted. */
  muted?: boolean;
}

/** Percent with one decimal under 10 % (so 0.4 % is not shown as 0 %). */
export function percent(p: number): string {
  const v = p * 100;
  return `${v < 10 && v > 0 ? v.toFixed(1) : v.toFixed(0)}%`;
}

/** Horizontal bars, one per row, the longest at full width: probabilities read as lengths, the number beside. */
export function ProbabilityBars({ rows, label, barLabel }: { rows: readonly ProbabilityRow[]; label: string; barLabel(row: ProbabilityRow): string }) {
  return (
    <ol className="probability-bars" aria-label={label}>
      {rows.map((r, i) => (
        <li key={`${i}-${r.label}`} className={r.muted ? 'muted-bar' : undefined} aria-label={barLabel(r)} data-token={r.label} data-p={r.p.toFixed(6)}>
          <span className="probability-label" title={r.label}>
            {r.label}
          </span>
          <span className="probability-track">
            <span className="probability-fill" style={{ width: `${Math.max(0, Math.min(1, r.p)) * 100}%` }} />
          </span>
          <span className="probability-value">{percent(r.p)}</span>
        </li>
      ))}
    </ol>
  );
}

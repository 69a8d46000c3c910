import { formatProblem } from '../../engine/graph/errors';
import { formatBytes, formatCount, type Preflight } from './preflight';

/** Parameters and memory before Start, and why a run cannot start. */
export function PreflightView({ check }: { check: Preflight }) {
  const m = check.memory;
  return (
    <section className="studio-section studio-preflight" aria-label="Pre-flight check">
      <p>
        <strong>{formatCount(check.params)}</strong> parameters · memory ≈ <strong>{formatBytes(m.total)}</strong>
        <span className="muted">
          {' '}
          (weights+grads {formatBytes(m.weights)}, optimizer {formatBytes(m.optimizer)}, activations {formatBytes(m.activations)})
        </span>
      </p>
      {check.largest && (
        <p className="muted">
          Largest activation: {check.largest.term} of {check.largest.label} ({formatBytes(check.largest.bytes)})
        </p>
      )}
      {check.problems.map((p, i) => (
        <p key={i} className="studio-error" role="alert" data-code={p.code}>
          {formatProblem(p)}
        </p>
      ))}
    </section>
  );
}

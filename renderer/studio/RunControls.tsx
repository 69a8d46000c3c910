import { etaSeconds, isActive } from '../../engine/train/protocol';
import type { BackendChoice } from '../../engine/train/protocol';
import { useStudioStore } from './studioStore';

function formatEta(s: number | null): string {
  if (s === null) return '–';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

const STATUS_WORDS: Record<string, string> = {
  idle: 'Ready',
  starting: 'Starting…',
  running: 'Training',
  paused: 'Paused',
  stopping: 'Stopping…',
  done: 'Finished',
  stopped: 'Stopped',
  failed: 'Failed',
};

/** Start / Pause / Resume / Stop, the progress bar with ETA, tokens/s and the backend in use. */
export function RunControls({ onStart, canStart }: { onStart(): void; canStart: boolean }) {
  const run = useStudioStore((s) => s.run);
  const control = useStudioStore((s) => s.control);
  const backends = useStudioStore((s) => s.backends);
  const backendChoice = useStudioStore((s) => s.backendChoice);
  const setBackend = useStudioStore((s) => s.setBackend);
  const active = isActive(run.status);
  const p = run.latest;
  const fraction = p ? p.step / p.totalSteps : 0;

  return (
    <section className="studio-section studio-controls" aria-label="Run controls">
      <div className="studio-row">
        <button type="button" className="primary" onClick={onStart} disabled={!canStart || active}>
          Start
        </button>
        {run.status === 'paused' ? (
          <button type="button" onClick={() => control('resume')}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={() => control('pause')} disabled={run.status !== 'running'}>
            Pause
          </button>
        )}
        <button type="button" onClick={() => control('stop')} disabled={!active || run.status === 'stopping'}>
          Stop
        </button>
        <label title="Auto picks the fastest backend found here; a model cannot move between backends mid-run.">
          <select aria-label="Backend" value={backendChoice} disabled={active} onChange={(e) => setBackend(e.target.value as BackendChoice)}>
            <option value="auto">auto</option>
            {(backends.length ? backends : ['webgpu', 'webgl', 'wasm', 'cpu']).map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="studio-progress" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={p?.totalSteps ?? 0} aria-valuenow={p?.step ?? 0}>
        <div className="studio-progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <p className="studio-status" data-status={run.status}>
        <strong>{STATUS_WORDS[run.status]}</strong>
        {p && (
          <>
            {' '}
            · step <span data-testid="studio-step">{p.step}</span> / {p.totalSteps} · loss {p.loss.toFixed(3)} · {Math.round(p.tokensPerSec).toLocaleString('en')} tokens/s ·
            ETA {formatEta(active ? etaSeconds(p) : 0)}
          </>
        )}
        {run.backend && <> · backend {run.backend}</>}
      </p>
      {run.problem && (
        <p className="studio-error" role="alert" data-code={run.problem.code}>
          {run.problem.message} {run.problem.fix}
        </p>
      )}
    </section>
  );
}

import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { etaSeconds, isActive } from './runState';
import type { BackendChoice } from '../../engine/train/protocol';
import { useStudioStore } from './studioStore';

function formatEta(s: number | null, t: TFunction): string {
  if (s === null) return '–';
  if (s < 60) return t('studio.time.seconds', { s: Math.round(s) });
  if (s < 3600) return t('studio.time.minutes', { m: Math.floor(s / 60), s: Math.round(s % 60) });
  return t('studio.time.hours', { h: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) });
}

/** Start / Pause / Resume / Stop, the progress bar with ETA, tokens/s and the backend in use. */
export function RunControls({ onStart, canStart }: { onStart(): void; canStart: boolean }) {
  const { t, i18n } = useTranslation();
  const run = useStudioStore((s) => s.run);
  const control = useStudioStore((s) => s.control);
  const backends = useStudioStore((s) => s.backends);
  const backendChoice = useStudioStore((s) => s.backendChoice);
  const setBackend = useStudioStore((s) => s.setBackend);
  const active = isActive(run.status);
  const p = run.latest;
  const fraction = p ? p.step / p.totalSteps : 0;

  return (
    <section className="studio-section studio-controls" aria-label={t('studio.controls.region')}>
      <div className="studio-row">
        <button type="button" className="primary" onClick={onStart} disabled={!canStart || active}>
          {t('studio.controls.start')}
        </button>
        {run.status === 'paused' ? (
          <button type="button" onClick={() => control('resume')}>
            {t('studio.controls.resume')}
          </button>
        ) : (
          <button type="button" onClick={() => control('pause')} disabled={run.status !== 'running'}>
            {t('studio.controls.pause')}
          </button>
        )}
        <button type="button" onClick={() => control('stop')} disabled={!active || run.status === 'stopping'}>
          {t('studio.controls.stop')}
        </button>
        <label title={t('studio.controls.backendHint')}>
          <select aria-label={t('studio.controls.backend')} value={backendChoice} disabled={active} onChange={(e) => setBackend(e.target.value as BackendChoice)}>
            <option value="auto">{t('studio.controls.auto')}</option>
            {(backends.length ? backends : ['webgpu', 'webgl', 'wasm', 'cpu']).map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="studio-progress" role="progressbar" aria-label={t('studio.controls.progress')} aria-valuemin={0} aria-valuemax={p?.totalSteps ?? 0} aria-valuenow={p?.step ?? 0}>
        <div className="studio-progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <p className="studio-status" data-status={run.status}>
        <strong>{t(`studio.status.${run.status}`)}</strong>
        {p && (
          <>
            {' '}
            · {t('studio.controls.step')} <span data-testid="studio-step">{p.step}</span> / {p.totalSteps} · {t('studio.controls.loss', { value: p.loss.toFixed(3) })} ·{' '}
            {t('studio.controls.tokensPerSec', { value: Math.round(p.tokensPerSec).toLocaleString(i18n.language) })} ·{' '}
            {t('studio.controls.eta', { value: formatEta(active ? etaSeconds(p) : 0, t) })}
          </>
        )}
        {run.backend && <> · {t('studio.controls.backendInUse', { name: run.backend })}</>}
      </p>
      {run.problem && (
        <p className="studio-error" role="alert" data-code={run.problem.code}>
          {run.problem.message} {run.problem.fix}
        </p>
      )}
    </section>
  );
}

import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BackendChoice, Problem, StartMode } from '../../engine';
import { problemLine, problemText } from '../problems/problemText';
import { useDocumentStore } from '../store/documentStore';
import { etaSeconds, isActive } from './runState';
import { continueBlocker, dataHintOf, useStudioStore } from './studioStore';

function formatEta(s: number | null, t: TFunction): string {
  if (s === null) return '–';
  if (s < 60) return t('studio.time.seconds', { s: Math.round(s) });
  if (s < 3600) return t('studio.time.minutes', { m: Math.floor(s / 60), s: Math.round(s % 60) });
  return t('studio.time.hours', { h: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) });
}

/**
 * Whether training on `backend` is held to one thread because the page is not cross-origin isolated: only
 * WebAssembly would use more (renderer/worker/backendProbe.ts makes the same test); the GPU backends do not
 * depend on it and the CPU backend is single-threaded anyway.
 */
export function runsSingleThreaded(backend: string | null | undefined, isolated: unknown = globalThis.crossOriginIsolated): boolean {
  return backend === 'wasm' && isolated !== true;
}

/**
 * Start (or, once the worker holds a trained model, Continue and Train from scratch) / Pause / Resume / Stop,
 * the progress bar with ETA, tokens/s and the backend in use.
 */
export function RunControls({ onStart, blocker }: { onStart(mode: StartMode): void; blocker: Problem | null }) {
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
        <StartButtons onStart={onStart} disabled={blocker !== null || active} />
        {run.status === 'paused' ? (
          <button type="button" onClick={() => control('resume')}>
            {t('studio.controls.resume')}
          </button>
        ) : (
          <button type="button" onClick={() => control('pause')} disabled={run.status !== 'running'}>
            {t('studio.controls.pause')}
          </button>
        )}
        <button type="button" onClick={() => control('stop')} disabled={!active || run.status === 'stopping' || run.status === 'loading'}>
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
      {runsSingleThreaded(run.backend ?? (backendChoice === 'auto' ? backends[0] : backendChoice)) && (
        <p className="studio-single-thread muted" data-testid="single-thread-note">
          {t('studio.controls.singleThread')}
        </p>
      )}
      {blocker && !active && (
        <p className="studio-error studio-blocker" role="alert" data-code={blocker.code} data-testid="train-blocker">
          {t('studio.controls.blocked', { reason: problemText(blocker).message })} {problemText(blocker).fix}
        </p>
      )}
      <ContinueNote active={active} />
      <InitFromNote />
      <div className="studio-progress" role="progressbar" aria-label={t('studio.controls.progress')} aria-valuemin={0} aria-valuemax={p?.totalSteps ?? 0} aria-valuenow={p?.step ?? 0}>
        <div className="studio-progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <p className="studio-status" data-status={run.status}>
        <strong>{t(`studio.status.${run.status}`)}</strong>
        {p && (
          <>
            {' '}
            · {t('studio.controls.step')} <span data-testid="studio-step">{p.step}</span> / {p.totalSteps} · {t('studio.controls.loss', { value: p.loss.toFixed(3) })} ·{' '}
            {t('studio.controls.tokensPerSec', { value: Math.round(p.tokensPerSec).toLocaleString(i18n.language) })}
            {/* A run that has ended has no time left to tell. */}
            {active && <> · {t('studio.controls.eta', { value: formatEta(etaSeconds(p, run.startStep), t) })}</>}
          </>
        )}
        {!p && run.status === 'loaded' && <> · {t('studio.run.loadedSteps', { step: run.trainedStep.toLocaleString(i18n.language) })}</>}
        {run.backend && <> · {t('studio.controls.backendInUse', { name: run.backend })}</>}
      </p>
      {run.problem && (
        <p className="studio-error" role="alert" data-code={run.problem.code}>
          {problemLine(run.problem)}
        </p>
      )}
      <TransferReport />
    </section>
  );
}

/** Start when nothing is trained; Continue and Train from scratch once the worker holds a trained model. */
function StartButtons({ onStart, disabled }: { onStart(mode: StartMode): void; disabled: boolean }) {
  const { t } = useTranslation();
  const trained = useStudioStore((s) => s.trained);
  const userData = useStudioStore((s) => s.userData);
  const doc = useDocumentStore((s) => s.doc);
  if (!trained) {
    return (
      <button type="button" className="primary" onClick={() => onStart('scratch')} disabled={disabled}>
        {t('studio.controls.start')}
      </button>
    );
  }
  const blocker = continueBlocker(trained, doc, dataHintOf(doc, userData));
  return (
    <>
      <button type="button" className={blocker ? '' : 'primary'} onClick={() => onStart('continue')} disabled={disabled || blocker !== null} title={t('studio.run.continueHint')}>
        {t('studio.run.continue')}
      </button>
      <button type="button" className={blocker ? 'primary' : ''} onClick={() => onStart('scratch')} disabled={disabled} title={t('studio.run.scratchHint')}>
        {t('studio.run.scratch')}
      </button>
    </>
  );
}

/** What Continue will do, or why it cannot. */
function ContinueNote({ active }: { active: boolean }) {
  const { t, i18n } = useTranslation();
  const trained = useStudioStore((s) => s.trained);
  const userData = useStudioStore((s) => s.userData);
  const doc = useDocumentStore((s) => s.doc);
  if (!trained || active) return null;
  const blocker = continueBlocker(trained, doc, dataHintOf(doc, userData));
  const step = trained.step.toLocaleString(i18n.language);
  const text = blocker ? t(`studio.run.blocked.${blocker}`, { step }) : t('studio.run.continueFrom', { step, steps: doc.training.steps.toLocaleString(i18n.language) });
  return (
    <p className="studio-continue-note muted" data-continue={blocker ?? 'available'}>
      {text}
    </p>
  );
}

/** The weights the next from-scratch run starts from, if any, with a way to drop them. */
function InitFromNote() {
  const { t } = useTranslation();
  const initFrom = useStudioStore((s) => s.initFrom);
  const setInitFrom = useStudioStore((s) => s.setInitFrom);
  if (!initFrom) return null;
  return (
    <p className="studio-init-from">
      {t('studio.run.initFrom', { name: initFrom.name })}{' '}
      <button type="button" className="link" onClick={() => setInitFrom(null)}>
        {t('studio.run.initFromClear')}
      </button>
    </p>
  );
}

/** For a run started from another model's weights: which blocks took them, and why the others did not. */
function TransferReport() {
  const { t } = useTranslation();
  const transfer = useStudioStore((s) => s.run.transfer);
  if (!transfer) return null;
  return (
    <details className="studio-transfer">
      <summary>{t('studio.run.transferSummary', { loaded: transfer.loads.length, skipped: transfer.skipped.filter((s) => s.side === 'target').length })}</summary>
      <ul>
        {transfer.loads.map((l) => (
          <li key={`load-${l.targetNodeId}`} data-transfer="loaded">
            {t('studio.run.transferLoaded', { label: l.label })}
          </li>
        ))}
        {transfer.skipped.map((s) => (
          <li key={`skip-${s.side}-${s.nodeId}`} data-transfer={s.side === 'target' ? 'fresh' : 'unused'}>
            {t(s.side === 'target' ? 'studio.run.transferFresh' : 'studio.run.transferUnused', { label: s.label })} {s.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

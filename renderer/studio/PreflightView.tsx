import { useTranslation } from 'react-i18next';
import { formatBytes, formatCount, type Preflight } from './preflight';

/** Parameters and memory before a run (why a run cannot start is said beside the Train button). */
export function PreflightView({ check }: { check: Preflight }) {
  const { t } = useTranslation();
  const m = check.memory;
  return (
    <section className="studio-section studio-preflight" aria-label={t('studio.preflight.region')}>
      <p>
        <strong>{formatCount(check.params)}</strong> {t('studio.preflight.parameters')} · {t('studio.preflight.memory')} ≈ <strong>{formatBytes(m.total)}</strong>
        <span className="muted">
          {' '}
          {t('studio.preflight.breakdown', { weights: formatBytes(m.weights), optimizer: formatBytes(m.optimizer), activations: formatBytes(m.activations) })}
        </span>
      </p>
      {check.largest && (
        <p className="muted">{t('studio.preflight.largest', { term: check.largest.term, label: check.largest.label, size: formatBytes(check.largest.bytes) })}</p>
      )}
    </section>
  );
}

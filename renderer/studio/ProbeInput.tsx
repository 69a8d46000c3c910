import { useTranslation } from 'react-i18next';
import { useStudioStore } from './studioStore';

/** The text the heat-maps and samples are computed on; editable, applied on Enter or with the button. */
export function ProbeInput() {
  const { t } = useTranslation();
  const probe = useStudioStore((s) => s.probeText);
  const setProbe = useStudioStore((s) => s.setProbe);
  const apply = useStudioStore((s) => s.applyProbe);
  const hasRun = useStudioStore((s) => s.run.runId !== null);
  return (
    <form
      className="studio-probe"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label>
        {t('studio.probe.label')}{' '}
        <input
          type="text"
          value={probe}
          placeholder={t('studio.probe.placeholder')}
          onChange={(e) => setProbe(e.target.value)}
          aria-label={t('studio.probe.label')}
          maxLength={400}
        />
      </label>
      <button type="submit" disabled={!hasRun} title={t('studio.probe.applyHint')}>
        {t('studio.probe.apply')}
      </button>
    </form>
  );
}

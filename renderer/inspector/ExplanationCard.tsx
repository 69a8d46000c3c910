import { useTranslation } from 'react-i18next';
import type { BlockExplanation } from '../../engine';

export function ExplanationCard({ explanation }: { explanation: BlockExplanation }) {
  const { t } = useTranslation();
  return (
    <details className="explanation" open>
      <summary>{t('inspector.explanation')}</summary>
      <dl>
        <dt>{t('inspector.what')}</dt>
        <dd>{explanation.what}</dd>
        <dt>{t('inspector.formula')}</dt>
        <dd className="formula">{explanation.formula}</dd>
        <dt>{t('inspector.shapeLine')}</dt>
        <dd className="formula">{explanation.shapes}</dd>
        <dt>{t('inspector.why')}</dt>
        <dd>{explanation.why}</dd>
      </dl>
    </details>
  );
}

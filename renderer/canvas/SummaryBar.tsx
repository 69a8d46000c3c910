import { useTranslation } from 'react-i18next';
import { activationBytes, errorsOnly, parameterCounts } from '../../engine';
import { useGraphProblems } from '../problems/graphProblems';
import { useAnalysis } from '../store/analysis';
import { useDocumentStore } from '../store/documentStore';
import { formatBytes } from './format';
import './summaryBar.css';

/** Always-visible model totals: blocks, parameters, weight and activation memory, errors. */
export function SummaryBar() {
  const { t } = useTranslation();
  const analysis = useAnalysis();
  const doc = useDocumentStore((s) => s.doc);
  const nodes = doc.nodes.length;
  const counts = parameterCounts(analysis, doc);
  const batch = useDocumentStore((s) => s.doc.training.batchSize);
  // The Problems list's count, dataset fit included: the bar never says “no errors” while Start would refuse.
  const { problems } = useGraphProblems();
  const errors = errorsOnly(problems).length;
  const warnings = problems.length - errors;
  return (
    <div className="summary-bar" data-testid="summary-bar">
      <span>{t('summary.blocks', { count: nodes })}</span>
      <span data-testid="summary-params" className="summary-params">
        {counts.frozen > 0
          ? t('summary.parametersSplit', { trainable: counts.trainable.toLocaleString('en-US'), frozen: counts.frozen.toLocaleString('en-US') })
          : t('summary.parameters', { value: analysis.totalParameters.toLocaleString('en-US') })}
      </span>
      <span>{t('summary.weights', { size: formatBytes(analysis.totalParameters * 4) })}</span>
      <span data-testid="summary-memory">{t('summary.activations', { size: formatBytes(activationBytes(analysis, batch)), batch })}</span>
      <span className={errors ? 'summary-errors' : warnings ? 'summary-warnings' : 'summary-ok'} data-testid="summary-problems">
        {t('summary.errors', { count: errors })}
        {warnings > 0 && <> · {t('summary.warnings', { count: warnings })}</>}
      </span>
    </div>
  );
}

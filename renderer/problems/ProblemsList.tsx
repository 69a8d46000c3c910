import { useTranslation } from 'react-i18next';
import type { Problem } from '../../engine';
import { useAnalysis } from '../store/analysis';
import { useDocumentStore } from '../store/documentStore';
import { useViewStore } from '../store/viewStore';

/** Every problem of the graph; clicking one selects its block and brings it into view. */
export function ProblemsList() {
  const { t } = useTranslation();
  const { problems } = useAnalysis();
  const sorted = [...problems].sort((a, b) => rank(a) - rank(b));
  const reveal = (p: Problem) => {
    const store = useDocumentStore.getState();
    if (p.nodeId) {
      store.select({ nodes: [p.nodeId] });
      useViewStore.getState().centerOn(p.nodeId);
    } else if (p.edgeId) {
      store.select({ edges: [p.edgeId] });
    }
  };
  return (
    <section className="problems" aria-label={t('problems.heading')} data-testid="problems">
      <h3>
        {t('problems.heading')} <span className="count">{problems.length}</span>
      </h3>
      {problems.length === 0 ? (
        <p className="muted">{t('problems.none')}</p>
      ) : (
        <ul>
          {sorted.map((p, i) => (
            <li key={`${p.code}-${p.nodeId ?? p.edgeId ?? ''}-${i}`} className={p.severity === 'warning' ? 'warning' : 'error'}>
              <button type="button" onClick={() => reveal(p)} data-testid="problem-item">
                <span className="problem-code">{p.code}</span>
                <span className="problem-message">{p.message}</span>
                <span className="problem-fix">
                  {t('problems.fix')} {p.fix}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function rank(p: Problem): number {
  return p.severity === 'warning' ? 1 : 0;
}

import { useTranslation } from 'react-i18next';
import { problemText } from '../problems/problemText';
import { useViewStore } from '../store/viewStore';
import './dialogs.css';

/** A file Tensorloom refused to open, with every coded problem and its fix; the open graph is untouched. */
export function FileProblemsDialog() {
  const { t } = useTranslation();
  const refused = useViewStore((s) => s.fileProblems);
  if (!refused) return null;
  const close = () => useViewStore.getState().showFileProblems(null);
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="file-problems-title" data-testid="file-problems">
        <h2 id="file-problems-title">{t('fileProblems.title', { name: refused.name || '…' })}</h2>
        <p className="modal-lead">{t('fileProblems.lead')}</p>
        <div className="modal-body">
          <ul className="problem-list">
            {refused.problems.map((p, i) => {
              const text = problemText(p);
              return (
                <li key={i} data-testid="file-problem">
                  <span className="problem-code">{p.code}</span>
                  {/* The library's own words (a parser's English), when the sentence was said from a keyed phrase. */}
                  <span className="problem-message" title={text.detail}>
                    {text.message}
                  </span>
                  <div className="muted">
                    {t('fileProblems.fix')} {text.fix}
                  </div>
                </li>
              );
            })}
          </ul>
        </div>
        <div className="modal-actions">
          <button type="button" className="primary" onClick={close} autoFocus>
            {t('fileProblems.close')}
          </button>
        </div>
      </div>
    </div>
  );
}

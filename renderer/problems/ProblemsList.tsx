import { useTranslation } from 'react-i18next';
import { specOf, type Problem, type QuickFix } from '../../engine';
import { i18n } from '../i18n';
import { blockText, nodeTitle, optionLabel } from '../i18n/blockText';
import { koDatasetByEnglishName } from '../i18n/content.ko';
import { useDocumentStore } from '../store/documentStore';
import { useViewStore } from '../store/viewStore';
import { useGraphProblems } from './graphProblems';
import { formatNumber, problemText } from './problemText';
import './problems.css';

/**
 * Every problem of the graph, the dataset fit included; clicking one selects its block and brings it into
 * view, and a problem with a certain fix offers it as a button (one undo step).
 */
export function ProblemsList() {
  const { t } = useTranslation();
  const { problems, facts } = useGraphProblems();
  const nodes = useDocumentStore((s) => s.doc.nodes);
  const kindOf = (nodeId: string) => nodes.find((n) => n.id === nodeId)?.kind;
  const reveal = (p: Problem) => {
    const store = useDocumentStore.getState();
    if (p.nodeId) {
      store.select({ nodes: [p.nodeId] });
      useViewStore.getState().centerOn(p.nodeId);
    } else if (p.edgeId) {
      store.select({ edges: [p.edgeId] });
    }
  };
  const errors = problems.filter((p) => p.severity !== 'warning').length;
  return (
    <section className="problems" aria-label={t('problems.heading')} data-testid="problems">
      <h3>
        {t('problems.heading')} <span className="count">{problems.length}</span>
        {facts && <span className="problems-dataset muted">{t('problems.checkedAgainst', { name: datasetName(facts.name) })}</span>}
      </h3>
      {problems.length === 0 ? (
        <p className="muted" data-testid="problems-none">
          {t('problems.none')}
        </p>
      ) : (
        <ul>
          {problems.map((p, i) => {
            const text = problemText(p, undefined, kindOf);
            return (
              <li key={`${p.code}-${p.nodeId ?? p.edgeId ?? ''}-${i}`} className={p.severity === 'warning' ? 'warning' : 'error'} data-code={p.code}>
                <button type="button" onClick={() => reveal(p)} data-testid="problem-item">
                  <span className="problem-code">{p.code}</span>
                  <span className="visually-hidden">{t(p.severity === 'warning' ? 'problems.warning' : 'problems.error')}</span>
                  {/* A library's own words, where the sentence was said without them, stay at hand as a tooltip. */}
                  <span className="problem-message" title={text.detail}>
                    {text.message}
                  </span>
                  <span className="problem-fix">
                    {t('problems.fix')} {text.fix}
                  </span>
                </button>
                {p.quickFix && <QuickFixButton fix={p.quickFix} />}
              </li>
            );
          })}
        </ul>
      )}
      {errors === 0 && problems.length > 0 && <p className="muted problems-warnings-only">{t('problems.warningsOnly')}</p>}
    </section>
  );
}

/** A bundled dataset's name in the UI language (the learner's own file keeps its name). */
function datasetName(english: string): string {
  return (i18n.language === 'ko' && koDatasetByEnglishName(english)) || english;
}

function QuickFixButton({ fix }: { fix: QuickFix }) {
  const { t, i18n: ui } = useTranslation();
  const doc = useDocumentStore((s) => s.doc);
  const node = doc.nodes.find((n) => n.id === fix.nodeId);
  if (!node) return null;
  const spec = specOf(node.kind);
  let text: string;
  if (fix.kind === 'setParam') {
    const words = spec && blockText(spec, ui.language).params[fix.param];
    const value = typeof fix.value === 'number' ? formatNumber(fix.value, ui.language) : optionLabel(words, String(fix.value));
    text = t('problems.quickFix.setParam', { param: words?.label ?? fix.param, value });
  } else {
    text = t('problems.quickFix.deleteNode', { block: nodeTitle(node, ui.language) });
  }
  return (
    <button type="button" className="quick-fix" data-testid="quick-fix" onClick={() => applyQuickFix(fix)}>
      {text}
    </button>
  );
}

/** Applies a problem's fix as one undo step. */
export function applyQuickFix(fix: QuickFix): void {
  const store = useDocumentStore.getState();
  if (fix.kind === 'setParam') store.setParam(fix.nodeId, fix.param, fix.value);
  else store.deleteItems([fix.nodeId], []);
}

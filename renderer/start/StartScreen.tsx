import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { templates, type GraphDoc } from '../../engine';
import { layoutDoc } from '../canvas/layout';
import { LearnButton, LessonPicker } from '../lessons/LessonPanel';
import { useDocumentStore } from '../store/documentStore';
import { emptyDoc } from '../store/edits';
import { newBlankDocument, openDocument, openTemplate } from '../store/persistence';
import { useViewStore } from '../store/viewStore';
import { loadWeightsIntoClassifier } from './fineTuneActions';
import { FINE_TUNE_PATH_ID, FineTunePath } from './FineTunePath';
import { GraphPreview } from './GraphPreview';
import { templateCard } from '../i18n/content.ko';
import './start.css';

/** The template gallery and a blank canvas: the first thing a learner sees. */
export function StartScreen() {
  const { t, i18n } = useTranslation();
  const [previews, setPreviews] = useState<Record<string, GraphDoc>>({});
  const hasWork = useDocumentStore((s) => s.doc.nodes.length > 0);

  useEffect(() => {
    let live = true;
    void (async () => {
      for (const tpl of templates) {
        try {
          const laid = await layoutDoc(tpl.build());
          if (live) setPreviews((p) => ({ ...p, [tpl.id]: laid }));
        } catch {
          // A card without a picture is still usable.
        }
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  return (
    <main className="start" data-testid="start-screen">
      <header>
        <h1>{t('start.heading')}</h1>
        <p>{t('start.lead')}</p>
        <div className="start-actions">
          <LearnButton />
          {hasWork && (
            <button type="button" onClick={() => useViewStore.getState().setScreen('editor')}>
              {t('start.resume')}
            </button>
          )}
          <button type="button" onClick={() => void openDocument()}>
            {t('start.open')}
          </button>
          {/* The path sits below the gallery, out of sight on a laptop screen: this names it at the top. */}
          <button type="button" className="link" onClick={() => document.getElementById(FINE_TUNE_PATH_ID)?.scrollIntoView({ behavior: 'smooth', block: 'start' })}>
            {t('fineTune.heading')} ↓
          </button>
        </div>
      </header>
      <ul className="gallery">
        <li>
          <button type="button" className="card blank" data-testid="template-blank" onClick={() => void newBlankDocument(emptyDoc())}>
            <div className="card-picture blank-picture">+</div>
            <strong>{t('start.blank')}</strong>
            <span>{t('start.blankSummary')}</span>
          </button>
        </li>
        {templates.map((tpl) => (
          <li key={tpl.id}>
            <button type="button" className="card" data-testid={`template-${tpl.id}`} onClick={() => void openTemplate(tpl.id)}>
              <div className="card-picture">
                <GraphPreview doc={previews[tpl.id] ?? tpl.build()} />
              </div>
              <strong>{templateCard(tpl, i18n.language).title}</strong>
              <span>{templateCard(tpl, i18n.language).summary}</span>
            </button>
          </li>
        ))}
      </ul>
      {templates.length === 0 && <p className="muted">{t('start.noTemplates')}</p>}
      <FineTunePath onOpenTemplate={(id) => void openTemplate(id)} onLoadWeights={() => void loadWeightsIntoClassifier()} />
      <LessonPicker />
    </main>
  );
}

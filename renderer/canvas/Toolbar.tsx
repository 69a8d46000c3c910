import { useStore } from 'zustand';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';
import { redo, undo, useDocumentStore } from '../store/documentStore';
import { loadWeightsFrom, openDocument, saveDocument, saveGraphOnly } from '../store/persistence';
import { useViewStore } from '../store/viewStore';
import { autoLayout, duplicateSelection, groupSelection } from './actions';
import './dialogs.css';

export function Toolbar() {
  const { t, i18n } = useTranslation();
  const canUndo = useStore(useDocumentStore.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useDocumentStore.temporal, (s) => s.futureStates.length > 0);
  const selection = useDocumentStore((s) => s.selection);
  const name = useDocumentStore((s) => s.doc.name);
  const snap = useViewStore((s) => s.snapToGrid);
  const view = useViewStore.getState();
  const hasSelection = selection.nodes.length > 0 || selection.groups.length > 0 || selection.edges.length > 0;
  return (
    <header className="toolbar" role="toolbar">
      <strong className="brand">{t('app.title')}</strong>
      <span className="doc-name">{name}</span>
      <button type="button" onClick={() => view.setScreen('start')}>
        {t('toolbar.home')}
      </button>
      <button type="button" onClick={() => void openDocument()}>
        {t('toolbar.open')}
      </button>
      <button type="button" onClick={() => void saveDocument()}>
        {t('toolbar.save')}
      </button>
      <FileMenu />
      <span className="sep" />
      <button type="button" onClick={undo} disabled={!canUndo} title="Ctrl+Z">
        {t('toolbar.undo')}
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} title="Ctrl+Shift+Z">
        {t('toolbar.redo')}
      </button>
      <span className="sep" />
      <button type="button" onClick={() => void groupSelection()} disabled={selection.nodes.length === 0} title="Ctrl+G">
        {t('toolbar.group')}
      </button>
      <button type="button" onClick={duplicateSelection} disabled={selection.nodes.length === 0 && selection.groups.length === 0} title="Ctrl+D">
        {t('toolbar.duplicate')}
      </button>
      <button type="button" onClick={() => useDocumentStore.getState().deleteSelection()} disabled={!hasSelection} title="Delete">
        {t('toolbar.delete')}
      </button>
      <span className="sep" />
      <button type="button" onClick={() => void autoLayout()}>
        {t('toolbar.layout')}
      </button>
      <button type="button" onClick={view.requestFit}>
        {t('toolbar.fit')}
      </button>
      <label className="toggle">
        <input type="checkbox" checked={snap} onChange={view.toggleSnap} /> {t('toolbar.snap')}
      </label>
      <span className="spacer" />
      <label className="language">
        <span className="visually-hidden">{t('app.language')}</span>
        <select aria-label={t('app.language')} value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}

/** The rarer file commands, folded away so the toolbar stays one line wide in both languages. */
function FileMenu() {
  const { t } = useTranslation();
  const screen = useViewStore((s) => s.screen);
  const run = (command: () => Promise<void>) => (event: React.MouseEvent<HTMLButtonElement>) => {
    event.currentTarget.closest('details')?.removeAttribute('open');
    void command();
  };
  return (
    <details className="file-menu">
      <summary aria-label={t('toolbar.more')} title={t('toolbar.more')}>
        ⋯
      </summary>
      <div className="file-menu-items" role="menu">
        <button type="button" role="menuitem" onClick={run(() => saveDocument(true))}>
          {t('toolbar.saveAs')}
        </button>
        <button type="button" role="menuitem" onClick={run(saveGraphOnly)}>
          {t('toolbar.saveGraphOnly')}
        </button>
        <button type="button" role="menuitem" onClick={run(loadWeightsFrom)} disabled={screen !== 'editor'}>
          {t('toolbar.loadWeights')}
        </button>
      </div>
    </details>
  );
}

import { useTranslation } from 'react-i18next';
import { CommandButton, CommandCheckbox } from '../commands/CommandButton';
import { languageCommandId } from '../commands/commands';
import { runCommand } from '../commands/run';
import { useCommandState, type CommandState } from '../commands/state';
import { LANGUAGES, type Language } from '../i18n';
import { useDocumentStore } from '../store/documentStore';
import './dialogs.css';

/** The editor's toolbar: every button is a command from the command list (renderer/commands/), by id. */
export function Toolbar() {
  const { t, i18n } = useTranslation();
  const name = useDocumentStore((s) => s.doc.name);
  const state = useCommandState();
  return (
    <header className="toolbar" role="toolbar">
      <strong className="brand">{t('app.title')}</strong>
      <span className="doc-name">{name}</span>
      <CommandButton id="app.home" state={state} />
      <CommandButton id="file.open" state={state} />
      <CommandButton id="file.save" state={state} />
      <FileMenu state={state} />
      <span className="sep" />
      <CommandButton id="edit.undo" state={state} />
      <CommandButton id="edit.redo" state={state} />
      <span className="sep" />
      <CommandButton id="edit.group" state={state} />
      <CommandButton id="edit.duplicate" state={state} />
      <CommandButton id="edit.delete" state={state} />
      <span className="sep" />
      <CommandButton id="view.autoLayout" state={state} />
      <CommandButton id="view.fit" state={state} />
      <CommandCheckbox id="view.snapToGrid" state={state} className="toggle" />
      <span className="spacer" />
      <label className="language">
        <span className="visually-hidden">{t('app.language')}</span>
        <select
          aria-label={t('app.language')}
          value={i18n.language}
          onChange={(e) => runCommand(languageCommandId(e.target.value as Language), 'toolbar')}
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {t(`languages.${l.code}`)}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}

/** The rarer file commands, folded away so the toolbar stays one line wide in both languages. */
function FileMenu({ state }: { state: CommandState }) {
  const { t } = useTranslation();
  const close = (event: React.MouseEvent<HTMLButtonElement>) => event.currentTarget.closest('details')?.removeAttribute('open');
  return (
    <details className="file-menu">
      <summary aria-label={t('toolbar.more')} title={t('toolbar.more')}>
        ⋯
      </summary>
      <div className="file-menu-items" role="menu">
        <CommandButton id="file.saveAs" state={state} role="menuitem" onBeforeRun={close} />
        <CommandButton id="file.saveGraphOnly" state={state} role="menuitem" onBeforeRun={close} />
        <CommandButton id="file.loadWeights" state={state} role="menuitem" onBeforeRun={close} />
        <CommandButton id="file.export" state={state} role="menuitem" onBeforeRun={close} />
      </div>
    </details>
  );
}

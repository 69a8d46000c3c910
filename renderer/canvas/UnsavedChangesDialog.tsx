import { useTranslation } from 'react-i18next';
import { useUnsavedPromptStore } from '../store/unsavedPrompt';
import './dialogs.css';

/** Save / Don't save / Cancel, asked before New, Open, a template, Open Recent or closing replaces unsaved edits. */
export function UnsavedChangesDialog() {
  const { t } = useTranslation();
  const pending = useUnsavedPromptStore((s) => s.pending);
  if (!pending) return null;
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && pending.answer('cancel')}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="unsaved-title" aria-describedby="unsaved-body" data-testid="unsaved-dialog">
        <h2 id="unsaved-title">{t('unsaved.title', { name: pending.name })}</h2>
        <p className="modal-lead" id="unsaved-body">
          {t('unsaved.body')}
        </p>
        <div className="modal-actions">
          <button type="button" className="primary" onClick={() => pending.answer('save')} autoFocus>
            {t('unsaved.save')}
          </button>
          <button type="button" onClick={() => pending.answer('discard')}>
            {t('unsaved.discard')}
          </button>
          <button type="button" onClick={() => pending.answer('cancel')}>
            {t('unsaved.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}

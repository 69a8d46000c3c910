import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { getPlatform } from '../platform';
import { DIALOG_TARGETS, useExportDialog } from './exportStore';
import '../canvas/dialogs.css';
import './exportDialog.css';

/** Small files in bytes: a README is not “0 KiB”. */
function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : formatBytes(bytes);
}

/** Files listed one by one; a longer list (a dataset's stored batches) ends with how many more there are. */
const LISTED_FILES = 14;

/**
 * File ▸ Export…: the target (PyTorch, the ONNX script, TensorFlow.js), what each writes, and the files with
 * their sizes before anything is written.
 */
export function ExportDialog() {
  const { t } = useTranslation();
  const { open, target, status, prepared, error, close, setTarget, write } = useExportDialog();
  const name = useDocumentStore((s) => s.doc.name);
  if (!open) return null;
  const toFolder = Boolean(getPlatform().exportFolder);
  const files = prepared?.files ?? [];
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-title" data-testid="export-dialog">
        <h2 id="export-title">{t('exportDialog.title', { name })}</h2>
        <p className="modal-lead">{toFolder ? t('exportDialog.leadFolder') : t('exportDialog.leadZip')}</p>
        <div className="modal-body">
          <fieldset className="export-targets">
            <legend>{t('exportDialog.target')}</legend>
            {DIALOG_TARGETS.map((id) => (
              <label key={id} className="export-target">
                <input
                  type="radio"
                  name="export-target"
                  value={id}
                  checked={target === id}
                  onChange={() => setTarget(id)}
                  aria-labelledby={`export-target-${id}`}
                  aria-describedby={`export-target-${id}-what`}
                />
                <span>
                  <strong id={`export-target-${id}`}>{t(`exportDialog.targets.${id}.label`)}</strong>
                  <span className="muted" id={`export-target-${id}-what`}>
                    {t(`exportDialog.targets.${id}.what`)}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          <div aria-live="polite" aria-busy={status === 'preparing'}>
            {status === 'preparing' && <p className="muted">{t('exportDialog.preparing')}</p>}
            {error && (
              <p role="alert" className="summary-errors">
                {t('exportDialog.failed', { reason: error })}
              </p>
            )}
            {prepared && (
              <>
                <p className="export-weights">
                  {prepared.trainedSteps !== null ? t('exportDialog.trained', { count: prepared.trainedSteps }) : t('exportDialog.untrained')}
                </p>
                <h3>{t('exportDialog.files', { count: files.length, size: formatBytes(total) })}</h3>
                <ul className="export-files" data-testid="export-files">
                  {files.slice(0, LISTED_FILES).map((f) => (
                    <li key={f.path}>
                      <code>{f.path}</code>
                      <span className="muted">{sizeText(f.bytes.length)}</span>
                    </li>
                  ))}
                  {files.length > LISTED_FILES && <li className="muted">{t('exportDialog.more', { count: files.length - LISTED_FILES })}</li>}
                </ul>
                {!toFolder && prepared.zip && <p className="muted">{t('exportDialog.zipSize', { name: `${prepared.folder}.zip`, size: formatBytes(prepared.zip.length) })}</p>}
              </>
            )}
          </div>
        </div>
        <div className="modal-actions">
          <button type="button" onClick={close}>
            {t('exportDialog.cancel')}
          </button>
          <button type="button" className="primary" disabled={status !== 'ready'} onClick={() => void write()} data-testid="export-write">
            {toFolder ? t('exportDialog.chooseFolder') : t('exportDialog.download')}
          </button>
        </div>
      </div>
    </div>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EngineError, listDatasets, type UserDataProgress, type UserDataTask } from '../../engine';
import { datasetTexts } from '../i18n/content.ko';
import { codedLine } from '../problems/problemText';
import { useDocumentStore } from '../store/documentStore';
import { feedLengthsOf } from '../worker/runInputs';
import { progressPercent } from '../worker/userDataRead';
import { dataBaseUrl } from './dataBaseUrl';
import { useStudioStore } from './studioStore';
import { readUserDataFile, UserDataReadCancelled, type UserDataRead } from './userDataReader';

const TASKS_WITH_WORDS = new Set(['lm', 'classification', 'seq2seq', 'tagging', 'masked-lm']);

/** Every bundled dataset with its size, licence and a few examples, or the learner's own file. */
export function DataPicker() {
  const { t } = useTranslation();
  const taskWords = (task: string) => (TASKS_WITH_WORDS.has(task) ? t(`studio.data.task.${task}`) : task);
  const datasetId = useDocumentStore((s) => s.doc.training.dataset);
  const seed = useDocumentStore((s) => s.doc.training.seed);
  const doc = useDocumentStore((s) => s.doc);
  const setTraining = useDocumentStore((s) => s.setTraining);
  const userData = useStudioStore((s) => s.userData);
  const setUserData = useStudioStore((s) => s.setUserData);
  const infos = listDatasets();
  const info = infos.find((d) => d.id === datasetId);
  const lengths = feedLengthsOf(doc);
  const previewId = JSON.stringify([datasetId, lengths, seed]);
  const preview = useStudioStore((s) => (s.preview?.requestId === previewId ? s.preview : null));
  const requestPreview = useStudioStore((s) => s.requestPreview);
  const hasWorker = useStudioStore((s) => s.send !== null);

  useEffect(() => {
    if (userData || !info || !hasWorker) return;
    // Built in the worker: a corpus of half a million characters would block this thread for a while.
    requestPreview({ type: 'preview', requestId: previewId, data: { kind: 'bundled', datasetId: info.id, baseUrl: dataBaseUrl() }, lengths, seed });
  }, [previewId, userData, info, hasWorker, requestPreview]);

  return (
    <section className="studio-section" aria-label={t('studio.data.dataset')}>
      <h3>{t('studio.data.heading')}</h3>
      <select
        aria-label={t('studio.data.dataset')}
        value={userData ? 'user' : datasetId}
        onChange={(e) => {
          if (e.target.value === 'user') return;
          setUserData(null);
          setTraining({ dataset: e.target.value });
        }}
      >
        {!info && !userData && <option value={datasetId}>{t('studio.data.unknown', { id: datasetId })}</option>}
        {infos.map((d) => (
          <option key={d.id} value={d.id}>
            {datasetTexts(d).name} — {datasetTexts(d).size}
          </option>
        ))}
        {userData && <option value="user">{t('studio.data.yourFile', { name: userData.info.name })}</option>}
      </select>
      {userData ? (
        <p className="studio-dataset-info">
          {taskWords(userData.info.task)} · {userData.info.size} · {userData.info.description}
        </p>
      ) : info ? (
        <div className="studio-dataset-info">
          <p>
            {taskWords(info.task)} · {datasetTexts(info).size} · <span title={datasetTexts(info).source}>{t('studio.data.licence', { licence: datasetTexts(info).licence })}</span>
          </p>
          {preview?.examples && (
            <ul className="studio-preview" aria-label={t('studio.data.examples')}>
              {preview.examples.map((e, i) => (
                <li key={i}>
                  <code>{e.input.slice(0, 80)}</code>
                  {e.target && info.task !== 'lm' && (
                    <>
                      {' '}
                      → <code>{e.target.slice(0, 60)}</code>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          {preview?.problem && <p className="studio-error">{codedLine(preview.problem)}</p>}
        </div>
      ) : null}
      <UserDataChooser />
    </section>
  );
}

/** “Bring your own”: a text file (language model) or CSV/TSV rows (classification, sentence pairs). */
function UserDataChooser() {
  const { t } = useTranslation();
  const [task, setTask] = useState<UserDataTask>('classification');
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState<{ name: string; progress: UserDataProgress | null; read: UserDataRead } | null>(null);
  const readRef = useRef<UserDataRead | null>(null);
  const setUserData = useStudioStore((s) => s.setUserData);

  // A read still going when the picker closes is stopped with it.
  useEffect(() => () => readRef.current?.cancel(), []);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    readRef.current?.cancel();
    // Read and checked in the data worker: decoding and splitting millions of rows would freeze this thread.
    const read = readUserDataFile(file, task, (progress) => setReading((r) => (r && r.read === read ? { ...r, progress } : r)));
    readRef.current = read;
    setReading({ name: file.name, progress: null, read });
    setError(null);
    try {
      setUserData(await read.done);
    } catch (err) {
      if (err instanceof UserDataReadCancelled) return;
      setError(err instanceof EngineError ? codedLine(err.problems[0]) : String(err));
    } finally {
      if (readRef.current === read) {
        readRef.current = null;
        setReading(null);
      }
    }
  };

  const percent = reading?.progress ? progressPercent(reading.progress) : 0;
  return (
    <details className="studio-user-data">
      <summary>{t('studio.data.bringYourOwn')}</summary>
      <label>
        {t('studio.data.fileHolds')}{' '}
        <select aria-label={t('studio.data.fileHoldsLabel')} value={task} onChange={(e) => setTask(e.target.value as UserDataTask)}>
          <option value="classification">{t('studio.data.holds.classification')}</option>
          <option value="seq2seq">{t('studio.data.holds.seq2seq')}</option>
          <option value="lm">{t('studio.data.holds.lm')}</option>
        </select>
      </label>
      <input type="file" aria-label={t('studio.data.fileLabel')} accept=".txt,.csv,.tsv,text/plain,text/csv,text/tab-separated-values" onChange={(e) => void onFile(e.target.files?.[0])} />
      {reading && (
        <p className="studio-user-data-reading" role="status">
          {t(reading.progress?.phase === 'checking' ? 'studio.data.checkingFile' : 'studio.data.readingFile', { name: reading.name, percent })}{' '}
          <progress max={100} value={percent} aria-label={t('studio.data.readProgress')} />{' '}
          <button type="button" onClick={() => reading.read.cancel()}>
            {t('studio.data.cancelRead')}
          </button>
        </p>
      )}
      {error && (
        <p className="studio-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}

import { useEffect, useState } from 'react';
import { listDatasets } from '../../engine/data/index';
import { EngineError, formatProblem } from '../../engine/graph/errors';
import { decodeUserBytes, parseUserData, userDatasetInfo, type UserDataTask } from '../../engine/data/userData';
import { useDocumentStore } from '../store/documentStore';
import { feedLengthsOf } from '../worker/runInputs';
import { useStudioStore } from './studioStore';

/** Where the web build serves the bundled data files. */
export function dataBaseUrl(): string {
  return new URL('./data/', document.baseURI).href;
}

const TASK_WORDS: Record<string, string> = {
  lm: 'language model',
  classification: 'classification',
  seq2seq: 'translation (seq2seq)',
  tagging: 'per-token output',
  'masked-lm': 'masked words',
};

/** Every bundled dataset with its size, licence and a few examples, or the learner's own file. */
export function DataPicker() {
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
    <section className="studio-section" aria-label="Dataset">
      <h3>Data</h3>
      <select
        aria-label="Dataset"
        value={userData ? 'user' : datasetId}
        onChange={(e) => {
          if (e.target.value === 'user') return;
          setUserData(null);
          setTraining({ dataset: e.target.value });
        }}
      >
        {!info && !userData && <option value={datasetId}>{datasetId} (unknown)</option>}
        {infos.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} — {d.size}
          </option>
        ))}
        {userData && <option value="user">Your file: {userData.info.name}</option>}
      </select>
      {userData ? (
        <p className="studio-dataset-info">
          {TASK_WORDS[userData.info.task]} · {userData.info.size} · {userData.info.description}
        </p>
      ) : info ? (
        <div className="studio-dataset-info">
          <p>
            {TASK_WORDS[info.task] ?? info.task} · {info.size} · <span title={info.source}>licence: {info.licence}</span>
          </p>
          {preview?.examples && (
            <ul className="studio-preview" aria-label="Examples">
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
          {preview?.problem && <p className="studio-error">{formatProblem(preview.problem)}</p>}
        </div>
      ) : null}
      <UserDataChooser />
    </section>
  );
}

/** “Bring your own”: a text file (language model) or CSV/TSV rows (classification, sentence pairs). */
function UserDataChooser() {
  const [task, setTask] = useState<UserDataTask>('classification');
  const [error, setError] = useState<string | null>(null);
  const setUserData = useStudioStore((s) => s.setUserData);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const text = decodeUserBytes(file.name, new Uint8Array(await file.arrayBuffer()));
      const source = { name: file.name, text, task };
      const parsed = parseUserData(source);
      setUserData({ source, info: userDatasetInfo(parsed) });
      setError(null);
    } catch (err) {
      setError(err instanceof EngineError ? `${err.problems[0].message} ${err.problems[0].fix}` : String(err));
    }
  };

  return (
    <details className="studio-user-data">
      <summary>Bring your own data</summary>
      <label>
        The file holds{' '}
        <select aria-label="Your data holds" value={task} onChange={(e) => setTask(e.target.value as UserDataTask)}>
          <option value="classification">labelled texts (CSV/TSV: text, label)</option>
          <option value="seq2seq">sentence pairs (CSV/TSV: source, target)</option>
          <option value="lm">plain text for a language model (.txt)</option>
        </select>
      </label>
      <input type="file" aria-label="Your data file" accept=".txt,.csv,.tsv,text/plain,text/csv,text/tab-separated-values" onChange={(e) => void onFile(e.target.files?.[0])} />
      {error && (
        <p className="studio-error" role="alert">
          {error}
        </p>
      )}
    </details>
  );
}

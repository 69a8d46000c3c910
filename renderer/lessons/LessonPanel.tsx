import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  evaluateClaim,
  evaluateTask,
  formatMeasured,
  LESSONS,
  lessonById,
  resultText,
  type GraphDoc,
  type Lesson,
  type LessonLanguage,
  type LessonProgress,
  type LessonTask,
} from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { followObservations, progressOf, useLessonStore } from './lessonStore';
import './lessons.css';

export function lessonLanguage(language: string): LessonLanguage {
  return language.startsWith('ko') ? 'ko' : 'en';
}

/** A task is done when its checks hold on the graph and, for an observation, every measured claim holds. */
function taskComplete(task: LessonTask, doc: GraphDoc, progress: LessonProgress): boolean {
  if (!evaluateTask(doc, task).ok) return false;
  if (!task.observe) return true;
  return task.observe.claims.every((c) => evaluateClaim(c, progress.runs).holds === true);
}

/** The open lesson, beside the canvas: its tasks, the current one's goal, checks, hint, Show me and measurements. */
export function LessonPanel() {
  const lessonId = useLessonStore((s) => s.lessonId);
  const lesson = lessonId ? lessonById(lessonId) : undefined;
  useEffect(() => followObservations(), []);
  return lesson ? <LessonBody lesson={lesson} /> : null;
}

function LessonBody({ lesson }: { lesson: Lesson }) {
  const { t, i18n } = useTranslation();
  const lang = lessonLanguage(i18n.language);
  const doc = useDocumentStore((s) => s.doc);
  const progress = useLessonStore((s) => progressOf(s, lesson.id));
  const failure = useLessonStore((s) => s.failure);
  // Done means done on the graph as it is now: an Undo takes a task back, and the panel says so.
  const done = useMemo(() => lesson.tasks.map((task) => taskComplete(task, doc, progress)), [lesson, doc, progress]);

  // A finished task is remembered, so reopening the lesson rebuilds the graph up to where the learner left off.
  useEffect(() => {
    lesson.tasks.forEach((task, i) => {
      if (done[i] && !progress.done.includes(task.id)) useLessonStore.getState().markTaskDone(task.id);
    });
  }, [lesson, done, progress.done]);

  const currentIndex = done.indexOf(false);
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  // When the current task changes (a step done, or undone), the panel follows it again.
  useEffect(() => setOpenIndex(null), [currentIndex]);
  const shown = openIndex ?? (currentIndex === -1 ? lesson.tasks.length - 1 : currentIndex);
  const doneCount = done.filter(Boolean).length;

  return (
    <aside className="lesson-panel" aria-label={lesson.title[lang]} data-testid="lesson-panel">
      <header className="lesson-header">
        <div>
          <h2>{lesson.title[lang]}</h2>
          <p className="lesson-progress" data-testid="lesson-progress">
            {t('lessons.progress', { done: doneCount, total: lesson.tasks.length })}
          </p>
        </div>
        <button type="button" className="link" aria-label={t('lessons.closeLesson')} onClick={() => useLessonStore.getState().close()}>
          ✕
        </button>
      </header>
      <ol className="lesson-tasks">
        {lesson.tasks.map((task, i) => (
          <li key={task.id} className={`lesson-task${i === shown ? ' open' : ''}${done[i] ? ' done' : ''}`} data-testid={`lesson-task-${task.id}`} data-done={done[i]}>
            <button type="button" className="lesson-task-title" aria-expanded={i === shown} onClick={() => setOpenIndex(i === shown ? -1 : i)}>
              <span className="lesson-mark" aria-label={done[i] ? t('lessons.taskDone') : i === currentIndex ? t('lessons.taskCurrent') : t('lessons.taskLater')}>
                {done[i] ? '✓' : i + 1}
              </span>
              {task.title[lang]}
            </button>
            {i === shown && <TaskBody task={task} doc={doc} progress={progress} lang={lang} onNext={() => setOpenIndex(null)} />}
          </li>
        ))}
      </ol>
      {currentIndex === -1 && <p className="lesson-complete">{t('lessons.done')}</p>}
      {failure && (
        <p className="lesson-failure" role="alert">
          {t('lessons.couldNot', { message: failure.message })} {failure.fix}
        </p>
      )}
    </aside>
  );
}

function TaskBody({ task, doc, progress, lang, onNext }: { task: LessonTask; doc: GraphDoc; progress: LessonProgress; lang: LessonLanguage; onNext(): void }) {
  const { t } = useTranslation();
  const [hint, setHint] = useState(false);
  const observing = useLessonStore((s) => s.observation?.taskId === task.id);
  const checks = evaluateTask(doc, task);
  const claims = task.observe?.claims.map((c) => evaluateClaim(c, progress.runs)) ?? [];
  const measured = task.observe ? progress.runs[task.observe.train.run] : undefined;
  return (
    <div className="lesson-task-body">
      <p className="lesson-goal">{task.goal[lang]}</p>
      {task.checks.length > 0 && (
        <ul className="lesson-checks" aria-label={t('lessons.checks')}>
          {checks.results.map((r, k) => (
            <li key={k} className={r.ok ? 'ok' : 'missing'} data-testid="lesson-check" data-ok={r.ok}>
              {r.ok ? `✓ ${r.check.says[lang]}` : `✗ ${t('lessons.missing', { what: r.check.says[lang] })}`}
              {!r.ok && r.problem && <span className="lesson-problem">{r.problem.message}</span>}
            </li>
          ))}
        </ul>
      )}
      <div className="lesson-actions">
        <button type="button" className="link" aria-expanded={hint} onClick={() => setHint(!hint)}>
          {t('lessons.hint')}
        </button>
        {task.showMe.length > 0 && (
          <button type="button" title={t('lessons.showMeTitle')} data-testid="lesson-show-me" onClick={() => useLessonStore.getState().showMe(task.id, lang)}>
            {t('lessons.showMe')}
          </button>
        )}
        {task.observe && (
          <button type="button" data-testid="lesson-observe" disabled={!checks.ok || observing} onClick={() => useLessonStore.getState().observe(task.id)}>
            {t('lessons.observe')}
          </button>
        )}
      </div>
      {hint && <p className="lesson-hint">{task.hint[lang]}</p>}
      {observing && <p className="lesson-observing">{t('lessons.observing')}</p>}
      {task.observe && claims.length > 0 && (
        <div className="lesson-claims">
          <h3>{t('lessons.claims')}</h3>
          <ul>
            {claims.map((c, k) => (
              <li key={k} data-testid="lesson-claim" data-holds={c.holds === undefined ? 'pending' : String(c.holds)} className={c.holds === undefined ? 'pending' : c.holds ? 'ok' : 'missing'}>
                {c.holds === undefined ? '…' : c.holds ? '✓' : '✗'} {c.claim.says[lang]}
                <span className="muted lesson-claim-value">
                  {c.holds === undefined
                    ? t('lessons.claimPending')
                    : `${c.holds ? t('lessons.claimHolds') : t('lessons.claimFails')} · ${t('lessons.measured', { left: formatMeasured(c.left!), right: formatMeasured(c.right!) })}`}
                </span>
              </li>
            ))}
          </ul>
          {measured && (
            <p className="lesson-result" data-testid="lesson-result">
              <strong>{t('lessons.result')}:</strong> {resultText(task, progress.runs, lang)}
            </p>
          )}
        </div>
      )}
      {checks.ok && (!task.observe || claims.every((c) => c.holds)) && (
        <button type="button" className="link lesson-next" onClick={onNext}>
          ✓ {t('lessons.met')}
        </button>
      )}
    </div>
  );
}

/** The start screen's way in: the lesson list with each lesson's progress. */
export function LessonPicker() {
  const { t, i18n } = useTranslation();
  const lang = lessonLanguage(i18n.language);
  const open = useLessonStore((s) => s.pickerOpen);
  const progress = useLessonStore((s) => s.progress);
  if (!open) return null;
  return (
    <div className="lesson-picker" role="dialog" aria-modal="true" aria-label={t('lessons.pickerHeading')} data-testid="lesson-picker">
      <div className="lesson-picker-box">
        <header className="lesson-header">
          <div>
            <h2>{t('lessons.pickerHeading')}</h2>
            <p>{t('lessons.pickerLead')}</p>
          </div>
          <button type="button" className="link" aria-label={t('lessons.close')} onClick={() => useLessonStore.getState().setPickerOpen(false)}>
            ✕
          </button>
        </header>
        <ol className="lesson-list">
          {LESSONS.map((lesson) => {
            const p = progress[lesson.id];
            const doneCount = p ? lesson.tasks.filter((task) => p.done.includes(task.id)).length : 0;
            return (
              <li key={lesson.id}>
                <div>
                  <strong>
                    {lesson.order}. {lesson.title[lang]}
                  </strong>
                  <p>{lesson.summary[lang]}</p>
                  <span className="muted">{t('lessons.progress', { done: doneCount, total: lesson.tasks.length })}</span>
                </div>
                <div className="lesson-list-actions">
                  <button type="button" data-testid={`lesson-start-${lesson.id}`} onClick={() => void useLessonStore.getState().begin(lesson.id, lang)}>
                    {doneCount > 0 ? t('lessons.continue') : t('lessons.start')}
                  </button>
                  {doneCount > 0 && (
                    <button type="button" className="link" onClick={() => useLessonStore.getState().resetProgress(lesson.id)}>
                      {t('lessons.restart')}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}

/** The start screen's “Learn” button. */
export function LearnButton() {
  const { t } = useTranslation();
  return (
    <button type="button" data-testid="learn" onClick={() => useLessonStore.getState().setPickerOpen(true)}>
      {t('lessons.learn')}
    </button>
  );
}

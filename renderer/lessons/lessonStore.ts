/**
 * The guided lesson in progress: which lesson is open, what the learner has done (kept in localStorage, so it
 * survives a reload or a restart), and the observation being measured. The lesson's content, checks, Show me
 * edits and measurements are the engine's (engine/lessons); this store only applies them to the document store
 * (a Show me is one undo step) and runs observations through the studio's worker.
 */
import { create } from 'zustand';
import {
  docForRun,
  emptyProgress,
  lessonById,
  lessonStartDoc,
  markDone,
  parseProgress,
  recordRun,
  withRun,
  applyShowMe,
  LessonError,
  type AttentionMap,
  type Lesson,
  type LessonLanguage,
  type LessonProgress,
  type ProgressStore,
  type RunObservation,
  type SampleMessage,
} from '../../engine';
import { layoutDoc } from '../canvas/layout';
import { useDocumentStore } from '../store/documentStore';
import { newBlankDocument } from '../store/persistence';
import { useViewStore } from '../store/viewStore';
import { checkpointEveryOf } from '../studio/checkpointInterval';
import { dataBaseUrl } from '../studio/dataBaseUrl';
import { STUDIO_MEMORY_BUDGET_BYTES } from '../studio/preflight';
import { problemText, sayMessage } from '../problems/problemText';
import { useStudioStore } from '../studio/studioStore';

const STORAGE_KEY = 'tensorloom.lessons';
/** The lesson whose panel is open, so a reload (or a restored crash) brings the panel back with the graph. */
const OPEN_KEY = 'tensorloom.lessons.open';

function loadOpenLesson(): string | null {
  try {
    const id = globalThis.localStorage?.getItem(OPEN_KEY) ?? null;
    return id && lessonById(id) ? id : null;
  } catch {
    return null;
  }
}

function saveOpenLesson(id: string | null): void {
  try {
    if (id) globalThis.localStorage?.setItem(OPEN_KEY, id);
    else globalThis.localStorage?.removeItem(OPEN_KEY);
  } catch {
    // Blocked storage: the panel just does not come back after a reload.
  }
}

function loadProgress(): ProgressStore {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    return raw ? parseProgress(JSON.parse(raw)) : {};
  } catch {
    return {};
  }
}

function saveProgress(progress: ProgressStore): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(progress));
  } catch {
    // Storage may be full or blocked: progress then lasts for this session only.
  }
}

export interface Observation {
  lessonId: string;
  taskId: string;
  studioRunId: string;
}

export interface LessonState {
  /** The open lesson, or null (no lesson panel). */
  lessonId: string | null;
  progress: ProgressStore;
  observation: Observation | null;
  /** The last Show me or observation that could not be done, for the panel to show. */
  failure: { message: string; fix: string } | null;
  /** The lesson picker on the start screen. */
  pickerOpen: boolean;
  setPickerOpen(open: boolean): void;
  begin(lessonId: string, lang: LessonLanguage): Promise<void>;
  /** Closes the panel; progress stays. */
  close(): void;
  resetProgress(lessonId: string): void;
  showMe(taskId: string, lang: LessonLanguage): void;
  markTaskDone(taskId: string): void;
  observe(taskId: string): void;
}

/** One object for “nothing done yet”, so a selector returning it is stable between renders. */
const NO_PROGRESS: LessonProgress = Object.freeze(emptyProgress());

export function progressOf(state: Pick<LessonState, 'progress'>, lessonId: string): LessonProgress {
  return state.progress[lessonId] ?? NO_PROGRESS;
}

export const useLessonStore = create<LessonState>()((set, get) => {
  const update = (lessonId: string, change: (p: LessonProgress) => LessonProgress) => {
    const progress = { ...get().progress, [lessonId]: change(progressOf(get(), lessonId)) };
    saveProgress(progress);
    set({ progress });
  };
  return {
    lessonId: loadOpenLesson(),
    progress: loadProgress(),
    observation: null,
    failure: null,
    pickerOpen: false,
    setPickerOpen(pickerOpen) {
      set({ pickerOpen });
    },
    async begin(lessonId, lang) {
      const lesson = lessonById(lessonId);
      if (!lesson) return;
      const current = useDocumentStore.getState().doc;
      const done = progressOf(get(), lessonId).done;
      // The lesson's own graph still open: carry on with it. Otherwise its start, with the finished tasks'
      // Show me steps replayed, so the canvas matches the progress the learner comes back to.
      if (current.nodes.length && (current.name === lesson.title.en || current.name === lesson.title.ko)) {
        useViewStore.getState().setScreen('editor');
      } else {
        let doc = lessonStartDoc(lesson, lang);
        if (lesson.start.kind === 'template') doc = await layoutDoc(doc).catch(() => doc);
        try {
          for (const task of lesson.tasks) if (done.includes(task.id)) doc = applyShowMe(doc, lesson, task.id, lang);
        } catch {
          doc = lessonStartDoc(lesson, lang);
        }
        await newBlankDocument(doc);
      }
      saveOpenLesson(lessonId);
      set({ lessonId, pickerOpen: false, failure: null, observation: null });
    },
    close() {
      saveOpenLesson(null);
      set({ lessonId: null, observation: null, failure: null });
    },
    resetProgress(lessonId) {
      update(lessonId, () => emptyProgress());
    },
    showMe(taskId, lang) {
      const lesson = currentLesson();
      if (!lesson) return;
      try {
        const next = applyShowMe(useDocumentStore.getState().doc, lesson, taskId, lang);
        // `apply` records the whole step as one undo step.
        useDocumentStore.getState().apply(next);
        useViewStore.getState().requestFit();
        set({ failure: null });
      } catch (err) {
        set({ failure: failureOf(err) });
      }
    },
    markTaskDone(taskId) {
      const { lessonId } = get();
      if (lessonId) update(lessonId, (p) => markDone(p, taskId));
    },
    observe(taskId) {
      const lesson = currentLesson();
      const task = lesson?.tasks.find((t) => t.id === taskId);
      if (!lesson || !task?.observe) return;
      const studio = useStudioStore.getState();
      const doc = docForRun(useDocumentStore.getState().doc, task.observe.train);
      const studioRunId = studio.start({
        doc,
        mode: 'scratch',
        // Weights chosen with “Load weights from…” start the run, as they would from the studio (fine-tuning).
        ...(studio.initFrom ? { initFrom: studio.initFrom } : {}),
        data: { kind: 'bundled', datasetId: doc.training.dataset, baseUrl: dataBaseUrl() },
        settings: {
          training: doc.training,
          probeText: task.observe.train.probe ?? studio.probeText,
          sampling: task.observe.train.sampling,
          // The maps a claim reads are the ones after the last step; snapshots between are for watching.
          snapshotEvery: Math.max(1, Math.ceil(doc.training.steps / 10)),
          memoryBudgetBytes: STUDIO_MEMORY_BUDGET_BYTES,
          checkpointEvery: checkpointEveryOf(doc.training),
        },
      });
      set({ observation: { lessonId: lesson.id, taskId, studioRunId }, failure: null });
    },
  };
});

function currentLesson(): Lesson | undefined {
  const id = useLessonStore.getState().lessonId;
  return id ? lessonById(id) : undefined;
}

function failureOf(err: unknown): { message: string; fix: string } {
  // A keyed lesson problem is said in the UI language; anything else as it was written.
  if (err instanceof LessonError && err.sentence) return sayMessage(err.sentence.key, err.sentence.params);
  if (err && typeof err === 'object' && 'fix' in err && err instanceof Error) return { message: err.message, fix: String((err as { fix: unknown }).fix) };
  return { message: err instanceof Error ? err.message : String(err), fix: '' };
}

/** The studio's finished run as an observation: its curve, its final held-out numbers and its last attention maps. */
export function observationOfStudioRun(
  points: readonly { step: number; loss: number; validationLoss?: number; validationAccuracy?: number }[],
  attention: readonly AttentionMap[],
  newestSample: SampleMessage | undefined,
): RunObservation {
  const lastValidated = [...points].reverse().find((p) => p.validationLoss !== undefined);
  return {
    losses: points.map((p) => ({ step: p.step, loss: p.loss })),
    validation: lastValidated ? { loss: lastValidated.validationLoss!, accuracy: lastValidated.validationAccuracy } : undefined,
    attention,
    sample: newestSample,
  };
}

/**
 * Follows the studio: when the run an observation started ends, its numbers are recorded in the lesson's
 * progress (or the reason it could not be measured is shown). Returns the unsubscribe function.
 */
export function followObservations(): () => void {
  return useStudioStore.subscribe((studio) => {
    const { observation } = useLessonStore.getState();
    if (!observation || studio.run.runId !== observation.studioRunId) return;
    const status = studio.run.status;
    if (status !== 'done' && status !== 'stopped' && status !== 'failed') return;
    useLessonStore.setState({ observation: null });
    const lesson = lessonById(observation.lessonId);
    const task = lesson?.tasks.find((t) => t.id === observation.taskId);
    if (!lesson || !task?.observe) return;
    if (status !== 'done') {
      useLessonStore.setState({ failure: studio.run.problem ? problemText(studio.run.problem) : { message: status, fix: '' } });
      return;
    }
    try {
      const observed = observationOfStudioRun(studio.run.points, studio.run.attention?.maps ?? [], studio.run.samples[0]);
      const recorded = recordRun(lesson, task.observe.train, observed, useDocumentStore.getState().doc);
      const state = useLessonStore.getState();
      const progress = { ...state.progress, [lesson.id]: withRun(progressOf(state, lesson.id), recorded) };
      saveProgress(progress);
      useLessonStore.setState({ progress });
    } catch (err) {
      useLessonStore.setState({ failure: failureOf(err) });
    }
  });
}

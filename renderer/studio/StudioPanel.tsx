import { startTransition, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import '../i18n';
import { STUDIO_DOCK, useViewStore } from '../store/viewStore';
import { useDocumentStore } from '../store/documentStore';
import { AboutData } from './AboutData';
import { AttentionGlance } from './AttentionGlance';
import { AttentionView, useFollowCanvasSelection } from './AttentionView';
import { ChartsView } from './ChartsView';
import { dataBaseUrl } from './dataBaseUrl';
import { DataPicker } from './DataPicker';
import { HiddenView } from './HiddenView';
import { preflight, STUDIO_MEMORY_BUDGET_BYTES } from './preflight';
import { PreflightView } from './PreflightView';
import { RunControls } from './RunControls';
import { RunSettingsForm } from './RunSettingsForm';
import { SamplesView } from './SamplesView';
import { DEFAULT_SNAPSHOT_EVERY, useStudioStore } from './studioStore';
import { connectStudioWorker } from './workerClient';
import { isActive } from './runState';
import { useGraphProblems } from '../problems/graphProblems';
import type { StartMode } from '../../engine';
import { checkpointEveryOf } from './checkpointInterval';
import './studio.css';

type Tab = 'charts' | 'attention' | 'hidden' | 'samples' | 'about';

const TABS: readonly Tab[] = ['charts', 'attention', 'hidden', 'samples', 'about'];
/** The attention glance's side in px, and in a short studio, where it must fit beside the loss chart whole. */
const GLANCE_SIZE = 140;
const COMPACT_GLANCE_SIZE = 112;

/**
 * The training studio: data, settings and controls on the left; live charts (with one attention map beside the loss
 * curve), maps and samples on the right. It opens at a height that shows the run controls, the loss chart and that
 * map while leaving the canvas room for a fitted template with its ports (viewStore.defaultStudioDockHeight).
 */
export function StudioPanel() {
  const { t } = useTranslation();
  // Open at start where the window has room for it and the canvas (viewStore.defaultStudioOpen), or as the
  // learner last left it; the View menu's command flips the same state.
  const open = useViewStore((s) => s.studioOpen);
  const setOpen = useViewStore((s) => s.setStudioOpen);
  const [tab, setTab] = useState<Tab>('charts');
  const doc = useDocumentStore((s) => s.doc);
  const status = useStudioStore((s) => s.run.status);
  const check = useMemo(() => preflight(doc), [doc]);
  const { blocker } = useGraphProblems();
  const compact = useViewStore((s) => s.studioDockHeight < STUDIO_DOCK.compactBelow);

  useEffect(() => connectStudioWorker(), []);
  useFollowCanvasSelection(() => {
    setOpen(true);
    setTab('attention');
  });
  const aboutDataRequest = useViewStore((s) => s.aboutDataRequest);
  useEffect(() => {
    if (!aboutDataRequest) return;
    setOpen(true);
    setTab('about');
  }, [aboutDataRequest]);

  const start = (mode: StartMode) => {
    const { userData, probeText, sampling, initFrom } = useStudioStore.getState();
    useStudioStore.getState().start({
      doc,
      mode,
      ...(mode === 'scratch' && initFrom ? { initFrom } : {}),
      data: userData ? { kind: 'user', source: userData.source } : { kind: 'bundled', datasetId: doc.training.dataset, baseUrl: dataBaseUrl() },
      settings: {
        training: doc.training,
        probeText,
        snapshotEvery: Math.max(1, Math.min(DEFAULT_SNAPSHOT_EVERY, Math.ceil(doc.training.steps / 10))),
        sampling,
        memoryBudgetBytes: STUDIO_MEMORY_BUDGET_BYTES,
        checkpointEvery: checkpointEveryOf(doc.training),
      },
    });
  };

  return (
    <section className={`studio${open ? ' open' : ''}`} aria-label={t('studio.heading')}>
      <header className="studio-header">
        <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'} {t('studio.heading')}
        </button>
        <nav className="studio-tabs" role="tablist">
          {TABS.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              className={tab === id ? 'active' : ''}
              onClick={() => {
                // A transition: React renders the new tab in slices, yielding to the browser between them,
                // instead of one long task while the worker keeps the CPU busy.
                startTransition(() => {
                  setTab(id);
                  setOpen(true);
                });
              }}
            >
              {t(`studio.tabs.${id}`)}
            </button>
          ))}
        </nav>
      </header>
      {open && (
        <div className="studio-body">
          <div className="studio-side">
            <RunControls onStart={start} blocker={blocker} />
            <PreflightView check={check} />
            <DataPicker />
            <RunSettingsForm disabled={isActive(status)} />
          </div>
          <div className="studio-main" role="tabpanel">
            {/* Kept mounted while hidden: see ChartsView. The attention glance sits beside the loss chart, so a short
                studio shows the run controls, the loss curve and what the model attends to side by side. */}
            <div className="studio-charts-row" hidden={tab !== 'charts'}>
              <ChartsView visible={tab === 'charts'} />
              {tab === 'charts' && <AttentionGlance onOpen={() => setTab('attention')} size={compact ? COMPACT_GLANCE_SIZE : GLANCE_SIZE} />}
            </div>
            {tab === 'attention' && <AttentionView />}
            {tab === 'hidden' && <HiddenView />}
            {tab === 'samples' && <SamplesView />}
            {tab === 'about' && <AboutData />}
          </div>
        </div>
      )}
    </section>
  );
}

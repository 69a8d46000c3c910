import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { Canvas } from './canvas/Canvas';
import { useEditorShortcuts } from './canvas/shortcuts';
import { connectNativeMenu } from './commands/nativeMenu';
import { DockResizer } from './canvas/DockResizer';
import { FileProblemsDialog } from './canvas/FileProblemsDialog';
import { SummaryBar } from './canvas/SummaryBar';
import { Toolbar } from './canvas/Toolbar';
import { UnsavedChangesDialog } from './canvas/UnsavedChangesDialog';
import { WeightTransferDialog } from './canvas/WeightTransferDialog';
import { ExportDialog } from './export/ExportDialog';
import { Inspector } from './inspector/Inspector';
import { LessonPanel } from './lessons/LessonPanel';
import { Palette } from './palette/Palette';
import { getPlatform } from './platform';
import { ProblemsList } from './problems/ProblemsList';
import { StartScreen } from './start/StartScreen';
import { StudioPanel } from './studio/StudioPanel';
import { useViewStore } from './store/viewStore';

export function App() {
  const screen = useViewStore((s) => s.screen);
  // One command list answers the keys on every screen (Save and Open work from the start screen too) and the native menu.
  useEditorShortcuts();
  useEffect(() => connectNativeMenu(getPlatform()), []);
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        {screen === 'start' ? (
          <StartScreen />
        ) : (
          <div className="editor">
            <Palette />
            <div className="workspace">
              <Canvas />
              <SummaryBar />
              <DockResizer />
              <div className="dock">
                <ProblemsList />
                <StudioPanel />
              </div>
            </div>
            <LessonPanel />
            <Inspector />
          </div>
        )}
        <Notice />
        <FileProblemsDialog />
        <WeightTransferDialog />
        <ExportDialog />
        <UnsavedChangesDialog />
      </div>
    </ReactFlowProvider>
  );
}

function Notice() {
  const notice = useViewStore((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => useViewStore.getState().notify(null), 4000);
    return () => clearTimeout(timer);
  }, [notice]);
  return notice ? (
    <div className="notice" role="status">
      {notice}
    </div>
  ) : null;
}

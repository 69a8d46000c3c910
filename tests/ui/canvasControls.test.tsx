import { ReactFlow, ReactFlowProvider, type Viewport } from '@xyflow/react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import './flowEnvironment';
import { analyzeGraph } from '../../engine/graph/analyze';
import { docToFlow } from '../../renderer/canvas/adapter';
import { BlockNode } from '../../renderer/canvas/BlockNode';
import { DockResizer } from '../../renderer/canvas/DockResizer';
import { GroupFrameNode } from '../../renderer/canvas/GroupFrameNode';
import { Toolbar } from '../../renderer/canvas/Toolbar';
import { i18n, setLanguage } from '../../renderer/i18n';
import { EMPTY_SELECTION, useDocumentStore } from '../../renderer/store/documentStore';
import { groupNodes } from '../../renderer/store/edits';
import { defaultStudioDockHeight, STUDIO_DOCK, VIEW_PREFERENCES_KEY, useViewStore } from '../../renderer/store/viewStore';
import { attentionDoc, buildDoc } from './graphs';

const nodeTypes = { block: BlockNode, groupFrame: GroupFrameNode };

/** The canvas's drawing of the store's document, re-derived on every change as the real canvas does. */
function StoreCanvas({ viewport }: { viewport?: Viewport }) {
  const doc = useDocumentStore((s) => s.doc);
  const flow = docToFlow(doc, analyzeGraph(doc), EMPTY_SELECTION);
  return (
    <div style={{ width: 1000, height: 800 }}>
      <ReactFlow nodes={flow.nodes} edges={flow.edges} nodeTypes={nodeTypes} defaultViewport={viewport} minZoom={0.1} />
    </div>
  );
}

function renderCanvas(viewport?: Viewport) {
  return render(
    <ReactFlowProvider>
      <StoreCanvas viewport={viewport} />
    </ReactFlowProvider>,
  );
}

describe('collapsing and expanding a group', () => {
  /** Token Input → Embedding → Positional Encoding → Dense, with Embedding and PE grouped. */
  function groupedDoc() {
    const { doc, ids } = buildDoc(
      [
        ['tok', 'tokenInput'],
        ['emb', 'embedding'],
        ['pos', 'positionalEncoding'],
        ['dense', 'dense'],
      ],
      [
        ['tok', 'out', 'emb', 'in'],
        ['emb', 'out', 'pos', 'in'],
        ['pos', 'out', 'dense', 'in'],
      ],
    );
    const { doc: grouped, groupId } = groupNodes(doc, [ids.emb, ids.pos], 'Front end');
    useDocumentStore.getState().load(grouped);
    return { ids, groupId };
  }

  it('hides the members behind one frame with a handle per crossing edge, and shows them again', () => {
    const { ids, groupId } = groupedDoc();
    renderCanvas();
    const frame = screen.getByTestId(`group-${groupId}`);
    expect(screen.getByTestId(`block-${ids.emb}`)).toBeTruthy();
    expect(screen.getByTestId(`block-${ids.pos}`)).toBeTruthy();

    fireEvent.click(within(frame).getByRole('button', { name: 'Collapse' }));
    expect(useDocumentStore.getState().doc.groups[0].collapsed).toBe(true);
    expect(screen.queryByTestId(`block-${ids.emb}`)).toBeNull();
    expect(screen.queryByTestId(`block-${ids.pos}`)).toBeNull();
    const collapsed = screen.getByTestId(`group-${groupId}`);
    expect(collapsed.className).toContain('collapsed');
    expect(within(collapsed).getByText('2 blocks')).toBeTruthy();
    // tok → emb comes in, pos → dense goes out; emb → pos stays inside and has no handle.
    expect(collapsed.querySelectorAll('.react-flow__handle.target')).toHaveLength(1);
    expect(collapsed.querySelectorAll('.react-flow__handle.source')).toHaveLength(1);
    expect(screen.getByTestId(`block-${ids.tok}`)).toBeTruthy();
    expect(screen.getByTestId(`block-${ids.dense}`)).toBeTruthy();

    fireEvent.click(within(collapsed).getByRole('button', { name: 'Expand' }));
    expect(useDocumentStore.getState().doc.groups[0].collapsed).toBe(false);
    expect(screen.getByTestId(`block-${ids.emb}`)).toBeTruthy();
    expect(screen.getByTestId(`block-${ids.pos}`)).toBeTruthy();
    expect(screen.getByTestId(`group-${groupId}`).className).not.toContain('collapsed');
  });

  it('collapsing is one undo step', () => {
    const { groupId } = groupedDoc();
    renderCanvas();
    fireEvent.click(within(screen.getByTestId(`group-${groupId}`)).getByRole('button', { name: 'Collapse' }));
    act(() => useDocumentStore.temporal.getState().undo());
    expect(useDocumentStore.getState().doc.groups[0].collapsed).toBe(false);
  });
});

describe('switching the language in the toolbar', () => {
  afterEach(() => setLanguage('en'));

  it('redraws the toolbar in Korean and back in English, and remembers the choice', () => {
    setLanguage('en');
    render(<Toolbar />);
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    const select = screen.getByRole('combobox', { name: 'Language' });

    fireEvent.change(select, { target: { value: 'ko' } });
    expect(i18n.language).toBe('ko');
    expect(screen.getByRole('button', { name: '실행 취소' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '저장' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(document.documentElement.lang).toBe('ko');
    expect(localStorage.getItem('tensorloom.language')).toBe('ko');

    fireEvent.change(screen.getByRole('combobox', { name: '언어' }), { target: { value: 'en' } });
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    expect(localStorage.getItem('tensorloom.language')).toBe('en');
  });

  it('names blocks on the canvas in the chosen language', () => {
    const { doc, ids } = attentionDoc();
    useDocumentStore.getState().load(doc);
    renderCanvas();
    const block = screen.getByTestId(`block-${ids.emb}`);
    expect(block.querySelector('.block-title')?.textContent).toBe('Embedding');
    act(() => setLanguage('ko'));
    expect(block.querySelector('.block-title')?.textContent).not.toBe('Embedding');
  });
});

describe('the dock resizer', () => {
  beforeEach(() => {
    localStorage.clear();
    useViewStore.setState({ studioDockHeight: STUDIO_DOCK.default });
  });

  function renderWorkspace() {
    render(
      <div className="workspace" data-testid="workspace">
        <div className="canvas" />
        <DockResizer />
        <div className="dock" />
      </div>,
    );
    return screen.getByRole('separator', { name: 'Resize the training studio' });
  }

  it('is a focusable separator that the arrow, page, Home and End keys move, and remembers the height', () => {
    const handle = renderWorkspace();
    expect(handle.tabIndex).toBe(0);
    expect(handle.getAttribute('aria-valuenow')).toBe(String(STUDIO_DOCK.default));
    expect(screen.getByTestId('workspace').style.getPropertyValue('--studio-dock-height')).toBe(`${STUDIO_DOCK.default}px`);

    fireEvent.keyDown(handle, { key: 'ArrowUp' });
    expect(useViewStore.getState().studioDockHeight).toBe(STUDIO_DOCK.default + STUDIO_DOCK.step);
    fireEvent.keyDown(handle, { key: 'PageDown' });
    expect(useViewStore.getState().studioDockHeight).toBe(STUDIO_DOCK.default + STUDIO_DOCK.step - STUDIO_DOCK.page);
    expect(handle.getAttribute('aria-valuenow')).toBe(String(STUDIO_DOCK.default + STUDIO_DOCK.step - STUDIO_DOCK.page));
    expect(screen.getByTestId('workspace').style.getPropertyValue('--studio-dock-height')).toBe(`${STUDIO_DOCK.default + STUDIO_DOCK.step - STUDIO_DOCK.page}px`);
    expect(JSON.parse(localStorage.getItem(VIEW_PREFERENCES_KEY)!).studioDockHeight).toBe(STUDIO_DOCK.default + STUDIO_DOCK.step - STUDIO_DOCK.page);

    fireEvent.keyDown(handle, { key: 'Home' });
    expect(useViewStore.getState().studioDockHeight).toBe(STUDIO_DOCK.min);
    fireEvent.keyDown(handle, { key: 'ArrowDown' });
    expect(useViewStore.getState().studioDockHeight).toBe(STUDIO_DOCK.min); // not below the minimum
    fireEvent.keyDown(handle, { key: 'End' });
    expect(useViewStore.getState().studioDockHeight).toBe(STUDIO_DOCK.max); // jsdom lays nothing out: no window limit
    fireEvent.keyDown(handle, { key: 'a' });
    expect(useViewStore.getState().studioDockHeight).toBe(STUDIO_DOCK.max);
  });

  it('opens tall enough on a laptop window for the run controls, the loss chart and one attention map', () => {
    // 1,280×800: a compact studio (charts beside the attention map) that leaves the canvas about 470 px, enough for
    // a fitted template with its ports (tests/e2e/studioLayout.spec.ts checks both in the browser).
    expect(defaultStudioDockHeight(800)).toBe(260);
    expect(defaultStudioDockHeight(1080)).toBe(351);
    // A short window never gets less than the usual height.
    expect(defaultStudioDockHeight(500)).toBe(STUDIO_DOCK.default);
  });

  it('follows a pointer drag: up grows the dock, down shrinks it', () => {
    const handle = renderWorkspace();
    fireEvent.pointerDown(handle, { button: 0, pointerId: 1, clientY: 500 });
    fireEvent.pointerMove(handle, { pointerId: 1, clientY: 400 });
    expect(useViewStore.getState().studioDockHeight).toBe(STUDIO_DOCK.default + 100);
    fireEvent.pointerMove(handle, { pointerId: 1, clientY: 560 });
    expect(useViewStore.getState().studioDockHeight).toBe(STUDIO_DOCK.default - 60);
    fireEvent.pointerUp(handle, { pointerId: 1, clientY: 560 });
    fireEvent.pointerMove(handle, { pointerId: 1, clientY: 100 }); // released: no longer follows
    expect(useViewStore.getState().studioDockHeight).toBe(STUDIO_DOCK.default - 60);
  });
});

describe('level of detail', () => {
  beforeEach(() => useViewStore.setState({ simplifyZoomedOut: true }));

  it('draws a zoomed-out block as a named rectangle whose handles stay for the edges', () => {
    const { doc, ids } = attentionDoc();
    useDocumentStore.getState().load(doc);
    renderCanvas({ x: 0, y: 0, zoom: 0.2 });
    const mha = screen.getByTestId(`block-${ids.mha}`);
    expect(mha.getAttribute('data-detail')).toBe('simple');
    expect(mha.textContent).toBe('Multi-Head Attention');
    expect(within(mha).queryByTestId('block-params')).toBeNull();
    expect(mha.querySelectorAll('.react-flow__handle')).toHaveLength(4);
  });

  it('draws blocks in full at a readable zoom, or everywhere when the simplification is off', () => {
    const { doc, ids } = attentionDoc();
    useDocumentStore.getState().load(doc);
    const { unmount } = renderCanvas({ x: 0, y: 0, zoom: 1 });
    expect(screen.getByTestId(`block-${ids.mha}`).getAttribute('data-detail')).toBeNull();
    expect(within(screen.getByTestId(`block-${ids.mha}`)).getByTestId('block-params')).toBeTruthy();
    unmount();
    useViewStore.setState({ simplifyZoomedOut: false });
    renderCanvas({ x: 0, y: 0, zoom: 0.2 });
    expect(screen.getByTestId(`block-${ids.mha}`).getAttribute('data-detail')).toBeNull();
  });
});

/**
 * The studio's open state and height as the learner leaves them: open at start where the window has room,
 * remembered across reloads, flipped by View ▸ Show training studio and its shortcut, and, in the desktop app,
 * the dock height kept per display by the window. Also the single-thread note and the data file's byte count.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DockResizer, REMEMBER_HEIGHT_DELAY_MS, type StudioHeightMemory } from '../../renderer/canvas/DockResizer';
import { COMMAND_IDS, shortcutsOf } from '../../renderer/commands/commands';
import { commandForKey } from '../../renderer/commands/keyboard';
import { describeNativeMenu } from '../../renderer/commands/nativeMenu';
import { isCommandChecked, runCommand } from '../../renderer/commands/run';
import { parseShortcut } from '../../renderer/commands/shortcut';
import { setLanguage } from '../../renderer/i18n';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { defaultStudioDockHeight, defaultStudioOpen, readViewPreferences, useViewStore, VIEW_PREFERENCES_KEY } from '../../renderer/store/viewStore';
import { runsSingleThreaded } from '../../renderer/studio/RunControls';
import { dataHintOf, useStudioStore } from '../../renderer/studio/studioStore';
import { readUserDataFile, utf8ByteLength } from '../../renderer/studio/userDataReader';
import { setWorkerFactory, type WorkerLike } from '../../renderer/studio/workerClient';
import { templateById } from '../../engine/templates';
import { idleRun } from '../../renderer/studio/runState';

// uPlot reads the device pixel ratio through matchMedia when it loads; jsdom has no media queries.
let StudioPanel: typeof import('../../renderer/studio/StudioPanel').StudioPanel;
beforeAll(async () => {
  (window as unknown as { matchMedia: unknown }).matchMedia ??= () => ({ matches: false, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {} });
  ({ StudioPanel } = await import('../../renderer/studio/StudioPanel'));
});

/** A worker that never answers: these tests look at the panel, not at training. */
class SilentWorker {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  postMessage() {}
  terminate() {}
}

function setWindowHeight(px: number) {
  Object.defineProperty(window, 'innerHeight', { value: px, configurable: true });
}

beforeEach(() => {
  setWorkerFactory(() => new SilentWorker() as unknown as WorkerLike);
  useStudioStore.setState({ run: idleRun(), backends: [], backendChoice: 'auto', userData: null, trained: null });
  useDocumentStore.getState().load(templateById('gpt-mini')!.build());
  useViewStore.setState({ screen: 'editor' });
  localStorage.clear();
});

afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await act(() => setLanguage('en'));
});

describe('the studio opens where the window is tall enough', () => {
  it('starts open in a 1,280×800 window and closed in a short one, compact at 260 px', () => {
    expect(defaultStudioOpen(800)).toBe(true);
    expect(defaultStudioDockHeight(800)).toBe(260);
    expect(defaultStudioOpen(700)).toBe(true);
    expect(defaultStudioOpen(699)).toBe(false);
    expect(defaultStudioOpen(600)).toBe(false);
  });

  it('a fresh page at 1,280×800 shows the run controls and the loss chart at once, without a click', async () => {
    setWindowHeight(800);
    vi.resetModules();
    const fresh = await import('../../renderer/store/viewStore');
    expect(fresh.useViewStore.getState().studioOpen).toBe(true);
    expect(fresh.useViewStore.getState().studioDockHeight).toBe(260);
    setWindowHeight(600);
    vi.resetModules();
    expect((await import('../../renderer/store/viewStore')).useViewStore.getState().studioOpen).toBe(false);

    useViewStore.setState({ studioOpen: true });
    render(<StudioPanel />);
    expect(screen.getByRole('button', { name: /Training studio/ }).getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('region', { name: 'Run controls' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Train' })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Charts' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel')).toBeTruthy();
  });

  it('remembers the learner’s choice over the window’s default after a reload', async () => {
    render(<StudioPanel />);
    const header = () => screen.getByRole('button', { name: /Training studio/ });
    act(() => useViewStore.getState().setStudioOpen(true));
    fireEvent.click(header());
    expect(header().getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('tabpanel')).toBeNull();
    expect(readViewPreferences(localStorage).studioOpen).toBe(false);

    // A reload in a tall window: the closed studio stays closed.
    setWindowHeight(1000);
    vi.resetModules();
    expect((await import('../../renderer/store/viewStore')).useViewStore.getState().studioOpen).toBe(false);

    // Opened again, then a reload in a short window: it stays open.
    fireEvent.click(header());
    expect(readViewPreferences(localStorage).studioOpen).toBe(true);
    setWindowHeight(500);
    vi.resetModules();
    expect((await import('../../renderer/store/viewStore')).useViewStore.getState().studioOpen).toBe(true);
  });

  it('does not write a choice down while the learner has made none, and ignores a malformed one', async () => {
    vi.resetModules();
    const fresh = await import('../../renderer/store/viewStore');
    fresh.useViewStore.getState().setStudioDockHeight(444);
    expect(JSON.parse(localStorage.getItem(VIEW_PREFERENCES_KEY)!)).toMatchObject({ studioDockHeight: 444 });
    expect(readViewPreferences(localStorage).studioOpen).toBeNull();
    localStorage.setItem(VIEW_PREFERENCES_KEY, JSON.stringify({ studioOpen: 'yes' }));
    expect(readViewPreferences(localStorage).studioOpen).toBeNull();
  });
});

describe('View ▸ Show training studio', () => {
  it('flips the open studio from the menu or Ctrl+J, with a check mark, and only in the editor', () => {
    expect(COMMAND_IDS).toContain('view.toggleStudio');
    act(() => useViewStore.getState().setStudioOpen(false));
    render(<StudioPanel />);
    expect(screen.queryByRole('tabpanel')).toBeNull();

    act(() => void runCommand('view.toggleStudio', 'menu'));
    expect(useViewStore.getState().studioOpen).toBe(true);
    expect(screen.getByRole('tabpanel')).toBeTruthy();
    expect(isCommandChecked('view.toggleStudio')).toBe(true);

    const spec = shortcutsOf('view.toggleStudio', 'other')[0];
    expect(spec).toBe('Mod+J');
    const press = new KeyboardEvent('keydown', { key: 'j', code: 'KeyJ', ctrlKey: true });
    expect(commandForKey(press, 'other')).toBe('view.toggleStudio');
    expect(parseShortcut(spec).key).toBe('J');
    act(() => void runCommand('view.toggleStudio', 'keyboard'));
    expect(screen.queryByRole('tabpanel')).toBeNull();
    expect(isCommandChecked('view.toggleStudio')).toBe(false);

    act(() => useViewStore.setState({ screen: 'start' }));
    expect(runCommand('view.toggleStudio', 'menu')).toBe(false);
    expect(useViewStore.getState().studioOpen).toBe(false);
  });

  it('sits in the native View menu with its accelerator and check state, in English and Korean', async () => {
    act(() => useViewStore.getState().setStudioOpen(true));
    const viewItem = () => {
      const view = describeNativeMenu('other').sections.find((s) => s.id === 'view')!;
      return view.items.find((i) => i.kind === 'command' && i.commandId === 'view.toggleStudio') as Extract<(typeof view.items)[number], { kind: 'command' }>;
    };
    expect(viewItem()).toMatchObject({ label: 'Show training studio', accelerator: 'Ctrl+J', check: { style: 'checkbox', checked: true } });
    expect(describeNativeMenu('mac').sections.find((s) => s.id === 'view')!.items.some((i) => i.kind === 'command' && i.commandId === 'view.toggleStudio' && i.accelerator === 'Cmd+J')).toBe(true);
    act(() => useViewStore.getState().setStudioOpen(false));
    expect(viewItem().check).toEqual({ style: 'checkbox', checked: false });
    await act(() => setLanguage('ko'));
    expect(viewItem().label).toBe('학습 스튜디오 표시');
  });
});

describe('the studio height kept per display by the desktop window', () => {
  function renderResizer(memory: StudioHeightMemory) {
    render(
      <div className="workspace">
        <DockResizer memory={memory} />
        <div className="dock" />
      </div>,
    );
    return screen.getByRole('separator');
  }

  it('restores the height the window kept, then hands each resize back once the learner stops', async () => {
    useViewStore.getState().setStudioDockHeight(360);
    const remembered: number[] = [];
    const memory: StudioHeightMemory = {
      windowLayout: async () => ({ studioHeight: 512 }),
      rememberStudioHeight: (px) => void remembered.push(px),
    };
    const handle = renderResizer(memory);
    await act(async () => await Promise.resolve());
    expect(useViewStore.getState().studioDockHeight).toBe(512);
    expect(remembered).toEqual([]);

    vi.useFakeTimers();
    fireEvent.keyDown(handle, { key: 'ArrowUp' });
    fireEvent.keyDown(handle, { key: 'ArrowUp' });
    act(() => void vi.advanceTimersByTime(REMEMBER_HEIGHT_DELAY_MS - 1));
    expect(remembered).toEqual([]);
    fireEvent.keyDown(handle, { key: 'ArrowUp' });
    act(() => void vi.advanceTimersByTime(REMEMBER_HEIGHT_DELAY_MS));
    expect(remembered).toEqual([512 + 3 * 16]);

    // A drag: many moves, one hand-over at the end.
    fireEvent.pointerDown(handle, { button: 0, clientY: 300, pointerId: 1 });
    for (let y = 299; y >= 250; y--) fireEvent.pointerMove(handle, { clientY: y, pointerId: 1 });
    fireEvent.pointerUp(handle, { clientY: 250, pointerId: 1 });
    act(() => void vi.advanceTimersByTime(REMEMBER_HEIGHT_DELAY_MS));
    expect(remembered).toEqual([560, 610]);
    expect(useViewStore.getState().studioDockHeight).toBe(610);
  });

  it('keeps the browser build’s height (no window memory) and a height the window never kept', async () => {
    useViewStore.getState().setStudioDockHeight(400);
    renderResizer({});
    cleanup();
    renderResizer({ windowLayout: async () => ({ studioHeight: null }) });
    await act(async () => await Promise.resolve());
    expect(useViewStore.getState().studioDockHeight).toBe(400);
  });
});

describe('single-threaded training', () => {
  it('says why training runs on one thread when the window is not cross-origin isolated', async () => {
    expect(runsSingleThreaded('wasm', false)).toBe(true);
    expect(runsSingleThreaded('wasm', undefined)).toBe(true);
    expect(runsSingleThreaded('wasm', true)).toBe(false);
    expect(runsSingleThreaded('webgl', false)).toBe(false);

    // jsdom is not cross-origin isolated, like a page served without COOP/COEP.
    expect(globalThis.crossOriginIsolated).not.toBe(true);
    act(() => useViewStore.getState().setStudioOpen(true));
    useStudioStore.setState({ backends: ['webgl', 'wasm', 'cpu'] });
    render(<StudioPanel />);
    expect(screen.queryByTestId('single-thread-note')).toBeNull();
    act(() => useStudioStore.setState({ backendChoice: 'wasm' }));
    expect(screen.getByTestId('single-thread-note').textContent).toBe(
      'Training runs on one thread: this window is not cross-origin isolated, so WebAssembly threads are off.',
    );
    await act(() => setLanguage('ko'));
    expect(screen.getByTestId('single-thread-note').textContent).toContain('WebAssembly 스레드를 쓸 수 없습니다');
  });
});

describe('the chosen data file’s size', () => {
  it('is counted once when the file is read, in UTF-8 bytes without the BOM, and the Continue check uses it', async () => {
    const rows = ['text,label', ...Array.from({ length: 8 }, (_, i) => `좋은 영화 ${i} 👍 café,${i % 2 ? 'pos' : 'neg'}`)].join('\n');
    const file = new File([new Uint8Array([0xef, 0xbb, 0xbf]), rows], 'reviews.csv', { type: 'text/csv' });
    const choice = await readUserDataFile(file, 'classification', () => {}).done;
    expect(choice.source.text.startsWith('text,label')).toBe(true);
    expect(choice.bytes).toBe(new TextEncoder().encode(choice.source.text).length);
    expect(choice.bytes).toBe(file.size - 3);

    const doc = useDocumentStore.getState().doc;
    // The hint takes the counted bytes; it no longer encodes the text.
    expect(dataHintOf(doc, { ...choice, bytes: 12345 })).toEqual({ kind: 'user', name: 'reviews.csv', bytes: 12345 });
  });

  it('counts like TextEncoder for every kind of UTF-16 unit', () => {
    for (const text of ['', 'abc', 'é', '한국어', '👍', 'a\ud800b', '\udc00', 'x\ud83d']) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});

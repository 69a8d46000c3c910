import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getPlatform } from '../platform';
import type { Platform } from '../platform/types';
import { clampStudioDockHeight, defaultStudioDockHeight, STUDIO_DOCK, useViewStore } from '../store/viewStore';

/** The window's own memory of the studio height, per display (the desktop app); absent in the browser. */
export type StudioHeightMemory = Pick<Platform, 'windowLayout' | 'rememberStudioHeight'>;

/** How long the height must stay put before it is handed to the window's memory: once per drag, not per pixel. */
export const REMEMBER_HEIGHT_DELAY_MS = 400;

/** Platforms whose remembered height was asked for already: once per page, however often the editor remounts. */
const restoredFrom = new WeakSet<StudioHeightMemory>();
/** Set once the learner resizes: a remembered height arriving later must not undo their drag. */
let resizedByUser = false;

/**
 * Asks the window for the studio height it kept for this display and applies it, once per page. Where the
 * platform keeps none (the browser), the height stays the one from localStorage.
 */
export function restoreStudioHeight(memory: StudioHeightMemory): Promise<void> {
  if (!memory.windowLayout || restoredFrom.has(memory)) return Promise.resolve();
  restoredFrom.add(memory);
  return memory.windowLayout().then(
    ({ studioHeight }) => {
      if (studioHeight !== null && Number.isFinite(studioHeight) && !resizedByUser) useViewStore.getState().setStudioDockHeight(studioHeight);
    },
    // Without the window's memory the height from localStorage stands.
    () => undefined,
  );
}

/**
 * The handle between the canvas and the bottom dock: drag it, or focus it and use the arrow keys, Page
 * Up/Down, Home and End, to share the window's height between the canvas and the open training studio.
 * It must sit in `.workspace` between the canvas and `.dock`. The height is remembered in the view store;
 * this component writes it to the workspace as `--studio-dock-height` so that only CSS (app.css) places
 * the dock, and a drag re-renders this handle alone, never the canvas.
 */
export function DockResizer({ memory = getPlatform() }: { memory?: StudioHeightMemory } = {}) {
  const { t } = useTranslation();
  const height = useViewStore((s) => s.studioDockHeight);
  const handle = useRef<HTMLDivElement>(null);
  const drag = useRef<{ startY: number; startHeight: number; pointerId: number } | null>(null);
  const [maxHeight, setMaxHeight] = useState<number>(STUDIO_DOCK.max);
  const rememberTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    void restoreStudioHeight(memory);
  }, [memory]);

  /** Hands the height to the window's memory once the learner has stopped moving it for a moment. */
  const rememberSoon = useCallback(() => {
    if (!memory.rememberStudioHeight) return;
    if (rememberTimer.current !== null) clearTimeout(rememberTimer.current);
    rememberTimer.current = setTimeout(() => {
      rememberTimer.current = null;
      memory.rememberStudioHeight?.(useViewStore.getState().studioDockHeight);
    }, REMEMBER_HEIGHT_DELAY_MS);
  }, [memory]);

  useEffect(
    () => () => {
      // Leaving the editor mid-wait: the height is handed over now rather than lost.
      if (rememberTimer.current === null) return;
      clearTimeout(rememberTimer.current);
      rememberTimer.current = null;
      memory.rememberStudioHeight?.(useViewStore.getState().studioDockHeight);
    },
    [memory],
  );

  useLayoutEffect(() => {
    handle.current?.parentElement?.style.setProperty('--studio-dock-height', `${height}px`);
  }, [height]);

  /** The tallest dock that leaves the canvas its minimum height in the workspace as it is now. */
  const availableHeight = useCallback((): number => {
    const workspace = handle.current?.parentElement;
    if (!workspace) return Infinity;
    let chrome = 0;
    for (const child of Array.from(workspace.children)) {
      if (!(child instanceof HTMLElement) || child.classList.contains('canvas') || child.classList.contains('dock')) continue;
      chrome += child.offsetHeight;
    }
    // A workspace that has not been laid out (height 0) gives no limit rather than a wrong one.
    return workspace.clientHeight > 0 ? workspace.clientHeight - chrome - STUDIO_DOCK.minCanvas : Infinity;
  }, []);

  /** The height the dock is drawn at, which CSS may cap below the remembered one in a short window. */
  const shownHeight = useCallback((): number => {
    const dock = handle.current?.parentElement?.querySelector<HTMLElement>(':scope > .dock');
    const h = dock?.getBoundingClientRect().height ?? 0;
    return h > 0 ? h : useViewStore.getState().studioDockHeight;
  }, []);

  useLayoutEffect(() => {
    const measure = () => {
      const available = availableHeight();
      if (Number.isFinite(available)) setMaxHeight(Math.max(STUDIO_DOCK.min, available));
    };
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [availableHeight]);

  const resizeTo = useCallback(
    (px: number) => {
      const available = availableHeight();
      if (Number.isFinite(available)) setMaxHeight(Math.max(STUDIO_DOCK.min, available));
      useViewStore.getState().setStudioDockHeight(clampStudioDockHeight(px, available));
      resizedByUser = true;
      rememberSoon();
    },
    [availableHeight, rememberSoon],
  );

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { startY: e.clientY, startHeight: shownHeight(), pointerId: e.pointerId };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    // Dragging the handle up grows the dock.
    resizeTo(d.startHeight + (d.startY - e.clientY));
  };
  const endDrag = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointerId !== e.pointerId) return;
    drag.current = null;
    e.currentTarget.releasePointerCapture?.(e.pointerId);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const current = shownHeight();
    const target: Record<string, number> = {
      ArrowUp: current + STUDIO_DOCK.step,
      ArrowDown: current - STUDIO_DOCK.step,
      PageUp: current + STUDIO_DOCK.page,
      PageDown: current - STUDIO_DOCK.page,
      Home: STUDIO_DOCK.min,
      End: STUDIO_DOCK.max,
    };
    if (!(e.key in target)) return;
    e.preventDefault();
    resizeTo(target[e.key]);
  };

  return (
    <div
      ref={handle}
      className="dock-resizer"
      role="separator"
      aria-orientation="horizontal"
      aria-label={t('dock.resize')}
      aria-valuemin={STUDIO_DOCK.min}
      aria-valuemax={maxHeight}
      aria-valuenow={Math.min(height, maxHeight)}
      tabIndex={0}
      title={t('dock.resizeHint')}
      data-testid="dock-resizer"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onDoubleClick={() => resizeTo(defaultStudioDockHeight())}
      onKeyDown={onKeyDown}
    />
  );
}

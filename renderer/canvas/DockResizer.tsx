import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { clampStudioDockHeight, defaultStudioDockHeight, STUDIO_DOCK, useViewStore } from '../store/viewStore';

/**
 * The handle between the canvas and the bottom dock: drag it, or focus it and use the arrow keys, Page
 * Up/Down, Home and End, to share the window's height between the canvas and the open training studio.
 * It must sit in `.workspace` between the canvas and `.dock`. The height is remembered in the view store;
 * this component writes it to the workspace as `--studio-dock-height` so that only CSS (app.css) places
 * the dock, and a drag re-renders this handle alone, never the canvas.
 */
export function DockResizer() {
  const { t } = useTranslation();
  const height = useViewStore((s) => s.studioDockHeight);
  const handle = useRef<HTMLDivElement>(null);
  const drag = useRef<{ startY: number; startHeight: number; pointerId: number } | null>(null);
  const [maxHeight, setMaxHeight] = useState<number>(STUDIO_DOCK.max);

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
    },
    [availableHeight],
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

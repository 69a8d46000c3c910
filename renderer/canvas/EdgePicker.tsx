import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { nodeTitle, portLabel } from '../i18n/blockText';
import { useDocumentStore } from '../store/documentStore';

export interface EdgePickerState {
  x: number;
  y: number;
  edgeIds: string[];
}

/**
 * The ids of every connection drawn under a screen point, topmost first. Connections leaving one output share
 * their first stretch, so a click there is on several at once.
 */
export function edgesAt(x: number, y: number, root: Document = document): string[] {
  const ids: string[] = [];
  for (const el of root.elementsFromPoint(x, y)) {
    const id = el.closest('.react-flow__edge')?.getAttribute('data-id');
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** A small menu naming each connection under the click, so the one meant can be picked. */
export function EdgePicker({ picker, onClose }: { picker: EdgePickerState; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const doc = useDocumentStore((s) => s.doc);
  useEffect(() => {
    const close = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', close);
    return () => window.removeEventListener('keydown', close);
  }, [onClose]);
  const label = (id: string) => {
    const n = doc.nodes.find((x) => x.id === id);
    return n ? nodeTitle(n, i18n.language) : id;
  };
  const edges = picker.edgeIds.map((id) => doc.edges.find((e) => e.id === id)).filter((e) => e !== undefined);
  if (edges.length < 2) return null;
  return (
    <div className="edge-picker" role="menu" aria-label={t('canvas.edgePicker')} data-testid="edge-picker" style={{ left: picker.x + 8, top: picker.y + 8 }}>
      <p className="muted">{t('canvas.edgePicker')}</p>
      {edges.map((e) => (
        <button
          key={e.id}
          type="button"
          role="menuitem"
          onClick={() => {
            useDocumentStore.getState().select({ edges: [e.id] });
            onClose();
          }}
        >
          {label(e.source)} → {label(e.target)} <span className="muted">({portLabel(doc.nodes.find((n) => n.id === e.target)?.kind ?? '', e.targetPort, i18n.language)})</span>
        </button>
      ))}
    </div>
  );
}

import { useReactFlow } from '@xyflow/react';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORY_ORDER, specs, type BlockSpec } from '../../engine';
import { BLOCK_DRAG_TYPE } from '../canvas/Canvas';
import { BLOCK_WIDTH } from '../canvas/geometry';
import { blockText } from '../i18n/blockText';
import { dropBlock } from '../canvas/autoWire';

/**
 * Every kind in the registry, grouped by category in the house order. A query matches the shown language's name
 * and summary and the English ones too, so a term read in English study notes finds its block in any language.
 */
export function groupedSpecs(query: string, lang: string): { category: BlockSpec['category']; items: BlockSpec[] }[] {
  const q = query.trim().toLowerCase();
  const all = Object.values(specs) as BlockSpec[];
  const matches = (s: BlockSpec) => {
    if (!q) return true;
    const shown = blockText(s, lang);
    return [s.kind, s.label, s.summary, shown.name, shown.summary, s.category].some((text) => text.toLowerCase().includes(q));
  };
  return CATEGORY_ORDER.map((category) => ({ category, items: all.filter((s) => s.category === category && matches(s)) })).filter((g) => g.items.length);
}

export function Palette() {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupedSpecs(query, i18n.language), [query, i18n.language]);
  const flow = useReactFlow();
  const addCount = useRef(0);

  const addAtCentre = (kind: string) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const centre = pane ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : { x: 0, y: 0 };
    // Successive adds step down-right so they do not hide each other.
    const step = (addCount.current++ % 6) * 24;
    dropBlock(kind, { x: centre.x - BLOCK_WIDTH / 2 + step, y: centre.y - 40 + step });
  };

  return (
    <aside className="palette" aria-label={t('palette.heading')}>
      <input
        className="palette-search"
        type="search"
        placeholder={t('palette.search')}
        aria-label={t('palette.search')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p className="palette-hint">{t('palette.hint')}</p>
      {groups.length === 0 && <p className="palette-empty">{t('palette.empty', { query })}</p>}
      {groups.map((g) => (
        <section key={g.category} className="palette-group">
          <h3>{t(`palette.category.${g.category}`)}</h3>
          <ul>
            {g.items.map((s) => {
              const text = blockText(s, i18n.language);
              return (
                <li
                  key={s.kind}
                  className={`palette-item cat-${s.category}`}
                  draggable
                  data-testid={`palette-${s.kind}`}
                  title={text.summary}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(BLOCK_DRAG_TYPE, s.kind);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onDoubleClick={() => addAtCentre(s.kind)}
                >
                  <span className="palette-name">{text.name}</span>
                  <span className="palette-summary">{text.summary}</span>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </aside>
  );
}

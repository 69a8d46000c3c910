import { specOf, type GraphDoc } from '../../engine';
import { BLOCK_WIDTH, blockHeight } from '../canvas/geometry';

/** A small picture of a graph: blocks as rectangles coloured by category, edges as curves. */
export function GraphPreview({ doc, width = 220, height = 110 }: { doc: GraphDoc; width?: number; height?: number }) {
  if (!doc.nodes.length) return <svg className="graph-preview" width={width} height={height} aria-hidden="true" />;
  const boxes = new Map(
    doc.nodes.map((n) => {
      const spec = specOf(n.kind);
      return [n.id, { x: n.position.x, y: n.position.y, w: BLOCK_WIDTH, h: spec ? blockHeight(spec) : 100, category: spec?.category ?? 'layers' }];
    }),
  );
  const xs = [...boxes.values()];
  const minX = Math.min(...xs.map((b) => b.x));
  const minY = Math.min(...xs.map((b) => b.y));
  const maxX = Math.max(...xs.map((b) => b.x + b.w));
  const maxY = Math.max(...xs.map((b) => b.y + b.h));
  const pad = 20;
  const viewBox = `${minX - pad} ${minY - pad} ${maxX - minX + 2 * pad} ${maxY - minY + 2 * pad}`;
  return (
    <svg className="graph-preview" width={width} height={height} viewBox={viewBox} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
      {doc.edges.map((e) => {
        const s = boxes.get(e.source);
        const t = boxes.get(e.target);
        if (!s || !t) return null;
        const x1 = s.x + s.w;
        const y1 = s.y + s.h / 2;
        const x2 = t.x;
        const y2 = t.y + t.h / 2;
        const dx = Math.max(40, Math.abs(x2 - x1) / 2);
        return <path key={e.id} d={`M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`} className="preview-edge" />;
      })}
      {xs.map((b, i) => (
        <rect key={i} x={b.x} y={b.y} width={b.w} height={b.h} rx={14} className={`preview-block cat-${b.category}`} />
      ))}
    </svg>
  );
}

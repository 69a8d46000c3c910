import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatType, portKindOf, specOf, type MemoryTerm, type PortSpec, type TensorType } from '../../engine';
import { blockText, memoryTermLabel, type PortText } from '../i18n/blockText';
import { problemText } from '../problems/problemText';
import { LEVEL_OF_DETAIL_ZOOM, useViewStore } from '../store/viewStore';
import type { BlockFlowNode } from './adapter';
import { termBytes } from './adapter';
import { formatBytes, formatCount, formatDims } from './format';
import { BLOCK_WIDTH, PORT_ROW, blockHeight, portCenterY } from './geometry';
import './blockBadges.css';

/** True while the canvas is zoomed out past the level-of-detail threshold; one boolean, so panning re-renders nothing. */
export const zoomedOutSelector = (s: ReactFlowState): boolean => s.transform[2] < LEVEL_OF_DETAIL_ZOOM;

/** The one node type of the canvas: everything it draws comes from the block's spec and the analysis. */
function BlockNodeView({ id, data, selected }: NodeProps<BlockFlowNode>) {
  const { t, i18n } = useTranslation();
  const zoomedOut = useStore(zoomedOutSelector);
  const simplify = useViewStore((s) => s.simplifyZoomedOut);
  const spec = specOf(data.kind);
  if (!spec) {
    return (
      <div className="block block-unknown" data-testid={`block-${id}`}>
        {data.kind}
      </div>
    );
  }
  const text = blockText(spec, i18n.language);
  const name = text.name;
  const title = data.label || name;
  const errors = data.problems.filter((p) => p.severity !== 'warning');
  if (zoomedOut && simplify) {
    // Level of detail: at this zoom the port labels and numbers are a few pixels high. A plain rectangle
    // with the name paints several times faster (bench/canvas/results.md); the handles stay, invisible and
    // exactly where the full block has them, so edges attach at the same points in both views.
    return (
      <div
        className={`block block-simple cat-${spec.category}${selected ? ' selected' : ''}${errors.length ? ' has-problem' : ''}${data.frozen ? ' frozen' : ''}`}
        style={{ width: BLOCK_WIDTH, height: blockHeight(spec) }}
        data-testid={`block-${id}`}
        data-kind={spec.kind}
        data-detail="simple"
      >
        <div className="block-simple-title">
          {data.frozen && <span aria-label={t('block.frozen')}>❄ </span>}
          {title}
        </div>
        {spec.inputs.map((p, i) => (
          <Handle key={p.name} type="target" position={Position.Left} id={p.name} className="port port-hidden" style={{ top: portCenterY(i) }} isConnectable={false} />
        ))}
        {spec.outputs.map((p, i) => (
          <Handle key={p.name} type="source" position={Position.Right} id={p.name} className="port port-hidden" style={{ top: portCenterY(i) }} isConnectable={false} />
        ))}
      </div>
    );
  }
  const rows = Math.max(spec.inputs.length, spec.outputs.length);
  const memoryBytes = data.cost.activations.reduce((s, term) => s + termBytes(term.dims, data.sizes), 0);
  const mainTerm = headlineTerm(data.cost.activations, data.sizes);
  return (
    <div
      className={`block cat-${spec.category}${selected ? ' selected' : ''}${errors.length ? ' has-problem' : ''}${data.frozen ? ' frozen' : ''}`}
      style={{ width: BLOCK_WIDTH, height: blockHeight(spec) }}
      data-testid={`block-${id}`}
      data-kind={spec.kind}
      data-frozen={data.frozen ? 'true' : undefined}
    >
      <div className="block-header" title={text.summary}>
        <div className="block-title">{title}</div>
        <div className="block-kind">
          {data.label ? name : t(`palette.category.${spec.category}`)}
          {data.copies > 1 && <span className="block-copies">{t('block.copies', { count: data.copies })}</span>}
          {data.frozen && (
            <span className="frozen-badge" data-testid="frozen-badge" title={t('block.frozenTitle')}>
              {t('block.frozen')}
            </span>
          )}
        </div>
        {data.problems.length > 0 && (
          <span
            className={`problem-badge${errors.length ? '' : ' warning'}`}
            data-testid="problem-badge"
            title={data.problems
              .map((p) => {
                const text = problemText(p);
                return `${p.code}: ${text.message} ${t('problems.fix')} ${text.fix}`;
              })
              .join('\n')}
          >
            {data.problems.length}
          </span>
        )}
      </div>
      <div className="block-ports" style={{ height: rows * PORT_ROW }}>
        <div className="port-column inputs">
          {spec.inputs.map((p) => (
            <PortRow key={p.name} port={p} text={text.ports[p.name]} kindName={t(`port.${p.kind}`)} optionalNote={t('block.optionalPort')} side="in" type={data.inputTypes[p.name]} />
          ))}
        </div>
        <div className="port-column outputs">
          {spec.outputs.map((p) => (
            <PortRow key={p.name} port={p} text={text.ports[p.name]} kindName={t(`port.${p.kind}`)} optionalNote={t('block.optionalPort')} side="out" type={data.outputTypes[p.name]} />
          ))}
        </div>
      </div>
      <div className="block-footer">
        <span className="block-params" data-testid="block-params">
          {t('block.params', { value: formatCount(data.cost.parameters) })}
        </span>
        {mainTerm && (
          <span className="block-memory" data-testid="block-memory" title={data.cost.activations.map((term) => termText(term, i18n.language)).join('\n')}>
            {termText(mainTerm, i18n.language)} · {formatBytes(memoryBytes)}
          </span>
        )}
      </div>
    </div>
  );
}

interface PortRowProps {
  port: PortSpec;
  /** The port's label and help in the UI language. */
  text: PortText;
  /** What the port carries, in the UI language, shown until a type is inferred. */
  kindName: string;
  optionalNote: string;
  side: 'in' | 'out';
  type: TensorType | undefined;
}

function PortRow({ port, text, kindName, optionalNote, side, type }: PortRowProps) {
  const kind = type ? portKindOf(type) : port.kind;
  const title = `${text.label}${port.optional ? ` (${optionalNote})` : ''}: ${type ? formatType(type) : kindName}${text.help ? ` — ${text.help}` : ''}`;
  return (
    <div className={`port-row ${side}${port.optional ? ' optional' : ''}`} title={title}>
      <Handle
        type={side === 'in' ? 'target' : 'source'}
        position={side === 'in' ? Position.Left : Position.Right}
        id={port.name}
        className={`port port-${kind}`}
        data-testid={`handle-${side}-${port.name}`}
        data-port-kind={kind}
      />
      <span className="port-label">{text.label}</span>
    </div>
  );
}

/**
 * The term a learner should see first: one that grows with the square of a sequence length (attention's
 * B·h·T² scores) before any that grows linearly, then the largest.
 */
export function headlineTerm(terms: readonly MemoryTerm[], sizes: Record<string, number>): MemoryTerm | undefined {
  const squared = (t: MemoryTerm) => {
    const names = t.dims.filter((d): d is string => typeof d === 'string' && d !== 'B');
    return new Set(names).size < names.length ? 1 : 0;
  };
  return [...terms].sort((a, b) => squared(b) - squared(a) || termBytes(b.dims, sizes) - termBytes(a.dims, sizes))[0];
}

/** Spec labels may already spell the product (“scores B·h·T²”); otherwise the dims are added. */
function termText(t: MemoryTerm, lang: string): string {
  const label = memoryTermLabel(t.label, lang);
  return t.label.includes('·') ? label : `${label} ${formatDims(t.dims)}`;
}

export const BlockNode = memo(BlockNodeView);

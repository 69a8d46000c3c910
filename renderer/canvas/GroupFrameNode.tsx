import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentStore } from '../store/documentStore';
import type { GroupFlowNode } from './adapter';

/**
 * A named group drawn as a frame around its blocks. Collapsed, it stands in for them: one handle per edge
 * that crosses its border, so the wiring stays visible.
 */
function GroupFrameView({ data, selected }: NodeProps<GroupFlowNode>) {
  const { t } = useTranslation();
  const updateGroup = useDocumentStore((s) => s.updateGroup);
  const g = data.group;
  return (
    <div className={`group-frame${g.collapsed ? ' collapsed' : ''}${selected ? ' selected' : ''}`} data-testid={`group-${g.id}`}>
      <div className="group-header">
        <button
          type="button"
          className="group-toggle nodrag"
          aria-label={g.collapsed ? t('inspector.expandGroup') : t('inspector.collapseGroup')}
          aria-expanded={!g.collapsed}
          onClick={(ev) => {
            ev.stopPropagation();
            updateGroup(g.id, { collapsed: !g.collapsed });
          }}
        >
          {g.collapsed ? '▸' : '▾'}
        </button>
        <span className="group-label">{g.label}</span>
        {g.repeat > 1 && (
          <span className="group-repeat" data-testid="group-repeat">
            ×{g.repeat}
          </span>
        )}
        {data.problemCount > 0 && <span className="problem-badge">{data.problemCount}</span>}
      </div>
      {g.collapsed && (
        <div className="group-body">
          <span>{t('inspector.members', { count: data.memberCount })}</span>
          {data.inputs.map((p, i) => (
            <Handle key={p.id} id={p.id} type="target" position={Position.Left} className={`port port-${p.kind}`} style={{ top: 52 + i * 20 }} isConnectable={false} title={p.label} />
          ))}
          {data.outputs.map((p, i) => (
            <Handle key={p.id} id={p.id} type="source" position={Position.Right} className={`port port-${p.kind}`} style={{ top: 52 + i * 20 }} isConnectable={false} title={p.label} />
          ))}
        </div>
      )}
    </div>
  );
}

export const GroupFrameNode = memo(GroupFrameView);

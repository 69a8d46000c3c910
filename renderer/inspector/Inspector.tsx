import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatType, specOf, type GraphGroup, type GraphNode } from '../../engine';
import { termBytes } from '../canvas/adapter';
import { formatBytes, formatDims } from '../canvas/format';
import { blockText, memoryTermLabel } from '../i18n/blockText';
import { useAnalysis } from '../store/analysis';
import { useDocumentStore } from '../store/documentStore';
import { ExplanationCard } from './ExplanationCard';
import { ParamField } from './ParamField';

export function Inspector() {
  const { t } = useTranslation();
  const doc = useDocumentStore((s) => s.doc);
  const selection = useDocumentStore((s) => s.selection);
  const node = selection.nodes.length === 1 ? doc.nodes.find((n) => n.id === selection.nodes[0]) : undefined;
  const group = !node && selection.groups.length === 1 ? doc.groups.find((g) => g.id === selection.groups[0]) : undefined;
  return (
    <aside className="inspector" aria-label={t('inspector.heading')} data-testid="inspector">
      {node ? (
        <BlockInspector key={node.id} node={node} />
      ) : group ? (
        <GroupInspector key={group.id} group={group} />
      ) : selection.nodes.length > 1 ? (
        <p className="muted">{t('inspector.many', { count: selection.nodes.length })}</p>
      ) : (
        <GraphInspector />
      )}
    </aside>
  );
}

function BlockInspector({ node }: { node: GraphNode }) {
  const { t, i18n } = useTranslation();
  const analysis = useAnalysis();
  const batch = useDocumentStore((s) => s.doc.training.batchSize);
  const { setParam, setLabel, setFrozen } = useDocumentStore.getState();
  const spec = specOf(node.kind);
  if (!spec) return <p>{node.kind}</p>;
  const a = analysis.nodes[node.id];
  const sizes = { ...analysis.sizes, B: batch };
  const hasWeights = (a?.cost.parameters ?? 0) > 0;
  const text = blockText(spec, i18n.language);
  return (
    <div className="inspector-block">
      <h2>{text.name}</h2>
      <p className="muted">{text.summary}</p>
      <TextField label={t('inspector.label')} value={node.label ?? ''} placeholder={text.name} onCommit={(v) => setLabel(node.id, v)} testId="node-label" />
      {hasWeights && (
        <div className="field field-switch">
          <label htmlFor="node-frozen">
            <input
              id="node-frozen"
              data-testid="node-frozen"
              type="checkbox"
              role="switch"
              checked={node.frozen === true}
              onChange={(e) => setFrozen([node.id], e.target.checked)}
            />{' '}
            {t('inspector.freeze')}
          </label>
          <p className="field-doc">{t('inspector.freezeDoc')}</p>
        </div>
      )}
      <h3>{t('inspector.parameters')}</h3>
      {spec.params.length === 0 && <p className="muted">{t('inspector.noParams')}</p>}
      {spec.params.map((p) => (
        <ParamField key={p.name} spec={p} text={text.params[p.name]} value={node.params[p.name] ?? p.default} onChange={(v) => setParam(node.id, p.name, v)} />
      ))}
      <h3>{t('inspector.shapes')}</h3>
      <table className="shape-table">
        <tbody>
          {spec.inputs.map((p) => (
            <tr key={`in-${p.name}`}>
              <th title={text.ports[p.name].help}>← {text.ports[p.name].label}</th>
              <td data-testid={`shape-in-${p.name}`}>{a?.inputs[p.name] ? formatType(a.inputs[p.name]!) : t('inspector.notConnected')}</td>
            </tr>
          ))}
          {spec.outputs.map((p) => (
            <tr key={`out-${p.name}`}>
              <th title={text.ports[p.name].help}>→ {text.ports[p.name].label}</th>
              <td data-testid={`shape-out-${p.name}`}>{a?.outputs[p.name] ? formatType(a.outputs[p.name]) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {a && (
        <>
          <h3>{t('inspector.cost')}</h3>
          <table className="shape-table">
            <tbody>
              <tr>
                <th>{t('inspector.parameterCount')}</th>
                <td>
                  {a.cost.parameters.toLocaleString('en-US')}
                  {node.frozen && hasWeights ? ` (${t('inspector.frozenNote')})` : ''}
                </td>
              </tr>
              {a.cost.activations.map((term) => (
                <tr key={term.label}>
                  <th>{memoryTermLabel(term.label, i18n.language)}</th>
                  <td>
                    {formatDims(term.dims)} = {formatBytes(termBytes(term.dims, sizes))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('inspector.memory', { batch })}</p>
        </>
      )}
      <ExplanationCard explanation={text.explanation} />
    </div>
  );
}

function GroupInspector({ group }: { group: GraphGroup }) {
  const { t } = useTranslation();
  const members = useDocumentStore((s) => s.doc.nodes.filter((n) => n.group === group.id).length);
  const { updateGroup, ungroup } = useDocumentStore.getState();
  const [repeatText, setRepeatText] = useState(String(group.repeat));
  useEffect(() => setRepeatText(String(group.repeat)), [group.repeat]);
  return (
    <div className="inspector-group">
      <h2>{t('inspector.group')}</h2>
      <p className="muted">{t('inspector.members', { count: members })}</p>
      <TextField label={t('inspector.groupLabel')} value={group.label} onCommit={(v) => v.trim() && updateGroup(group.id, { label: v.trim() })} testId="group-label" />
      <div className="field" title={t('inspector.repeatDoc')}>
        <label htmlFor="group-repeat">{t('inspector.repeat')}</label>
        <input
          id="group-repeat"
          type="number"
          min={1}
          max={64}
          step={1}
          value={repeatText}
          onChange={(e) => {
            setRepeatText(e.target.value);
            const v = Number(e.target.value);
            if (Number.isInteger(v) && v >= 1 && v <= 64) updateGroup(group.id, { repeat: v });
          }}
          onBlur={() => setRepeatText(String(group.repeat))}
        />
        <p className="field-doc">{t('inspector.repeatDoc')}</p>
      </div>
      <div className="field">
        <label htmlFor="group-collapsed">{t('inspector.collapsed')}</label>
        <input id="group-collapsed" type="checkbox" role="switch" checked={group.collapsed} onChange={(e) => updateGroup(group.id, { collapsed: e.target.checked })} />
      </div>
      <button type="button" onClick={() => ungroup(group.id)}>
        {t('inspector.ungroup')}
      </button>
    </div>
  );
}

function GraphInspector() {
  const { t } = useTranslation();
  const name = useDocumentStore((s) => s.doc.name);
  const batch = useDocumentStore((s) => s.doc.training.batchSize);
  const { setName, setTraining } = useDocumentStore.getState();
  return (
    <div className="inspector-graph">
      <h2>{t('inspector.graph')}</h2>
      <TextField label={t('inspector.graphName')} value={name} onCommit={setName} testId="graph-name" />
      <div className="field">
        <label htmlFor="graph-batch">{t('inspector.batchSize')}</label>
        <input
          id="graph-batch"
          type="number"
          min={1}
          max={4096}
          defaultValue={batch}
          key={batch}
          onBlur={(e) => {
            const v = Number(e.target.value);
            if (Number.isInteger(v) && v >= 1 && v <= 4096 && v !== batch) setTraining({ batchSize: v });
            else e.target.value = String(batch);
          }}
        />
      </div>
      <p className="muted">{t('inspector.nothing')}</p>
    </div>
  );
}

/** A text field that commits on Enter or when it loses focus (one undo step per edit, not per key). */
function TextField({ label, value, placeholder, onCommit, testId }: { label: string; value: string; placeholder?: string; onCommit(v: string): void; testId: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <div className="field">
      <label htmlFor={testId}>{label}</label>
      <input
        id={testId}
        data-testid={testId}
        type="text"
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => text !== value && onCommit(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          if (e.key === 'Escape') setText(value);
        }}
      />
    </div>
  );
}

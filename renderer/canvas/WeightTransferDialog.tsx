import { useTranslation } from 'react-i18next';
import { specOf, type GraphDoc, type TransferMatch, type WeightTransferLoad } from '../../engine';
import { blockName } from '../i18n';
import { cancelWeightTransfer, confirmWeightTransfer } from '../store/persistence';
import { useViewStore } from '../store/viewStore';
import './dialogs.css';

const MATCH_KEY: Record<TransferMatch, 'loadWeights.byId' | 'loadWeights.byLabel' | 'loadWeights.byShape'> = {
  id: 'loadWeights.byId',
  label: 'loadWeights.byLabel',
  shape: 'loadWeights.byShape',
};

/** A block as the learner knows it: its own name, or its kind's name and id. */
function blockTitle(doc: GraphDoc, nodeId: string, lang: string): string {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return nodeId;
  if (node.label) return node.label;
  const spec = specOf(node.kind);
  return spec ? `${blockName(spec, lang)} (${node.id})` : node.id;
}

function weightList(load: WeightTransferLoad): string {
  return load.weights.map((w) => `${w.target} ← ${w.source} [${w.shape.join('×')}]`).join('\n');
}

/**
 * “Load weights from…”: before anything changes, what the worker matched — the blocks that will start from
 * the file's weights and those that will not, with the reason (shapes that differ, no counterpart).
 */
export function WeightTransferDialog() {
  const { t, i18n } = useTranslation();
  const review = useViewStore((s) => s.weightTransfer);
  if (!review) return null;
  const { initFrom, plan, failure } = review;
  const skipped = plan?.skipped ?? [];
  // Blocks that share a label (a template's two “Add & Norm”) are told apart by their ids.
  const labelCounts = new Map<string, number>();
  for (const item of [...(plan?.loads ?? []), ...skipped]) labelCounts.set(item.label, (labelCounts.get(item.label) ?? 0) + 1);
  const shown = (label: string, nodeId: string) => ((labelCounts.get(label) ?? 0) > 1 ? `${label} (${nodeId})` : label);
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && cancelWeightTransfer()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="weight-transfer-title" data-testid="weight-transfer">
        <h2 id="weight-transfer-title">{t('loadWeights.title', { name: initFrom.name })}</h2>
        <p className="modal-lead">{t('loadWeights.lead')}</p>
        <div className="modal-body" aria-busy={!plan && !failure}>
          {!plan && !failure && <p className="muted">{t('loadWeights.planning', { name: initFrom.name })}</p>}
          {failure && (
            <p role="alert" className="summary-errors">
              {t('loadWeights.failed', { reason: failure })}
            </p>
          )}
          {plan && (
            <>
              <h3>{t('loadWeights.loads', { count: plan.loads.length })}</h3>
              {plan.loads.length === 0 ? (
                <p className="muted">{t('loadWeights.none')}</p>
              ) : (
                <ul className="transfer-list loads" data-testid="transfer-loads">
                  {plan.loads.map((load) => (
                    <li key={load.targetNodeId} title={weightList(load)}>
                      <span className="transfer-block">{shown(load.label, load.targetNodeId)}</span>
                      <span className="transfer-detail">
                        <span className="transfer-tag">{t(MATCH_KEY[load.matchedBy])}</span>
                        {t('loadWeights.from', { source: blockTitle(initFrom.doc, load.sourceNodeId, i18n.language) })} ·{' '}
                        {t('loadWeights.tensors', { count: load.weights.length })}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              {skipped.length > 0 && (
                <>
                  <h3>{t('loadWeights.skipped', { count: skipped.length })}</h3>
                  <ul className="transfer-list skipped" data-testid="transfer-skipped">
                    {skipped.map((skip) => (
                      <li key={`${skip.side}:${skip.nodeId}`} data-code={skip.code}>
                        <span className="transfer-block">{shown(skip.label, skip.nodeId)}</span>
                        <span className="transfer-detail">
                          <span className="transfer-tag">{t(skip.side === 'target' ? 'loadWeights.target' : 'loadWeights.source')}</span>
                          <span className="transfer-tag">{t(`loadWeights.codes.${skip.code}`)}</span>
                          {skip.reason}
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          )}
        </div>
        <div className="modal-actions">
          <button type="button" onClick={cancelWeightTransfer} autoFocus>
            {t('loadWeights.cancel')}
          </button>
          <button type="button" className="primary" onClick={confirmWeightTransfer} disabled={!plan || plan.loads.length === 0} data-testid="confirm-weights">
            {t('loadWeights.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}

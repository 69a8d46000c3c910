import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { templateById } from '../../engine/templates/index';

/** The templates of the path: the masked-LM pre-training and the classifier that fine-tunes its encoder. */
export const PRETRAIN_TEMPLATE_ID = 'bert-reviews';
export const FINETUNE_TEMPLATE_ID = 'sentiment-finetune';

export interface FineTunePathProps {
  /** Opens a bundled template on the canvas. */
  onOpenTemplate(id: string): void;
  /** Starts “Load weights from…” for the graph on the canvas. */
  onLoadWeights(): void;
}

const cardStyle: CSSProperties = { background: 'var(--panel)', border: '1px solid var(--line)', borderRadius: 10, padding: '12px 16px', margin: '16px 0' };
const stepsStyle: CSSProperties = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: 16, listStyle: 'none', padding: 0, margin: '12px 0' };
const actionsStyle: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 };

/**
 * A start-screen card that walks BERT's two stages on the bundled reviews: pre-train an encoder with masked
 * words, load it into a classifier, then train that classifier whole (fine-tuning) and again with the encoder
 * frozen, and compare the runs with one trained from scratch. It only guides and opens things; the host decides
 * what opening a template and loading weights mean.
 */
export function FineTunePath({ onOpenTemplate, onLoadWeights }: FineTunePathProps) {
  const { t } = useTranslation();
  const titleOf = (id: string) => templateById(id)?.title ?? id;
  return (
    <section className="fine-tune-path" style={cardStyle} aria-labelledby="fine-tune-path-heading" data-testid="fine-tune-path">
      <h2 id="fine-tune-path-heading" style={{ margin: '0 0 4px', fontSize: 18 }}>
        {t('fineTune.heading')}
      </h2>
      <p className="muted" style={{ margin: 0 }}>
        {t('fineTune.lead')}
      </p>
      <ol style={stepsStyle}>
        <Step n={1} title={t('fineTune.pretrainTitle')} body={t('fineTune.pretrainBody')}>
          <button type="button" data-testid="fine-tune-open-pretrain" onClick={() => onOpenTemplate(PRETRAIN_TEMPLATE_ID)}>
            {t('fineTune.open', { title: titleOf(PRETRAIN_TEMPLATE_ID) })}
          </button>
        </Step>
        <Step n={2} title={t('fineTune.loadTitle')} body={t('fineTune.loadBody')}>
          <button type="button" data-testid="fine-tune-open-finetune" onClick={() => onOpenTemplate(FINETUNE_TEMPLATE_ID)}>
            {t('fineTune.open', { title: titleOf(FINETUNE_TEMPLATE_ID) })}
          </button>
          <button type="button" data-testid="fine-tune-load-weights" onClick={onLoadWeights}>
            {t('fineTune.loadWeights')}
          </button>
        </Step>
        <Step n={3} title={t('fineTune.compareTitle')} body={t('fineTune.compareBody')}>
          <p className="muted" style={{ margin: 0, fontSize: 12 }}>
            {t('fineTune.compareHint')}
          </p>
        </Step>
      </ol>
    </section>
  );
}

function Step({ n, title, body, children }: { n: number; title: string; body: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <li data-testid={`fine-tune-step-${n}`}>
      <span className="muted" style={{ fontSize: 12 }}>
        {t('fineTune.step', { n })}
      </span>
      <h3 style={{ margin: '2px 0 4px', fontSize: 15 }}>{title}</h3>
      <p style={{ margin: 0 }}>{body}</p>
      <div style={actionsStyle}>{children}</div>
    </li>
  );
}

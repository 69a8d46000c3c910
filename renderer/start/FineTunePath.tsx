import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { templateById } from '../../engine';
import { templateCard } from '../i18n/content.ko';
import './start.css';

/** The templates of the path: the masked-LM pre-training and the classifier that fine-tunes its encoder. */
export const PRETRAIN_TEMPLATE_ID = 'bert-reviews';
export const FINETUNE_TEMPLATE_ID = 'sentiment-finetune';
/** The card's element id, for links to it. */
export const FINE_TUNE_PATH_ID = 'fine-tune-path';

export interface FineTunePathProps {
  /** Opens a bundled template on the canvas. */
  onOpenTemplate(id: string): void;
  /** Starts “Load weights from…” for the graph on the canvas. */
  onLoadWeights(): void;
}

/**
 * A start-screen card that walks BERT's two stages on the bundled reviews: pre-train an encoder with masked
 * words, load it into a classifier, then train that classifier whole (fine-tuning) and again with the encoder
 * frozen, and compare the runs with one trained from scratch. It only guides and opens things; the host decides
 * what opening a template and loading weights mean.
 */
export function FineTunePath({ onOpenTemplate, onLoadWeights }: FineTunePathProps) {
  const { t, i18n } = useTranslation();
  const titleOf = (id: string) => {
    const template = templateById(id);
    return template ? templateCard(template, i18n.language).title : id;
  };
  return (
    <section id={FINE_TUNE_PATH_ID} className="fine-tune-path" aria-labelledby="fine-tune-path-heading" data-testid="fine-tune-path">
      <h2 id="fine-tune-path-heading">{t('fineTune.heading')}</h2>
      <p className="muted">{t('fineTune.lead')}</p>
      <ol className="fine-tune-steps">
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
          <p className="muted fine-tune-hint">{t('fineTune.compareHint')}</p>
        </Step>
      </ol>
    </section>
  );
}

function Step({ n, title, body, children }: { n: number; title: string; body: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <li data-testid={`fine-tune-step-${n}`}>
      <span className="muted fine-tune-step-number">{t('fineTune.step', { n })}</span>
      <h3>{title}</h3>
      <p>{body}</p>
      <div className="fine-tune-actions">{children}</div>
    </li>
  );
}

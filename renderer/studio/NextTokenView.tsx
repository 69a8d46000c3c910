import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { nextTokenDistribution, type NextTokenScores, type SamplingSettings } from '../../engine';
import { percent, ProbabilityBars, type ProbabilityRow } from './ProbabilityBars';

/** Bars drawn: the most probable tokens; the rest of the kept mass is summed in one line. */
export const NEXT_TOKEN_BARS = 10;

export interface NextTokenRows {
  rows: ProbabilityRow[];
  /** Tokens the sampler can still draw after temperature, top-k and top-p. */
  kept: number;
  total: number;
  /** Kept tokens beyond the bars, and their probability together. */
  restCount: number;
  restP: number;
}

/**
 * The bars for the learner's sampling settings, from the model's raw scores: the most probable tokens in the
 * model's order, each with the probability the sampler would give it (0, muted, where top-k or top-p cut it).
 */
export function nextTokenRows(next: NextTokenScores, sampling: Pick<SamplingSettings, 'temperature' | 'topK' | 'topP'>, bars = NEXT_TOKEN_BARS): NextTokenRows {
  const dist = nextTokenDistribution(next.logProbs, { temperature: sampling.temperature, topK: sampling.topK, topP: sampling.topP ?? 1 });
  const pOf = new Map(dist.ids.map((id, i) => [id, dist.probs[i]]));
  const labelOf = new Map(next.ids.map((id, i) => [id, next.labels[i]]));
  // The model's ranking, as named by the worker; kept tokens it did not name (none in practice) come after.
  const order = [...next.ids, ...dist.ids.filter((id) => !labelOf.has(id))];
  const shown = order.slice(0, bars);
  const rows = shown.map((id) => ({ label: labelOf.get(id) ?? `#${id}`, p: pOf.get(id) ?? 0, muted: !pOf.has(id) }));
  const shownSet = new Set(shown);
  let restCount = 0;
  let restP = 0;
  dist.ids.forEach((id, i) => {
    if (shownSet.has(id)) return;
    restCount += 1;
    restP += dist.probs[i];
  });
  return { rows, kept: dist.ids.length, total: next.logProbs.length, restCount, restP };
}

/** The next-token probabilities at the probe's last position, reshaped live by the sampling sliders. */
export function NextTokenView({ prompt, step, next, sampling }: { prompt: string; step: number; next: NextTokenScores | undefined; sampling: SamplingSettings }) {
  const { t } = useTranslation();
  const view = useMemo(() => (next ? nextTokenRows(next, sampling) : null), [next, sampling.temperature, sampling.topK, sampling.topP]);
  return (
    <section className="studio-next-tokens" aria-label={t('studio.nextTokens.heading')}>
      <h4>{t('studio.nextTokens.heading')}</h4>
      {!view ? (
        <p className="muted">{t('studio.nextTokens.empty')}</p>
      ) : (
        <>
          <p className="muted small">
            {t('studio.nextTokens.caption', {
              prompt: prompt.length > 40 ? `…${prompt.slice(-40)}` : prompt,
              step,
              temperature: sampling.temperature.toFixed(2),
              topK: sampling.topK,
              topP: (sampling.topP ?? 1).toFixed(2),
            })}
          </p>
          <ProbabilityBars rows={view.rows} label={t('studio.nextTokens.heading')} barLabel={(r) => t('studio.nextTokens.bar', { token: r.label, percent: percent(r.p) })} />
          <p className="muted small" data-kept={view.kept}>
            {sampling.temperature > 0 ? t('studio.nextTokens.cut', { kept: view.kept, total: view.total }) : t('studio.nextTokens.greedy')}
            {view.restCount > 0 && <> · {t('studio.nextTokens.rest', { count: view.restCount, percent: percent(view.restP) })}</>}
          </p>
        </>
      )}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { splitWords, type SampleMessage } from '../../engine';
import { percent, ProbabilityBars } from './ProbabilityBars';
import { useStudioStore } from './studioStore';

/** A word of the probe and where it sits in the text. */
export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

/** The probe's words as the word vocabulary splits them, with their places in the text (specials such as [MASK] included). */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  let cursor = 0;
  for (const word of splitWords(text)) {
    const start = text.indexOf(word, cursor);
    if (start < 0) continue;
    spans.push({ word, start, end: start + word.length });
    cursor = start + word.length;
  }
  return spans;
}

/** The probe with one word hidden behind [MASK]. */
export function maskWord(text: string, span: WordSpan): string {
  return `${text.slice(0, span.start)}[MASK]${text.slice(span.end)}`;
}

const SPECIAL = /^\[(?:PAD|UNK|BOS|EOS|CLS|SEP|MASK)\]$/;

/**
 * Fill-mask: the probe's words to click (each hides that word behind [MASK] and asks the model again), and for
 * every [MASK] the model's top candidates with their probabilities.
 */
export function FillMaskView({ sample }: { sample: Extract<SampleMessage, { kind: 'masked-lm' }> }) {
  const { t } = useTranslation();
  const probe = useStudioStore((s) => s.probeText);
  const setProbe = useStudioStore((s) => s.setProbe);
  const apply = useStudioStore((s) => s.applyProbe);
  const text = probe || sample.text;
  const spans = wordSpans(text);
  return (
    <section className="studio-fill-mask" aria-label={t('studio.fillMask.heading')}>
      <h4>{t('studio.fillMask.heading')}</h4>
      <div className="fill-mask-words">
        <span className="muted">{t('studio.fillMask.pick')}</span>
        {spans.map((span, i) =>
          SPECIAL.test(span.word) ? (
            <span key={i} className="fill-mask-word special">
              {span.word}
            </span>
          ) : (
            <button
              key={i}
              type="button"
              className="fill-mask-word"
              title={t('studio.fillMask.pickWord', { word: span.word })}
              aria-label={t('studio.fillMask.pickWord', { word: span.word })}
              onClick={() => {
                setProbe(maskWord(text, span));
                apply();
              }}
            >
              {span.word}
            </button>
          ),
        )}
      </div>
      {sample.masks.length > 0 && (
        <div className="fill-mask-candidates">
          {sample.masks.map((m, i) => (
            <div key={m.position} className="fill-mask-slot" data-position={m.position}>
              <div className="muted small">{t('studio.fillMask.mask', { index: i + 1, position: m.position })}</div>
              <ProbabilityBars
                rows={(m.alternatives?.length ? m.alternatives : [{ token: m.token, p: m.p }]).map((a) => ({ label: a.token, p: a.p }))}
                label={t('studio.fillMask.mask', { index: i + 1, position: m.position })}
                barLabel={(r) => t('studio.fillMask.bar', { token: r.label, percent: percent(r.p) })}
              />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SampleMessage, SamplingSettings } from '../../engine';
import { ConfusionView } from './ConfusionView';
import { FillMaskView } from './FillMaskView';
import { NextTokenView } from './NextTokenView';
import { ProbeInput } from './ProbeInput';
import { useStudioStore } from './studioStore';

/** What the model produces for the probe: text, translations beside the reference, a class, or the guesses at each [MASK]. */
export function SamplesView() {
  const { t } = useTranslation();
  const samples = useStudioStore((s) => s.run.samples);
  const sampling = useStudioStore((s) => s.sampling);
  const setSampling = useStudioStore((s) => s.setSampling);
  const apply = useStudioStore((s) => s.applyProbe);
  // Before the first sample, the run's task says which settings apply (none for classification or masked words).
  const task = useStudioStore((s) => s.run.dataset?.task);
  const kind = samples[0]?.kind ?? task;
  const latest = samples[0];
  const latestLm = latest?.kind === 'lm' ? latest : undefined;
  return (
    <div className="studio-samples">
      <ProbeInput />
      {(kind === 'lm' || !kind) && (
        <>
          <SamplingSliders sampling={sampling} setSampling={setSampling} apply={apply} />
          <NextTokenView prompt={latestLm?.prompt ?? ''} step={latestLm?.step ?? 0} next={latestLm?.next} sampling={sampling} />
        </>
      )}
      {latest?.kind === 'masked-lm' && <FillMaskView sample={latest} />}
      {latest?.kind === 'classification' && <ConfusionView sample={latest} />}
      {kind === 'seq2seq' && (
        <div className="studio-row">
          <label>
            {t('studio.samples.beamWidth')}{' '}
            <input type="number" aria-label={t('studio.samples.beamWidth')} min={1} max={8} value={sampling.beamWidth} onChange={(e) => setSampling({ beamWidth: Math.round(clamp(Number(e.target.value), 1, 8)) })} onBlur={apply} />
          </label>
        </div>
      )}
      {samples.length ? (
        <ol className="studio-sample-list">
          {samples.map((s, i) => (
            <li key={`${s.step}-${i}`} className="studio-sample" data-kind={s.kind}>
              <span className="muted">{t('studio.samples.step', { step: s.step })}</span> <SampleBody sample={s} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted studio-empty">{t('studio.samples.empty')}</p>
      )}
    </div>
  );
}

/** After a slider stops moving this long, the worker writes the sample again with the new settings. */
const APPLY_AFTER_MS = 300;

/**
 * Temperature, top-k and top-p as sliders: the next-token bars follow each move at once (the studio reshapes
 * the scores itself); the sample text is asked for again once the slider rests.
 */
function SamplingSliders({ sampling, setSampling, apply }: { sampling: SamplingSettings; setSampling(patch: Partial<SamplingSettings>): void; apply(): void }) {
  const { t } = useTranslation();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const change = (patch: Partial<SamplingSettings>) => {
    setSampling(patch);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      apply();
    }, APPLY_AFTER_MS);
  };
  const topP = sampling.topP ?? 1;
  return (
    <div className="studio-row studio-sampling-sliders" role="group" aria-label={t('studio.samples.samplingSliders')}>
      <label>
        {t('studio.samples.temperature')}
        <input
          type="range"
          aria-label={t('studio.samples.temperature')}
          min={0}
          max={2}
          step={0.05}
          value={sampling.temperature}
          onChange={(e) => change({ temperature: clamp(Number(e.target.value), 0, 2) })}
        />
        <output>{sampling.temperature.toFixed(2)}</output>
      </label>
      <label>
        {t('studio.samples.topK')}
        <input type="range" aria-label={t('studio.samples.topK')} min={0} max={100} step={1} value={sampling.topK} onChange={(e) => change({ topK: Math.round(clamp(Number(e.target.value), 0, 100)) })} />
        <output>{sampling.topK}</output>
      </label>
      <label>
        {t('studio.samples.topP')}
        <input type="range" aria-label={t('studio.samples.topP')} min={0.05} max={1} step={0.05} value={topP} onChange={(e) => change({ topP: clamp(Number(e.target.value), 0.05, 1) })} />
        <output>{topP.toFixed(2)}</output>
      </label>
      <span className="muted">{t('studio.samples.samplingHint')}</span>
    </div>
  );
}

/** An untrained decoder often ends at once; say so instead of showing nothing. */
function EmptyOutput() {
  const { t } = useTranslation();
  return <span className="muted">{t('studio.samples.nothingYet')}</span>;
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
}

function SampleBody({ sample: s }: { sample: SampleMessage }) {
  const { t } = useTranslation();
  switch (s.kind) {
    case 'lm':
      return (
        <span className="sample-text">
          <mark>{s.prompt}</mark>
          {s.text}
        </span>
      );
    case 'seq2seq':
      return (
        <table className="sample-table">
          <tbody>
            <tr>
              <th>{t('studio.samples.source')}</th>
              <td>{s.source}</td>
            </tr>
            <tr>
              <th>{t('studio.samples.greedy')}</th>
              <td data-decode="greedy">{s.greedy || <EmptyOutput />}</td>
            </tr>
            <tr>
              <th>{t('studio.samples.beam')}</th>
              <td data-decode="beam">{s.beam || <EmptyOutput />}</td>
            </tr>
            {s.reference !== undefined && (
              <tr>
                <th>{t('studio.samples.reference')}</th>
                <td>{s.reference}</td>
              </tr>
            )}
          </tbody>
        </table>
      );
    case 'classification':
      return (
        <span>
          “{s.text}” → <strong data-class={s.label}>{s.label}</strong> ({(s.confidence * 100).toFixed(0)}%)
          {s.reference !== undefined && <span className={s.reference === s.label ? 'sample-right' : 'sample-wrong'}>{t('studio.samples.referenceInline', { value: s.reference })}</span>}
          <span className="muted"> · {s.probabilities.map((p) => `${p.label} ${(p.p * 100).toFixed(0)}%`).join(', ')}</span>
        </span>
      );
    case 'tagging':
      return (
        <span>
          {s.source} → <strong>{s.output || <EmptyOutput />}</strong>
          {s.reference !== undefined && <span className={s.reference === s.output ? 'sample-right' : 'sample-wrong'}>{t('studio.samples.referenceInline', { value: s.reference })}</span>}
        </span>
      );
    case 'masked-lm':
      return <MaskedLmSample sample={s} />;
  }
}

function percent(p: number): string {
  return `${(p * 100).toFixed(0)}%`;
}

/** The probe with each [MASK] filled by the model's guess, and each [MASK]'s top guesses with their probabilities. */
function MaskedLmSample({ sample: s }: { sample: Extract<SampleMessage, { kind: 'masked-lm' }> }) {
  const { t } = useTranslation();
  if (!s.masks.length) return <span className="muted">{t('studio.samples.noMask')}</span>;
  return (
    <span>
      {s.text} → <strong data-filled>{s.filled}</strong>
      <ol className="sample-mask-list">
        {s.masks.map((m, i) => (
          <li key={m.position} data-position={m.position}>
            <span className="muted">{t('studio.samples.maskGuesses', { index: i + 1 })}: </span>
            {(m.alternatives?.length ? m.alternatives : [{ token: m.token, p: m.p }]).map((a, j) => (
              <span key={j} className={j === 0 ? 'sample-mask-best' : undefined}>
                {j > 0 && ', '}
                {j === 0 ? <strong>{a.token}</strong> : a.token} {percent(a.p)}
              </span>
            ))}
          </li>
        ))}
      </ol>
    </span>
  );
}

import type { SampleMessage } from '../../engine/train/protocol';
import { ProbeInput } from './ProbeInput';
import { useStudioStore } from './studioStore';

/** What the model produces for the probe: text, translations beside the reference, or a class. */
export function SamplesView() {
  const samples = useStudioStore((s) => s.run.samples);
  const sampling = useStudioStore((s) => s.sampling);
  const setSampling = useStudioStore((s) => s.setSampling);
  const apply = useStudioStore((s) => s.applyProbe);
  const kind = samples[0]?.kind;
  return (
    <div className="studio-samples">
      <ProbeInput />
      {(kind === 'lm' || !kind) && (
        <div className="studio-row">
          <label>
            Temperature{' '}
            <input
              type="number"
              aria-label="Temperature"
              min={0}
              max={2}
              step={0.1}
              value={sampling.temperature}
              onChange={(e) => setSampling({ temperature: clamp(Number(e.target.value), 0, 2) })}
              onBlur={apply}
            />
          </label>
          <label>
            Top-k{' '}
            <input type="number" aria-label="Top-k" min={0} max={200} step={1} value={sampling.topK} onChange={(e) => setSampling({ topK: Math.round(clamp(Number(e.target.value), 0, 200)) })} onBlur={apply} />
          </label>
          <span className="muted">temperature 0 = always the most likely character; top-k 0 = all characters</span>
        </div>
      )}
      {kind === 'seq2seq' && (
        <div className="studio-row">
          <label>
            Beam width{' '}
            <input type="number" aria-label="Beam width" min={1} max={8} value={sampling.beamWidth} onChange={(e) => setSampling({ beamWidth: Math.round(clamp(Number(e.target.value), 1, 8)) })} onBlur={apply} />
          </label>
        </div>
      )}
      {samples.length ? (
        <ol className="studio-sample-list">
          {samples.map((s, i) => (
            <li key={`${s.step}-${i}`} className="studio-sample" data-kind={s.kind}>
              <span className="muted">step {s.step}</span> <SampleBody sample={s} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted studio-empty">Samples appear with each snapshot while the model trains.</p>
      )}
    </div>
  );
}

/** An untrained decoder often ends at once; say so instead of showing nothing. */
function EmptyOutput() {
  return <span className="muted">(nothing yet: the model ended with [EOS] at once)</span>;
}

function clamp(v: number, lo: number, hi: number): number {
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo;
}

function SampleBody({ sample: s }: { sample: SampleMessage }) {
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
              <th>source</th>
              <td>{s.source}</td>
            </tr>
            <tr>
              <th>greedy</th>
              <td data-decode="greedy">{s.greedy || <EmptyOutput />}</td>
            </tr>
            <tr>
              <th>beam</th>
              <td data-decode="beam">{s.beam || <EmptyOutput />}</td>
            </tr>
            {s.reference !== undefined && (
              <tr>
                <th>reference</th>
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
          {s.reference !== undefined && <span className={s.reference === s.label ? 'sample-right' : 'sample-wrong'}> · reference {s.reference}</span>}
          <span className="muted"> · {s.probabilities.map((p) => `${p.label} ${(p.p * 100).toFixed(0)}%`).join(', ')}</span>
        </span>
      );
    case 'tagging':
      return (
        <span>
          {s.source} → <strong>{s.output || <EmptyOutput />}</strong>
          {s.reference !== undefined && <span className={s.reference === s.output ? 'sample-right' : 'sample-wrong'}> · reference {s.reference}</span>}
        </span>
      );
  }
}

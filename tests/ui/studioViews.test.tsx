import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttentionMap, SampleMessage, ToWorker } from '../../engine';
import { setLanguage } from '../../renderer/i18n';
import { AboutData } from '../../renderer/studio/AboutData';
import { AttentionView } from '../../renderer/studio/AttentionView';
import { maskWord, wordSpans } from '../../renderer/studio/FillMaskView';
import { SamplesView } from '../../renderer/studio/SamplesView';
import { idleRun } from '../../renderer/studio/runState';
import { DEFAULT_SAMPLING, useStudioStore } from '../../renderer/studio/studioStore';

/** Five tokens with probabilities 0.5, 0.2, 0.15, 0.1, 0.05 (ids 3, 0, 4, 1, 2). */
const ORDER = [3, 0, 4, 1, 2];
const PROBS = [0.5, 0.2, 0.15, 0.1, 0.05];
const LABELS = ['e', '␣', 't', 'a', 'h'];

function lmSample(): SampleMessage {
  const logProbs = new Float32Array(5);
  ORDER.forEach((id, rank) => (logProbs[id] = Math.log(PROBS[rank])));
  return { type: 'sample', runId: 'r', step: 30, kind: 'lm', prompt: 'Call m', text: 'e Ishmael', temperature: 1, topK: 0, next: { logProbs, ids: ORDER, labels: LABELS } };
}

function bars(container: HTMLElement, section: string) {
  return [...container.querySelectorAll(`${section} .probability-bars li`)].map((li) => ({ token: li.getAttribute('data-token'), p: Number(li.getAttribute('data-p')), muted: li.classList.contains('muted-bar') }));
}

let sent: ToWorker[] = [];

beforeEach(() => {
  sent = [];
  useStudioStore.setState({ run: idleRun(), probeText: '', sampling: { ...DEFAULT_SAMPLING, temperature: 1, topK: 0 }, focus: null, send: (m) => sent.push(m) });
});

afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  await setLanguage('en');
});

describe('next-token probability bars', () => {
  it('show the model’s probabilities after the probe and follow the temperature, top-k and top-p sliders at once', () => {
    vi.useFakeTimers();
    useStudioStore.setState({ run: { ...idleRun(), runId: 'r', status: 'done', samples: [lmSample()] } });
    const { container } = render(<SamplesView />);
    let b = bars(container, '.studio-next-tokens');
    expect(b.map((x) => x.token)).toEqual(LABELS);
    b.forEach((x, i) => expect(x.p).toBeCloseTo(PROBS[i], 5));

    // Top-p 0.8 keeps the three tokens reaching 0.85, renormalised; the cut ones stay in place, muted at 0.
    fireEvent.change(screen.getByLabelText('Top-p'), { target: { value: '0.8' } });
    b = bars(container, '.studio-next-tokens');
    expect(b.map((x) => x.muted)).toEqual([false, false, false, true, true]);
    expect(b[0].p).toBeCloseTo(0.5 / 0.85, 5);
    expect(b[3].p).toBe(0);
    expect(container.querySelector('[data-kept]')?.getAttribute('data-kept')).toBe('3');

    // Top-k 2 on top of it, then temperature 0: greedy, all the mass on the first token.
    fireEvent.change(screen.getByLabelText('Top-k'), { target: { value: '2' } });
    expect(bars(container, '.studio-next-tokens')[1].p).toBeCloseTo(0.2 / 0.7, 5);
    fireEvent.change(screen.getByLabelText('Temperature'), { target: { value: '0' } });
    b = bars(container, '.studio-next-tokens');
    expect(b[0].p).toBe(1);
    expect(b.slice(1).every((x) => x.p === 0)).toBe(true);

    // Once the sliders rest, the worker is asked for a new sample with the settings.
    expect(sent).toEqual([]);
    act(() => void vi.advanceTimersByTime(400));
    expect(sent).toEqual([{ type: 'probe', runId: 'r', text: '', sampling: { ...DEFAULT_SAMPLING, temperature: 0, topK: 2, topP: 0.8 } }]);
  });

  it('speak Korean', async () => {
    await setLanguage('ko');
    useStudioStore.setState({ run: { ...idleRun(), runId: 'r', status: 'done', samples: [lmSample()] } });
    render(<SamplesView />);
    expect(screen.getByRole('region', { name: '다음 토큰 확률' })).toBeTruthy();
    expect(screen.getByLabelText('온도')).toBeTruthy();
  });
});

describe('fill-mask', () => {
  const sample: SampleMessage = {
    type: 'sample',
    runId: 'm',
    step: 12,
    kind: 'masked-lm',
    text: 'the cat sat on the [MASK] .',
    filled: 'the cat sat on the mat .',
    masks: [{ position: 6, token: 'mat', p: 0.5, alternatives: [{ token: 'mat', p: 0.5 }, { token: 'sea', p: 0.25 }] }],
  };

  it('finds the probe’s words where the vocabulary splits them and hides one behind [MASK]', () => {
    const spans = wordSpans('the cat, the [MASK]!');
    expect(spans.map((s) => s.word)).toEqual(['the', 'cat', ',', 'the', '[MASK]', '!']);
    expect(maskWord('the cat, the [MASK]!', spans[3])).toBe('the cat, [MASK] [MASK]!');
  });

  it('shows each [MASK]’s candidates as bars, and a clicked word is masked and asked about', () => {
    useStudioStore.setState({ probeText: sample.text, run: { ...idleRun(), runId: 'm', status: 'done', samples: [sample] } });
    const { container } = render(<SamplesView />);
    expect(bars(container, '.studio-fill-mask')).toEqual([
      { token: 'mat', p: 0.5, muted: false },
      { token: 'sea', p: 0.25, muted: false },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Mask “cat”' }));
    expect(useStudioStore.getState().probeText).toBe('the [MASK] sat on the [MASK] .');
    expect(sent).toEqual([{ type: 'probe', runId: 'm', text: 'the [MASK] sat on the [MASK] .', sampling: useStudioStore.getState().sampling }]);
  });
});

describe('confusion matrix', () => {
  const sample: SampleMessage = {
    type: 'sample',
    runId: 'c',
    step: 50,
    kind: 'classification',
    text: 'great film',
    label: 'positive',
    confidence: 0.8,
    probabilities: [{ label: 'positive', p: 0.8 }, { label: 'negative', p: 0.2 }],
    confusion: { classes: ['negative', 'positive'], counts: [3, 1, 2, 4], examples: 10 },
  };

  it('shows the counts by true and predicted class, the per-class accuracy and the overall accuracy', async () => {
    useStudioStore.setState({ run: { ...idleRun(), runId: 'c', status: 'done', samples: [sample] } });
    const { container } = render(<SamplesView />);
    expect([...container.querySelectorAll('.confusion-matrix td')].map((td) => Number(td.getAttribute('data-count')))).toEqual([3, 1, 2, 4]);
    expect(bars(container, '.confusion-per-class').map((b) => [b.token, b.p])).toEqual([
      ['negative', 0.75],
      ['positive', Number((4 / 6).toFixed(6))],
    ]);
    expect(screen.getByText(/10 validation examples at step 50 · accuracy 70%/)).toBeTruthy();
    await act(() => setLanguage('ko'));
    expect(screen.getByRole('region', { name: '혼동 행렬 (검증 데이터)' })).toBeTruthy();
    expect(screen.getByText('클래스별 정확도')).toBeTruthy();
  });
});

describe('attention: all layers × heads', () => {
  const map = (copy: number): AttentionMap => ({
    nodeId: 'mha',
    copy,
    heads: 2,
    rows: ['a', 'b'],
    cols: ['a', 'b'],
    data: Float32Array.from([1, 0, 0.5, 0.5, 1, 0, 0.2, 0.8]),
  });

  it('draws one thumbnail per layer and head, and a click opens that map in the single view', () => {
    useStudioStore.setState({ run: { ...idleRun(), runId: 'a', status: 'done', attention: { step: 5, maps: [map(0), map(1)] } } });
    render(<AttentionView />);
    const grid = screen.getByRole('region', { name: 'All layers × heads' });
    const thumbs = grid.querySelectorAll('figure.thumbnail');
    expect([...thumbs].map((f) => f.getAttribute('data-heatmap'))).toEqual(['mha layer 1 head 1', 'mha layer 1 head 2', 'mha layer 2 head 1', 'mha layer 2 head 2']);
    fireEvent.click(thumbs[3].querySelector('canvas')!);
    expect(useStudioStore.getState().focus).toEqual({ nodeId: 'mha', copy: 1, head: 1 });
    // The single view now shows that head, and the grid outlines it.
    expect(document.querySelector('.studio-maps [data-heatmap]')?.getAttribute('data-heatmap')).toBe('attention mha layer 2 head 2');
    expect(grid.querySelectorAll('figure.thumbnail.selected')).toHaveLength(1);
  });
});

describe('the bundled font’s credit', () => {
  it('names Noto Sans KR and its licence, the SIL Open Font License 1.1, in English and Korean', async () => {
    render(<AboutData />);
    const table = document.querySelector('[data-credits="fonts"]')!;
    expect(table.textContent).toContain('Noto Sans KR');
    expect(table.textContent).toContain('SIL Open Font License 1.1');
    expect(screen.getByText('Bundled font')).toBeTruthy();
    await act(() => setLanguage('ko'));
    expect(screen.getByText('함께 제공하는 글꼴')).toBeTruthy();
    expect(document.querySelector('[data-credits="fonts"]')!.textContent).toContain('SIL Open Font License 1.1');
  });
});

describe('attention grid thumbnails', () => {
  it('stretch each head so its 98th percentile is full colour, capped at 1', async () => {
    const { thumbnailContrast } = await import('../../renderer/studio/AttentionGrid');
    const values = Array.from({ length: 100 }, (_, i) => (i === 99 ? 1 : 0.01 * (i % 10)));
    const stretched = thumbnailContrast(values);
    // The 98th percentile of 0.00…0.09 (ten of each) plus one 1.0 is 0.09.
    expect(stretched[9]).toBeCloseTo(1, 6);
    expect(stretched[5]).toBeCloseTo(0.05 / 0.09, 6);
    expect(stretched[99]).toBe(1);
  });
});

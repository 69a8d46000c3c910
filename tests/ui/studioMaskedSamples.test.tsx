import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SampleMessage } from '../../engine';
import { setLanguage } from '../../renderer/i18n';
import { SamplesView } from '../../renderer/studio/SamplesView';
import { idleRun } from '../../renderer/studio/runState';
import { useStudioStore } from '../../renderer/studio/studioStore';

const sample: SampleMessage = {
  type: 'sample',
  runId: 'run-m',
  step: 40,
  kind: 'masked-lm',
  text: 'the [MASK] sat on the [MASK]',
  filled: 'the cat sat on the mat',
  masks: [
    { position: 2, token: 'cat', p: 0.62, alternatives: [{ token: 'cat', p: 0.62 }, { token: 'dog', p: 0.21 }, { token: 'man', p: 0.05 }] },
    { position: 6, token: 'mat', p: 0.4 },
  ],
};

function showSamples(samples: SampleMessage[]) {
  useStudioStore.setState({ run: { ...idleRun(), runId: 'run-m', status: 'done', samples } });
  return render(<SamplesView />);
}

beforeEach(() => useStudioStore.setState({ run: idleRun() }));

afterEach(async () => {
  cleanup();
  await setLanguage('en');
});

describe('masked language model samples', () => {
  it('show the probe with each [MASK] filled and the top guesses with their probabilities', () => {
    const { container } = showSamples([sample]);
    const item = container.querySelector('.studio-sample[data-kind="masked-lm"]')!;
    expect(item).not.toBeNull();
    expect(item.querySelector('[data-filled]')?.textContent).toBe('the cat sat on the mat');
    expect(item.textContent).toContain('the [MASK] sat on the [MASK]');
    const guesses = [...item.querySelectorAll('.sample-mask-list li')].map((li) => li.textContent);
    expect(guesses).toEqual(['Guesses at [MASK] 1: cat 62%, dog 21%, man 5%', 'Guesses at [MASK] 2: mat 40%']);
    // No sampling settings for a masked language model.
    expect(screen.queryByLabelText('Temperature')).toBeNull();
  });

  it('say how to ask for guesses when the probe has no [MASK], in Korean too', async () => {
    showSamples([{ ...sample, text: 'the cat sat', filled: 'the cat sat', masks: [] }]);
    expect(screen.getByText(/Put \[MASK\] in the probe/)).toBeTruthy();
    await act(() => setLanguage('ko'));
    expect(screen.getByText(/\[MASK\]를 넣으면/)).toBeTruthy();
  });

  it('label the guesses in Korean', async () => {
    await setLanguage('ko');
    const { container } = showSamples([sample]);
    expect(container.querySelector('.sample-mask-list li')?.textContent).toBe('[MASK] 1번 자리의 추측: cat 62%, dog 21%, man 5%');
  });
});

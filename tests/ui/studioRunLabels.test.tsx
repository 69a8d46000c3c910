import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { templateById, type GraphDoc } from '../../engine';
import { setLanguage } from '../../renderer/i18n';
import { RunControls } from '../../renderer/studio/RunControls';
import { SamplesView } from '../../renderer/studio/SamplesView';
import { idleRun, type RunState } from '../../renderer/studio/runState';
import { runLabel, useStudioStore } from '../../renderer/studio/studioStore';

function classifier(frozen: string[] = []): GraphDoc {
  const doc = templateById('sentiment-finetune')!.build();
  return { ...doc, training: { ...doc.training, learningRate: 5e-4, batchSize: 32 }, nodes: doc.nodes.map((n) => (frozen.includes(n.id) ? { ...n, frozen: true } : n)) };
}

function endedRun(status: RunState['status']): RunState {
  return {
    ...idleRun(),
    runId: 'run-a',
    status,
    backend: 'wasm',
    latest: { step: 40, totalSteps: 100, loss: 0.66, learningRate: 5e-4, tokensPerSec: 11_013, elapsedMs: 8000 },
  };
}

beforeEach(() => useStudioStore.setState({ run: idleRun(), runs: [], trained: null, initFrom: null }));

afterEach(async () => {
  cleanup();
  await setLanguage('en');
});

describe('run labels', () => {
  it('tell the fine-tuning runs of one graph apart: loaded weights and frozen blocks', () => {
    expect(runLabel(1, classifier())).toBe('Run 1 · adam lr 0.0005 · batch 32');
    expect(runLabel(2, classifier(), true)).toBe('Run 2 · adam lr 0.0005 · batch 32 · loaded weights');
    expect(runLabel(3, classifier(['embed', 'pos', 'enc_attn']), true)).toBe('Run 3 · adam lr 0.0005 · batch 32 · loaded weights · 3 blocks frozen');
    expect(runLabel(4, classifier(['embed']))).toBe('Run 4 · adam lr 0.0005 · batch 32 · 1 block frozen');
  });

  it('are written in the UI language', async () => {
    await setLanguage('ko');
    expect(runLabel(3, classifier(['embed', 'pos']), true)).toBe('실행 3 · adam 학습률 0.0005 · 배치 32 · 불러온 가중치 · 블록 2개 고정');
  });

  it('a run started from loaded weights is labelled so', () => {
    const doc = classifier(['embed']);
    useStudioStore.getState().start({ doc, data: { kind: 'bundled', datasetId: 'sentiment' }, settings: {} as never, mode: 'scratch', initFrom: { name: 'encoder.tlgraph', doc, weights: [] } });
    expect(useStudioStore.getState().runMeta?.label).toBe('Run 1 · adam lr 0.0005 · batch 32 · loaded weights · 1 block frozen');
  });
});

describe('after a run', () => {
  it('shows no time left once it has ended, and the time left while it trains', () => {
    act(() => useStudioStore.setState({ run: endedRun('done') }));
    render(<RunControls onStart={() => undefined} blocker={null} />);
    const status = () => document.querySelector('.studio-status')!.textContent!;
    expect(status()).toContain('step 40 / 100');
    expect(status()).not.toContain('ETA');
    act(() => useStudioStore.setState({ run: endedRun('stopped') }));
    expect(status()).not.toContain('ETA');
    act(() => useStudioStore.setState({ run: endedRun('running') }));
    expect(status()).toContain('ETA 12 s');
  });

  it('offers temperature and top-k only where the model writes text, not for a masked-word model', () => {
    const withTask = (task: 'lm' | 'masked-lm' | 'classification') =>
      act(() => useStudioStore.setState({ run: { ...endedRun('stopped'), dataset: { id: 'x', name: 'x', task, description: '', source: '', licence: '', size: '' } } }));
    withTask('masked-lm');
    render(<SamplesView />);
    expect(screen.queryByLabelText('Temperature')).toBeNull();
    withTask('classification');
    expect(screen.queryByLabelText('Temperature')).toBeNull();
    withTask('lm');
    expect(screen.getByLabelText('Temperature')).toBeTruthy();
    expect(screen.getByLabelText('Top-k')).toBeTruthy();
  });
});

import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { DatasetFacts } from '../../engine/train/datasetFit';
import { templateById } from '../../engine/templates';
import { describe, expect, it } from 'vitest';
import './flowEnvironment';
import { ProblemsList } from '../../renderer/problems/ProblemsList';
import { undo, useDocumentStore } from '../../renderer/store/documentStore';
import { emptyDoc } from '../../renderer/store/edits';
import { useViewStore } from '../../renderer/store/viewStore';
import { useStudioStore } from '../../renderer/studio/studioStore';
import { attentionDoc, buildDoc } from './graphs';

describe('problems list', () => {
  it('lists each problem with its code and fix', () => {
    useDocumentStore.getState().load(attentionDoc().doc);
    render(<ProblemsList />);
    const items = screen.getAllByTestId('problem-item');
    const missing = items.find((i) => i.textContent!.includes('E_MISSING_INPUT'))!;
    expect(missing.textContent).toContain('Dense');
    expect(missing.textContent).toContain('Fix:');
    expect(items.some((i) => i.textContent!.includes('E_NO_HEAD'))).toBe(true);
  });

  it('selects the block of a problem when clicked, and asks the canvas to centre on it', () => {
    const { doc, ids } = attentionDoc();
    useDocumentStore.getState().load(doc);
    render(<ProblemsList />);
    const before = useViewStore.getState().centerRequest?.seq ?? 0;
    fireEvent.click(screen.getAllByTestId('problem-item').find((i) => i.textContent!.includes('E_MISSING_INPUT'))!);
    expect(useDocumentStore.getState().selection.nodes).toEqual([ids.dense]);
    expect(useViewStore.getState().centerRequest).toEqual({ nodeId: ids.dense, seq: before + 1 });
  });

  it('follows the document: fixing the wiring removes the problem', () => {
    const { doc } = buildDoc([['tok', 'tokenInput'], ['emb', 'embedding']], []);
    useDocumentStore.getState().load(doc);
    render(<ProblemsList />);
    expect(screen.getAllByTestId('problem-item').some((i) => i.textContent!.includes('E_MISSING_INPUT'))).toBe(true);
    const [tok, emb] = doc.nodes.map((n) => n.id);
    act(() => useDocumentStore.getState().connect({ source: tok, sourcePort: 'out', target: emb, targetPort: 'in' }));
    expect(screen.queryAllByTestId('problem-item').some((i) => i.textContent!.includes('E_MISSING_INPUT'))).toBe(false);
  });

  it('an empty canvas is not “ready to train”', () => {
    useDocumentStore.getState().load(emptyDoc());
    render(<ProblemsList />);
    expect(screen.queryByTestId('problems-none')).toBeNull();
    expect(screen.getByTestId('problem-item').textContent).toContain('E_EMPTY_GRAPH');
  });

  it('checks the graph against the run settings’ dataset and fixes a mismatch in one click, one undo step', () => {
    const facts: DatasetFacts = {
      id: 'sentiment',
      name: 'Movie review sentiment',
      task: 'classification',
      feeds: ['tokens', 'labels'],
      vocabSize: 2143,
      targetVocabSize: 2143,
      classes: 2,
      suggestedLengths: { tokens: 32 },
      sizes: { train: 2000, validation: 200 },
    };
    act(() => useStudioStore.setState({ datasetFacts: { sentiment: facts }, userData: null }));
    const doc = templateById('encoder-classifier')!.build();
    const embed = doc.nodes.find((n) => n.kind === 'embedding')!;
    useDocumentStore.getState().load({ ...doc, nodes: doc.nodes.map((n) => (n.id === embed.id ? { ...n, params: { ...n.params, vocabSize: 65 } } : n)) });
    render(<ProblemsList />);
    const item = screen.getAllByTestId('problem-item').find((i) => i.textContent!.includes('E_VOCAB_MISMATCH'))!;
    expect(item.textContent).toContain('2,143 tokens');
    const fix = within(item.parentElement!).getByTestId('quick-fix');
    expect(fix.textContent).toBe('Set Vocabulary size to 2,143');
    fireEvent.click(fix);
    expect(useDocumentStore.getState().doc.nodes.find((n) => n.id === embed.id)!.params.vocabSize).toBe(2143);
    expect(screen.getByTestId('problems-none')).toBeTruthy();
    act(() => undo());
    expect(useDocumentStore.getState().doc.nodes.find((n) => n.id === embed.id)!.params.vocabSize).toBe(65);
    act(() => useStudioStore.setState({ datasetFacts: {} }));
  });
});

import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import './flowEnvironment';
import { ProblemsList } from '../../renderer/problems/ProblemsList';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { useViewStore } from '../../renderer/store/viewStore';
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
});

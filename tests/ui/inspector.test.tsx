import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import './flowEnvironment';
import { specs } from '../../engine/blocks/specs';
import { analyzeGraph } from '../../engine/graph/analyze';
import { SummaryBar } from '../../renderer/canvas/SummaryBar';
import { i18n } from '../../renderer/i18n';
import { Inspector } from '../../renderer/inspector/Inspector';
import { useDocumentStore } from '../../renderer/store/documentStore';
import { attentionDoc } from './graphs';

function openWithSelected(name: 'tok' | 'emb' | 'mha' | 'dense') {
  const { doc, ids } = attentionDoc();
  useDocumentStore.getState().load(doc);
  useDocumentStore.getState().select({ nodes: [ids[name]] });
  render(<Inspector />);
  return ids[name];
}

const nodeOf = (id: string) => useDocumentStore.getState().doc.nodes.find((n) => n.id === id)!;

describe('inspector form', () => {
  beforeEach(() => useDocumentStore.getState().load(attentionDoc().doc));

  it('draws one typed field per parameter of the spec', () => {
    openWithSelected('mha');
    for (const p of specs.multiHeadAttention.params) {
      const field = screen.getByLabelText(p.label);
      if (p.type === 'int' || p.type === 'float') {
        expect(field.getAttribute('type')).toBe('number');
        expect(field.getAttribute('min')).toBe(String(p.min));
        expect(field.getAttribute('max')).toBe(String(p.max));
      } else if (p.type === 'bool') {
        expect(field.getAttribute('type')).toBe('checkbox');
      } else {
        expect(field.tagName).toBe('SELECT');
        expect([...(field as HTMLSelectElement).options].map((o) => o.value)).toEqual([...p.options]);
      }
      // The param's doc is shown with its field.
      expect(field.closest('.field')!.getAttribute('title')).toBe(p.doc);
    }
  });

  it('stores an edit at once, and the shapes downstream follow', () => {
    const id = openWithSelected('emb');
    expect(screen.getByTestId('shape-out-out').textContent).toBe('B×T×128');
    fireEvent.change(screen.getByLabelText('Width (d_model)'), { target: { value: '64' } });
    expect(nodeOf(id).params.dModel).toBe(64);
    expect(screen.getByTestId('shape-out-out').textContent).toBe('B×T×64');
  });

  it('keeps values outside the bounds out of the document and says why', () => {
    const id = openWithSelected('mha');
    const heads = screen.getByLabelText('Heads');
    const before = nodeOf(id).params.heads;
    fireEvent.change(heads, { target: { value: '0' } });
    expect(nodeOf(id).params.heads).toBe(before);
    expect(heads.getAttribute('aria-invalid')).toBe('true');
    expect(within(heads.closest('.field') as HTMLElement).getByRole('alert').textContent).toContain('1');
    fireEvent.change(heads, { target: { value: '2.5' } });
    expect(nodeOf(id).params.heads).toBe(before);
    fireEvent.change(heads, { target: { value: '8' } });
    expect(nodeOf(id).params.heads).toBe(8);
    expect(heads.getAttribute('aria-invalid')).toBe('false');
  });

  it('edits toggles, choices and the block name', () => {
    const id = openWithSelected('dense');
    fireEvent.click(screen.getByLabelText('Bias'));
    expect(nodeOf(id).params.useBias).toBe(false);
    fireEvent.change(screen.getByLabelText('Activation'), { target: { value: 'gelu' } });
    expect(nodeOf(id).params.activation).toBe('gelu');
    const name = screen.getByTestId('node-label');
    fireEvent.change(name, { target: { value: 'Vocabulary projection' } });
    fireEvent.blur(name);
    expect(nodeOf(id).label).toBe('Vocabulary projection');
  });

  it('shows the block’s explanation card', () => {
    openWithSelected('mha');
    const { explanation } = specs.multiHeadAttention;
    const card = screen.getByText('How it works').closest('details')!;
    expect(card.textContent).toContain(explanation.formula);
    expect(card.textContent).toContain(explanation.why);
  });
});

describe('freezing a block from the inspector', () => {
  it('offers the toggle on blocks with weights only, and each switch is one undo step', () => {
    const tok = openWithSelected('tok');
    expect(screen.queryByLabelText('Freeze weights')).toBeNull();
    expect(nodeOf(tok).frozen).toBeUndefined();
    cleanup();

    const emb = openWithSelected('emb');
    const toggle = screen.getByLabelText('Freeze weights') as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    fireEvent.click(toggle);
    expect(nodeOf(emb).frozen).toBe(true);
    expect((screen.getByLabelText('Freeze weights') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/\(frozen\)/)).toBeTruthy();

    act(() => useDocumentStore.temporal.getState().undo());
    expect(nodeOf(emb).frozen).toBeUndefined();
    expect((screen.getByLabelText('Freeze weights') as HTMLInputElement).checked).toBe(false);
  });

  it('speaks Korean', async () => {
    await act(async () => {
      await i18n.changeLanguage('ko');
    });
    try {
      openWithSelected('mha');
      fireEvent.click(screen.getByLabelText('가중치 고정'));
      expect(screen.getByText(/미세 조정/)).toBeTruthy();
    } finally {
      await act(async () => {
        await i18n.changeLanguage('en');
      });
    }
  });
});

describe('parameter counter', () => {
  it('splits trainable and frozen parameters once a block is frozen', () => {
    const { doc, ids } = attentionDoc();
    useDocumentStore.getState().load(doc);
    render(<SummaryBar />);
    const analysis = analyzeGraph(doc);
    const total = analysis.totalParameters;
    const embedding = analysis.nodes[ids.emb].cost.parameters;
    expect(embedding).toBeGreaterThan(0);
    expect(screen.getByTestId('summary-params').textContent).toBe(`${total.toLocaleString('en-US')} parameters`);

    act(() => useDocumentStore.getState().setFrozen([ids.emb], true));
    expect(screen.getByTestId('summary-params').textContent).toBe(
      `${(total - embedding).toLocaleString('en-US')} trainable · ${embedding.toLocaleString('en-US')} frozen params`,
    );
  });
});

import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import './flowEnvironment';
import { specs } from '../../engine/blocks/specs';
import { analyzeGraph } from '../../engine/graph/analyze';
import { docToFlow } from '../../renderer/canvas/adapter';
import { BlockNode } from '../../renderer/canvas/BlockNode';
import { i18n } from '../../renderer/i18n';
import { koBlockTexts } from '../../renderer/i18n/blockTexts.ko';
import { Inspector } from '../../renderer/inspector/Inspector';
import { groupedSpecs } from '../../renderer/palette/Palette';
import { EMPTY_SELECTION, useDocumentStore } from '../../renderer/store/documentStore';
import { attentionDoc } from './graphs';

const ko = koBlockTexts;

afterEach(async () => {
  cleanup();
  await act(() => i18n.changeLanguage('en'));
});

function inspect(name: 'mha' | 'dense' | 'emb') {
  const { doc, ids } = attentionDoc();
  useDocumentStore.getState().load(doc);
  useDocumentStore.getState().select({ nodes: [ids[name]] });
  render(<Inspector />);
  return ids[name];
}

describe('block texts follow the language', () => {
  it('the inspector switches a block’s name, summary, fields, ports, memory terms and card to Korean live', async () => {
    await act(() => i18n.changeLanguage('en'));
    inspect('mha');
    const inspector = screen.getByTestId('inspector');
    expect(within(inspector).getByRole('heading', { level: 2 }).textContent).toBe(specs.multiHeadAttention.label);
    expect(screen.getByLabelText('Heads')).toBeTruthy();

    await act(() => i18n.changeLanguage('ko'));
    expect(within(inspector).getByRole('heading', { level: 2 }).textContent).toBe('멀티 헤드 어텐션');
    expect(within(inspector).getByText(ko.multiHeadAttention.summary)).toBeTruthy();
    const heads = screen.getByLabelText('헤드 수');
    expect(heads.closest('.field')!.getAttribute('title')).toBe(ko.multiHeadAttention.params.heads!.help);
    expect(screen.getByLabelText('인과 마스크').getAttribute('type')).toBe('checkbox');
    expect(within(inspector).getByText('← 쿼리')).toBeTruthy();
    expect(within(inspector).getByText('→ 출력')).toBeTruthy();
    expect(within(inspector).getByText(/^점수 B·h·T/)).toBeTruthy();
    const card = inspector.querySelector('details.explanation')!;
    expect(within(card as HTMLElement).getByText(ko.multiHeadAttention.explanation.what)).toBeTruthy();
    expect(card.querySelector('dd.formula')!.textContent).toBe(ko.multiHeadAttention.explanation.formula);
    expect(screen.queryByLabelText('Heads')).toBeNull();

    await act(() => i18n.changeLanguage('en'));
    expect(screen.getByLabelText('Heads')).toBeTruthy();
    expect(within(inspector).getByText(specs.multiHeadAttention.explanation.what)).toBeTruthy();
  });

  it('shows enum values by their Korean names and still stores the value itself', async () => {
    await act(() => i18n.changeLanguage('ko'));
    const id = inspect('dense');
    const select = screen.getByLabelText('활성화 함수') as HTMLSelectElement;
    const options = [...select.options];
    expect(options.map((o) => o.value)).toEqual([...(specs.dense.params.find((p) => p.name === 'activation') as { options: readonly string[] }).options]);
    expect(options.find((o) => o.value === 'linear')!.textContent).toBe('선형 (linear)');
    act(() => {
      select.value = 'sigmoid';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(useDocumentStore.getState().doc.nodes.find((n) => n.id === id)!.params.activation).toBe('sigmoid');
  });

  it('a block on the canvas labels its ports and summary in Korean', async () => {
    await act(() => i18n.changeLanguage('ko'));
    const { doc, ids } = attentionDoc();
    const flow = docToFlow(doc, analyzeGraph(doc), EMPTY_SELECTION);
    render(
      <ReactFlowProvider>
        <div style={{ width: 1000, height: 800 }}>
          <ReactFlow nodes={flow.nodes} edges={flow.edges} nodeTypes={{ block: BlockNode }} />
        </div>
      </ReactFlowProvider>,
    );
    const mha = screen.getByTestId(`block-${ids.mha}`);
    expect(within(mha).getByText('쿼리')).toBeTruthy();
    expect(within(mha).getByText('메모리')).toBeTruthy();
    const memoryRow = within(mha).getByTestId('handle-in-memory').parentElement!;
    expect(memoryRow.getAttribute('title')).toBe(`메모리 (선택): 시퀀스 — ${ko.multiHeadAttention.ports.memory!.help}`);
    expect(mha.querySelector('.block-header')!.getAttribute('title')).toBe(ko.multiHeadAttention.summary);
    expect(within(mha).getByText('어텐션')).toBeTruthy();
  });

  it('the palette shows and finds blocks by their Korean words, and by their English ones too', () => {
    const names = (query: string, lang: string) => groupedSpecs(query, lang).flatMap((g) => g.items.map((s) => s.kind));
    expect(names('잔차', 'ko')).toContain('addNorm');
    expect(names('교사 강요', 'ko')).toEqual(['seq2seqHead']);
    expect(names('teacher forcing', 'ko')).toEqual(['seq2seqHead']);
    expect(names('잔차', 'en')).toEqual([]);
  });
});

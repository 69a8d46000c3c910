import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import './flowEnvironment';
import { specs } from '../../engine/blocks/specs';
import { analyzeGraph } from '../../engine/graph/analyze';
import type { GraphDoc } from '../../engine/graph/schema';
import { docToFlow } from '../../renderer/canvas/adapter';
import { BlockNode } from '../../renderer/canvas/BlockNode';
import { formatCount } from '../../renderer/canvas/format';
import { EMPTY_SELECTION } from '../../renderer/store/documentStore';
import { attentionDoc } from './graphs';

const nodeTypes = { block: BlockNode };

function renderGraph(doc: GraphDoc) {
  const flow = docToFlow(doc, analyzeGraph(doc), EMPTY_SELECTION);
  render(
    <ReactFlowProvider>
      <div style={{ width: 1000, height: 800 }}>
        <ReactFlow nodes={flow.nodes} edges={flow.edges} nodeTypes={nodeTypes} />
      </div>
    </ReactFlowProvider>,
  );
}

describe('block node', () => {
  it('draws one handle per port of its spec, inputs as targets and outputs as sources', () => {
    const { doc, ids } = attentionDoc();
    renderGraph(doc);
    const block = screen.getByTestId(`block-${ids.mha}`);
    const spec = specs.multiHeadAttention;
    for (const p of spec.inputs) {
      const h = within(block).getByTestId(`handle-in-${p.name}`);
      expect(h.className).toContain('target');
      expect(h.className).toContain(`port-${p.kind}`);
      expect(within(block).getByText(p.label)).toBeTruthy();
    }
    for (const p of spec.outputs) expect(within(block).getByTestId(`handle-out-${p.name}`).className).toContain('source');
    expect(block.querySelectorAll('.react-flow__handle')).toHaveLength(spec.inputs.length + spec.outputs.length);
  });

  it('colours a port by what it carries: token ids into the embedding, a sequence out of it', () => {
    const { doc, ids } = attentionDoc();
    renderGraph(doc);
    const emb = screen.getByTestId(`block-${ids.emb}`);
    expect(within(emb).getByTestId('handle-in-in').getAttribute('data-port-kind')).toBe('tokens');
    expect(within(emb).getByTestId('handle-out-out').getAttribute('data-port-kind')).toBe('sequence');
  });

  it('shows the inferred shapes on its ports and its parameter count and memory', () => {
    const { doc, ids } = attentionDoc();
    renderGraph(doc);
    const analysis = analyzeGraph(doc);
    const mha = screen.getByTestId(`block-${ids.mha}`);
    const queryRow = within(mha).getByTestId('handle-in-query').parentElement!;
    expect(queryRow.getAttribute('title')).toContain('B×T×128');
    const params = analysis.nodes[ids.mha].cost.parameters;
    expect(params).toBeGreaterThan(0);
    expect(within(mha).getByTestId('block-params').textContent).toBe(`${formatCount(params)} params`);
    // Attention's headline memory is its B·h·T² score matrix, the term that grows with T².
    expect(within(mha).getByTestId('block-memory').textContent).toMatch(/T²/);
  });

  it('badges a block that has a problem, with the code and the fix on hover', () => {
    const { doc, ids } = attentionDoc();
    renderGraph(doc);
    const dense = screen.getByTestId(`block-${ids.dense}`);
    const badge = within(dense).getByTestId('problem-badge');
    expect(badge.textContent).toBe('1');
    expect(badge.getAttribute('title')).toContain('E_MISSING_INPUT');
    expect(badge.getAttribute('title')).toContain('Fix:');
    expect(within(screen.getByTestId(`block-${ids.emb}`)).queryByTestId('problem-badge')).toBeNull();
  });
});

describe('frozen block', () => {
  it('wears a “Frozen” badge, and only the frozen block does', () => {
    const { doc, ids } = attentionDoc();
    const frozen = { ...doc, nodes: doc.nodes.map((n) => (n.id === ids.emb ? { ...n, frozen: true } : n)) };
    renderGraph(frozen);
    const emb = screen.getByTestId(`block-${ids.emb}`);
    expect(within(emb).getByTestId('frozen-badge').textContent).toBe('Frozen');
    expect(emb.getAttribute('data-frozen')).toBe('true');
    expect(emb.className).toContain('frozen');
    const mha = screen.getByTestId(`block-${ids.mha}`);
    expect(within(mha).queryByTestId('frozen-badge')).toBeNull();
    expect(mha.getAttribute('data-frozen')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { dropBlock } from '../../renderer/canvas/autoWire';
import { undo, useDocumentStore } from '../../renderer/store/documentStore';
import { emptyDoc } from '../../renderer/store/edits';

/** Drops blocks one after another, as a learner drags them from the palette; each drop selects the new block. */
function dropChain(kinds: string[]): string[] {
  useDocumentStore.getState().load(emptyDoc());
  return kinds.map((kind, i) => dropBlock(kind, { x: i * 200, y: 0 }));
}

const wires = () => useDocumentStore.getState().doc.edges.map((e) => `${e.source}.${e.sourcePort} -> ${e.target}.${e.targetPort}`);

describe('a dropped block wires itself to the selected one when only one wiring makes sense', () => {
  it('builds a Transformer encoder classifier, the residuals and the labels included', () => {
    const [tok, emb, pos, mha, norm1, ff, norm2, pool, dense, head, target] = dropChain([
      'tokenInput', 'embedding', 'positionalEncoding', 'multiHeadAttention', 'addNorm', 'feedForward', 'addNorm', 'pooling', 'dense', 'classifierHead', 'target',
    ]);
    expect(wires()).toEqual([
      `${tok}.out -> ${emb}.in`,
      `${emb}.out -> ${pos}.in`,
      `${pos}.out -> ${mha}.query`,
      `${mha}.out -> ${norm1}.sublayer`,
      `${pos}.out -> ${norm1}.residual`,
      `${norm1}.out -> ${ff}.in`,
      `${ff}.out -> ${norm2}.sublayer`,
      `${norm1}.out -> ${norm2}.residual`,
      `${norm2}.out -> ${pool}.in`,
      `${pool}.out -> ${dense}.in`,
      `${dense}.out -> ${head}.logits`,
      `${target}.out -> ${head}.targets`,
    ]);
    // The Target answers the way the classifier asks: one label per sequence.
    expect(useDocumentStore.getState().doc.nodes.find((n) => n.id === target)!.params.feed).toBe('labels');
  });

  it('each drop, its wiring included, is one undo step', () => {
    const [tok] = dropChain(['tokenInput', 'embedding']);
    expect(wires()).toHaveLength(1);
    undo();
    expect(useDocumentStore.getState().doc.nodes.map((n) => n.id)).toEqual([tok]);
    expect(wires()).toEqual([]);
  });

  it('wires nothing when nothing is selected, or when the choice is ambiguous', () => {
    dropChain(['tokenInput']);
    useDocumentStore.getState().select({});
    dropBlock('embedding', { x: 200, y: 0 });
    expect(wires()).toEqual([]);

    // The embedding's output could feed either input of a Concat: no guess.
    dropChain(['tokenInput', 'embedding', 'concat']);
    expect(wires()).toHaveLength(1);
  });

  it('a Target after a language-model head answers per token', () => {
    const ids = dropChain(['lmHead', 'target']);
    expect(wires()).toEqual([`${ids[1]}.out -> ${ids[0]}.targets`]);
    expect(useDocumentStore.getState().doc.nodes.find((n) => n.id === ids[1])!.params.feed).toBe('targets');
  });
});

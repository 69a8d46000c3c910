import type { GraphDoc } from '../../engine/graph/schema';
import { addNode, connect, emptyDoc } from '../../renderer/store/edits';

/** Builds a doc from a list of blocks and wires, with readable ids: [['tok', 'tokenInput'], …]. */
export function buildDoc(blocks: [string, string][], wires: [string, string, string, string][]): { doc: GraphDoc; ids: Record<string, string> } {
  let doc = emptyDoc();
  const ids: Record<string, string> = {};
  blocks.forEach(([name, kind], i) => {
    const r = addNode(doc, kind, { x: i * 260, y: 0 });
    doc = r.doc;
    ids[name] = r.id;
  });
  for (const [s, sp, t, tp] of wires) doc = connect(doc, { source: ids[s], sourcePort: sp, target: ids[t], targetPort: tp });
  return { doc, ids };
}

/** Token Input → Embedding → Multi-Head Attention, plus a Dense with nothing connected. */
export function attentionDoc() {
  return buildDoc(
    [
      ['tok', 'tokenInput'],
      ['emb', 'embedding'],
      ['mha', 'multiHeadAttention'],
      ['dense', 'dense'],
    ],
    [
      ['tok', 'out', 'emb', 'in'],
      ['emb', 'out', 'mha', 'query'],
    ],
  );
}

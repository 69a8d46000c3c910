import { beforeEach, describe, expect, it } from 'vitest';
import { fragmentFromText, fragmentToText } from '../../renderer/canvas/clipboard';
import { EMPTY_SELECTION, redo, undo, useDocumentStore } from '../../renderer/store/documentStore';
import { copyFragment, emptyDoc } from '../../renderer/store/edits';

/**
 * The document store as the editor drives it: every edit one undo step, selection outside history, and
 * paste giving the pasted blocks fresh ids while keeping the wires between them.
 */
const store = () => useDocumentStore.getState();
const history = () => useDocumentStore.temporal.getState();

beforeEach(() => {
  store().load(emptyDoc('Test'));
});

/** Token Input → Embedding → Positional Encoding, wired, built through the store. */
function buildChain() {
  const tok = store().addBlock('tokenInput', { x: 0, y: 0 });
  const emb = store().addBlock('embedding', { x: 260, y: 0 });
  const pos = store().addBlock('positionalEncoding', { x: 520, y: 0 });
  store().connect({ source: tok, sourcePort: 'out', target: emb, targetPort: 'in' });
  store().connect({ source: emb, sourcePort: 'out', target: pos, targetPort: 'in' });
  return { tok, emb, pos };
}

describe('undo and redo in the document store', () => {
  it('undoes each edit as one step, back to the empty document, and redoes them in order', () => {
    const snapshots = [store().doc];
    const tok = store().addBlock('tokenInput', { x: 0, y: 0 });
    snapshots.push(store().doc);
    const emb = store().addBlock('embedding', { x: 260, y: 0 });
    snapshots.push(store().doc);
    store().connect({ source: tok, sourcePort: 'out', target: emb, targetPort: 'in' });
    snapshots.push(store().doc);
    store().setParam(emb, 'dModel', 64);
    snapshots.push(store().doc);
    expect(history().pastStates).toHaveLength(4);

    for (let i = snapshots.length - 2; i >= 0; i--) {
      undo();
      expect(store().doc).toEqual(snapshots[i]);
    }
    expect(store().doc.nodes).toHaveLength(0);
    undo(); // nothing left to undo: no change
    expect(store().doc).toEqual(snapshots[0]);

    for (let i = 1; i < snapshots.length; i++) {
      redo();
      expect(store().doc).toEqual(snapshots[i]);
    }
    expect(store().doc.nodes.find((n) => n.id === emb)?.params.dModel).toBe(64);
  });

  it('records neither selection changes nor edits that change nothing', () => {
    const { emb } = buildChain();
    const steps = history().pastStates.length;
    store().select({ nodes: [emb] });
    store().select(EMPTY_SELECTION);
    store().moveNodes({ [emb]: { x: 260, y: 0 } }); // already there
    store().setParam(emb, 'dModel', store().doc.nodes.find((n) => n.id === emb)!.params.dModel);
    expect(history().pastStates).toHaveLength(steps);
  });

  it('drops the redo branch once a new edit is made after an undo', () => {
    const { pos } = buildChain();
    store().setParam(pos, 'encoding', 'learned');
    undo();
    expect(history().futureStates).toHaveLength(1);
    store().addBlock('dense', { x: 780, y: 0 });
    expect(history().futureStates).toHaveLength(0);
    redo();
    expect(store().doc.nodes.find((n) => n.id === pos)?.params.encoding).not.toBe('learned');
  });

  it('does not undo across documents: loading one clears the history', () => {
    buildChain();
    store().load(emptyDoc('Other'));
    expect(history().pastStates).toHaveLength(0);
    undo();
    expect(store().doc.name).toBe('Other');
    expect(store().doc.nodes).toHaveLength(0);
  });

  it('undoes a deletion with the edges it took along', () => {
    const { emb } = buildChain();
    const before = store().doc;
    store().select({ nodes: [emb] });
    store().deleteSelection();
    expect(store().doc.nodes).toHaveLength(2);
    expect(store().doc.edges).toHaveLength(0);
    undo();
    expect(store().doc).toEqual(before);
  });
});

describe('paste', () => {
  it('gives every pasted block and edge a fresh id, keeps the edges between pasted blocks and shifts them', () => {
    const { tok, emb, pos } = buildChain();
    const original = store().doc;
    // Copy two of the three blocks, as the clipboard carries them (JSON text).
    const fragment = fragmentFromText(fragmentToText(copyFragment(original, [emb, pos])))!;
    expect(fragment.edges).toHaveLength(1); // tok → emb is cut: tok was not copied

    store().paste(fragment, { x: 40, y: 40 });
    const doc = store().doc;
    expect(doc.nodes).toHaveLength(5);
    expect(doc.edges).toHaveLength(3);
    const pasted = doc.nodes.slice(3);
    const originalIds = new Set([...original.nodes.map((n) => n.id), ...original.edges.map((e) => e.id)]);
    for (const n of pasted) expect(originalIds.has(n.id)).toBe(false);
    expect(new Set(doc.nodes.map((n) => n.id)).size).toBe(doc.nodes.length);
    expect(new Set(doc.edges.map((e) => e.id)).size).toBe(doc.edges.length);

    const [newEmb, newPos] = pasted;
    expect(newEmb.kind).toBe('embedding');
    expect(newPos.kind).toBe('positionalEncoding');
    expect(newEmb.position).toEqual({ x: 260 + 40, y: 40 });
    expect(newEmb.params).toEqual(original.nodes.find((n) => n.id === emb)!.params);
    const newEdge = doc.edges[2];
    expect(originalIds.has(newEdge.id)).toBe(false);
    expect(newEdge).toMatchObject({ source: newEmb.id, sourcePort: 'out', target: newPos.id, targetPort: 'in' });
    // The originals keep their wiring, and nothing points from the copy back to the uncopied block.
    expect(doc.edges.filter((e) => e.source === tok)).toHaveLength(1);
    expect(store().selection.nodes).toEqual([newEmb.id, newPos.id]);
  });

  it('pastes the same fragment twice without an id clash, and undoes a paste in one step', () => {
    const { emb, pos } = buildChain();
    const fragment = copyFragment(store().doc, [emb, pos]);
    const beforePaste = store().doc;
    store().paste(fragment, { x: 40, y: 40 });
    store().paste(fragment, { x: 80, y: 80 });
    const doc = store().doc;
    expect(doc.nodes).toHaveLength(7);
    expect(doc.edges).toHaveLength(4);
    expect(new Set(doc.nodes.map((n) => n.id)).size).toBe(7);
    expect(new Set(doc.edges.map((e) => e.id)).size).toBe(4);
    undo();
    undo();
    expect(store().doc).toEqual(beforePaste);
  });

  it('re-ids a pasted group and puts its pasted members in the new group', () => {
    const { emb, pos } = buildChain();
    store().select({ nodes: [emb, pos] });
    const groupId = store().groupSelection('Front end')!;
    store().paste(copyFragment(store().doc, [emb, pos]), { x: 0, y: 300 });
    const doc = store().doc;
    expect(doc.groups).toHaveLength(2);
    const newGroup = doc.groups.find((g) => g.id !== groupId)!;
    expect(newGroup.label).toBe('Front end');
    const members = doc.nodes.filter((n) => n.group === newGroup.id);
    expect(members.map((n) => n.kind)).toEqual(['embedding', 'positionalEncoding']);
    expect(members.every((n) => n.id !== emb && n.id !== pos)).toBe(true);
  });

  it('drops blocks of unknown kinds and edges to them: the clipboard may hold anything', () => {
    buildChain();
    const before = store().doc;
    store().paste(
      {
        tensorloomFragment: 1,
        nodes: [
          { id: 'a', kind: 'embedding', params: {}, position: { x: 0, y: 0 } },
          { id: 'b', kind: 'noSuchBlock', params: {}, position: { x: 0, y: 0 } },
        ],
        edges: [{ id: 'e', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' }],
        groups: [],
      },
      { x: 0, y: 0 },
    );
    expect(store().doc.nodes).toHaveLength(before.nodes.length + 1);
    expect(store().doc.edges).toHaveLength(before.edges.length);
  });
});

describe('freezing blocks', () => {
  it('marks blocks frozen and trainable again, each as one undo step, and leaves no flag on trainable blocks', () => {
    const { emb, pos } = buildChain();
    const before = store().doc;
    store().setFrozen([emb], true);
    expect(store().doc.nodes.find((n) => n.id === emb)?.frozen).toBe(true);
    expect(store().doc.nodes.find((n) => n.id === pos)).toEqual(before.nodes.find((n) => n.id === pos));

    store().setFrozen([emb], false);
    expect('frozen' in store().doc.nodes.find((n) => n.id === emb)!).toBe(false);

    undo();
    expect(store().doc.nodes.find((n) => n.id === emb)?.frozen).toBe(true);
    undo();
    expect(store().doc).toBe(before);
    redo();
    expect(store().doc.nodes.find((n) => n.id === emb)?.frozen).toBe(true);
  });

  it('records no step when nothing changes', () => {
    const { emb } = buildChain();
    store().setFrozen([emb], true);
    const steps = history().pastStates.length;
    store().setFrozen([emb], true);
    store().setFrozen(['no-such-block'], true);
    expect(history().pastStates).toHaveLength(steps);
  });

  it('keeps the flag through copy and paste', () => {
    const { emb } = buildChain();
    store().setFrozen([emb], true);
    const fragment = fragmentFromText(fragmentToText(copyFragment(store().doc, [emb])))!;
    store().paste(fragment, { x: 40, y: 40 });
    const pasted = store().doc.nodes.find((n) => n.id === store().selection.nodes[0])!;
    expect(pasted.id).not.toBe(emb);
    expect(pasted.frozen).toBe(true);
  });
});

/**
 * Wiring a block as it is dropped, when exactly one wiring makes sense. A learner builds a model one block
 * after another, each new block reading the one before it (the selected block: the last one dropped, or one
 * they clicked); the drop then wires it, and the whole drop is one undo step. Nothing is wired when the
 * choice is ambiguous — two free inputs the previous block could feed, say — so the rule stays predictable:
 *
 * - the new block has inputs: the selected block's output goes into the one free required input that takes
 *   it. Add & Norm takes two: its sublayer input reads the selected block and its residual input reads what
 *   the selected block itself reads (the residual around the sublayer).
 * - the new block has no inputs (Token Input, Target / Labels): its output goes into the selected block's one
 *   free required input that takes it. A Target answers the way that input asks (“labels” for a classifier
 *   head, “targets” for a per-token head).
 */
import { planConnection, specOf, type Connection, type GraphDoc } from '../../engine';
import { useDocumentStore } from '../store/documentStore';
import { addNode, connect, setParam, type XY } from '../store/edits';

/** Adds a block from the palette, wired to the one selected block where that is unambiguous; one undo step. */
export function dropBlock(kind: string, position: XY): string {
  const store = useDocumentStore.getState();
  const { nodes, groups } = store.selection;
  const from = nodes.length === 1 && !groups.length ? nodes[0] : null;
  const { doc, id } = addNode(store.doc, kind, position);
  store.apply(from ? autoWire(doc, from, id) : doc, { nodes: [id] });
  return id;
}

export function autoWire(doc: GraphDoc, fromId: string, newId: string): GraphDoc {
  const from = doc.nodes.find((n) => n.id === fromId);
  const added = doc.nodes.find((n) => n.id === newId);
  const fromSpec = from && specOf(from.kind);
  const addedSpec = added && specOf(added.kind);
  if (!from || !added || !fromSpec || !addedSpec || from.id === added.id) return doc;

  if (addedSpec.inputs.some((p) => !p.optional)) {
    if (added.kind === 'addNorm') return wireResidual(doc, fromId, newId);
    return connectOnly(doc, freeInputConnections(doc, fromId, newId));
  }
  if (!addedSpec.outputs.length) return doc;
  const candidates = freeInputConnections(doc, newId, fromId);
  if (candidates.length || added.kind !== 'target') return connectOnly(doc, candidates);
  // A Target whose answers are of the other kind than the input asks: answer that way instead.
  const other = added.params.feed === 'labels' ? 'targets' : 'labels';
  const switched = setParam(doc, newId, 'feed', other);
  const viaSwitch = freeInputConnections(switched, newId, fromId);
  return viaSwitch.length === 1 ? connectOnly(switched, viaSwitch) : doc;
}

/** Every valid connection from an output of `sourceId` into a free required input of `targetId`. */
function freeInputConnections(doc: GraphDoc, sourceId: string, targetId: string): Connection[] {
  const source = doc.nodes.find((n) => n.id === sourceId)!;
  const target = doc.nodes.find((n) => n.id === targetId)!;
  const out: Connection[] = [];
  for (const o of specOf(source.kind)?.outputs ?? []) {
    for (const i of specOf(target.kind)?.inputs ?? []) {
      if (i.optional || doc.edges.some((e) => e.target === targetId && e.targetPort === i.name)) continue;
      const c: Connection = { source: sourceId, sourcePort: o.name, target: targetId, targetPort: i.name };
      if (planConnection(doc, c).ok) out.push(c);
    }
  }
  return out;
}

function connectOnly(doc: GraphDoc, candidates: Connection[]): GraphDoc {
  return candidates.length === 1 ? connect(doc, candidates[0]) : doc;
}

function wireResidual(doc: GraphDoc, fromId: string, newId: string): GraphDoc {
  const from = doc.nodes.find((n) => n.id === fromId)!;
  const outs = specOf(from.kind)?.outputs ?? [];
  if (outs.length !== 1) return doc;
  const sublayer: Connection = { source: fromId, sourcePort: outs[0].name, target: newId, targetPort: 'sublayer' };
  if (!planConnection(doc, sublayer).ok) return doc;
  let next = connect(doc, sublayer);
  const firstInput = specOf(from.kind)?.inputs[0];
  const feeding = firstInput && doc.edges.find((e) => e.target === fromId && e.targetPort === firstInput.name);
  if (!feeding) return next;
  const residual: Connection = { source: feeding.source, sourcePort: feeding.sourcePort, target: newId, targetPort: 'residual' };
  if (planConnection(next, residual).ok) next = connect(next, residual);
  return next;
}

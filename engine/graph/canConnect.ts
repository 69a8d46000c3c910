import { specOf } from '../blocks/specs';
import { analyzeGraph, nodeLabel, type GraphAnalysis } from './analyze';
import { BlockError, type ErrorCode } from './errors';
import type { Connection, GraphDoc } from './schema';
import { PORT_KIND_DESCRIPTIONS, formatType, portKindOf } from './shapes';

export type ConnectResult = { ok: true } | { ok: false; code: ErrorCode; reason: string };

const cache = new WeakMap<GraphDoc, GraphAnalysis>();
function analysisOf(doc: GraphDoc): GraphAnalysis {
  let a = cache.get(doc);
  if (!a) {
    a = analyzeGraph(doc);
    cache.set(doc, a);
  }
  return a;
}

/**
 * Whether a connection can work, with the reason when it cannot. Called on every pointer move while a
 * connection is dragged, so it reuses one analysis per document object.
 */
export function canConnect(doc: GraphDoc, c: Connection): ConnectResult {
  const s = doc.nodes.find((n) => n.id === c.source);
  const t = doc.nodes.find((n) => n.id === c.target);
  const sSpec = s && specOf(s.kind);
  const tSpec = t && specOf(t.kind);
  if (!s || !t || !sSpec || !tSpec) return { ok: false, code: 'E_DANGLING_EDGE', reason: 'One end of this connection is not a block.' };
  const tLabel = nodeLabel(t, tSpec);
  if (s.id === t.id) return { ok: false, code: 'E_CYCLE', reason: `${tLabel} cannot feed itself.` };
  const outPort = sSpec.outputs.find((p) => p.name === c.sourcePort);
  const inPort = tSpec.inputs.find((p) => p.name === c.targetPort);
  if (!outPort || !inPort) return { ok: false, code: 'E_DANGLING_EDGE', reason: 'Connect an output port to an input port.' };
  if (doc.edges.some((e) => e.target === c.target && e.targetPort === c.targetPort)) {
    return { ok: false, code: 'E_PORT_TAKEN', reason: `The “${inPort.label}” input of ${tLabel} is already connected; delete that connection first.` };
  }
  if (reaches(doc, t.id, s.id)) {
    return { ok: false, code: 'E_CYCLE', reason: `This would make a loop: ${tLabel} already feeds ${nodeLabel(s, sSpec)}.` };
  }

  const analysis = analysisOf(doc);
  const given = analysis.nodes[s.id]?.outputs[c.sourcePort];
  const accepts = inPort.accepts ?? [inPort.kind];
  const givenKind = given ? portKindOf(given) : outPort.kind;
  if (!accepts.includes(givenKind)) {
    const want = accepts.map((k) => PORT_KIND_DESCRIPTIONS[k]).join(' or ');
    const gives = given ? formatType(given) : PORT_KIND_DESCRIPTIONS[outPort.kind];
    const code: ErrorCode = (given?.dtype ?? (outPort.kind === 'tokens' ? 'int32' : 'float32')) === (accepts.includes('tokens') ? 'int32' : 'float32') ? 'E_RANK_MISMATCH' : 'E_DTYPE_MISMATCH';
    return { ok: false, code, reason: `${tLabel} expects ${want}; this port gives ${gives}.` };
  }
  if (!given) return { ok: true };

  // A head's answers must match its kind of prediction; its inference would say so only once its logits
  // are connected too, which lets a wrong Target be wired first and surface later as another drag's refusal.
  if (tSpec.category === 'heads' && c.targetPort === 'targets' && given.dtype === 'int32') {
    const perSequence = inPort.kind === 'labels';
    if (perSequence !== (given.shape.length === 1)) {
      const sLabel = nodeLabel(s, sSpec);
      const answer = perSequence ? 'labels' : 'targets';
      const setFeed = s.kind === 'target' ? ` Set the Answers of ${sLabel} to “${answer}” first.` : '';
      return {
        ok: false,
        code: 'E_LABEL_KIND',
        reason: perSequence
          ? `${tLabel} needs one class label per sequence (B ids); ${sLabel} gives one answer per position (${formatType(given)}).${setFeed}`
          : `${tLabel} needs one target token per position (B×T ids); ${sLabel} gives one label per sequence (${formatType(given)}).${setFeed}`,
      };
    }
  }

  // Try the target's inference with this input added to what it already has.
  const current = analysis.nodes[t.id]?.inputs ?? {};
  const inputs = { ...current, [c.targetPort]: given };
  const allConnected = tSpec.inputs.every((p) => p.optional || inputs[p.name]);
  if (!allConnected) return { ok: true };
  try {
    tSpec.inferShapes(inputs, t.params, { sizes: analysis.sizes, label: tLabel });
  } catch (err) {
    if (err instanceof BlockError) return { ok: false, code: err.code, reason: `${err.message} ${err.fix}` };
  }
  return { ok: true };
}

/** What connecting does: add an edge, or replace the one already in the input port (one step either way). */
export type ConnectionPlan = { ok: true; replaces?: string } | { ok: false; code: ErrorCode; reason: string };

/**
 * `canConnect`, except that a connection dropped onto an occupied input replaces the edge there when the new
 * one would be valid without it (the learner's “no, this one” gesture); otherwise the new edge's own refusal.
 */
export function planConnection(doc: GraphDoc, c: Connection): ConnectionPlan {
  const taken = doc.edges.find((e) => e.target === c.target && e.targetPort === c.targetPort);
  if (!taken) return canConnect(doc, c);
  if (taken.source === c.source && taken.sourcePort === c.sourcePort) {
    return { ok: false, code: 'E_PORT_TAKEN', reason: 'These two ports are already connected.' };
  }
  const result = canConnect(withoutEdge(doc, taken.id), c);
  return result.ok ? { ok: true, replaces: taken.id } : result;
}

// Reused while the pointer hovers one occupied port, so each move does not analyse a fresh document.
const withoutCache = new WeakMap<GraphDoc, Map<string, GraphDoc>>();
function withoutEdge(doc: GraphDoc, edgeId: string): GraphDoc {
  let byEdge = withoutCache.get(doc);
  if (!byEdge) withoutCache.set(doc, (byEdge = new Map()));
  let without = byEdge.get(edgeId);
  if (!without) byEdge.set(edgeId, (without = { ...doc, edges: doc.edges.filter((e) => e.id !== edgeId) }));
  return without;
}

function reaches(doc: GraphDoc, from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of doc.edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

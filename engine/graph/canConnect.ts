import { specOf } from '../blocks/specs';
import { analyzeGraph, edgesFrom, nodeLabel, type GraphAnalysis } from './analyze';
import { BlockError, type ErrorCode, type MessageKey, type MessageParams } from './errors';
import { englishMessage } from './messages';
import type { Connection, GraphDoc } from './schema';
import { PORT_KIND_DESCRIPTIONS, formatType, portKindOf } from './shapes';

/** A refusal says why in English (`reason`) and as a keyed sentence the UI renders in the learner's language. */
export type ConnectRefusal = { ok: false; code: ErrorCode; reason: string; key: MessageKey; params: MessageParams };
export type ConnectResult = { ok: true } | ConnectRefusal;

function refuse(code: ErrorCode, key: MessageKey, params: MessageParams = {}): ConnectRefusal {
  const { message, fix } = englishMessage(key, params);
  return { ok: false, code, reason: fix ? `${message} ${fix}` : message, key, params };
}

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
  if (!s || !t || !sSpec || !tSpec) return refuse('E_DANGLING_EDGE', 'connect.notABlock');
  const tLabel = nodeLabel(t, tSpec);
  if (s.id === t.id) return refuse('E_CYCLE', 'connect.self', { block: tLabel });
  const outPort = sSpec.outputs.find((p) => p.name === c.sourcePort);
  const inPort = tSpec.inputs.find((p) => p.name === c.targetPort);
  if (!outPort || !inPort) return refuse('E_DANGLING_EDGE', 'connect.portToPort');
  if (doc.edges.some((e) => e.target === c.target && e.targetPort === c.targetPort)) {
    return refuse('E_PORT_TAKEN', 'connect.portTaken', { port: inPort.label, block: tLabel });
  }
  if (reaches(doc, t.id, s.id)) {
    return refuse('E_CYCLE', 'connect.loop', { block: tLabel, source: nodeLabel(s, sSpec) });
  }

  const analysis = analysisOf(doc);
  const given = analysis.nodes[s.id]?.outputs[c.sourcePort];
  const accepts = inPort.accepts ?? [inPort.kind];
  const givenKind = given ? portKindOf(given) : outPort.kind;
  if (!accepts.includes(givenKind)) {
    const want = accepts.map((k) => PORT_KIND_DESCRIPTIONS[k]).join(' or ');
    const gives = given ? formatType(given) : PORT_KIND_DESCRIPTIONS[outPort.kind];
    const code: ErrorCode = (given?.dtype ?? (outPort.kind === 'tokens' ? 'int32' : 'float32')) === (accepts.includes('tokens') ? 'int32' : 'float32') ? 'E_RANK_MISMATCH' : 'E_DTYPE_MISMATCH';
    return refuse(code, 'connect.wrongKind', { block: tLabel, want, gives });
  }
  if (!given) return { ok: true };

  // A head's answers must match its kind of prediction; its inference would say so only once its logits
  // are connected too, which lets a wrong Target be wired first and surface later as another drag's refusal.
  if (tSpec.category === 'heads' && c.targetPort === 'targets' && given.dtype === 'int32') {
    const perSequence = inPort.kind === 'labels';
    if (perSequence !== (given.shape.length === 1)) {
      const sLabel = nodeLabel(s, sSpec);
      const setAnswers = s.kind === 'target';
      const key: MessageKey = perSequence
        ? setAnswers ? 'connect.needsLabelsSetAnswers' : 'connect.needsLabels'
        : setAnswers ? 'connect.needsTargetsSetAnswers' : 'connect.needsTargets';
      return refuse('E_LABEL_KIND', key, { block: tLabel, source: sLabel, type: formatType(given) });
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
    if (err instanceof BlockError) {
      return err.key ? refuse(err.code, err.key, err.params) : { ok: false, code: err.code, reason: `${err.message} ${err.fix}`, key: 'graph.blockFailed', params: { block: tLabel, detail: `${err.message} ${err.fix}` } };
    }
  }
  return { ok: true };
}

/** What connecting does: add an edge, or replace the one already in the input port (one step either way). */
export type ConnectionPlan = { ok: true; replaces?: string } | ConnectRefusal;

/**
 * `canConnect`, except that a connection dropped onto an occupied input replaces the edge there when the new
 * one would be valid without it (the learner's “no, this one” gesture); otherwise the new edge's own refusal.
 */
export function planConnection(doc: GraphDoc, c: Connection): ConnectionPlan {
  const taken = doc.edges.find((e) => e.target === c.target && e.targetPort === c.targetPort);
  if (!taken) return canConnect(doc, c);
  if (taken.source === c.source && taken.sourcePort === c.sourcePort) {
    return refuse('E_PORT_TAKEN', 'connect.alreadyConnected');
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
  const outgoing = edgesFrom(doc);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of outgoing.get(id) ?? []) stack.push(e.target);
  }
  return false;
}

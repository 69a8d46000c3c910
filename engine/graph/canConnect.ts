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

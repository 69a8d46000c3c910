import { specOf } from '../blocks/specs';
import { nodeLabel } from './analyze';
import { coded, type Problem } from './errors';
import type { GraphDoc, GraphNode } from './schema';

/**
 * Mistakes that do not stop a graph from compiling but make it a model other than the one drawn: an empty
 * canvas, blocks whose output reaches nothing, and a pre-norm residual whose sublayer reads an input that no
 * Layer Norm normalised. They are warnings (the graph may be half built), each with a fix, listed with the
 * graph's errors on every edit. The missing loss head is reported by `analyzeGraph` itself (E_NO_HEAD).
 */
export function graphWarnings(doc: GraphDoc): Problem[] {
  if (!doc.nodes.length) {
    return [
      {
        severity: 'warning',
        ...coded('E_EMPTY_GRAPH', 'graph.empty'),
      },
    ];
  }
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const label = (n: GraphNode) => nodeLabel(n, specOf(n.kind));
  const problems: Problem[] = [];

  for (const n of doc.nodes) {
    const spec = specOf(n.kind);
    if (!spec || !spec.outputs.length) continue;
    const used = spec.outputs.some((port) => doc.edges.some((e) => e.source === n.id && e.sourcePort === port.name));
    if (used) continue;
    problems.push({
      severity: 'warning',
      nodeId: n.id,
      ...coded('E_UNUSED_OUTPUT', 'graph.unusedOutput', { block: label(n) }),
      quickFix: { kind: 'deleteNode', nodeId: n.id },
    });
  }

  const sourceOf = (nodeId: string, port: string) => {
    const e = doc.edges.find((x) => x.target === nodeId && x.targetPort === port);
    return e ? byId.get(e.source) : undefined;
  };
  for (const n of doc.nodes) {
    if (n.kind !== 'addNorm' || n.params.norm !== 'pre') continue;
    const sublayer = sourceOf(n.id, 'sublayer');
    if (!sublayer) continue;
    const firstInput = specOf(sublayer.kind)?.inputs[0];
    const fed = firstInput ? sourceOf(sublayer.id, firstInput.name) : undefined;
    if (!fed || fed.kind === 'layerNorm') continue;
    problems.push({
      severity: 'warning',
      nodeId: n.id,
      ...coded('E_PRENORM_NO_NORM', 'graph.prenormNoNorm', { block: label(n), sublayer: label(sublayer), fed: label(fed) }),
      quickFix: { kind: 'setParam', nodeId: n.id, param: 'norm', value: 'post' },
    });
  }
  return problems;
}

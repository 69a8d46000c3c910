import { specOf } from '../blocks/specs';
import { nodeLabel } from './analyze';
import type { Problem } from './errors';
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
        code: 'E_EMPTY_GRAPH',
        severity: 'warning',
        message: 'The canvas is empty: there is no model to train yet.',
        fix: 'Drag a Token Input from the palette to begin, or open a template.',
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
      code: 'E_UNUSED_OUTPUT',
      severity: 'warning',
      nodeId: n.id,
      message: `The output of ${label(n)} goes nowhere: it is computed but never reaches a loss head.`,
      fix: `Drag a connection from its output to the next block, or delete ${label(n)}.`,
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
      code: 'E_PRENORM_NO_NORM',
      severity: 'warning',
      nodeId: n.id,
      message: `${label(n)} is pre-norm, so it only adds; but ${label(sublayer)} reads ${label(fed)} un-normalised, so nothing in this residual block normalises.`,
      fix: `Put a Layer Norm between ${label(fed)} and ${label(sublayer)}, or set the Norm placement of ${label(n)} to “post”.`,
      quickFix: { kind: 'setParam', nodeId: n.id, param: 'norm', value: 'post' },
    });
  }
  return problems;
}

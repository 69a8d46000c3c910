import { coded, elide, type Problem } from './errors';
import type { GraphDoc } from './schema';

/**
 * The names of a block's tfjs layers: `${idPart}__${copy}__${part}`. Weights are named after their layer, so the
 * same graph gets the same weight names on every compile, and a saved model's weights are matched to blocks by
 * the prefix.
 *
 * tfjs names are letters, digits and `_ - . /`, starting with a letter or digit; ids also allow `:` and any first
 * character. An id of letters, digits, `_` and `-` that starts with a letter or digit (every id the app and the
 * templates make) keeps the part it always had, `-` written as `_`; any other id is written `n-` followed by the id
 * with each character but letters and digits as `-` and two hex digits. Those names hold a `-` and the first kind
 * never does, so the two kinds cannot meet, and each is one-to-one, except that `a-b` and `a_b` share `a_b` — which
 * the analysis refuses (layerNameProblems) before anything is built.
 */
const KEEPS_ITS_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function layerIdPart(nodeId: string): string {
  if (KEEPS_ITS_NAME.test(nodeId)) return nodeId.replace(/-/g, '_');
  return `n-${nodeId.replace(/[^A-Za-z0-9]/g, (c) => `-${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
}

/** What every layer name of a node's blocks (all copies) starts with. */
export function layerNamePrefix(nodeId: string): string {
  return `${layerIdPart(nodeId)}__`;
}

/** The name of one layer of a node's copy; `part` is the builder's own word for the layer ('dense', 'mha', …). */
export function layerName(nodeId: string, copy: number, part: string): string {
  return `${layerNamePrefix(nodeId)}${copy}__${part.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** E_LAYER_NAME for each pair of ids whose layers would share names (`a-b` beside `a_b`). */
export function layerNameProblems(doc: Pick<GraphDoc, 'nodes'>): Problem[] {
  const byPart = new Map<string, string[]>();
  for (const n of doc.nodes) {
    const part = layerIdPart(n.id);
    const ids = byPart.get(part);
    if (ids) ids.push(n.id);
    else byPart.set(part, [n.id]);
  }
  const problems: Problem[] = [];
  for (const ids of byPart.values()) {
    if (ids.length < 2) continue;
    for (const id of ids.slice(1)) {
      problems.push({
        nodeId: id,
        ...coded('E_LAYER_NAME', 'graph.layerName', { first: elide(ids[0]), second: elide(id), prefix: elide(layerNamePrefix(id)) }),
      });
    }
  }
  return problems;
}

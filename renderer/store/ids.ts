import type { GraphDoc } from '../../engine';

/**
 * Readable, unique ids (`embedding-3`): they show up in problem messages and saved files, so a person
 * can tell blocks apart. The counter only grows within a doc, so an undone-then-redone add keeps its id.
 */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  let n = 1;
  while (taken.has(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

export function takenIds(doc: GraphDoc): Set<string> {
  const ids = new Set<string>();
  for (const n of doc.nodes) ids.add(n.id);
  for (const e of doc.edges) ids.add(e.id);
  for (const g of doc.groups) ids.add(g.id);
  return ids;
}

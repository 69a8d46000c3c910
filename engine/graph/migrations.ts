import { FORMAT_VERSION } from './schema';

/**
 * Numbered migrations: `migrations[n]` turns a version-n document into version n+1. Each takes and returns
 * plain JSON (never the typed doc, which only describes the newest version) and has its own test.
 */
type Json = Record<string, unknown>;

export const migrations: Record<number, (doc: Json) => Json> = {
  /**
   * Version 0: drafts written before the format was numbered. They had no `formatVersion`, called the
   * training block `train`, and stored node positions as `x`/`y` on the node itself.
   */
  0: (doc) => {
    // Anything but a list of nodes is left as it is, for the schema to refuse: a draft is never made up.
    if (!Array.isArray(doc.nodes)) return { ...doc, formatVersion: 1 };
    return {
      ...doc,
      formatVersion: 1,
      training: doc.training ?? doc.train,
      train: undefined,
      nodes: doc.nodes.map((n) => {
        if (!n || typeof n !== 'object') return n;
        const node = n as Json;
        if (node.position || (node.x === undefined && node.y === undefined)) return node;
        const { x, y, ...rest } = node;
        return { ...rest, position: { x, y } };
      }),
    };
  },
};

export function versionOf(doc: Json): number | undefined {
  if (!('formatVersion' in doc)) return 0;
  const v = doc.formatVersion;
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** Runs migrations up to the current version; returns undefined if the version is unknown or newer. */
export function migrate(doc: Json): Json | undefined {
  let v = versionOf(doc);
  if (v === undefined || v > FORMAT_VERSION || v < 0) return undefined;
  let cur = doc;
  while (v < FORMAT_VERSION) {
    const step = migrations[v];
    if (!step) return undefined;
    cur = step(cur);
    v += 1;
  }
  return cur;
}

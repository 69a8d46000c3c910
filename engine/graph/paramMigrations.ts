import type { BlockSpec, ParamValue } from '../blocks/types';
import { coded, type Problem } from './errors';
import type { GraphDoc } from './schema';

/** What the migration runner needs of a spec; tests pass their own. */
export type VersionedSpec = Pick<BlockSpec, 'kind' | 'label' | 'paramsVersion' | 'migrateParams'>;

/** Looks a kind up; undefined for kinds the caller does not know (reported elsewhere). */
export type SpecLookup = (kind: string) => VersionedSpec | undefined;

export type ParamMigrationResult = { ok: true; doc: GraphDoc } | { ok: false; problems: Problem[] };

export function paramsVersionOf(spec: VersionedSpec): number {
  return spec.paramsVersion ?? 0;
}

/** The versions below paramsVersion that have no migration step: empty for a complete spec. */
export function missingParamMigrations(spec: VersionedSpec): number[] {
  const missing: number[] = [];
  for (let v = 0; v < paramsVersionOf(spec); v++) {
    if (typeof spec.migrateParams?.[v] !== 'function') missing.push(v);
  }
  return missing;
}

/**
 * Brings every node's params from the version its file recorded for its kind (doc.blockVersions, 0 when
 * absent) up to its spec's paramsVersion. A version newer than the spec's is a problem naming the node: the
 * file was written by a newer Tensorloom. Unknown kinds are left alone. The returned doc has no
 * blockVersions, since its params are now current. Pure: never mutates `doc`, never throws.
 */
export function migrateBlockParams(doc: GraphDoc, specOf: SpecLookup): ParamMigrationResult {
  const recorded = doc.blockVersions ?? {};
  const problems: Problem[] = [];
  const nodes = doc.nodes.map((node) => {
    const spec = specOf(node.kind);
    if (!spec) return node;
    const label = node.label || node.id;
    const target = paramsVersionOf(spec);
    const from = Object.prototype.hasOwnProperty.call(recorded, node.kind) ? recorded[node.kind] : 0;
    if (from > target) {
      problems.push({
        ...coded('E_VERSION', 'file.paramVersionNewer', { node: label, blockKind: spec.label, kind: node.kind, from: String(from), to: String(target) }),
        nodeId: node.id,
      });
      return node;
    }
    let params: Record<string, unknown> = { ...node.params };
    for (let v = from; v < target; v++) {
      const step = spec.migrateParams?.[v];
      if (!step) {
        problems.push({
          ...coded('E_VERSION', 'file.paramVersionUnknown', { node: label, kind: node.kind, version: String(v) }),
          nodeId: node.id,
        });
        return node;
      }
      try {
        params = step(params);
      } catch (e) {
        problems.push({
          ...coded('E_BAD_PARAM', 'file.paramMigrationFailed', { node: label, kind: node.kind, version: String(v), detail: (e as Error).message, blockKind: spec.label }),
          nodeId: node.id,
        });
        return node;
      }
    }
    // Values of any shape are safe here: the param checks that follow test each value's type against the spec.
    return from === target ? node : { ...node, params: params as Record<string, ParamValue> };
  });
  if (problems.length) return { ok: false, problems };
  const { blockVersions: _recorded, ...current } = doc;
  return { ok: true, doc: { ...current, nodes } };
}

/**
 * The doc as a file records it: blockVersions holds the current params version of every kind its nodes use,
 * so a later Tensorloom knows which migrations to run. Writers call this; it never changes params.
 */
export function withBlockVersions(doc: GraphDoc, specOf: SpecLookup): GraphDoc {
  const versions: Record<string, number> = {};
  for (const node of [...doc.nodes].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))) {
    const spec = specOf(node.kind);
    if (spec) versions[node.kind] = paramsVersionOf(spec);
  }
  return { ...doc, blockVersions: versions };
}

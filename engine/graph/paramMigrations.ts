import type { BlockSpec, ParamValue } from '../blocks/types';
import type { Problem } from './errors';
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
        code: 'E_VERSION',
        nodeId: node.id,
        message: `Node “${label}” is a ${spec.label} (${node.kind}) block saved with parameter version ${from}; this version of Tensorloom reads up to ${target}.`,
        fix: 'Update Tensorloom to open this file.',
      });
      return node;
    }
    let params: Record<string, unknown> = { ...node.params };
    for (let v = from; v < target; v++) {
      const step = spec.migrateParams?.[v];
      if (!step) {
        problems.push({
          code: 'E_VERSION',
          nodeId: node.id,
          message: `Node “${label}” (${node.kind}) has parameter version ${v}, and this version of Tensorloom has no way to bring it up to date.`,
          fix: 'Update Tensorloom, or delete the node and add it again.',
        });
        return node;
      }
      try {
        params = step(params);
      } catch (e) {
        problems.push({
          code: 'E_BAD_PARAM',
          nodeId: node.id,
          message: `The parameters of node “${label}” (${node.kind}) could not be updated from version ${v} (${(e as Error).message}).`,
          fix: `Delete the node and add a new ${spec.label}, or repair its parameters in the file.`,
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

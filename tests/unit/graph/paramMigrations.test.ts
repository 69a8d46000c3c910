import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { specs } from '../../../engine/blocks/specs';
import type { BlockSpec } from '../../../engine/blocks/types';
import { migrateBlockParams, missingParamMigrations, withBlockVersions, type VersionedSpec } from '../../../engine/graph/paramMigrations';
import { documentForSaving, parseDocument, parseDocumentObject } from '../../../engine/graph/parse';
import { FORMAT_VERSION, graphDocSchema, type GraphDoc } from '../../../engine/graph/schema';
import { writeModelFile } from '../../../engine/io';
import { ENTRY } from '../../../engine/io/modelFileSchema';
import { templates } from '../../../engine/templates';

/**
 * A block whose params went through two changes: version 0 called the width `size`, version 1 stored the rate
 * as a percentage, version 2 (current) stores `units` and a fraction `rate`.
 */
const widenedSpec: VersionedSpec = {
  kind: 'widened',
  label: 'Widened',
  paramsVersion: 2,
  migrateParams: {
    0: ({ size, ...rest }) => ({ ...rest, units: size }),
    1: (params) => ({ ...params, rate: typeof params.rate === 'number' ? params.rate / 100 : params.rate }),
  },
};
const plainSpec: VersionedSpec = { kind: 'plain', label: 'Plain' };
const fakeSpecs: Record<string, VersionedSpec> = { widened: widenedSpec, plain: plainSpec };
const lookup = (kind: string): VersionedSpec | undefined => fakeSpecs[kind];

function docWith(nodes: { id: string; kind: string; params: Record<string, number | string | boolean> }[], blockVersions?: Record<string, number>): GraphDoc {
  return graphDocSchema.parse({ formatVersion: FORMAT_VERSION, nodes, edges: [], ...(blockVersions ? { blockVersions } : {}) });
}

describe('block parameter migrations (runner)', () => {
  it('runs every step from the recorded version up to the spec’s, and drops blockVersions from the result', () => {
    const doc = docWith(
      [
        { id: 'old', kind: 'widened', params: { size: 64, rate: 10 } },
        { id: 'p', kind: 'plain', params: { a: 1 } },
      ],
      { widened: 0 },
    );
    const r = migrateBlockParams(doc, lookup);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.nodes[0].params).toEqual({ units: 64, rate: 0.1 });
    expect(r.doc.nodes[1].params).toEqual({ a: 1 });
    expect(r.doc.blockVersions).toBeUndefined();
    expect('blockVersions' in r.doc).toBe(false);
    expect(doc.nodes[0].params).toEqual({ size: 64, rate: 10 });
  });

  it('starts from the recorded version, and treats an absent record as version 0', () => {
    const fromOne = migrateBlockParams(docWith([{ id: 'n', kind: 'widened', params: { units: 8, rate: 50 } }], { widened: 1 }), lookup);
    expect(fromOne.ok && fromOne.doc.nodes[0].params).toEqual({ units: 8, rate: 0.5 });
    const unrecorded = migrateBlockParams(docWith([{ id: 'n', kind: 'widened', params: { size: 8, rate: 50 } }]), lookup);
    expect(unrecorded.ok && unrecorded.doc.nodes[0].params).toEqual({ units: 8, rate: 0.5 });
    const current = docWith([{ id: 'n', kind: 'widened', params: { units: 8, rate: 0.5 } }], { widened: 2 });
    const same = migrateBlockParams(current, lookup);
    expect(same.ok && same.doc.nodes[0]).toBe(current.nodes[0]);
  });

  it('refuses a kind saved by a newer Tensorloom with E_VERSION naming the block and node', () => {
    const r = migrateBlockParams(docWith([{ id: 'future', kind: 'widened', params: {} }], { widened: 3 }), lookup);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ code: 'E_VERSION', nodeId: 'future' });
    expect(r.problems[0].message).toContain('widened');
    expect(r.problems[0].message).toContain('future');
    expect(r.problems[0].fix).toMatch(/update Tensorloom/i);
  });

  it('reports a gap in a spec’s steps, and a step that throws, as coded problems instead of throwing', () => {
    const gappy: VersionedSpec = { kind: 'gappy', label: 'Gappy', paramsVersion: 2, migrateParams: { 1: (p) => p } };
    expect(missingParamMigrations(gappy)).toEqual([0]);
    const gap = migrateBlockParams(docWith([{ id: 'g', kind: 'gappy', params: {} }]), () => gappy);
    expect(!gap.ok && gap.problems[0]).toMatchObject({ code: 'E_VERSION', nodeId: 'g' });
    const throwing: VersionedSpec = {
      kind: 'throwing',
      label: 'Throwing',
      paramsVersion: 1,
      migrateParams: {
        0: () => {
          throw new Error('size missing');
        },
      },
    };
    const thrown = migrateBlockParams(docWith([{ id: 't', kind: 'throwing', params: {} }]), () => throwing);
    expect(!thrown.ok && thrown.problems[0]).toMatchObject({ code: 'E_BAD_PARAM', nodeId: 't' });
  });

  it('leaves kinds it does not know to the reference checks', () => {
    const doc = docWith([{ id: 'x', kind: 'mystery', params: { q: 1 } }], { mystery: 9 });
    const r = migrateBlockParams(doc, lookup);
    expect(r.ok && r.doc.nodes[0]).toBe(doc.nodes[0]);
  });

  it('records the current version of every kind the doc uses when writing', () => {
    const doc = docWith([
      { id: 'w', kind: 'widened', params: {} },
      { id: 'p', kind: 'plain', params: {} },
      { id: 'x', kind: 'mystery', params: {} },
    ]);
    expect(withBlockVersions(doc, lookup).blockVersions).toEqual({ plain: 0, widened: 2 });
  });
});

describe('block parameter migrations (registered blocks)', () => {
  it('every registered spec has a migration step for each version below its paramsVersion', () => {
    for (const spec of Object.values(specs) as BlockSpec[]) {
      const version = spec.paramsVersion ?? 0;
      expect(Number.isInteger(version) && version >= 0, spec.kind).toBe(true);
      expect(missingParamMigrations(spec), spec.kind).toEqual([]);
    }
  });

  it('a saved current doc parses back unchanged, and saving it again gives the same text', () => {
    for (const t of templates) {
      const doc = t.build();
      const saved = documentForSaving(doc);
      for (const node of doc.nodes) expect(saved.blockVersions?.[node.kind], `${t.id} ${node.kind}`).toBe(specs[node.kind as keyof typeof specs].paramsVersion ?? 0);
      const text = JSON.stringify(saved, null, 2);
      const r = parseDocument(text);
      expect(r.ok, t.id).toBe(true);
      if (!r.ok) continue;
      expect(r.doc, t.id).toEqual(doc);
      expect(JSON.stringify(documentForSaving(r.doc), null, 2), t.id).toBe(text);
    }
  });

  it('old files without blockVersions still open; a block version newer than the app is E_VERSION', () => {
    const doc = templates[0].build();
    expect(parseDocumentObject(JSON.parse(JSON.stringify(doc))).ok).toBe(true);
    const kind = doc.nodes[0].kind;
    const future = { ...documentForSaving(doc), blockVersions: { [kind]: 1_000 } };
    const r = parseDocumentObject(JSON.parse(JSON.stringify(future)));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.every((p) => p.code === 'E_VERSION')).toBe(true);
    expect(r.problems.map((p) => p.nodeId)).toEqual(doc.nodes.filter((n) => n.kind === kind).map((n) => n.id));
    const badVersion = parseDocumentObject({ ...JSON.parse(JSON.stringify(doc)), blockVersions: { [kind]: -1 } });
    expect(!badVersion.ok && badVersion.problems[0].code).toBe('E_SCHEMA');
  });

  it('the model file’s graph entry records the block versions', () => {
    const doc = templates[0].build();
    const entries = unzipSync(writeModelFile({ graph: doc, runs: [] }));
    const graph = JSON.parse(strFromU8(entries[ENTRY.graph])) as GraphDoc;
    expect(graph.blockVersions).toEqual(documentForSaving(doc).blockVersions);
    expect(Object.keys(graph.blockVersions ?? {}).sort()).toEqual([...new Set(doc.nodes.map((n) => n.kind))].sort());
  });
});

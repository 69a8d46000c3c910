import { describe, expect, it } from 'vitest';
import { migrate, migrations } from '../../../engine/graph/migrations';
import { parseDocument } from '../../../engine/graph/parse';
import { FORMAT_VERSION } from '../../../engine/graph/schema';

describe('migrations', () => {
  it('has one numbered step for every version below the current one', () => {
    for (let v = 0; v < FORMAT_VERSION; v++) expect(typeof migrations[v]).toBe('function');
  });

  it('0 → 1: unnumbered drafts get a version, training from `train`, and positions from x/y', () => {
    const draft = {
      nodes: [{ id: 'a', kind: 'tokenInput', x: 10, y: 20, params: { length: 4 } }],
      edges: [],
      train: { steps: 7 },
    };
    const migrated = migrate(draft)!;
    expect(migrated.formatVersion).toBe(1);
    expect((migrated.nodes as { position: unknown }[])[0].position).toEqual({ x: 10, y: 20 });
    const r = parseDocument(JSON.stringify(draft));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.doc.training.steps).toBe(7);
      expect(r.doc.nodes[0].position).toEqual({ x: 10, y: 20 });
    }
  });

  it('leaves current documents unchanged and refuses unknown versions', () => {
    const doc = { formatVersion: FORMAT_VERSION, nodes: [], edges: [] };
    expect(migrate(doc)).toBe(doc);
    expect(migrate({ formatVersion: FORMAT_VERSION + 1 })).toBeUndefined();
    expect(migrate({ formatVersion: 'one' })).toBeUndefined();
  });
});

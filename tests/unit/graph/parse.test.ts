import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../engine/graph/parse';
import { makeDoc } from '../../fixtures/docBuilder';

const valid = () =>
  makeDoc(
    { inp: { kind: 'tokenInput', params: { length: 8 } }, proj: { kind: 'dense', params: { units: 4 } } },
    [],
  );

function codes(text: string): string[] {
  const r = parseDocument(text);
  return r.ok ? [] : r.problems.map((p) => p.code);
}

describe('parseDocument', () => {
  it('round-trips a valid document and fills parameter defaults', () => {
    const doc = valid();
    const r = parseDocument(JSON.stringify(doc));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.doc.nodes.map((n) => n.id)).toEqual(['inp', 'proj']);
    expect(r.doc.nodes[0].params).toEqual({ feed: 'tokens', time: 'T', length: 8 });
    expect(r.doc.nodes[1].params).toMatchObject({ units: 4, activation: 'linear', useBias: true });
    const again = parseDocument(JSON.stringify(r.doc));
    expect(again.ok && again.doc).toEqual(r.doc);
  });

  it('reports text that is not JSON', () => {
    expect(codes('{"nodes": [')).toEqual(['E_PARSE_JSON']);
    expect(codes('')).toEqual(['E_PARSE_JSON']);
  });

  it('reports wrong types with the path of the field', () => {
    const doc = valid() as unknown as Record<string, unknown>;
    (doc.nodes as Record<string, unknown>[])[0].position = { x: 'left', y: 0 };
    const r = parseDocument(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].code).toBe('E_SCHEMA');
    expect(r.problems[0].path).toBe('nodes.0.position.x');
  });

  it('names the node of an unknown kind', () => {
    const doc = valid();
    doc.nodes[1].kind = 'quantumLayer';
    const r = parseDocument(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ code: 'E_UNKNOWN_KIND', nodeId: 'proj' });
    expect(r.problems[0].message).toContain('quantumLayer');
  });

  it('refuses prototype-polluting keys anywhere in the file', () => {
    const text = '{"formatVersion":1,"nodes":[{"id":"a","kind":"dense","params":{"__proto__":{"polluted":true}}}],"edges":[]}';
    expect(codes(text)).toEqual(['E_SCHEMA']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(codes('{"formatVersion":1,"constructor":{"prototype":{}},"nodes":[],"edges":[]}')).toEqual(['E_SCHEMA']);
  });

  it('refuses huge dimensions and out-of-range params with the node named', () => {
    const doc = valid();
    doc.nodes[1].params.units = 1e9;
    const r = parseDocument(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toMatchObject({ code: 'E_BAD_PARAM', nodeId: 'proj' });
    expect(r.problems[0].fix).toMatch(/Units/);
  });

  it('refuses params of the wrong type and unknown enum values', () => {
    const doc = valid();
    doc.nodes[1].params.useBias = 'yes';
    doc.nodes[0].params.feed = 'pixels';
    const r = parseDocument(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.code)).toEqual(['E_BAD_PARAM', 'E_BAD_PARAM']);
  });

  it('reports duplicate ids, edges to nowhere and doubly connected inputs', () => {
    const doc = makeDoc(
      {
        a: { kind: 'tokenInput' },
        d1: { kind: 'dense' },
        d2: { kind: 'dense' },
      },
      ['d1.out -> d2.in', 'd1.out -> d2.in', 'ghost.out -> d1.in', 'd1.nope -> d2.in'],
    );
    doc.nodes.push({ ...doc.nodes[1] });
    const r = parseDocument(JSON.stringify(doc));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.code).sort()).toEqual(['E_DANGLING_EDGE', 'E_DANGLING_EDGE', 'E_DUPLICATE_ID', 'E_PORT_TAKEN']);
  });

  it('refuses files from a newer format version', () => {
    const doc = { ...valid(), formatVersion: 99 };
    expect(codes(JSON.stringify(doc))).toEqual(['E_VERSION']);
  });

  it('refuses oversized arrays instead of working through them', () => {
    const doc = valid();
    const many = Array.from({ length: 6000 }, (_, i) => ({ ...doc.nodes[1], id: `n${i}` }));
    expect(codes(JSON.stringify({ ...doc, nodes: many }))).toContain('E_SCHEMA');
  });

  it('never throws on arbitrary JSON values', () => {
    for (const text of ['null', '42', '"x"', '[]', 'true', '{"nodes":{}}', '{"formatVersion":1,"nodes":[null],"edges":[1]}']) {
      expect(() => parseDocument(text)).not.toThrow();
      expect(parseDocument(text).ok).toBe(false);
    }
  });
});

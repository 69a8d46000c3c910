import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, jsonSyntaxDetail, schemaIssueDetail } from '../../../engine/graph/libraryDetails';
import { makeDoc } from '../../fixtures/docBuilder';

/** A small deterministic generator, so a failure names its case. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('jsonErrorOffset', () => {
  const valid = JSON.stringify({ ...makeDoc({ tok: { kind: 'tokenInput' }, emb: { kind: 'embedding' } }, ['tok.out -> emb.in']), note: 'tab\t"quote" \\ é \u0001' }, null, 2);

  it('accepts exactly what JSON.parse accepts, on thousands of damaged copies of a graph file', () => {
    const random = lcg(7);
    const alphabet = '{}[]:,"\\ \n0123456789-+.eEtrufalsn';
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const chars = [...valid];
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const at = Math.floor(random() * chars.length);
        const op = random();
        if (op < 0.4) chars[at] = alphabet[Math.floor(random() * alphabet.length)];
        else if (op < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, alphabet[Math.floor(random() * alphabet.length)]);
      }
      const text = chars.join('');
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      const offset = jsonErrorOffset(text);
      expect(offset === undefined, text).toBe(parses);
      if (!parses) refused++;
    }
    expect(refused).toBeGreaterThan(1000);
  });

  it('finds the offset V8 names where V8 names one', () => {
    for (const text of ['{"a" 1}', '[1 2]', '{"a":1}x', '"abc', '{"a":"\u0001"}', '{"a":1,}', '01']) {
      let message = '';
      try {
        JSON.parse(text);
      } catch (e) {
        message = (e as Error).message;
      }
      const position = /at position (\d+)/.exec(message);
      if (position) expect(jsonErrorOffset(text), text).toBe(Number(position[1]));
    }
  });

  it('says where the first error is as a line and column, and a text cut short as such', () => {
    const text = '{\n  "name": "x",\n  "nodes": [1,, 2]\n}';
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    expect(jsonSyntaxDetail(error, text)).toMatchObject({ detailKey: 'detail.json.syntaxAt', line: 3, column: 15 });
    expect(jsonSyntaxDetail(new SyntaxError('Unexpected end of JSON input'), '{"a": [')).toMatchObject({ detailKey: 'detail.json.end' });
  });
});

describe('schemaIssueDetail', () => {
  it('names what the field must be from the issue, and falls back to a plain phrase', () => {
    expect(schemaIssueDetail({ code: 'invalid_type', expected: 'number', message: 'x' })).toEqual({ detail: 'x', detailKey: 'detail.schema.number' });
    expect(schemaIssueDetail({ code: 'too_big', origin: 'number', maximum: 4096, inclusive: true, message: 'x' })).toMatchObject({ detailKey: 'detail.schema.atMost', maximum: 4096 });
    expect(schemaIssueDetail({ code: 'too_small', origin: 'string', minimum: 1, message: 'x' })).toMatchObject({ detailKey: 'detail.schema.minLength', minimum: 1 });
    expect(schemaIssueDetail({ code: 'invalid_value', values: ['adam', 'sgd'], message: 'x' })).toMatchObject({ detailKey: 'detail.schema.oneOf', options: '“adam”, “sgd”' });
    expect(schemaIssueDetail({ code: 'custom', message: 'at most 256 block kinds' })).toEqual({ detail: 'at most 256 block kinds', detailKey: 'detail.schema.invalid' });
  });
});

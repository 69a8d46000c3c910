/**
 * Documents that used to be coerced into a graph or to produce unbounded messages: each is refused with its own
 * code, and no message quotes more than a bounded piece of what the file holds.
 */
import { describe, expect, it } from 'vitest';
import { elide, formatProblem, MAX_QUOTED_CHARS } from '../../../engine/graph/errors';
import { MAX_NESTING, parseDocument } from '../../../engine/graph/parse';
import { deeplyNestedDocument, hugeEnumValueDocument, hugeParamKeyDocument } from '../../fixtures/fuzz/message-hostile-documents';
import { fuzzText } from './fixtures';

const problemsOf = (text: string) => {
  const r = parseDocument(text);
  if (r.ok) throw new Error('expected the document to be refused');
  return r.problems;
};

/** The longest message a refused document may produce: a sentence around a few elided quotes. */
const MESSAGE_BOUND = 1_000;

describe('documents without a format version', () => {
  it('refuses one whose nodes are not a list instead of opening an empty graph', () => {
    const problems = problemsOf(fuzzText('no-format-version.json'));
    expect(problems.map((p) => p.code)).toEqual(['E_SCHEMA']);
    expect(problems[0].path).toBe('nodes');
  });

  it('still opens an unnumbered draft whose nodes are a list (the version-0 migration)', () => {
    const r = parseDocument('{"nodes":[{"id":"tok","kind":"tokenInput","x":3,"y":4}],"edges":[]}');
    expect(r.ok && r.doc.nodes[0].position).toEqual({ x: 3, y: 4 });
  });
});

describe('nesting', () => {
  it('reports a file nested past the limit with its own code and the limit, not as a forbidden key', () => {
    const problems = problemsOf(deeplyNestedDocument(100));
    expect(problems.map((p) => p.code)).toEqual(['E_NESTING_TOO_DEEP']);
    expect(problems[0].message).toContain(String(MAX_NESTING));
    expect(problems[0].message).not.toContain('forbidden');
  });

  it('refuses nesting far past the limit without exhausting the stack', () => {
    expect(problemsOf(deeplyNestedDocument(200_000))[0].code).toBe('E_NESTING_TOO_DEEP');
  });

  it('opens a document nested up to the limit (unknown fields are dropped)', () => {
    expect(parseDocument(deeplyNestedDocument(MAX_NESTING)).ok).toBe(true);
    expect(problemsOf(deeplyNestedDocument(MAX_NESTING + 1))[0].code).toBe('E_NESTING_TOO_DEEP');
  });

  it('still names a forbidden key', () => {
    const problems = problemsOf('{"formatVersion":1,"nodes":[{"__proto__":{}}],"edges":[]}');
    expect(problems[0]).toMatchObject({ code: 'E_SCHEMA', path: 'nodes.0.__proto__' });
  });
});

describe('messages quote a bounded piece of what the file holds', () => {
  it('a 10 MB parameter key gives a short message that says how long the key is', () => {
    const problems = problemsOf(hugeParamKeyDocument(10_000_000));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(formatProblem(p).length).toBeLessThan(MESSAGE_BOUND);
      expect((p.path ?? '').length).toBeLessThan(MESSAGE_BOUND);
    }
    expect(problems[0].message).toContain('10,000,0');
  });

  it('a huge enum value is elided in the schema message', () => {
    const problems = problemsOf(hugeEnumValueDocument(5_000_000));
    expect(problems[0].code).toBe('E_SCHEMA');
    for (const p of problems) expect(formatProblem(p).length).toBeLessThan(MESSAGE_BOUND);
  });

  it('a huge format version is elided in E_VERSION', () => {
    const problems = problemsOf(JSON.stringify({ formatVersion: 'v'.repeat(1_000_000), nodes: [], edges: [] }));
    expect(problems[0].code).toBe('E_VERSION');
    expect(formatProblem(problems[0]).length).toBeLessThan(MESSAGE_BOUND);
  });

  it('elide keeps short text and cuts long text to the limit, saying the full length', () => {
    expect(elide('enc_ffn')).toBe('enc_ffn');
    const long = elide('x'.repeat(12_345));
    expect(long.startsWith('x'.repeat(MAX_QUOTED_CHARS) + '…')).toBe(true);
    expect(long).toContain('12,345 characters');
    expect(long.length).toBeLessThan(MAX_QUOTED_CHARS + 30);
  });
});

import { specOf } from '../blocks/specs';
import { coded, elide, elideJson, type Problem } from './errors';
import { jsonSyntaxDetail, schemaIssueDetail } from './libraryDetails';
import { migrate } from './migrations';
import { migrateBlockParams, withBlockVersions } from './paramMigrations';
import { normalizeParams } from './params';
import { graphDocSchema, type GraphDoc } from './schema';

export type ParseResult = { ok: true; doc: GraphDoc; warnings: Problem[] } | { ok: false; problems: Problem[] };

/** Files larger than this are refused before parsing: no graph a person draws comes close. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/**
 * Parses a graph file. Never throws: every way a file can be wrong (not JSON, wrong types, unknown kinds,
 * duplicate ids, edges to nowhere, out-of-range params, hostile keys) becomes a coded problem.
 */
export function parseDocument(text: string): ParseResult {
  if (typeof text !== 'string') {
    return fail(coded('E_PARSE_JSON', 'file.notText'));
  }
  if (text.length > MAX_DOCUMENT_BYTES) {
    return fail(coded('E_TOO_LARGE', 'file.graphTooLarge', { size: Math.round(text.length / 1e5) / 10, max: MAX_DOCUMENT_BYTES / 1e6 }));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(coded('E_PARSE_JSON', 'file.notJson', jsonSyntaxDetail(e, text, elide((e as Error).message, 200))));
  }
  return parseDocumentObject(json);
}

/** Same as parseDocument, for a value already parsed from JSON (IPC payloads, clipboard, autosave). */
export function parseDocumentObject(json: unknown): ParseResult {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return fail(coded('E_SCHEMA', 'file.noGraph'));
  }
  const hostile = findHostileKey(json);
  if (hostile?.kind === 'too-deep') {
    return fail({
      ...coded('E_NESTING_TOO_DEEP', 'file.tooDeep', { max: String(MAX_NESTING), path: elide(hostile.path) }),
      path: elide(hostile.path),
    });
  }
  if (hostile) {
    return fail({ ...coded('E_SCHEMA', 'file.forbiddenKey', { path: elide(hostile.path) }), path: elide(hostile.path) });
  }
  const migrated = migrate(json as Record<string, unknown>);
  if (!migrated) {
    return fail({
      ...coded('E_VERSION', 'file.version', { version: elideJson((json as Record<string, unknown>).formatVersion) }),
    });
  }
  const parsed = graphDocSchema.safeParse(migrated);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.slice(0, 20).map((i) => ({
        ...(i.path.length
          ? coded('E_SCHEMA', 'file.schemaAt', { path: elide(i.path.join('.')), ...schemaIssueDetail(i, elide(i.message, 200)) })
          : coded('E_SCHEMA', 'file.schemaTop', schemaIssueDetail(i, elide(i.message, 200)))),
        path: elide(i.path.join('.')),
      })),
    };
  }
  const current = migrateBlockParams(parsed.data, specOf);
  if (!current.ok) return current;
  return checkReferences(current.doc);
}

/**
 * The doc as every writer saves it: with the params version of each block kind it uses, so a later Tensorloom
 * knows which of the blocks' parameter migrations to run when it opens the file.
 */
export function documentForSaving(doc: GraphDoc): GraphDoc {
  return withBlockVersions(doc, specOf);
}

/** Kinds, ids, params and edge endpoints: everything about a doc that does not need shape inference. */
export function checkReferences(input: GraphDoc): ParseResult {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const doc: GraphDoc = { ...input, nodes: [], edges: [] };
  const nodeIds = new Set<string>();
  const groupIds = new Set(input.groups.map((g) => g.id));
  if (groupIds.size !== input.groups.length) {
    problems.push(coded('E_DUPLICATE_ID', 'file.duplicateGroup'));
  }
  for (const n of input.nodes) {
    const label = n.label || n.id;
    if (nodeIds.has(n.id)) {
      problems.push({ ...coded('E_DUPLICATE_ID', 'file.duplicateNode', { id: elide(n.id) }), nodeId: n.id });
      continue;
    }
    nodeIds.add(n.id);
    const spec = specOf(n.kind);
    if (!spec) {
      problems.push({
        ...coded('E_UNKNOWN_KIND', 'file.unknownKind', { node: elide(label), kind: elide(n.kind) }),
        nodeId: n.id,
      });
      continue;
    }
    if (n.group && !groupIds.has(n.group)) {
      problems.push({ ...coded('E_DANGLING_EDGE', 'file.missingGroup', { node: elide(label), group: elide(n.group) }), nodeId: n.id });
    }
    const { params, problems: paramProblems } = normalizeParams(spec, n.params, n.id, label);
    problems.push(...paramProblems);
    doc.nodes.push({ ...n, params });
  }
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const edgeIds = new Set<string>();
  const takenInputs = new Set<string>();
  for (const e of input.edges) {
    if (edgeIds.has(e.id)) {
      problems.push({ ...coded('E_DUPLICATE_ID', 'file.duplicateEdge', { id: elide(e.id) }), edgeId: e.id });
      continue;
    }
    edgeIds.add(e.id);
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    const sSpec = s && specOf(s.kind);
    const tSpec = t && specOf(t.kind);
    if (!s || !t || !sSpec || !tSpec) {
      if (nodeIds.has(e.source) && nodeIds.has(e.target)) continue; // endpoint of unknown kind: already reported
      problems.push({ ...coded('E_DANGLING_EDGE', 'file.edgeNoNode', { id: elide(e.id) }), edgeId: e.id });
      continue;
    }
    if (!sSpec.outputs.some((p) => p.name === e.sourcePort) || !tSpec.inputs.some((p) => p.name === e.targetPort)) {
      problems.push({
        edgeId: e.id,
        nodeId: t.id,
        ...coded('E_DANGLING_EDGE', 'file.edgeNoPort', { id: elide(e.id), source: sSpec.label, target: tSpec.label, sourcePort: elide(e.sourcePort), targetPort: elide(e.targetPort) }),
      });
      continue;
    }
    const key = `${e.target}\u0000${e.targetPort}`;
    if (takenInputs.has(key)) {
      problems.push({
        edgeId: e.id,
        nodeId: t.id,
        ...coded('E_PORT_TAKEN', 'file.inputTwice', { port: elide(e.targetPort), block: elide(t.label || t.id) }),
      });
      continue;
    }
    takenInputs.add(key);
    doc.edges.push(e);
  }
  return problems.length ? { ok: false, problems } : { ok: true, doc, warnings };
}

/** Deeper than this, a value is not a graph file (the deepest path a graph file has is 6 levels). */
export const MAX_NESTING = 64;

type HostileFinding = { kind: 'forbidden-key' | 'too-deep'; path: string };

/**
 * The first forbidden key (`__proto__`, `constructor`, `prototype`) or the first place nested deeper than
 * MAX_NESTING. Iterative, so no input can exhaust the stack.
 */
function findHostileKey(root: unknown): HostileFinding | undefined {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: root, depth: 0, path: '' }];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (!value || typeof value !== 'object') continue;
    if (depth > MAX_NESTING) return { kind: 'too-deep', path: path || '(top level)' };
    const keys = Object.keys(value);
    for (const k of keys) {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') return { kind: 'forbidden-key', path: path ? `${path}.${k}` : k };
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i];
      stack.push({ value: (value as Record<string, unknown>)[k], depth: depth + 1, path: path ? `${path}.${k}` : k });
    }
  }
  return undefined;
}

function fail(p: Problem): ParseResult {
  return { ok: false, problems: [p] };
}

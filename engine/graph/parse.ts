import { specOf } from '../blocks/specs';
import { elide, elideJson, type Problem } from './errors';
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
    return fail({ code: 'E_PARSE_JSON', message: 'The file is empty or not text.', fix: 'Open a Tensorloom graph file (.tlgraph.json).' });
  }
  if (text.length > MAX_DOCUMENT_BYTES) {
    return fail({ code: 'E_TOO_LARGE', message: `The file is ${(text.length / 1e6).toFixed(1)} MB; graph files are at most ${MAX_DOCUMENT_BYTES / 1e6} MB.`, fix: 'Check that this is a Tensorloom graph file.' });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail({ code: 'E_PARSE_JSON', message: `The file is not valid JSON (${elide((e as Error).message, 200)}).`, fix: 'Open a Tensorloom graph file, or repair the JSON.' });
  }
  return parseDocumentObject(json);
}

/** Same as parseDocument, for a value already parsed from JSON (IPC payloads, clipboard, autosave). */
export function parseDocumentObject(json: unknown): ParseResult {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return fail({ code: 'E_SCHEMA', message: 'The file does not contain a graph object.', fix: 'Open a Tensorloom graph file.' });
  }
  const hostile = findHostileKey(json);
  if (hostile?.kind === 'too-deep') {
    return fail({
      code: 'E_NESTING_TOO_DEEP',
      path: elide(hostile.path),
      message: `The file nests objects or arrays more than ${MAX_NESTING} levels deep (at ${elide(hostile.path)}); a graph file needs at most 6.`,
      fix: 'Check that this is a Tensorloom graph file, or open a file saved by Tensorloom.',
    });
  }
  if (hostile) {
    return fail({ code: 'E_SCHEMA', path: elide(hostile.path), message: `The file contains a forbidden key at ${elide(hostile.path)}.`, fix: 'Remove keys named __proto__, constructor or prototype.' });
  }
  const migrated = migrate(json as Record<string, unknown>);
  if (!migrated) {
    return fail({
      code: 'E_VERSION',
      message: `The file has format version ${elideJson((json as Record<string, unknown>).formatVersion)}, which this version of Tensorloom cannot read.`,
      fix: 'Open it with a newer Tensorloom, or re-export it.',
    });
  }
  const parsed = graphDocSchema.safeParse(migrated);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.slice(0, 20).map((i) => ({
        code: 'E_SCHEMA' as const,
        path: elide(i.path.join('.')),
        message: `At ${elide(i.path.join('.')) || 'the top level'}: ${elide(i.message, 200)}.`,
        fix: 'Repair this field or open a file saved by Tensorloom.',
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
    problems.push({ code: 'E_DUPLICATE_ID', message: 'Two groups share one id.', fix: 'Give every group its own id.' });
  }
  for (const n of input.nodes) {
    const label = n.label || n.id;
    if (nodeIds.has(n.id)) {
      problems.push({ code: 'E_DUPLICATE_ID', nodeId: n.id, message: `Two nodes share the id “${elide(n.id)}”.`, fix: 'Give every node its own id.' });
      continue;
    }
    nodeIds.add(n.id);
    const spec = specOf(n.kind);
    if (!spec) {
      problems.push({
        code: 'E_UNKNOWN_KIND',
        nodeId: n.id,
        message: `Node “${elide(label)}” is of kind “${elide(n.kind)}”, which this version does not know.`,
        fix: 'Delete the node or open the file with a newer Tensorloom.',
      });
      continue;
    }
    if (n.group && !groupIds.has(n.group)) {
      problems.push({ code: 'E_DANGLING_EDGE', nodeId: n.id, message: `Node “${elide(label)}” belongs to a group “${elide(n.group)}” that does not exist.`, fix: 'Ungroup the node.' });
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
      problems.push({ code: 'E_DUPLICATE_ID', edgeId: e.id, message: `Two edges share the id “${elide(e.id)}”.`, fix: 'Give every edge its own id.' });
      continue;
    }
    edgeIds.add(e.id);
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    const sSpec = s && specOf(s.kind);
    const tSpec = t && specOf(t.kind);
    if (!s || !t || !sSpec || !tSpec) {
      if (nodeIds.has(e.source) && nodeIds.has(e.target)) continue; // endpoint of unknown kind: already reported
      problems.push({ code: 'E_DANGLING_EDGE', edgeId: e.id, message: `Edge “${elide(e.id)}” connects a node that does not exist.`, fix: 'Delete the edge.' });
      continue;
    }
    if (!sSpec.outputs.some((p) => p.name === e.sourcePort) || !tSpec.inputs.some((p) => p.name === e.targetPort)) {
      problems.push({
        code: 'E_DANGLING_EDGE',
        edgeId: e.id,
        nodeId: t.id,
        message: `Edge “${elide(e.id)}” uses a port that ${sSpec.label} or ${tSpec.label} does not have (${elide(e.sourcePort)} → ${elide(e.targetPort)}).`,
        fix: 'Delete the edge and connect the blocks again.',
      });
      continue;
    }
    const key = `${e.target}\u0000${e.targetPort}`;
    if (takenInputs.has(key)) {
      problems.push({
        code: 'E_PORT_TAKEN',
        edgeId: e.id,
        nodeId: t.id,
        message: `The “${elide(e.targetPort)}” input of ${elide(t.label || t.id)} has two connections.`,
        fix: 'An input takes one connection: delete one, or combine them first with Concat or Add & Norm.',
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

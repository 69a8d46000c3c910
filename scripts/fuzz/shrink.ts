import type { FuzzInput } from './fuzzCase';

/**
 * Makes a failing document smaller while it still fails the same way (same signature): groups, nodes, edges,
 * params, labels and optional fields are dropped, largest pieces first (delta debugging over each list). Model
 * files and text that is not JSON are kept as they are. Bounded by attempts and time, so a slow failure still
 * ends with the smallest document found so far.
 */
export interface ShrinkBudget {
  attempts: number;
  deadline: number;
}

type Json = Record<string, unknown>;
type StillFails = (input: FuzzInput) => Promise<boolean>;

function isRecord(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function withOwn(target: Json, key: string, value: unknown): Json {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function without(target: Json, key: string): Json {
  const copy = { ...target };
  delete copy[key];
  return copy;
}

export async function shrinkInput(input: FuzzInput, stillFails: StillFails, budget: ShrinkBudget): Promise<FuzzInput> {
  if (input.kind === 'model-file') return input;
  let asText = false;
  let value: unknown;
  if (input.kind === 'document-text') {
    try {
      value = JSON.parse(input.text);
    } catch {
      return input;
    }
    asText = true;
  } else value = input.value;
  if (!isRecord(value)) return input;

  const toInput = (doc: Json): FuzzInput => (asText ? { kind: 'document-text', text: JSON.stringify(doc) } : { kind: 'document-object', value: doc });
  let attempts = 0;
  const test = async (doc: Json): Promise<boolean> => {
    if (attempts >= budget.attempts || Date.now() > budget.deadline) return false;
    attempts++;
    return stillFails(toInput(doc));
  };
  // The parsed text must fail as the text did before any piece is dropped (a text-level failure keeps its text).
  let doc: Json = value;
  if (asText && !(await test(doc))) return input;

  /** Removes what it can of `doc[key]` (an array), chunks of halves, quarters, … then single items. */
  const shrinkList = async (key: string, removeAlso?: (doc: Json, removed: Json[]) => Json) => {
    let items = Array.isArray(doc[key]) ? (doc[key] as unknown[]) : undefined;
    if (!items) return;
    for (let chunk = Math.max(1, items.length >> 1); chunk >= 1; chunk = chunk === 1 ? 0 : Math.max(1, chunk >> 1)) {
      for (let start = 0; start < items.length; ) {
        const removed = items.slice(start, start + chunk);
        let candidate = withOwn(doc, key, [...items.slice(0, start), ...items.slice(start + chunk)]);
        if (removeAlso) candidate = removeAlso(candidate, removed.filter(isRecord));
        if (await test(candidate)) {
          doc = candidate;
          items = doc[key] as unknown[];
        } else start += chunk;
      }
    }
  };
  const dropEdgesOf = (candidate: Json, removed: Json[]): Json => {
    const ids = new Set(removed.map((n) => n.id));
    const edges = Array.isArray(candidate.edges) ? candidate.edges.filter((e) => !isRecord(e) || (!ids.has(e.source) && !ids.has(e.target))) : candidate.edges;
    return withOwn(candidate, 'edges', edges);
  };

  await shrinkList('groups');
  await shrinkList('nodes', dropEdgesOf);
  await shrinkList('nodes');
  await shrinkList('edges');
  // Per node: params, label, position, group, frozen.
  const nodes = Array.isArray(doc.nodes) ? doc.nodes : [];
  for (let i = 0; i < nodes.length; i++) {
    for (const field of ['params', 'label', 'position', 'group', 'frozen']) {
      const current = (doc.nodes as unknown[])[i];
      if (!isRecord(current) || !(field in current)) continue;
      const next = [...(doc.nodes as unknown[])];
      next[i] = without(current, field);
      const candidate = withOwn(doc, 'nodes', next);
      if (await test(candidate)) doc = candidate;
    }
  }
  for (const key of Object.keys(doc)) {
    if (key === 'nodes' || key === 'edges' || key === 'formatVersion') continue;
    const candidate = without(doc, key);
    if (await test(candidate)) doc = candidate;
  }
  return toInput(doc);
}

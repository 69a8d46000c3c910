import { BLOCK_KINDS, specOf, type BlockKind } from '../../engine';
import type { FuzzRandom } from './random';

/**
 * Structural mutations of a graph document, applied to its plain JSON form before the engine sees it. Each
 * takes the document as it stands (possibly already mangled by an earlier mutation: every one copes with
 * missing or mistyped fields) and returns a one-line description for the report.
 */
export type Json = Record<string, unknown>;
type Mutation = (doc: Json, random: FuzzRandom) => string;

/** Values at and past every boundary a parameter or setting has, of every JSON type and a few that JSON lacks. */
export const ODD_VALUES: readonly unknown[] = [
  0, -0, 1, -1, 0.5, 1.5, 2, 63, 64, 65, 255, 256, 4096, 4097, 65536, 65537, 1_000_000, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 + 2,
  1e300, -1e300, 1e-300, 5e-324, NaN, Infinity, -Infinity, Number.MAX_VALUE,
  '', '0', '12', 'NaN', 'x'.repeat(257), '\u0000', '💥', true, false, null, [], [1, 2], {}, { value: 1 }, undefined,
];

/** Ids chosen to collide, escape, or confuse: dots against underscores, prototype names, the longest allowed. */
export const ODD_IDS: readonly string[] = [
  'a.b', 'a_b', 'a:b', 'a-b', 'enc_ffn:1', 'enc_ffn_1', '_', '-', '.', ':', '_x', '-x', '.x', ':x', '__', 'x__0__y', '0', '1e3',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  'x'.repeat(128), 'x'.repeat(129), 'ノード', 'a b', 'a/b', '', '\u200b', 'é', 'a\u0000b',
];

export const ODD_TEXTS: readonly string[] = [
  '', 'x'.repeat(201), 'x'.repeat(10_000), '🧠🔥', 'שלום עולם', 'a\u0301\u0301\u0301', '\u202e\u202d', '\ud800', 'line\nbreak', '<script>alert(1)</script>', '${x}', '%s%n',
];

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

export function arrayAt(doc: Json, key: string): Json[] {
  const value = doc[key];
  return Array.isArray(value) ? (value.filter((v) => v && typeof v === 'object' && !Array.isArray(v)) as Json[]) : [];
}

function setOwn(target: object, key: string, value: unknown): void {
  // defineProperty, not assignment: `target.__proto__ = …` would change the prototype instead of adding a key.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function nodeIds(doc: Json): string[] {
  return arrayAt(doc, 'nodes').map((n) => String(n.id));
}

function kindOf(node: Json): BlockKind | undefined {
  return typeof node.kind === 'string' && specOf(node.kind) ? (node.kind as BlockKind) : undefined;
}

function portsOf(node: Json | undefined, side: 'inputs' | 'outputs'): string[] {
  const kind = node && kindOf(node);
  return kind ? specOf(kind)![side].map((p) => p.name) : [];
}

function randomNode(doc: Json, random: FuzzRandom): Json | undefined {
  const nodes = arrayAt(doc, 'nodes');
  return nodes.length ? random.pick(nodes) : undefined;
}

function renameNode(doc: Json, node: Json, to: string): void {
  const from = node.id;
  node.id = to;
  for (const e of arrayAt(doc, 'edges')) {
    if (e.source === from) e.source = to;
    if (e.target === from) e.target = to;
  }
  for (const g of arrayAt(doc, 'groups')) {
    const carry = g.carry as Json | undefined;
    if (carry && carry.node === from) carry.node = to;
  }
}

function freshId(doc: Json, stem: string): string {
  const taken = new Set(nodeIds(doc));
  for (let k = 0; ; k++) {
    const id = `${stem.slice(0, 100)}_${k}`;
    if (!taken.has(id)) return id;
  }
}

const deleteNode: Mutation = (doc, random) => {
  const node = randomNode(doc, random);
  if (!node) return 'delete a node (none)';
  doc.nodes = arrayAt(doc, 'nodes').filter((n) => n !== node);
  if (random.chance(0.6)) doc.edges = arrayAt(doc, 'edges').filter((e) => e.source !== node.id && e.target !== node.id);
  return `delete node ${String(node.id)}`;
};

const deleteEdge: Mutation = (doc, random) => {
  const edges = arrayAt(doc, 'edges');
  if (!edges.length) return 'delete an edge (none)';
  const edge = random.pick(edges);
  doc.edges = edges.filter((e) => e !== edge);
  return `delete edge ${String(edge.id)}`;
};

const duplicateNode: Mutation = (doc, random) => {
  const node = randomNode(doc, random);
  if (!node) return 'duplicate a node (none)';
  const copy = structuredClone(node);
  const sameId = random.chance(0.3);
  if (!sameId) copy.id = freshId(doc, String(node.id));
  (doc.nodes as unknown[]).push(copy);
  if (!sameId && random.chance(0.7)) {
    // The copy takes the same inputs, so it is wired but its output goes nowhere (or somewhere taken).
    for (const e of arrayAt(doc, 'edges').filter((x) => x.target === node.id)) (doc.edges as unknown[]).push({ ...e, id: `${String(e.id)}_dup`, target: copy.id });
    if (random.chance(0.5)) for (const e of arrayAt(doc, 'edges').filter((x) => x.source === node.id)) (doc.edges as unknown[]).push({ ...e, id: `${String(e.id)}_dupout`, source: copy.id });
  }
  return `duplicate node ${String(node.id)}${sameId ? ' with the same id' : ''}`;
};

const rewireEdge: Mutation = (doc, random) => {
  const edges = arrayAt(doc, 'edges');
  const nodes = arrayAt(doc, 'nodes');
  if (!edges.length || !nodes.length) return 'rewire an edge (none)';
  const edge = random.pick(edges);
  const other = random.pick(nodes);
  const end = random.pick(['source', 'target', 'sourcePort', 'targetPort', 'swap'] as const);
  if (end === 'source') {
    edge.source = other.id;
    const ports = portsOf(other, 'outputs');
    if (ports.length) edge.sourcePort = random.pick(ports);
  } else if (end === 'target') {
    edge.target = other.id;
    const ports = portsOf(other, 'inputs');
    if (ports.length) edge.targetPort = random.pick(ports);
  } else if (end === 'swap') {
    [edge.source, edge.target] = [edge.target, edge.source];
    [edge.sourcePort, edge.targetPort] = [edge.targetPort, edge.sourcePort];
  } else {
    edge[end] = random.pick(['in', 'out', 'logits', 'targets', 'query', 'keys', 'x'.repeat(65), '', '__proto__', ...portsOf(other, end === 'sourcePort' ? 'outputs' : 'inputs')]);
  }
  return `rewire edge ${String(edge.id)} (${end})`;
};

const addEdge: Mutation = (doc, random) => {
  const nodes = arrayAt(doc, 'nodes');
  if (!nodes.length) return 'add an edge (no nodes)';
  const source = random.pick(nodes);
  const target = random.chance(0.1) ? source : random.pick(nodes);
  const sourcePort = random.pick([...portsOf(source, 'outputs'), 'out']);
  const targetPort = random.pick([...portsOf(target, 'inputs'), 'in']);
  const id = random.chance(0.2) && arrayAt(doc, 'edges').length ? String(random.pick(arrayAt(doc, 'edges')).id) : `fuzz_edge_${random.int(1e6)}`;
  if (!Array.isArray(doc.edges)) doc.edges = [];
  (doc.edges as unknown[]).push({ id, source: source.id, sourcePort, target: target.id, targetPort });
  return `add edge ${String(source.id)}.${sourcePort} → ${String(target.id)}.${targetPort}`;
};

function paramValues(kind: BlockKind | undefined, name: string, random: FuzzRandom): unknown[] {
  const param = kind ? specOf(kind)!.params.find((p) => p.name === name) : undefined;
  // Mostly values the schema lets through (bounds, options), so the change reaches analysis and the compiler.
  const values: unknown[] = param && random.chance(0.7) ? [] : [...ODD_VALUES];
  if (param) {
    const p = param as { min?: number; max?: number; options?: readonly unknown[] };
    for (const bound of [p.min, p.max]) if (typeof bound === 'number') values.push(bound, bound - 1, bound + 1, bound * 2, bound / 2);
    if (p.options) values.push(...p.options.map((o) => (o && typeof o === 'object' && 'value' in o ? (o as { value: unknown }).value : o)), 'not-an-option');
    if (typeof param.default === 'boolean') values.push(!param.default, 'true', 1);
  }
  return values.length ? values : [...ODD_VALUES];
}

const setParam: Mutation = (doc, random) => {
  const node = randomNode(doc, random);
  if (!node) return 'set a param (no nodes)';
  const kind = kindOf(node);
  const names = kind ? specOf(kind)!.params.map((p) => p.name) : [];
  const name = names.length && random.chance(0.85) ? random.pick(names) : random.pick(['units', 'bogus', 'x'.repeat(70), 'toString', '9lives', ...PROTOTYPE_KEYS]);
  const value = random.pick(paramValues(kind, name, random));
  if (!node.params || typeof node.params !== 'object' || Array.isArray(node.params)) node.params = {};
  setOwn(node.params as object, name, value);
  return `set ${String(node.id)}.${name} = ${describeValue(value)}`;
};

const setParamsType: Mutation = (doc, random) => {
  const node = randomNode(doc, random);
  if (!node) return 'mistype params (no nodes)';
  node.params = random.pick([null, [], 'params', 7, { nested: { deeper: {} } }]);
  return `params of ${String(node.id)} = ${describeValue(node.params)}`;
};

const oddId: Mutation = (doc, random) => {
  const node = randomNode(doc, random);
  if (!node) return 'odd id (no nodes)';
  const to = random.pick(ODD_IDS);
  renameNode(doc, node, to);
  // Half the time a second node gets the id that names the same layer ('a.b' vs 'a_b').
  const partner = randomNode(doc, random);
  if (partner && partner !== node && random.chance(0.5)) renameNode(doc, partner, to.replace(/[^A-Za-z0-9_]/g, '_'));
  return `rename ${String(node.id)} to ${JSON.stringify(to).slice(0, 40)}`;
};

const oddEdgeId: Mutation = (doc, random) => {
  const edges = arrayAt(doc, 'edges');
  if (!edges.length) return 'odd edge id (none)';
  const edge = random.pick(edges);
  edge.id = random.chance(0.3) ? random.pick(edges).id : random.pick(ODD_IDS);
  return `edge id ${JSON.stringify(edge.id).slice(0, 40)}`;
};

const changeKind: Mutation = (doc, random) => {
  const node = randomNode(doc, random);
  if (!node) return 'change a kind (no nodes)';
  node.kind = random.chance(0.8) ? random.pick(BLOCK_KINDS) : random.pick(['quantumLayer', '', '__proto__', 'constructor', 'x'.repeat(65), 7]);
  return `kind of ${String(node.id)} = ${String(node.kind)}`;
};

const groupMutation: Mutation = (doc, random) => {
  const nodes = arrayAt(doc, 'nodes');
  let groups = arrayAt(doc, 'groups');
  if (!groups.length || random.chance(0.3)) {
    // A new group around a random run of nodes.
    const id = random.pick(['g', 'fuzz_group', ...ODD_IDS.slice(0, 6)]);
    const group: Json = { id, label: 'Fuzz', repeat: random.pick([1, 2, 3, 64]), collapsed: false };
    if (!Array.isArray(doc.groups)) doc.groups = [];
    (doc.groups as unknown[]).push(group);
    const start = random.int(nodes.length);
    for (const n of nodes.slice(start, start + random.between(1, 6))) n.group = id;
    groups = arrayAt(doc, 'groups');
  }
  const group = random.pick(groups);
  const what = random.pick(['repeat', 'carry', 'member', 'orphan', 'delete', 'duplicate'] as const);
  if (what === 'repeat') group.repeat = random.pick([0, -1, 1, 1.5, 2, 63, 64, 65, 1e9, NaN, '2', null]);
  else if (what === 'carry') {
    const node = randomNode(doc, random);
    group.carry = random.pick([
      { node: node?.id ?? 'x', port: random.pick([...portsOf(node, 'outputs'), ...portsOf(node, 'inputs'), 'out']) },
      { node: 'nowhere', port: 'out' },
      { node: node?.id ?? 'x', port: '' },
      'carry',
      null,
      {},
    ]);
  } else if (what === 'member') {
    const node = randomNode(doc, random);
    if (node) node.group = group.id;
  } else if (what === 'orphan') {
    const node = randomNode(doc, random);
    if (node) node.group = random.pick(['missing-group', '', 7, null]);
  } else if (what === 'delete') doc.groups = groups.filter((g) => g !== group);
  else (doc.groups as unknown[]).push({ ...group });
  return `group ${String(group.id)}: ${what}`;
};

/** The vector-valued edges (the ones a Dense or a norm can be put on) of a valid-looking doc. */
function vectorEdges(doc: Json): Json[] {
  const byId = new Map(arrayAt(doc, 'nodes').map((n) => [n.id, n]));
  return arrayAt(doc, 'edges').filter((e) => {
    const s = byId.get(e.source);
    return s && !['tokenInput', 'target'].includes(String(s.kind)) && e.targetPort !== 'targets' && e.targetPort !== 'mask';
  });
}

const deepChain: Mutation = (doc, random) => {
  const edges = vectorEdges(doc);
  if (!edges.length) return 'deep chain (no vector edge)';
  const edge = random.pick(edges);
  const length = random.chance(0.03) ? random.pick([1000, 2500, 4990]) : random.logInt(2, 300);
  const kind = random.pick(['layerNorm', 'dropout', 'dense'] as const);
  const params = kind === 'dense' ? { units: 8 } : kind === 'dropout' ? { rate: 0 } : {};
  let previous = { node: edge.source, port: edge.sourcePort };
  const stem = freshId(doc, 'chain');
  const nodes = doc.nodes as unknown[];
  const newEdges = doc.edges as unknown[];
  for (let k = 0; k < length; k++) {
    const id = `${stem}_${k}`;
    nodes.push({ id, kind, params: { ...params }, position: { x: k, y: 0 } });
    newEdges.push({ id: `${id}_in`, source: previous.node, sourcePort: previous.port, target: id, targetPort: 'in' });
    previous = { node: id, port: 'out' };
  }
  edge.source = previous.node;
  edge.sourcePort = previous.port;
  return `chain of ${length} ${kind} blocks on edge ${String(edge.id)}`;
};

const oddText: Mutation = (doc, random) => {
  const node = randomNode(doc, random);
  const text = random.pick(ODD_TEXTS);
  const where = random.pick(['label', 'name', 'description', 'groupLabel'] as const);
  if (where === 'label' && node) node.label = text;
  else if (where === 'groupLabel' && arrayAt(doc, 'groups').length) random.pick(arrayAt(doc, 'groups')).label = text;
  else doc[where === 'description' ? 'description' : 'name'] = text;
  return `${where} = ${JSON.stringify(text.slice(0, 20))}…`;
};

const prototypeKey: Mutation = (doc, random) => {
  const key = random.pick(PROTOTYPE_KEYS);
  const value = random.pick<unknown>([{ polluted: true }, { toString: 'x' }, 1, null, []]);
  const targets: object[] = [doc];
  const node = randomNode(doc, random);
  if (node) targets.push(node, (node.params as object) ?? node);
  if (doc.training && typeof doc.training === 'object') targets.push(doc.training as object);
  const edges = arrayAt(doc, 'edges');
  if (edges.length) targets.push(random.pick(edges));
  setOwn(random.pick(targets), key, value);
  return `own key ${key}`;
};

const trainingMutation: Mutation = (doc, random) => {
  if (!doc.training || typeof doc.training !== 'object' || random.chance(0.05)) {
    doc.training = random.pick([null, 'adam', [], {}]);
    return `training = ${describeValue(doc.training)}`;
  }
  const training = doc.training as Json;
  const key = random.pick(['dataset', 'steps', 'batchSize', 'learningRate', 'optimizer', 'schedule', 'warmupSteps', 'clipNorm', 'seed', 'validationSplit', 'labelSmoothing', 'checkpointMinutes', 'bogus']);
  const value =
    key === 'dataset' && random.chance(0.7)
      ? random.pick(['reverse', 'copy', 'sort', 'addition', 'en-ko', 'moby-dick', 'sentiment', 'sentences-mlm', 'reviews-mlm', 'no-such-data', '../../etc/passwd', ''])
      : random.pick(ODD_VALUES);
  setOwn(training, key, value);
  return `training.${key} = ${describeValue(value)}`;
};

const topLevel: Mutation = (doc, random) => {
  const key = random.pick(['formatVersion', 'nodes', 'edges', 'groups', 'blockVersions', 'name'] as const);
  if (random.chance(0.4)) {
    delete doc[key];
    return `delete ${key}`;
  }
  const value =
    key === 'formatVersion'
      ? random.pick([0, 1, 2, -1, 1.5, '1', null, 99, NaN])
      : key === 'blockVersions'
        ? random.pick([{ dense: 0 }, { dense: 99 }, { dense: -1 }, { nope: 1 }, [], null])
        : random.pick([null, {}, 'x', 7, [null], [7], [[]]]);
  doc[key] = value;
  return `${key} = ${describeValue(value)}`;
};

const freeze: Mutation = (doc, random) => {
  const all = random.chance(0.3);
  for (const n of arrayAt(doc, 'nodes')) if (all || random.chance(0.3)) n.frozen = random.pick([true, true, false, 'yes', 1]);
  return all ? 'freeze every node' : 'freeze some nodes';
};

const position: Mutation = (doc, random) => {
  const node = randomNode(doc, random);
  if (!node) return 'position (no nodes)';
  node.position = random.pick([{ x: NaN, y: 0 }, { x: 1e300, y: -1e300 }, { x: '1', y: 2 }, null, [], { x: 0 }]);
  return `position of ${String(node.id)}`;
};

const MUTATIONS: readonly (readonly [Mutation, number])[] = [
  [deleteNode, 6],
  [deleteEdge, 6],
  [duplicateNode, 4],
  [rewireEdge, 8],
  [addEdge, 4],
  [setParam, 14],
  [setParamsType, 1],
  [oddId, 5],
  [oddEdgeId, 2],
  [changeKind, 3],
  [groupMutation, 6],
  [deepChain, 2],
  [oddText, 3],
  [prototypeKey, 2],
  [trainingMutation, 5],
  [topLevel, 1],
  [freeze, 2],
  [position, 1],
];

/** Applies `count` mutations chosen by weight; returns what each did. */
export function mutateDocument(doc: Json, random: FuzzRandom, count: number): string[] {
  const done: string[] = [];
  for (let k = 0; k < count; k++) done.push(random.weighted(MUTATIONS)(doc, random));
  return done;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…(${value.length})` : value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value).slice(0, 30);
  } catch {
    return String(value);
  }
}

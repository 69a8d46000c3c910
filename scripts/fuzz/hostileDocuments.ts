import { BLOCK_KINDS, specOf, templates } from '../../engine';
import { arrayAt, type Json } from './documentMutations';
import type { FuzzRandom } from './random';

/**
 * Documents written to break the engine in ways single mutations rarely reach: sizes at the format's limits,
 * nesting and key sizes past them, names that collide after layer-name sanitising, groups that cannot repeat,
 * loss heads where they cannot be, and every kind left unconnected. Each returns the document (as a plain
 * object, or as text where the text itself is the hostile part).
 */
export interface HostileDocument {
  name: string;
  /** How often it is drawn relative to the others (1 unless it is slow to build or to refuse). */
  weight?: number;
  build(random: FuzzRandom): { object: unknown } | { text: string };
}

const templateDoc = (random: FuzzRandom): Json => structuredClone(random.pick(templates).build()) as unknown as Json;

function node(id: string, kind: string, params: Record<string, unknown> = {}, group?: string): Json {
  return { id, kind, params, position: { x: 0, y: 0 }, ...(group ? { group } : {}) };
}

function edge(id: string, source: string, sourcePort: string, target: string, targetPort: string): Json {
  return { id, source, sourcePort, target, targetPort };
}

/** tokens → embedding → [body] → dense(vocab) → lmHead, on the reverse dataset (vocab 27, T 8). */
function lmAround(body: { nodes: Json[]; edges: Json[]; first: string; last: string }, groups: Json[] = [], length = 8): Json {
  return {
    formatVersion: 1,
    name: 'hostile',
    nodes: [node('tokens', 'tokenInput', { feed: 'tokens', time: 'T', length }), node('embed', 'embedding', { vocabSize: 27, dModel: 8 }), ...body.nodes, node('logits', 'dense', { units: 27 }), node('next', 'target', { feed: 'targets', time: 'T' }), node('loss', 'lmHead')],
    edges: [
      edge('e_tokens', 'tokens', 'out', 'embed', 'in'),
      edge('e_body_in', 'embed', 'out', body.first, 'in'),
      ...body.edges,
      edge('e_body_out', body.last, 'out', 'logits', 'in'),
      edge('e_logits', 'logits', 'out', 'loss', 'logits'),
      edge('e_next', 'next', 'out', 'loss', 'targets'),
    ],
    groups,
    training: { dataset: 'reverse', steps: 1, batchSize: 1 },
  };
}

function chain(count: number, kind: string, params: Record<string, unknown>, idOf: (k: number) => string, group?: string): { nodes: Json[]; edges: Json[]; first: string; last: string } {
  const nodes = Array.from({ length: count }, (_, k) => node(idOf(k), kind, { ...params }, group));
  const edges = nodes.slice(1).map((n, k) => edge(`c${k}`, String(nodes[k].id), 'out', String(n.id), 'in'));
  return { nodes, edges, first: idOf(0), last: idOf(count - 1) };
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let k = 0; k < depth; k++) value = { inner: value };
  return value;
}

export const HOSTILE_DOCUMENTS: readonly HostileDocument[] = [
  { name: 'empty graph', build: () => ({ object: { formatVersion: 1, nodes: [], edges: [] } }) },
  { name: 'empty object', build: () => ({ object: {} }) },
  { name: 'not an object', build: (r) => ({ object: r.pick([null, 7, 'graph', [], true]) }) },
  { name: 'missing formatVersion', build: (r) => { const d = templateDoc(r); delete d.formatVersion; return { object: d }; } },
  { name: 'a chain at the node limit', weight: 0.25, build: (r) => ({ object: lmAround(chain(r.pick([2000, 4990]), 'layerNorm', {}, (k) => `n${k}`)) }) },
  { name: 'a long chain of dense blocks', weight: 0.25, build: (r) => ({ object: lmAround(chain(r.logInt(50, 800), 'dense', { units: 8 }, (k) => `d${k}`)) }) },
  {
    name: 'a huge group repeated 64 times', weight: 0.25,
    build: (r) => ({ object: lmAround(chain(r.pick([100, 500, 999]), 'layerNorm', {}, (k) => `g${k}`, 'big'), [{ id: 'big', label: 'Big', repeat: 64, collapsed: false }]) }),
  },
  {
    name: 'ids that name the same layer',
    build: (r) => {
      const ids = r.pick([['a.b', 'a_b'], ['enc_ffn:1', 'enc_ffn_1'], ['x-y', 'x_y'], ['_', '-'], ['.n', ':n'], ['n__0', 'n']]);
      return { object: lmAround(chain(2, 'dense', { units: 8 }, (k) => ids[k])) };
    },
  },
  {
    name: 'ids that start with a separator',
    build: (r) => ({ object: lmAround(chain(3, 'layerNorm', {}, (k) => `${r.pick(['_', '-', '.', ':'])}${r.pick(['', '_', '0', 'x'])}${k}`)) }),
  },
  {
    name: 'the loss head and its target inside a repeated group',
    build: (r) => {
      const doc = lmAround(chain(1, 'layerNorm', {}, () => 'norm'), [{ id: 'rep', label: 'Rep', repeat: r.pick([2, 3, 64]), collapsed: false }]);
      for (const n of arrayAt(doc, 'nodes')) if (['loss', 'next', 'logits', 'norm'].includes(String(n.id)) && r.chance(0.8)) n.group = 'rep';
      return { object: doc };
    },
  },
  {
    name: 'a group whose carry points elsewhere',
    build: (r) => {
      const doc = lmAround(chain(2, 'layerNorm', {}, (k) => `m${k}`, 'rep'), [{ id: 'rep', label: 'Rep', repeat: 2, collapsed: false }]);
      const group = arrayAt(doc, 'groups')[0];
      group.carry = r.pick([{ node: 'tokens', port: 'out' }, { node: 'm1', port: 'in' }, { node: 'loss', port: 'logits' }, { node: 'nowhere', port: 'out' }, { node: 'm0', port: 'nope' }, { node: 'embed', port: 'out' }]);
      return { object: doc };
    },
  },
  { name: 'a group with no members', build: () => ({ object: lmAround(chain(1, 'layerNorm', {}, () => 'n'), [{ id: 'empty', label: 'Empty', repeat: 3, collapsed: false }]) }) },
  {
    name: 'every kind, nothing connected',
    build: () => ({ object: { formatVersion: 1, nodes: BLOCK_KINDS.map((k, i) => node(`n${i}`, k)), edges: [] } }),
  },
  {
    name: 'every kind, wired in a line',
    build: (r) => {
      const kinds = [...BLOCK_KINDS].sort(() => r.next() - 0.5);
      const nodes = kinds.map((k, i) => node(`n${i}`, k));
      const edges: Json[] = [];
      for (let i = 1; i < kinds.length; i++) {
        const out = specOf(kinds[i - 1])!.outputs[0]?.name;
        const input = specOf(kinds[i])!.inputs[0]?.name;
        if (out && input) edges.push(edge(`e${i}`, `n${i - 1}`, out, `n${i}`, input));
      }
      return { object: { formatVersion: 1, nodes, edges } };
    },
  },
  { name: 'a cycle', build: () => ({ object: lmAround({ ...chain(3, 'layerNorm', {}, (k) => `c${k}`), edges: [edge('c0', 'c0', 'out', 'c1', 'in'), edge('c1', 'c1', 'out', 'c2', 'in'), edge('back', 'c2', 'out', 'c0', 'in')] }) }) },
  { name: 'a self-loop', build: () => ({ object: lmAround({ nodes: [node('self', 'addNorm')], edges: [edge('loop', 'self', 'out', 'self', 'residual')], first: 'self', last: 'self' }) }) },
  { name: 'nesting past 64 levels', build: (r) => ({ object: { formatVersion: 1, nodes: [], edges: [], extra: nested(r.pick([65, 100, 5000])) } }) },
  { name: 'a 10 MB key', weight: 0.25, build: () => ({ text: `{"formatVersion":1,"nodes":[],"edges":[],"${'k'.repeat(10_000_000)}":1}` }) },
  { name: 'a document over the size limit', weight: 0.25, build: () => ({ text: `{"formatVersion":1,"nodes":[],"edges":[],"description":"${'x'.repeat(21_000_000)}"}` }) },
  { name: 'arrays nested 100,000 deep', weight: 0.25, build: () => ({ text: `{"formatVersion":1,"nodes":${'['.repeat(100_000)}${']'.repeat(100_000)}}` }) },
  { name: 'more edges than allowed', weight: 0.25, build: () => ({ object: { formatVersion: 1, nodes: [node('a', 'dense')], edges: Array.from({ length: 20_001 }, (_, k) => edge(`e${k}`, 'a', 'out', 'a', 'in')) } }) },
  {
    name: 'a one-hot lookup over a huge vocabulary',
    build: (r) => {
      const doc = lmAround(chain(1, 'layerNorm', {}, () => 'n'), [], r.pick([8, 512, 4096]));
      const embed = arrayAt(doc, 'nodes').find((n) => n.id === 'embed')!;
      embed.params = { vocabSize: r.pick([27, 100_000, 1_000_000]), dModel: r.pick([8, 512]), lookup: r.pick(['onehot', 'gather', 'auto']) };
      (doc.training as Json).batchSize = r.pick([1, 64, 4096]);
      return { object: doc };
    },
  },
  {
    name: 'widths at their maximum',
    build: (r) => {
      const doc = lmAround(chain(2, r.pick(['dense', 'feedForward', 'lstm']), { units: 65536, hidden: 65536 }, (k) => `w${k}`));
      return { object: doc };
    },
  },
  {
    name: 'prototype keys everywhere',
    build: (r) => {
      const text = JSON.stringify(templateDoc(r)).replaceAll('"params":{', `"params":{"${r.pick(['__proto__', 'constructor', 'prototype'])}":{"polluted":true},`);
      return { text };
    },
  },
  { name: 'prototype key at the top', build: () => ({ text: '{"formatVersion":1,"nodes":[],"edges":[],"__proto__":{"polluted":true}}' }) },
  { name: 'duplicate JSON keys', build: () => ({ text: '{"formatVersion":1,"formatVersion":2,"nodes":[],"edges":[],"nodes":[{"id":"a","kind":"dense"}]}' }) },
  { name: 'a byte-order mark', build: (r) => ({ text: `\ufeff${JSON.stringify(templateDoc(r))}` }) },
  { name: 'lone surrogates and NULs', build: () => ({ text: '{"formatVersion":1,"name":"\\ud800\\u0000","nodes":[{"id":"a","kind":"dense","label":"\\udfff"}],"edges":[]}' }) },
  { name: 'numbers past float64', build: () => ({ text: '{"formatVersion":1,"nodes":[{"id":"a","kind":"dense","params":{"units":1e400}}],"edges":[]}' }) },
  {
    name: 'a training section at every limit',
    build: (r) => {
      const doc = templateDoc(r);
      doc.training = { dataset: (doc.training as Json).dataset, steps: 10_000_000, batchSize: 4096, learningRate: 100, warmupSteps: 1_000_000, clipNorm: 0, seed: 2 ** 31 - 1, validationSplit: 0.5, labelSmoothing: 0.5, checkpointMinutes: 1440 };
      return { object: doc };
    },
  },
  { name: 'another template’s dataset', build: (r) => { const d = templateDoc(r); (d.training as Json).dataset = r.pick(templates).dataset; return { object: d }; } },
];

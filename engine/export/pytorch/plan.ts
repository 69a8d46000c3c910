/**
 * The graph as a PyTorch program: which modules the model builds (top level and inside each repeated group),
 * the forward statements in the canvas' topological order, the Config fields, the heads, and where every tfjs
 * weight lands in the state_dict. modelPy.ts renders it; weights.ts converts the tensors by it.
 */
import type { HeadTask, InputFeed, TargetFeed } from '../../blocks/buildTypes';
import { specOf, type BlockKind } from '../../blocks/specs';
import { layerName } from '../../compile/compile';
import { expandGroups } from '../../compile/expandGroups';
import { defaultParams } from '../../graph/params';
import { analyzeGraph, errorsOnly, nodeLabel, type GraphAnalysis } from '../../graph/analyze';
import { coded, EngineError, type Problem } from '../../graph/errors';
import type { GraphDoc, GraphEdge, GraphGroup, GraphNode } from '../../graph/schema';
import type { Dim } from '../../graph/shapes';
import { topologicalOrder } from '../../graph/topology';
import { EMITTERS, type EmitContext, type Emission, type PyValue, type WeightTransform } from './blocks';
import { className, NameTable, withoutCommonPrefix } from './naming';
import { SNIPPET_NAMES, withDependencies, type SnippetName } from './snippets';

/** One line of Python inside a method, with the canvas label it came from. */
export interface Line {
  code: string;
  comment?: string;
}

export interface ModuleClass {
  name: string;
  /** The docstring's one line. */
  doc: string;
  init: Line[];
  /** Forward parameters after `self`. */
  args: string[];
  forward: Line[];
  /** What forward returns. */
  returns: string;
}

export interface ConfigField {
  name: string;
  value: number;
  /** The label of the first block that uses it. */
  comment: string;
}

export interface HeadPlan {
  label: string;
  nodeId: string;
  task: HeadTask;
  targetFeed: TargetFeed;
}

/** Where one PyTorch parameter comes from. */
export interface WeightMapping {
  key: string;
  nodeId: string;
  /** The tfjs weight's stable name; absent for a parameter tfjs does not have (zero and untrained). */
  source?: string;
  transform: WeightTransform;
  /** For parameters tfjs does not have: their length. */
  zeros?: number;
}

export interface ModelPlan {
  /** The model class, e.g. `GPTMini`. */
  className: string;
  /** Repeated groups first (they are used by the model), then the model itself. */
  classes: ModuleClass[];
  config: ConfigField[];
  /** The model's forward parameters, in order (feeds the graph reads). */
  feeds: InputFeed[];
  heads: HeadPlan[];
  snippets: SnippetName[];
  weights: WeightMapping[];
  /** Python modules the generated classes call into (`math`, `F`). */
  usesMath: boolean;
  usesFunctional: boolean;
  analysis: GraphAnalysis;
}

const FEED_ORDER: InputFeed[] = ['tokens', 'decoder_tokens', 'segments'];
const PLACEHOLDER = /\u27e6([^|\u27e7]+)\|([^\u27e7]*)\u27e7/g;

/** The problems that keep a graph from being exported (the same the compiler refuses), or none. */
export function exportProblems(doc: GraphDoc): Problem[] {
  const analysis = analyzeGraph(doc);
  const problems = errorsOnly(analysis.problems);
  if (problems.length) return problems;
  problems.push(...expandGroups(doc).problems);
  if (!doc.nodes.some((n) => specOf(n.kind)?.category === 'heads')) {
    problems.push(coded('E_NO_HEAD', 'export.noHead'));
  }
  for (const n of doc.nodes) {
    const group = n.group ? doc.groups.find((g) => g.id === n.group) : undefined;
    if (group && group.repeat > 1 && specOf(n.kind)?.category === 'heads') {
      problems.push({ ...coded('E_GROUP', 'export.headInRepeatedGroup', { block: nodeLabel(n, specOf(n.kind)), group: group.label }), nodeId: n.id });
    }
  }
  return problems;
}

interface Scope {
  attrs: NameTable;
  locals: NameTable;
  init: Line[];
  forward: Line[];
  values: Map<string, PyValue>;
  /** State-dict key prefix of this scope's modules for one copy (`decoder.1.` inside a group). */
  keyPrefix(copy: number): string;
  copies: number;
}

const valueKey = (nodeId: string, port: string) => `${nodeId}\u0000${port}`;

export function planModel(doc: GraphDoc): ModelPlan {
  const problems = exportProblems(doc);
  if (problems.length) throw new EngineError(problems);
  const analysis = analyzeGraph(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const rank = new Map(topologicalOrder(doc).order.map((id, i) => [id, i]));
  const repeated = new Map(doc.groups.filter((g) => g.repeat > 1).map((g) => [g.id, g]));
  const unitOf = (n: GraphNode) => (n.group && repeated.has(n.group) ? `group:${n.group}` : n.id);
  const incoming = (id: string) => doc.edges.filter((e) => e.target === id);
  const outgoing = (id: string, port?: string) => doc.edges.filter((e) => e.source === id && (port === undefined || e.sourcePort === port));
  const hasDecoder = doc.nodes.some((n) => n.kind === 'tokenInput' && n.params.feed === 'decoder_tokens');

  const sizeUses: Array<{ canonical: string; value: number; owner: string; label: string }> = [];
  const weights: WeightMapping[] = [];
  const snippets = new Set<SnippetName>(['safetensors']);
  const heads: HeadPlan[] = [];
  const classNames = new Set<string>(SNIPPET_NAMES);
  const topAttrs = new NameTable();
  const modelClassName = className(doc.name, classNames, 'Model');
  classNames.add(modelClassName);

  function emitNode(node: GraphNode, scope: Scope, attrName: string, owner: string): void {
    const spec = specOf(node.kind)!;
    const label = nodeLabel(node, spec);
    const params = { ...defaultParams(spec), ...node.params };
    const feedsHead = outgoing(node.id, 'out')
      .map((e) => byId.get(e.target)!)
      .find((t) => specOf(t.kind)?.category === 'heads');
    const ctx: EmitContext = {
      params,
      label,
      hasDecoder,
      feedsHead: feedsHead ? HEAD_TASKS[feedsHead.kind as BlockKind] : undefined,
      input(port) {
        const e = incoming(node.id).find((x) => x.targetPort === port);
        return e ? scope.values.get(valueKey(e.source, e.sourcePort)) : undefined;
      },
      need(port) {
        const v = ctx.input(port);
        if (!v) throw new EngineError([{ ...coded('E_MISSING_INPUT', 'export.missingInput', { block: label, port }), nodeId: node.id }]);
        return v;
      },
      size(canonical, value) {
        sizeUses.push({ canonical, value, owner, label });
        return `\u27e6${canonical}|${owner}\u27e7`;
      },
    };
    const emitted: Emission = EMITTERS[node.kind as BlockKind](ctx);
    emitted.snippets?.forEach((s) => snippets.add(s));
    if (emitted.passThrough) {
      for (const port of spec.outputs) scope.values.set(valueKey(node.id, port.name), emitted.passThrough);
      return;
    }
    if (emitted.head) {
      heads.push({ label, nodeId: node.id, task: emitted.head.task, targetFeed: emitted.head.targetFeed });
      headValues.push(emitted.head.logits.name);
      return;
    }
    if (emitted.module) scope.init.push({ code: `self.${attrName} = ${emitted.module}`, comment: label });
    for (let copy = 0; copy < scope.copies; copy++) {
      const prefix = `${scope.keyPrefix(copy)}${attrName}.`;
      for (const w of emitted.weights ?? []) {
        weights.push({ key: prefix + w.key, nodeId: node.id, source: `${layerName(node.id, copy, w.part)}/${w.own}`, transform: w.transform });
      }
      for (const z of emitted.zeros ?? []) weights.push({ key: prefix + z.key, nodeId: node.id, transform: 'copy', zeros: z.length });
    }
    const outputs = emitted.outputs ?? [];
    const used = outputs.map((o) => outgoing(node.id, o.port).length > 0);
    if (!emitted.call || !used.some(Boolean)) return;
    const names = outputs.map((o, i) => (used[i] ? scope.locals.claim(o.port === 'out' ? attrName : `${attrName}_${o.port}`) : '_'));
    outputs.forEach((o, i) => {
      if (used[i]) scope.values.set(valueKey(node.id, o.port), { name: names[i], width: o.width });
    });
    const call = emitted.call.replace(/\$m/g, `self.${attrName}`);
    const out = analysis.nodes[node.id]?.outputs[outputs[0].port];
    const shape = out ? `: ${shapeText(out.shape)}` : '';
    scope.forward.push({ code: `${names.join(', ')} = ${call}`, comment: `${label}${shape}` });
  }

  const headValues: string[] = [];
  const groupClasses: ModuleClass[] = [];

  function emitGroup(group: GraphGroup, scope: Scope): void {
    const members = doc.nodes.filter((n) => n.group === group.id).sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
    const memberIds = new Set(members.map((n) => n.id));
    const entry = doc.edges.filter((e) => memberIds.has(e.target) && !memberIds.has(e.source));
    const exit = doc.edges.filter((e) => memberIds.has(e.source) && !memberIds.has(e.target));
    const carry = carriedSource(group, entry, exit, analysis);
    const attr = topAttrs.claim(group.id);
    const cls = className(group.label, classNames, 'Block');
    classNames.add(cls);

    const inner: Scope = {
      attrs: new NameTable(),
      locals: new NameTable(),
      init: [],
      forward: [],
      values: new Map(),
      keyPrefix: (copy) => `${attr}.${copy}.`,
      copies: group.repeat,
    };
    // Inside the block the carried input is `x`; other inputs keep their outer names (shared by every copy).
    const args = ['x'];
    const outerArgs: string[] = [];
    for (const e of entry) {
      const key = valueKey(e.source, e.sourcePort);
      if (inner.values.has(key)) continue;
      const outer = scope.values.get(key)!;
      if (key === carry) inner.values.set(key, { ...outer, name: 'x' });
      else {
        inner.values.set(key, outer);
        args.push(outer.name);
        outerArgs.push(outer.name);
        inner.locals.claim(outer.name);
      }
    }
    const shortNames = withoutCommonPrefix(members.map((m) => m.id));
    for (const m of members) emitNode(m, inner, inner.attrs.claim(shortNames.get(m.id)!), m.id);
    const [exitNode, exitPort] = [exit[0].source, exit[0].sourcePort];
    const exitValue = inner.values.get(valueKey(exitNode, exitPort))!;
    groupClasses.push({
      name: cls,
      doc: `${group.label}, repeated ×${group.repeat}: ${members.map((m) => nodeLabel(m, specOf(m.kind))).join(' → ')}.`,
      init: inner.init,
      args,
      forward: inner.forward,
      returns: exitValue.name,
    });

    const layers = `\u27e6n_layers|${attr}\u27e7`;
    sizeUses.push({ canonical: 'n_layers', value: group.repeat, owner: attr, label: group.label });
    scope.init.push({ code: `self.${attr} = nn.ModuleList(${cls}(c) for _ in range(${layers}))`, comment: `${group.label} ×${group.repeat}` });
    const outName = scope.locals.claim(attr);
    scope.forward.push({ code: `${outName} = ${scope.values.get(carry)!.name}` });
    scope.forward.push({ code: `for layer in self.${attr}:`, comment: `${group.label} ×${group.repeat}` });
    scope.forward.push({ code: `    ${outName} = layer(${[outName, ...outerArgs].join(', ')})` });
    scope.values.set(valueKey(exitNode, exitPort), { ...exitValue, name: outName });
  }

  const top: Scope = { attrs: topAttrs, locals: new NameTable(), init: [], forward: [], values: new Map(), keyPrefix: () => '', copies: 1 };
  for (const unit of unitOrder(doc, unitOf, rank)) {
    if (unit.startsWith('group:')) emitGroup(repeated.get(unit.slice(6))!, top);
    else {
      const node = byId.get(unit)!;
      const needsAttr = node.kind !== 'tokenInput' && node.kind !== 'target' && specOf(node.kind)?.category !== 'heads';
      emitNode(node, top, needsAttr ? top.attrs.claim(node.id) : node.id, node.id);
    }
  }

  const feeds = FEED_ORDER.filter((f) => doc.nodes.some((n) => n.kind === 'tokenInput' && n.params.feed === f));
  const modelClass: ModuleClass = {
    name: modelClassName,
    doc: `${doc.name}${doc.description ? `: ${doc.description}` : ''}`,
    init: top.init,
    args: feeds,
    forward: top.forward,
    returns: headValues.length === 1 ? headValues[0] : `${headValues.join(', ')}`,
  };

  // Sizes used with one value everywhere share one field; a name with several values gets one field per block.
  const valuesOf = new Map<string, Set<number>>();
  for (const u of sizeUses) valuesOf.set(u.canonical, (valuesOf.get(u.canonical) ?? new Set()).add(u.value));
  const fieldOf = (canonical: string, owner: string) => (valuesOf.get(canonical)!.size === 1 ? canonical : `${owner}_${canonical}`.replace(/[^A-Za-z0-9_]/g, '_'));
  const config: ConfigField[] = [];
  for (const u of sizeUses) {
    const name = fieldOf(u.canonical, u.owner);
    if (!config.some((f) => f.name === name)) config.push({ name, value: u.value, comment: u.label });
  }
  const resolve = (code: string) => code.replace(PLACEHOLDER, (_, canonical: string, owner: string) => `c.${fieldOf(canonical, owner)}`);
  const classes = [...groupClasses, modelClass].map((c) => ({
    ...c,
    init: c.init.map((l) => ({ ...l, code: resolve(l.code) })),
    forward: c.forward.map((l) => ({ ...l, code: resolve(l.code) })),
  }));
  const allCode = classes.flatMap((c) => [...c.init, ...c.forward].map((l) => l.code)).join('\n');

  return {
    className: modelClassName,
    classes,
    config,
    feeds,
    heads,
    snippets: withDependencies(snippets),
    weights,
    usesMath: /\bmath\./.test(allCode),
    usesFunctional: /\bF\./.test(allCode),
    analysis,
  };
}

const HEAD_TASKS: Partial<Record<BlockKind, HeadTask>> = {
  lmHead: 'lm',
  maskedLmHead: 'masked-lm',
  seq2seqHead: 'seq2seq',
  classifierHead: 'classification',
};

/** `(B, T, 128)`. */
export function shapeText(shape: readonly Dim[]): string {
  return `(${shape.join(', ')})`;
}

/**
 * Top-level units (a node, or a whole repeated group) in topological order, ties broken by the canvas' order of
 * the units' first members, so the forward reads in the order the compiler builds the layers.
 */
function unitOrder(doc: GraphDoc, unitOf: (n: GraphNode) => string, rank: Map<string, number>): string[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const units: string[] = [];
  const first = new Map<string, number>();
  for (const n of doc.nodes) {
    const u = unitOf(n);
    if (!first.has(u)) units.push(u);
    first.set(u, Math.min(first.get(u) ?? Infinity, rank.get(n.id)!));
  }
  const edges: GraphEdge[] = doc.edges
    .map((e) => ({ ...e, source: unitOf(byId.get(e.source)!), target: unitOf(byId.get(e.target)!) }))
    .filter((e) => e.source !== e.target);
  const nodes = units.sort((a, b) => first.get(a)! - first.get(b)!).map((id) => ({ id }) as GraphNode);
  return topologicalOrder({ nodes, edges }).order;
}

/** The entry a repeated group's copies chain through, as expandGroups decides it. */
function carriedSource(group: GraphGroup, entry: GraphEdge[], exit: GraphEdge[], analysis: GraphAnalysis): string {
  if (group.carry) return valueKey(group.carry.node, group.carry.port);
  const exitType = analysis.edges[exit[0].id];
  const same = (e: GraphEdge) => {
    const t = analysis.edges[e.id];
    return t && exitType && t.dtype === exitType.dtype && t.shape.length === exitType.shape.length && t.shape.every((d, i) => d === exitType.shape[i]);
  };
  const keys = [...new Set(entry.filter(same).map((e) => valueKey(e.source, e.sourcePort)))];
  return keys[0];
}


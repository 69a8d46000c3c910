/**
 * For every block kind in the registry: the shapes `inferShapes` promises are the shapes the built tfjs
 * graph produces, symbolically and when run on data, and `cost()` counts exactly the weights it builds,
 * over several seeded random parameter sets. Kinds added later are covered automatically through a
 * default input fixture derived from their port kinds; a kind that needs particular inputs gets an entry
 * in FIXTURES.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builders } from '../../../engine/blocks/builders';
import type { BuildContext, BuildValue, HeadRegistration, HeadTask, InputFeed, InspectionRegistration, TargetRef } from '../../../engine/blocks/buildTypes';
import { isTargetRef } from '../../../engine/blocks/buildTypes';
import { BLOCK_KINDS, specs, type BlockKind } from '../../../engine/blocks/specs';
import type { BlockSpec, ParamSpec, Params, PortSpec } from '../../../engine/blocks/types';
import { createRng, type Rng } from '../../../engine/data/rng';
import { BlockError } from '../../../engine/graph/errors';
import { defaultParams } from '../../../engine/graph/params';
import { labels, seq, tokens, vec, type Dim, type TensorType } from '../../../engine/graph/shapes';

const SIZES: Record<string, number> = { T: 5, T_src: 6, T_tgt: 4 };
const BATCH = 2;
const WIDTH = 8;
const PARAM_SETS = 4;
const ATTEMPTS = 40;

type Fixture = Record<string, TensorType>;

/** Inputs for kinds whose ports need more than the default (optional ports, two time axes, unequal widths). */
const FIXTURES: Partial<Record<BlockKind, Fixture[]>> = {
  multiHeadAttention: [
    { query: seq('T', WIDTH) },
    { query: seq('T', WIDTH), keyTokens: tokens('T') },
    { query: seq('T_tgt', WIDTH), memory: seq('T_src', 12), keyTokens: tokens('T_src') },
  ],
  attention: [
    { query: seq('T_tgt', WIDTH), keys: seq('T_src', WIDTH) },
    { query: seq('T_tgt', 6), keys: seq('T_src', WIDTH), values: seq('T_src', 10), keyTokens: tokens('T_src') },
  ],
  scaledDotProductAttention: [
    { query: seq('T', WIDTH), key: seq('T', WIDTH), value: seq('T', WIDTH) },
    { query: seq('T_tgt', WIDTH), key: seq('T_src', WIDTH), value: seq('T_src', 6), keyTokens: tokens('T_src') },
  ],
  concat: [
    { a: seq('T', WIDTH), b: seq('T', 3) },
    { a: vec(WIDTH), b: vec(5) },
  ],
  addNorm: [
    { residual: seq('T', WIDTH), sublayer: seq('T', WIDTH) },
    { residual: vec(WIDTH), sublayer: vec(WIDTH) },
  ],
  layerNorm: [{ in: seq('T', WIDTH) }, { in: vec(WIDTH) }],
  dropout: [{ in: seq('T', WIDTH) }, { in: vec(WIDTH) }],
};

function defaultFixture(spec: BlockSpec): Fixture {
  const fixture: Fixture = {};
  for (const port of spec.inputs) {
    if (port.optional) continue;
    fixture[port.name] = typeForPort(port);
  }
  return fixture;
}

function typeForPort(port: PortSpec): TensorType {
  switch (port.kind) {
    case 'tokens':
      return tokens('T');
    case 'labels':
      return labels();
    case 'sequence':
      return seq('T', WIDTH);
    case 'vector':
    case 'state':
      return vec(WIDTH);
  }
}

/** Small random values within each param's range, so every model stays tiny. */
function randomParams(spec: BlockSpec, rng: Rng): Params {
  const params: Params = {};
  for (const p of spec.params) params[p.name] = randomValue(p, rng);
  return params;
}

function randomValue(p: ParamSpec, rng: Rng): number | string | boolean {
  switch (p.type) {
    case 'int': {
      const hi = Math.min(p.max, p.min + 11);
      return p.min + rng.int(hi - p.min + 1);
    }
    case 'float':
      return p.min + rng.next() * (Math.min(p.max, p.min + 0.5) - p.min);
    case 'enum':
      return p.options[rng.int(p.options.length)];
    case 'bool':
      return rng.next() < 0.5;
  }
}

const resolve = (shape: readonly Dim[], batch: number | null): (number | null)[] =>
  shape.map((d) => (d === 'B' ? batch : typeof d === 'number' ? d : SIZES[d]));

let layerCounter = 0;

interface Built {
  outputs: Record<string, BuildValue>;
  modelInputs: tf.SymbolicTensor[];
  heads: Omit<HeadRegistration, 'nodeId'>[];
  inspections: InspectionRegistration[];
}

function buildBlock(kind: BlockKind, params: Params, fixture: Fixture, outputTypes: Record<string, TensorType>): Built {
  const spec = specs[kind] as BlockSpec;
  const modelInputs: tf.SymbolicTensor[] = [];
  const feeds = new Map<string, InputFeed>();
  const inputs: Record<string, BuildValue> = {};
  for (const [port, type] of Object.entries(fixture)) {
    if (type.dtype === 'int32' && spec.category === 'heads') {
      const ref: TargetRef = { kind: 'target', feed: type.shape.length === 1 ? 'labels' : 'targets', type };
      inputs[port] = ref;
      continue;
    }
    const t = tf.input({ shape: resolve(type.shape.slice(1), null) as number[], dtype: type.dtype, name: `in_${++layerCounter}` });
    if (type.dtype === 'int32') feeds.set(t.name, 'tokens');
    modelInputs.push(t);
    inputs[port] = t;
  }
  const heads: Built['heads'] = [];
  const inspections: InspectionRegistration[] = [];
  const id = `n${++layerCounter}`;
  const createdFeeds = new Map<InputFeed, tf.SymbolicTensor>();
  const ctx: BuildContext = {
    nodeId: id,
    label: `${spec.label} (${id})`,
    copy: 0,
    name: (part) => `${id}__0__${part}`,
    sizes: SIZES,
    backend: tf.getBackend(),
    seed: (part) => (part.length * 7919 + layerCounter) % 2147483647,
    inputTypes: { ...fixture, ...outputTypes },
    input(feed, type) {
      const existing = createdFeeds.get(feed);
      if (existing) return existing;
      const t = tf.input({ shape: [SIZES[String(type.shape[1])]], dtype: 'int32', name: `${feed}_${++layerCounter}` });
      createdFeeds.set(feed, t);
      feeds.set(t.name, feed);
      modelInputs.push(t);
      return t;
    },
    feedOf: (t) => feeds.get(t.name),
    addHead: (head) => heads.push(head),
    inspect: ({ part, ...rest }) => inspections.push({ ...rest, nodeId: id, copy: 0, name: ctx.name(part) }),
  };
  return { outputs: builders[kind](params, inputs, ctx), modelInputs, heads, inspections };
}

/** Random data for each model input: zeros for ids (valid for every vocabulary), normal noise for vectors. */
function feedData(inputs: tf.SymbolicTensor[]): tf.Tensor[] {
  return inputs.map((t) => {
    const shape = [BATCH, ...t.shape.slice(1)] as number[];
    return t.dtype === 'int32' ? tf.zeros(shape, 'int32') : tf.randomNormal(shape, 0, 1, 'float32', 7);
  });
}

interface Case {
  fixture: Fixture;
  params: Params;
  outputs: Record<string, TensorType>;
}

/** Param sets for which inferShapes accepts the fixture: the defaults, then seeded random ones. */
function validCases(kind: BlockKind, fixture: Fixture, seed: number): { cases: Case[]; lastError?: unknown } {
  const spec = specs[kind] as BlockSpec;
  const rng = createRng(seed);
  const cases: Case[] = [];
  let lastError: unknown;
  const candidates = [defaultParams(spec), ...Array.from({ length: ATTEMPTS }, () => randomParams(spec, rng))];
  for (const params of candidates) {
    if (cases.length >= PARAM_SETS) break;
    const ctx = { sizes: SIZES, label: kind };
    try {
      spec.validateParams?.(params, ctx);
      cases.push({ fixture, params, outputs: spec.inferShapes(fixture, params, ctx) });
    } catch (err) {
      if (!(err instanceof BlockError)) throw err;
      lastError = err;
    }
  }
  return { cases, lastError };
}

describe('inferShapes matches the built layers, for every registered kind', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const kinds = Object.keys(specs) as BlockKind[];
  it('covers the whole registry: every spec has a builder and every builder a spec', () => {
    expect(new Set(Object.keys(builders))).toEqual(new Set(kinds));
    expect(kinds).toEqual(BLOCK_KINDS);
  });

  for (const kind of kinds) {
    it(`${kind}`, () => {
      const spec = specs[kind] as BlockSpec;
      const fixtures = FIXTURES[kind] ?? [defaultFixture(spec)];
      fixtures.forEach((fixture, fixtureIndex) => {
        const { cases, lastError } = validCases(kind, fixture, 1000 + fixtureIndex);
        if (!cases.length) {
          throw new Error(
            `${kind}: no parameter set fits input fixture ${JSON.stringify(fixture)} (last error: ${(lastError as Error)?.message}). ` +
              `Add an entry for “${kind}” to FIXTURES in tests/unit/blocks/inferShapes.test.ts.`,
          );
        }
        for (const c of cases) checkCase(kind, c);
      });
    });
  }

  it('checked every output port of every kind against the built tensor, and every head against its inputs', () => {
    for (const kind of kinds) {
      const spec = specs[kind] as BlockSpec;
      const expected = spec.category === 'heads' ? [HEAD_CHECK] : spec.outputs.map((port) => port.name);
      expect([...(checkedPorts.get(kind) ?? [])].sort(), kind).toEqual([...expected].sort());
    }
  });
});

/** What checkCase compared, per kind: output port names (or HEAD_CHECK for a loss head), filled as the tests run. */
const checkedPorts = new Map<BlockKind, Set<string>>();
const HEAD_CHECK = '(head registration)';
function markChecked(kind: BlockKind, port: string): void {
  const set = checkedPorts.get(kind) ?? new Set<string>();
  set.add(port);
  checkedPorts.set(kind, set);
}

const HEAD_TASKS: Record<string, HeadTask> = { lmHead: 'lm', maskedLmHead: 'masked-lm', seq2seqHead: 'seq2seq', classifierHead: 'classification' };

function checkCase(kind: BlockKind, c: Case): void {
  const spec = specs[kind] as BlockSpec;
  const where = `${kind} with params ${JSON.stringify(c.params)} and inputs ${JSON.stringify(c.fixture)}`;
  const built = buildBlock(kind, c.params, c.fixture, c.outputs);

  if (spec.category === 'heads') {
    // A head has no outputs: it hands the trainer its logits and the answers, as inferShapes accepted them.
    expect(built.heads.length, `${where} registers one head`).toBe(1);
    const [head] = built.heads;
    expect(head.task, `${where}: head task`).toBe(HEAD_TASKS[kind]);
    expect(head.logits.shape, `${where}: head logits`).toEqual(resolve(c.fixture.logits.shape, null));
    expect(head.target.type, `${where}: head targets`).toEqual(c.fixture.targets);
    markChecked(kind, HEAD_CHECK);
    return;
  }
  const symbolicOutputs: tf.SymbolicTensor[] = [];
  const outputPorts: string[] = [];
  const expectedShapes: (number | null)[][] = [];
  for (const port of spec.outputs) {
    const inferred = c.outputs[port.name];
    const value = built.outputs[port.name];
    expect(inferred, `${where}: inferShapes gives “${port.name}”`).toBeDefined();
    expect(value, `${where}: the builder gives “${port.name}”`).toBeDefined();
    if (isTargetRef(value)) {
      expect(value.type, `${where}: target type on “${port.name}”`).toEqual(inferred);
      markChecked(kind, port.name);
      continue;
    }
    expect(value.shape, `${where}: symbolic shape of “${port.name}”`).toEqual(resolve(inferred.shape, null));
    expect(value.dtype, `${where}: dtype of “${port.name}”`).toBe(inferred.dtype);
    // A model input passed straight through (Token Input) has the shape it was declared with: nothing to run.
    if (built.modelInputs.includes(value)) markChecked(kind, port.name);
    else {
      symbolicOutputs.push(value);
      outputPorts.push(port.name);
      expectedShapes.push(resolve(inferred.shape, BATCH));
    }
  }
  for (const entry of built.inspections) {
    expect(entry.tensor.shape.length, `${where}: inspection tensor rank`).toBe(entry.kind === 'attention' ? 4 : 3);
  }
  if (!symbolicOutputs.length) return;

  const model = tf.model({ inputs: built.modelInputs, outputs: symbolicOutputs });
  expect(model.countParams(), `${where}: cost().parameters equals the built weights`).toBe(spec.cost(c.fixture, c.outputs, c.params).parameters);
  const data = feedData(built.modelInputs);
  const result = model.predict(data) as tf.Tensor | tf.Tensor[];
  const results = Array.isArray(result) ? result : [result];
  expect(results.length, `${where}: outputs computed`).toBe(outputPorts.length);
  results.forEach((r, i) => {
    expect(r.shape, `${where}: computed shape of “${outputPorts[i]}”`).toEqual(expectedShapes[i]);
    expect(r.dtype, `${where}: computed dtype of “${outputPorts[i]}”`).toBe(c.outputs[outputPorts[i]].dtype);
    markChecked(kind, outputPorts[i]);
  });
  tf.dispose([...data, ...results]);
  model.dispose();
}
